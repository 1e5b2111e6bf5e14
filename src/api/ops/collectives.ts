/**
 * MindSpore r1.5's collective primitives: AllReduce, AllGather, ReduceScatter, Broadcast, AlltoAll,
 * Send and Receive, with r1.5's attributes, shape rules, dtypes and messages. Each records a node that
 * runs on its device's communication stream and meets the other ranks' calls in the cluster's hub.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, DTypeError, MindsimError, NotImplementedYetError, ShapeError } from '../../errors/index.js';
import { formatShape, resolveDType, sizeOf, type CollectiveAttrs, type DType, type DTypeLike } from '../../kernels/index.js';
import { HCCL_WORLD_COMM_GROUP, worldGroupOf, type CommState } from '../comm/state.js';
import { currentContext } from '../execution-context.js';
import { record } from '../graph/executor.js';
import { pythonType } from '../python-type.js';
import { Tensor } from '../tensor.js';
import { checkOptions } from './attr-checks.js';
import { primitive, type Primitive } from './primitive.js';

/** MindSpore's `ReduceOp`: the reductions of AllReduce and ReduceScatter. */
export const ReduceOp = Object.freeze({
  /** Sum. */
  SUM: 'sum',
  /** Maximum. */
  MAX: 'max',
  /** Minimum. */
  MIN: 'min',
  /** Product. */
  PROD: 'prod',
} as const);
/** One of {@link ReduceOp}'s values. */
export type ReduceOpValue = (typeof ReduceOp)[keyof typeof ReduceOp];

/** Python's `type(x).__name__` (`int`, `str`, `NoneType`). */
const typeName = (v: unknown) => /'([^']+)'/.exec(pythonType(v))![1]!.replace(/^.*\./, '');

/** The dtypes r1.5's inference accepts for collectives, and each library's kernels. */
const INFERRED: readonly string[] = ['int8', 'int32', 'float16', 'float32'];
const KERNELS: Readonly<Record<string, readonly string[]>> = Object.freeze({ nccl: ['float32', 'float16', 'int32'], hccl: ['int8', 'int16', 'int32', 'float16', 'float32'], mccl: ['float32', 'float16', 'int32'] });

function checkStr(prim: string, what: string, v: unknown): string {
  if (typeof v !== 'string') throw new ArgumentTypeError(`For '${prim}', the '${what}' should be str, but got ${typeName(v)}.`);
  return v;
}

function checkOp(prim: string, op: unknown): ReduceOpValue {
  const s = checkStr(prim, 'op', op);
  if (!(Object.values(ReduceOp) as string[]).includes(s)) throw new ArgumentValueError(`For '${prim}', the 'op' must be one of 'sum', 'max', 'min', 'prod', but got '${s}'.`);
  return s as ReduceOpValue;
}

/** The context's communication state, inited. */
function comm(prim: string): CommState & { backend: 'hccl' | 'nccl' | 'mccl' } {
  const c = currentContext().comm;
  if (!c?.inited || !c.backend) throw new MindsimError(`For '${prim}', distributed communication has not been inited: call communication.init() first (Distributed Communication has not been inited)`, 'RuntimeError');
  return c as CommState & { backend: 'hccl' | 'nccl' | 'mccl' };
}

/** The group's name and members, for this rank (a group other than the world must have been created by it). */
function members(prim: string, c: CommState, group: string): { name: string; ranks: readonly number[] } {
  const name = worldGroupOf(c, group);
  const ranks = name === c.hub.worldGroup ? c.hub.group(name) : c.created.get(name);
  if (!ranks) throw new MindsimError(`For '${prim}', the group '${group}' has not been created on rank ${c.rank}: call communication.createGroup first`, 'RuntimeError');
  return { name, ranks };
}

