/**
 * The arithmetic of collectives over their participants' buffers, listed in group-rank order. Reductions
 * run in one fixed order — ascending group rank, ((x0 ∘ x1) ∘ x2) ∘ … — with one rounding to the
 * tensor's dtype per step (float16 computes each step in float32 and rounds it to float16), so integer,
 * max and min results are exact and float sums are deterministic; hardware (NCCL's ring or tree, HCCL's
 * mesh) may add in another order and differ in the last bits.
 * @module
 */
import { ArgumentValueError } from '../errors/index.js';
import { ELEMENTWISE } from './elementwise/ops.js';
import { sizeOf } from './shape.js';
import type { KTensor, KernelOptions } from './tensor.js';

/** MindSpore's ReduceOp values. */
export type ReduceOpName = 'sum' | 'max' | 'min' | 'prod';

/** The elementwise kernel of each reduction. */
const REDUCER: Readonly<Record<ReduceOpName, string>> = Object.freeze({ sum: 'Add', max: 'Maximum', min: 'Minimum', prod: 'Mul' });

/** A reduction over every participant, left as every participant's (AllReduce) or split among them (ReduceScatter). */
export interface ReduceCollectiveAttrs {
  /** Which collective. */
  readonly kind: 'AllReduce' | 'ReduceScatter';
  /** The reduction. */
  readonly op: ReduceOpName;
}

/** The root's tensors to every participant. */
export interface BroadcastAttrs {
  /** Broadcast. */
  readonly kind: 'Broadcast';
  /** The root's place among the participants. */
  readonly root: number;
}

/** Blocks exchanged between every pair. */
export interface AlltoAllAttrs {
  /** AlltoAll. */
  readonly kind: 'AlltoAll';
  /** Blocks per input (the participants). */
  readonly splitCount: number;
  /** The axis the input is split on. */
  readonly splitDim: number;
  /** The axis the received blocks are joined on. */
  readonly concatDim: number;
}

/**
 * Collectives with no shared attributes: AllGather; Send (to its Receive); Exchange (NeighborExchange,
 * AllSwap: each participant's {@link CollectivePart.route} says what goes where).
 */
export interface PlainCollectiveAttrs {
  /** Which collective. */
  readonly kind: 'AllGather' | 'Send' | 'Exchange';
}

/** Elements of one of a participant's tensors, sent to or received from another participant. */
export interface RouteEntry {
  /** The other participant's place. */
  readonly peer: number;
  /** Which input (sends) or output (receives) of this participant. */
  readonly tensor: number;
  /** The first element. */
  readonly offset: number;
  /** How many elements. */
  readonly length: number;
}

/** What an Exchange participant sends and receives; a receive from i takes i's next send to it. */
export interface Route {
  /** What it sends, in order. */
  readonly sends: readonly RouteEntry[];
  /** What it receives, in order. */
  readonly recvs: readonly RouteEntry[];
}

/** What a collective computes. */
export type CollectiveAttrs = ReduceCollectiveAttrs | BroadcastAttrs | AlltoAllAttrs | PlainCollectiveAttrs;

/** One participant's buffers. */
export interface CollectivePart {
  /** What it contributes (Broadcast: its tuple; Send: the sender's tensor, the receiver has none). */
  readonly inputs: readonly KTensor[];
  /** Where its results go (Send: the receiver's tensor). */
  readonly outputs: readonly KTensor[];
  /** Exchange: what it sends and receives. */
  readonly route?: Route;
}

/**
 * Whether Exchange routes agree (every receive of j from i has i's matching send to j, of the same
 * length, and nothing is sent that is not received); the first disagreement in words, else null.
 */
export function routeMismatch(routes: readonly Route[]): string | null {
  for (let j = 0; j < routes.length; j++) {
    for (let i = 0; i < routes.length; i++) {
      const sent = routes[i]!.sends.filter((s) => s.peer === j).map((s) => s.length);
      const received = routes[j]!.recvs.filter((r) => r.peer === i).map((r) => r.length);
      if (sent.join() !== received.join()) return `participant ${i} sends [${sent.join(', ')}] elements to ${j}, which receives [${received.join(', ')}] from it`;
    }
  }
  return null;
}

/** The reduction of every participant's input `k`, in group-rank order; and whether it overflowed. */
function reduceAll(parts: readonly CollectivePart[], op: ReduceOpName, options: KernelOptions, k = 0): { value: KTensor; overflow: boolean } {
  const kernel = ELEMENTWISE[REDUCER[op]]!;
  let acc = parts[0]!.inputs[k]!;
  let overflow = false;
  for (let i = 1; i < parts.length; i++) {
    const r = kernel.compute([acc, parts[i]!.inputs[k]!], {}, options);
    acc = r.outputs[0]!;
    if (r.overflow) overflow = true;
  }
  return { value: acc, overflow };
}

/** Row-major strides of a shape. */
function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1]! * shape[d + 1]!;
  return s;
}

/**
 * Copies block `index` of `count` equal blocks of `src` along `dim` into `dst` as its block `at` along
 * `dstDim` (blocks of the same shape).
 */