function checkInput(prim: string, c: CommState & { backend: 'hccl' | 'nccl' | 'mccl' }, x: unknown, name = 'x'): Tensor {
  if (!(x instanceof Tensor)) throw new ArgumentTypeError(`For '${prim}', the '${name}' should be a Tensor, but got ${typeName(x)}.`);
  if (!INFERRED.includes(x.dtype.name)) {
    throw new DTypeError(
      `For '${prim}', the type of '${name}' should be one of Tensor[Int8], Tensor[Int32], Tensor[Float16], Tensor[Float32], but got Tensor[${x.dtype.msName}] . The supported data types depend on the hardware that executes the operator, please refer the official api document to get more information about the data type.`,
    );
  }
  if (!KERNELS[c.backend]!.includes(x.dtype.name)) {
    const device = currentContext().currentDevice().name;
    throw new DTypeError(`For '${prim}', ${c.backend.toUpperCase()} on ${device} has no ${x.dtype.msName} kernel (it takes ${KERNELS[c.backend]!.map((n) => resolveDType(n).msName).join(', ')})`);
  }
  return x;
}

/** Graph-only collectives refuse PYNATIVE_MODE, as r1.5's eager calls raise NotImplementedError. */
function graphOnly(prim: string): void {
  if (currentContext().getContext('mode') === 'PYNATIVE_MODE') throw new NotImplementedYetError(`${prim} is not supported in PYNATIVE_MODE (MindSpore r1.5 runs it in GRAPH_MODE only)`);
}

/** On Ascend in PYNATIVE_MODE, AllReduce and Broadcast take the world group only. */
function pynativeWorldOnly(prim: string, c: CommState, group: string): void {
  if (c.backend === 'hccl' && currentContext().getContext('mode') === 'PYNATIVE_MODE' && worldGroupOf(c, group) !== c.hub.worldGroup) {
    throw new MindsimError(`For '${prim}', only hccl_world_group is supported in Pynative mode, but got 'group': ${group}.`, 'RuntimeError');
  }
}

const sig = (t: Tensor) => `${t.dtype.msName} ${formatShape(t.shape)}`;

/** Records a collective node: its outputs' signatures, what it computes, the bytes the cost model moves. */
function collective(prim: string, c: CommState, inputs: Tensor[], outputs: { shape: number[]; dtype: DType }[], attrs: CollectiveAttrs, group: string, signature: string, bytes: number, peer?: { rank: number; tag: number }): Tensor[] {
  return record(prim, inputs, {
    kernel: null,
    attrs: { ...attrs, group }, // what the gradient rules read
    action: 'collective',
    outputs,
    collective: { hub: c.hub, rank: c.rank, call: { op: prim, attrs, group, signature, bytes, ...(peer ? { peer } : {}) } },
  });
}

/** Options of AllReduce and ReduceScatter. */
export interface ReduceCollectiveOptions {
  /** The reduction (default `ReduceOp.SUM`). */
  readonly op?: ReduceOpValue;
  /** The group (default the world group). */
  readonly group?: string;
}

/**
 * AllReduce({ op = 'sum', group })(x): every rank gets the reduction of all ranks' x (same shape and
 * dtype). Sums run in ascending rank order, one rounding per addition.
 *
 * @throws {@link ArgumentTypeError} "For 'AllReduce', the 'op' should be str, but got {type}." (and for
 *   `group`); {@link DTypeError} for a dtype r1.5 or the library does not take.
 * @example
 * ```ts
 * import { Tensor, communication, launch, ops } from 'mindsim';
 * const { results } = await launch(async ({ rank }) => {
 *   communication.init();
 *   return String(await ops.AllReduce({ op: ops.ReduceOp.MAX })(new Tensor([rank, -rank], 'int32')).asnumpyAsync());
 * }, { cluster: 'atlas800-910' });
 * console.log(results[3]); // [7 0]
 * ```
 */
export const AllReduce = (given?: ReduceCollectiveOptions) => {
  const options = checkOptions(given, 'AllReduce');
  const op = checkOp('AllReduce', options.op === undefined ? ReduceOp.SUM : options.op);
  const group = checkStr('AllReduce', 'group', options.group === undefined ? HCCL_WORLD_COMM_GROUP : options.group);
  return primitive('AllReduce', (x: Tensor) => {
    const c = comm('AllReduce');
    checkInput('AllReduce', c, x);
    pynativeWorldOnly('AllReduce', c, group);
    const g = members('AllReduce', c, group);
    return collective('AllReduce', c, [x], [{ shape: [...x.shape], dtype: x.dtype }], { kind: 'AllReduce', op }, g.name, `AllReduce(op='${op}') ${sig(x)}`, x.size * x.dtype.itemsize)[0]!;
  }, { args: 'input_x:any' });
};

/**
 * @internal a fused AllReduce: one collective over several tensors (data parallel's gradient buckets,
 * r1.5's AllReduces sharing a `fusion` id), each reduced on its own; `fusion` is recorded as an attribute
 */
export function fusedAllReduce(tensors: readonly Tensor[], options: { op?: ReduceOpValue; group?: string; fusion: number }): Tensor[] {
  const op = options.op ?? ReduceOp.SUM;
  const group = options.group ?? HCCL_WORLD_COMM_GROUP;
  if (tensors.length === 1) return [AllReduce({ op, group })(tensors[0]!)];
  const c = comm('AllReduce');
  tensors.forEach((x, i) => checkInput('AllReduce', c, x, `x[${i}]`));
  pynativeWorldOnly('AllReduce', c, group);
  const g = members('AllReduce', c, group);
  const outs = tensors.map((x) => ({ shape: [...x.shape], dtype: x.dtype }));
  const bytes = tensors.reduce((b, x) => b + x.size * x.dtype.itemsize, 0);
  const signature = `AllReduce(op='${op}', fusion=${options.fusion}) (${tensors.map(sig).join(', ')})`;
  return collective('AllReduce', c, [...tensors], outs, { kind: 'AllReduce', op }, g.name, signature, bytes);
}

/**
 * AllGather({ group })(x): the ranks' x concatenated on axis 0 in group-rank order (shape
 * `[N·x0, x1, ...]`). GRAPH_MODE only, as in r1.5.
 *
 * @throws {@link MindsimError} (RuntimeError) "Distributed Communication has not been inited" when
 *   made before `init()` (r1.5 reads the rank and group size then); {@link ArgumentValueError} for a
 *   0-d input; {@link NotImplementedYetError} in PYNATIVE_MODE.
 * @example
 * ```ts
 * import { Tensor, communication, launch, ops } from 'mindsim';
 * const { results } = await launch(async ({ rank }) => {
 *   communication.init();
 *   return String(await ops.AllGather()(new Tensor([[rank, rank]], 'float32')).asnumpyAsync());
 * }, { cluster: 'dgx-a100' });
 * console.log(results[0]!.split('\n')[7]); //  [7. 7.]]
 * ```
 */
export const AllGather = (given?: { group?: string }) => {
  const options = checkOptions(given, 'AllGather');
  const group = checkStr('AllGather', 'group', options.group === undefined ? HCCL_WORLD_COMM_GROUP : options.group);
  const c0 = comm('AllGather');
  members('AllGather', c0, group);
  return primitive('AllGather', (x: Tensor) => {
    const c = comm('AllGather');
    checkInput('AllGather', c, x);
    graphOnly('AllGather');
    if (x.shape.length === 0) throw new ArgumentValueError("`x shape` in `AllGather` should be an int and must > 0, but got `0` with type `int`.");
    const g = members('AllGather', c, group);
    const n = g.ranks.length;
    const shape = [x.shape[0]! * n, ...x.shape.slice(1)];
    return collective('AllGather', c, [x], [{ shape, dtype: x.dtype }], { kind: 'AllGather' }, g.name, `AllGather ${sig(x)}`, n * x.size * x.dtype.itemsize)[0]!;
  }, { args: 'input_x:any' });
};

/**
 * ReduceScatter({ op = 'sum', group })(x): the reduction of all ranks' x, split on axis 0 into N
 * blocks; rank r gets block r (shape `[x0/N, ...]`). GRAPH_MODE only, as in r1.5.
 *
 * @throws {@link ShapeError} "For 'ReduceScatter', the first dimension of 'x_shape' should be divided by
 *   'rank_size', ..."; as {@link AllGather} otherwise.
 * @example
 * ```ts
 * import { Tensor, communication, launch, ops } from 'mindsim';
 * const { results } = await launch(async ({ rank }) => {
 *   communication.init();
 *   const x = new Tensor(Array.from({ length: 8 }, (_, i) => i * (rank + 1)), 'float32');
 *   return String(await ops.ReduceScatter()(x).asnumpyAsync());
 * }, { cluster: 'dgx-a100' });
 * console.log(results[2]); // [72.] — element 2 of the sum: 2 · (1 + 2 + ... + 8)
 * ```
 */