function copyBlock(src: KTensor, dim: number, count: number, index: number, dst: KTensor, dstDim: number, at: number): void {
  const block = src.shape.map((d, k) => (k === dim ? d / count : d));
  const ss = strides(src.shape);
  const ds = strides(dst.shape);
  const n = sizeOf(block);
  const coords = new Array<number>(block.length).fill(0);
  const srcData = src.data as unknown as ArrayLike<number> & { [i: number]: number | bigint };
  const dstData = dst.data as unknown as { [i: number]: number | bigint };
  for (let e = 0; e < n; e++) {
    let si = 0;
    let di = 0;
    for (let k = 0; k < block.length; k++) {
      const c = coords[k]!;
      si += (k === dim ? c + index * block[k]! : c) * ss[k]!;
      di += (k === dstDim ? c + at * block[k]! : c) * ds[k]!;
    }
    dstData[di] = srcData[si]!;
    for (let k = block.length - 1; k >= 0; k--) {
      if (++coords[k]! < block[k]!) break;
      coords[k] = 0;
    }
  }
}

/**
 * Computes a collective: reads every participant's inputs, writes every participant's outputs.
 * Returns, per participant, whether its result overflowed (reductions; with `detectOverflow`).
 *
 * @throws {@link ArgumentValueError} when the parts do not fit the collective (a bug of the caller).
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * const f32 = kernels.DTYPES.float32;
 * const parts = [1, 2, 3].map((v) => ({ inputs: [kernels.ktensor(f32, [2], new Float32Array([v, -v]))], outputs: [kernels.ktensor(f32, [2])] }));
 * kernels.runCollective({ kind: 'AllReduce', op: 'sum' }, parts);
 * console.log(parts[2]!.outputs[0]!.data); // Float32Array(2) [ 6, -6 ]
 * ```
 */
export function runCollective(attrs: CollectiveAttrs, parts: readonly CollectivePart[], options: KernelOptions = {}): boolean[] {
  const p = parts.length;
  const flags = new Array<boolean>(p).fill(false);
  if (p === 0) throw new ArgumentValueError(`runCollective: ${attrs.kind} needs at least one participant`);
  switch (attrs.kind) {
    case 'AllReduce': {
      // a fused AllReduce (data parallel's gradient buckets) reduces each of its tensors on its own
      let overflow = false;
      for (let k = 0; k < parts[0]!.inputs.length; k++) {
        const r = reduceAll(parts, attrs.op, options, k);
        for (const part of parts) (part.outputs[k]!.data as Float32Array).set(r.value.data as Float32Array);
        overflow ||= r.overflow;
      }
      return flags.fill(overflow);
    }
    case 'ReduceScatter': {
      const { value, overflow } = reduceAll(parts, attrs.op, options);
      const block = value.data.length / p;
      parts.forEach((part, i) => (part.outputs[0]!.data as Float32Array).set((value.data as Float32Array).subarray(i * block, (i + 1) * block)));
      return flags.fill(overflow);
    }
    case 'AllGather': {
      const block = parts[0]!.inputs[0]!.data.length;
      for (const part of parts) parts.forEach((src, i) => (part.outputs[0]!.data as Float32Array).set(src.inputs[0]!.data as Float32Array, i * block));
      return flags;
    }
    case 'Broadcast': {
      const root = parts[attrs.root];
      if (!root) throw new ArgumentValueError(`runCollective: Broadcast root ${attrs.root} is not one of the ${p} participants`);
      for (const part of parts) root.inputs.forEach((t, k) => (part.outputs[k]!.data as Float32Array).set(t.data as Float32Array));
      return flags;
    }
    case 'AlltoAll': {
      const { splitCount, splitDim, concatDim } = attrs;
      parts.forEach((dst, j) => parts.forEach((src, i) => copyBlock(src.inputs[0]!, splitDim, splitCount, j, dst.outputs[0]!, concatDim, i)));
      return flags;
    }
    case 'Exchange': {
      const taken = parts.map(() => new Map<number, number>()); // per sender: receiver -> sends consumed
      parts.forEach((dst) => {
        const j = parts.indexOf(dst);
        for (const r of dst.route!.recvs) {
          const src = parts[r.peer]!;
          const k = taken[r.peer]!.get(j) ?? 0;
          taken[r.peer]!.set(j, k + 1);
          const s = src.route!.sends.filter((e) => e.peer === j)[k]!;
          const from = src.inputs[s.tensor]!.data as Float32Array;
          (dst.outputs[r.tensor]!.data as Float32Array).set(from.subarray(s.offset, s.offset + s.length), r.offset);
        }
      });
      return flags;
    }
    case 'Send': {
      const [from, to] = parts;
      (to!.outputs[0]!.data as Float32Array).set(from!.inputs[0]!.data as Float32Array);
      const kept = from!.outputs[0]; // the sender's output: its own value
      if (kept) (kept.data as Float32Array).set(from!.inputs[0]!.data as Float32Array);
      return flags;
    }
  }
}