export const ReduceScatter = (given?: ReduceCollectiveOptions) => {
  const options = checkOptions(given, 'ReduceScatter');
  const op = checkOp('ReduceScatter', options.op === undefined ? ReduceOp.SUM : options.op);
  const group = checkStr('ReduceScatter', 'group', options.group === undefined ? HCCL_WORLD_COMM_GROUP : options.group);
  members('ReduceScatter', comm('ReduceScatter'), group);
  return primitive('ReduceScatter', (x: Tensor) => {
    const c = comm('ReduceScatter');
    checkInput('ReduceScatter', c, x);
    graphOnly('ReduceScatter');
    const g = members('ReduceScatter', c, group);
    const n = g.ranks.length;
    const d0 = x.shape[0] ?? 1;
    if (x.shape.length === 0 || d0 % n !== 0) {
      throw new ShapeError(`For 'ReduceScatter', the first dimension of 'x_shape' should be divided by 'rank_size', but got 'x_shape[0]': ${x.shape.length === 0 ? 0 : d0}, 'rank_size': ${n}.`);
    }
    return collective('ReduceScatter', c, [x], [{ shape: [d0 / n, ...x.shape.slice(1)], dtype: x.dtype }], { kind: 'ReduceScatter', op }, g.name, `ReduceScatter(op='${op}') ${sig(x)}`, x.size * x.dtype.itemsize)[0]!;
  }, { args: 'input_x:any' });
};

/**
 * Broadcast(rootRank, { group })(tensors): every rank gets the root's tensors (the input is a tuple,
 * here an array; so is the output).
 *
 * @throws {@link ArgumentTypeError} "For 'Broadcast', the type of `root_rank` should be int, ..." and
 *   "For 'Broadcast', the 'input_x' should be a tuple, but got {type}!".
 * @example
 * ```ts
 * import { Tensor, communication, launch, ops } from 'mindsim';
 * const { results } = await launch(async ({ rank }) => {
 *   communication.init();
 *   const [y] = ops.Broadcast(2)([new Tensor([rank * 10], 'float32')]);
 *   return String(await y!.asnumpyAsync());
 * }, { cluster: 'atlas800t-a2' });
 * console.log(results.join(' ')); // [20.] [20.] [20.] [20.] [20.] [20.] [20.] [20.]
 * ```
 */
export const Broadcast = (rootRank: number, given?: { group?: string }) => {
  const options = checkOptions(given, 'Broadcast');
  if (typeof rootRank !== 'number' || !Number.isInteger(rootRank)) {
    throw new ArgumentTypeError(`For 'Broadcast', the type of \`root_rank\` should be int, but got ${String(rootRank)} with type ${typeName(rootRank)}.`);
  }
  const group = checkStr('Broadcast', 'group', options.group === undefined ? HCCL_WORLD_COMM_GROUP : options.group);
  return primitive('Broadcast', (inputs: Tensor[]) => {
    if (!Array.isArray(inputs)) throw new ArgumentTypeError(`For 'Broadcast', the 'input_x' should be a tuple, but got ${typeName(inputs)}!`);
    const c = comm('Broadcast');
    inputs.forEach((x, i) => checkInput('Broadcast', c, x, `input_x[${i}]`));
    pynativeWorldOnly('Broadcast', c, group);
    const g = members('Broadcast', c, group);
    if (rootRank < 0 || rootRank >= g.ranks.length) throw new ArgumentValueError(`For 'Broadcast', 'root_rank' ${rootRank} is not a rank of group '${group}' (0..${g.ranks.length - 1})`);
    const outs = inputs.map((x) => ({ shape: [...x.shape], dtype: x.dtype }));
    const bytes = inputs.reduce((b, x) => b + x.size * x.dtype.itemsize, 0);
    return collective('Broadcast', c, inputs, outs, { kind: 'Broadcast', root: rootRank }, g.name, `Broadcast(root_rank=${rootRank}) (${inputs.map(sig).join(', ')})`, bytes);
  }, { args: 'input_x:any' });
};

/**
 * AlltoAll(splitCount, splitDim, concatDim, { group })(x): x is split into `splitCount` blocks on
 * `splitDim`; block i goes to rank i; the blocks received are concatenated on `concatDim` in rank order.
 * GRAPH_MODE only.
 *
 * @throws {@link ArgumentValueError} "For 'AlltoAll', the 'split_count' must be equal to 'rank_size', ..."
 *   and "... must be divisible by 'rank_size', ..." (r1.5's texts).
 * @example
 * ```ts
 * import { Tensor, communication, launch, ops } from 'mindsim';
 * const { results } = await launch(async ({ rank }) => {
 *   communication.init();
 *   const x = new Tensor([0, 1, 2, 3, 4, 5, 6, 7].map((i) => rank * 10 + i), 'int32');
 *   return String(await ops.AlltoAll(8, 0, 0)(x).asnumpyAsync());
 * }, { cluster: 'atlas800t-a2' });
 * console.log(results[1]); // [ 1 11 21 31 41 51 61 71]
 * ```
 */
export const AlltoAll = (splitCount: number, splitDim: number, concatDim: number, given?: { group?: string }) => {
  const options = checkOptions(given, 'AlltoAll');
  for (const [name, v] of [['split_count', splitCount], ['split_dim', splitDim], ['concat_dim', concatDim]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new ArgumentTypeError(`For 'AlltoAll', the '${name}' should be int, but got ${typeName(v)}.`);
  }
  const group = checkStr('AlltoAll', 'group', options.group === undefined ? HCCL_WORLD_COMM_GROUP : options.group);
  return primitive('AlltoAll', (x: Tensor) => {
    const c = comm('AlltoAll');
    checkInput('AlltoAll', c, x);
    graphOnly('AlltoAll');
    const g = members('AlltoAll', c, group);
    const n = g.ranks.length;
    const rank = x.shape.length;
    const norm = (d: number, what: string) => {
      if (d < -rank || d >= rank) throw new ArgumentValueError(`For 'AlltoAll', '${what}' ${d} is out of range for a ${rank}-d input`);
      return d < 0 ? d + rank : d;
    };
    const sd = norm(splitDim, 'split_dim');
    const cd = norm(concatDim, 'concat_dim');
    if (splitCount !== n) throw new ArgumentValueError(`For 'AlltoAll', the 'split_count' must be equal to 'rank_size', but got 'split_count': ${splitCount}, 'rank_size': ${n}.`);
    if (x.shape[sd]! % splitCount !== 0) throw new ArgumentValueError(`For 'AlltoAll', the 'split_count' must be divisible by 'rank_size', but got 'split_count' ${splitCount}, 'rank_size' ${x.shape[sd]}.`);
    const shape = x.shape.map((d, k) => (k === sd ? d / splitCount : d)).map((d, k) => (k === cd ? d * splitCount : d));
    return collective('AlltoAll', c, [x], [{ shape, dtype: x.dtype }], { kind: 'AlltoAll', splitCount, splitDim: sd, concatDim: cd }, g.name, `AlltoAll(split_count=${splitCount}, split_dim=${sd}, concat_dim=${cd}) ${sig(x)}`, x.size * x.dtype.itemsize)[0]!;
  }, { args: 'input_x:any' });
};

function peerRank(prim: string, what: string, c: CommState, group: string, r: unknown): number {
  if (typeof r !== 'number' || !Number.isInteger(r)) throw new ArgumentTypeError(`For '${prim}', the '${what}' should be int, but got ${typeName(r)}.`);
  const g = members(prim, c, group);
  const world = g.ranks[r];
  if (world === undefined) throw new ArgumentValueError(`For '${prim}', '${what}' ${r} is not a rank of group '${group}' (0..${g.ranks.length - 1})`);
  return world;
}

/**
 * Send(srTag, destRank, { group })(x): sends x to `destRank`'s Receive of the same tag; returns x's
 * value once sent (r1.5's Send has x's shape and dtype).
 *
 * @example
 * ```ts
 * import { Tensor, communication, launch, ops } from 'mindsim';
 * const { results } = await launch(async ({ rank }) => {
 *   communication.init();
 *   if (rank === 0) ops.Send(7, 1)(new Tensor([42], 'float32'));
 *   if (rank === 1) return String(await ops.Receive(7, 0, [1], 'float32')().asnumpyAsync());
 *   return '-';
 * }, { cluster: 'dgx-a100' });
 * console.log(results[1]); // [42.]
 * ```
 */
export const Send = (srTag: number, destRank: number, given?: { group?: string }) => {
  const options = checkOptions(given, 'Send');
  const group = checkStr('Send', 'group', options.group === undefined ? HCCL_WORLD_COMM_GROUP : options.group);
  return primitive('Send', (x: Tensor) => {
    const c = comm('Send');
    checkInput('Send', c, x);
    const to = peerRank('Send', 'dest_rank', c, group, destRank);
    const name = members('Send', c, group).name;
    return collective('Send', c, [x], [{ shape: [...x.shape], dtype: x.dtype }], { kind: 'Send' }, name, `${sig(x)}`, x.size * x.dtype.itemsize, { rank: to, tag: srTag })[0]!;
  }, { args: 'input_x:any' });
};

/**
 * Receive(srTag, srcRank, shape, dtype, { group })(): receives what `srcRank` sends with the same tag.
 *
 * @throws {@link DTypeError} for a dtype other than float16, float32, int32, int8 or uint8 (r1.5).
 * @example
 * ```ts
 * import { Tensor, communication, launch, ops } from 'mindsim';
 * const { results } = await launch(async ({ rank }) => {
 *   communication.init();
 *   if (rank === 2) ops.Send(0, 3)(new Tensor([[1, 2]], 'int32'));
 *   return rank === 3 ? String(await ops.Receive(0, 2, [1, 2], 'int32')().asnumpyAsync()) : '';
 * }, { cluster: 'atlas800-910' });
 * console.log(results[3]); // [[1 2]]
 * ```
 */
export const Receive = (srTag: number, srcRank: number, shape: readonly number[], dtype: DTypeLike, given?: { group?: string }) => {
  const options = checkOptions(given, 'Receive');
  const group = checkStr('Receive', 'group', options.group === undefined ? HCCL_WORLD_COMM_GROUP : options.group);
  const dt = resolveDType(dtype, 'Receive');
  if (!['float16', 'float32', 'int32', 'int8', 'uint8'].includes(dt.name)) throw new DTypeError(`For 'Receive', the 'dtype' should be one of Float16, Float32, Int32, Int8, UInt8, but got ${dt.msName}.`);
  const dims = [...shape];
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new ArgumentValueError(`For 'Receive', 'shape' must be non-negative integers, but got ${formatShape(dims)}`);
  return primitive('Receive', () => {
    const c = comm('Receive');
    const from = peerRank('Receive', 'src_rank', c, group, srcRank);
    const name = members('Receive', c, group).name;
    const bytes = sizeOf(dims) * dt.itemsize;
    return collective('Receive', c, [], [{ shape: dims, dtype: dt }], { kind: 'Send' }, name, `${dt.msName} ${formatShape(dims)}`, bytes, { rank: from, tag: srTag })[0]!;
  }, { args: '' });
};

/**
 * NeighborExchange(sendRankIds, recvRankIds, recvShapes, sendShapes, recvType, { group })(tensors):
 * sends `tensors[k]` (of `sendShapes[k]`) to group rank `sendRankIds[k]` and returns what arrives from
 * each of `recvRankIds` (of `recvShapes`, dtype `recvType`), every message at once. Ranks that call it
 * together meet (all of the group's ranks call it); their sends and receives must agree. GRAPH_MODE only.
 *
 * @throws {@link ArgumentTypeError} for lists or shapes of the wrong type; {@link ArgumentValueError}
 *   when the inputs differ from `sendShapes`; {@link CollectiveMismatchError} (at run time) when the
 *   ranks' sends and receives disagree.
 * @example
 * ```ts
 * import { Tensor, communication, launch, ops } from 'mindsim';
 * const { results } = await launch(async ({ rank, size }) => {
 *   communication.init();
 *   // a ring: send to the next rank, receive from the previous one
 *   const exchange = ops.NeighborExchange([(rank + 1) % size], [(rank + size - 1) % size], [[1]], [[1]], 'float32');
 *   const [got] = exchange([new Tensor([rank * 10], 'float32')]);
 *   return String(await got!.asnumpyAsync());
 * }, { cluster: 'atlas800t-a2' });
 * console.log(results.join(' ')); // [70.] [0.] [10.] [20.] [30.] [40.] [50.] [60.]
 * ```
 */
export const NeighborExchange = (sendRankIds: readonly number[], recvRankIds: readonly number[], recvShapes: readonly (readonly number[])[], sendShapes: readonly (readonly number[])[], recvType: DTypeLike, given?: { group?: string }) => {
  const options = checkOptions(given, 'NeighborExchange');
  const lists: [string, unknown][] = [['send_rank_ids', sendRankIds], ['recv_rank_ids', recvRankIds], ['recv_shapes', recvShapes], ['send_shapes', sendShapes]];
  for (const [name, v] of lists) if (!Array.isArray(v)) throw new ArgumentTypeError(`For 'NeighborExchange', the '${name}' should be a list, but got ${typeName(v)}.`);
  if (recvShapes.length !== recvRankIds.length || sendShapes.length !== sendRankIds.length) {
    throw new ArgumentValueError(`For 'NeighborExchange', 'recv_shapes' (${recvShapes.length}) and 'send_shapes' (${sendShapes.length}) must have one shape per rank id (${recvRankIds.length}, ${sendRankIds.length})`);
  }
  const dt = resolveDType(recvType, 'NeighborExchange');
  const group = checkStr('NeighborExchange', 'group', options.group === undefined ? HCCL_WORLD_COMM_GROUP : options.group);
  return primitive('NeighborExchange', (inputs: Tensor[]) => {
    if (!Array.isArray(inputs)) throw new ArgumentTypeError(`For 'NeighborExchange', the 'input_x' should be a tuple, but got ${typeName(inputs)}!`);
    const c = comm('NeighborExchange');
    graphOnly('NeighborExchange');
    inputs.forEach((x, i) => checkInput('NeighborExchange', c, x, `input_x[${i}]`));
    if (inputs.length !== sendShapes.length || inputs.some((x, i) => formatShape(x.shape) !== formatShape(sendShapes[i]!))) {
      throw new ArgumentValueError(`For 'NeighborExchange', the inputs' shapes ${inputs.map((x) => formatShape(x.shape)).join(', ') || '()'} differ from 'send_shapes' ${sendShapes.map((s) => formatShape(s)).join(', ') || '()'}`);
    }
    const g = members('NeighborExchange', c, group);
    for (const r of [...sendRankIds, ...recvRankIds]) peerRank('NeighborExchange', 'rank id', c, group, r);
    const route = {
      sends: sendRankIds.map((peer, k) => ({ peer, tensor: k, offset: 0, length: sizeOf(sendShapes[k]!) })),
      recvs: recvRankIds.map((peer, k) => ({ peer, tensor: k, offset: 0, length: sizeOf(recvShapes[k]!) })),
    };
    const outs = recvShapes.map((s) => ({ shape: [...s], dtype: dt }));
    return record('NeighborExchange', inputs, {
      kernel: null,
      attrs: { kind: 'Exchange', group: g.name },
      action: 'collective',
      outputs: outs,
      collective: { hub: c.hub, rank: c.rank, call: { op: 'NeighborExchange', attrs: { kind: 'Exchange' }, group: g.name, signature: 'NeighborExchange', bytes: 0, route, itemsize: dt.itemsize } },
    });
  }, { args: 'input_x:any' });
};

/** The collective primitives by name (for the completeness test and docs). */
export const COLLECTIVES: readonly string[] = Object.freeze(['AllReduce', 'AllGather', 'ReduceScatter', 'Broadcast', 'AlltoAll', 'NeighborExchange', 'Send', 'Receive']);

export type { Primitive };
