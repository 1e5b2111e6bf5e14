/**
 * Semi-automatic parallel as r1.5 compiles it, run op by op on each rank (shared spec:
 * distributed.md, section 5). A shardable primitive called under SEMI_AUTO_PARALLEL or AUTO_PARALLEL
 * checks its strategy (its own, or r1.5's batch strategy: input 0 split on dimension 0 over every
 * device), derives the device matrix and each input's layout, brings each input to that layout
 * (redistribution; a Parameter is sliced once, through `initData(layout)` when lazy or cut from its
 * data, and gets a mirror whose gradient is an AllReduce over its replicas), runs the op on the local
 * blocks, and completes a partial result (a split reduce dimension: AllReduce over that axis; a mean:
 * then divided). The output's layout is kept with its data. Ops without a strategy rule gather their
 * inputs whole. Gradient rules run on the local blocks (partial sums over the replicas of a tensor);
 * the loss's sensitivity is divided by its replicas when `lossRepeatedMean` is on.
 * @module
 */
import { MindsimError } from '../../errors/index.js';
import { DTYPES, ELEMENTWISE, formatShape, type KernelDef } from '../../kernels/index.js';
import { getGroupSize, getRank } from '../comm/communication.js';
import { currentContext, type ExecutionContext } from '../execution-context.js';
import { record } from '../graph/executor.js';
import { tapeRecord, taping } from '../graph/tape.js';
import { NDArray } from '../numpy/index.js';
import { AllReduce } from '../ops/collectives.js';
import { pyTuple, type Primitive, type Strategy } from '../ops/primitive.js';
import { Parameter } from '../parameter.js';
import { Tensor } from '../tensor.js';
import { axisGroup, parameterLayout, replicaAxes, replicas, replicatedLayout, splits, type DistLayout } from './dist-layout.js';
import { chunk, sliceIndex } from './layout.js';
import { commGroup, redistribute } from './redistribute.js';

/** How a shardable primitive is planned. */
export type ShardKind = 'elementwise' | 'bias-add' | 'matmul' | 'reduce' | 'whole' | 'same';

/** Whether the current context plans this call (semi/auto parallel, outside the planner and backward passes). */
export function planning(ctx: ExecutionContext): boolean {
  return ctx.autoParallel.semiOrAuto && ctx.semi.internal === 0 && ctx.semi.backprop === 0;
}

/** r1.5's failure for a strategy an operator cannot take; the detail follows `trace:`. */
const initFailed = (prim: string, detail: string) => new MindsimError(`Failure:operator ${prim} init failed trace: ${detail}`, 'RuntimeError');

/** A tensor's layout on this rank (whole on every rank when none was recorded). */
export function layoutOf(ctx: ExecutionContext, t: Tensor, world: number): DistLayout {
  return ctx.semi.layouts.get(t.data_) ?? replicatedLayout(world, t.shape);
}

/** Checks one input's strategy as r1.5's operator info does. */
function checkInputStrategy(prim: string, s: readonly number[], full: readonly number[], index: number): void {
  if (s.length !== full.length) throw initFailed(prim, `the strategy of input ${index} ${pyTuple([s])} must have one entry per dimension of ${formatShape(full)}`);
  s.forEach((v, d) => {
    if (!Number.isInteger(v) || v < 1 || (v & (v - 1)) !== 0) throw initFailed(prim, `the strategy of input ${index} ${pyTuple([s])}: each entry must be a power of 2, but got ${v}`);
    if (full[d]! % v !== 0) throw initFailed(prim, `the strategy of input ${index} ${pyTuple([s])}: ${v} does not divide dimension ${d} of ${formatShape(full)}`);
  });
}

/** The device matrix of a strategy over the world: the strategy's axes, and the repeat axis appended on the right. */
function deviceMatrix(prim: string, axes: readonly number[], world: number, strategy: Strategy): number[] {
  const product = axes.reduce((a, b) => a * b, 1);
  if (world % product !== 0) throw initFailed(prim, `the strategy ${pyTuple(strategy)} uses ${product} devices, which does not divide the stage's ${world}`);
  return world / product > 1 ? [...axes, world / product] : [...axes];
}

/** The tensor map entry of device axis `a` of `devMat` when it splits (size > 1), else -1. */
const entry = (devMat: readonly number[], a: number): number => (devMat[a]! > 1 ? devMat.length - 1 - a : -1);

/** A Parameter's layout the first time an op needs it: it is sliced (initialised or cut) to that layout. */
function placeParameter(ctx: ExecutionContext, p: Parameter, required: DistLayout, rank: number): DistLayout {
  const known = ctx.semi.layouts.get(p.data_);
  if (known) return known;
  if (p.hasInit) p.initData(parameterLayout(required), true);
  else if (splits(required).some((s) => s > 1)) {
    const block = chunk(p.materialised(), required.fullShape, splits(required), sliceIndex(required.devMat, required.tensorMap, rank));
    p.setData(new Tensor(new NDArray(block.data, block.shape, p.dtype)), true); // r1.5's _load_tensor_by_layout
  }
  ctx.semi.layouts.set(p.data_, required);
  return required;
}

/** The input as the op needs it on this rank: a Parameter placed (and mirrored), then redistributed. */
function prepare(ctx: ExecutionContext, t: Tensor, required: DistLayout, world: number, rank: number): Tensor {
  let value = t;
  let from: DistLayout;
  if (t instanceof Parameter) {
    from = placeParameter(ctx, t, required, rank);
    const group = replicaAxes(from).length > 0 ? axisGroup(from.devMat, replicaAxes(from), rank) : [];
    if (group.length > 1 && taping()) {
      // r1.5's _MirrorOperator: the identity forward; backward, an AllReduce over the replicas
      value = t.alias([]);
      tapeRecord({ name: '_MirrorOperator', inputs: [t], outputs: [value], attrs: { group: commGroup(group), size: group.length, mean: ctx.autoParallel.get('gradientsMean') } });
    }
  } else {
    from = layoutOf(ctx, t, world);
  }
  return redistribute(value, from, required, world, rank);
}

/** The output's layout, kept with its data. */
function keep(ctx: ExecutionContext, t: Tensor, layout: DistLayout): Tensor {
  ctx.semi.layouts.set(t.data_, layout);
  return t;
}

/** Plans a call of a shardable primitive; `call` runs the op itself on the local blocks. */
export function plannedCall(prim: Primitive<never[], unknown>, kind: ShardKind, args: unknown[], call: (...args: unknown[]) => Tensor, attrs: Record<string, unknown> = {}): Tensor {
  const ctx = currentContext();
  const name = prim.primitiveName;
  if (ctx.getContext('mode') === 'PYNATIVE_MODE') {
    throw new MindsimError(`For '${name}', ${ctx.autoParallel.parallelMode} runs in GRAPH_MODE (MindSpore r1.5 compiles the sharding into the graph)`, 'RuntimeError');
  }
  const world = getGroupSize();
  const rank = getRank();
  ctx.semi.internal++;
  try {
    switch (kind) {
      case 'matmul':
        return matmul(ctx, prim, args as [Tensor, Tensor], call, attrs, world, rank);
      case 'reduce':
        return reduce(ctx, prim, args as [Tensor, number | readonly number[] | undefined], call, attrs, world, rank);
      case 'whole': {
        // no strategy rule: every input whole on every rank (a list of tensors too, as AddN takes)
        const whole = (a: unknown): unknown =>
          a instanceof Tensor ? prepare(ctx, a, replicatedLayout(world, layoutOf(ctx, a, world).fullShape), world, rank) : Array.isArray(a) ? a.map(whole) : a;
        return call(...args.map(whole));
      }
      case 'same': {
        // a Cast: the output lies as the input does (a Parameter is placed whole if nothing placed it yet)
        const x = args[0] as Tensor;
        const layout = x instanceof Parameter ? ctx.semi.layouts.get(x.data_) ?? replicatedLayout(world, x.shape) : layoutOf(ctx, x, world);
        return keep(ctx, call(prepare(ctx, x, layout, world, rank), ...args.slice(1)), layout);
      }
      default:
        return elementwise(ctx, prim, kind, args, call, world, rank);
    }
  } finally {
    ctx.semi.internal--;
  }
}

/** Elementwise ops (numpy broadcasting, inputs aligned on the right) and BiasAdd (the bias on dimension 1). */
function elementwise(ctx: ExecutionContext, prim: Primitive<never[], unknown>, kind: ShardKind, args: unknown[], call: (...a: unknown[]) => Tensor, world: number, rank: number): Tensor {
  const name = prim.primitiveName;
  const tensors = args.map((a) => (a instanceof Tensor ? a : null));
  const fulls = tensors.map((t) => (t ? [...layoutOf(ctx, t, world).fullShape] : []));
  const rank0 = Math.max(...fulls.map((f) => f.length));
  const outDim = (i: number, d: number) => (kind === 'bias-add' && i === 1 ? 1 : rank0 - fulls[i]!.length + d);
  const given = prim.strategy;
  const tensorCount = tensors.filter((t) => t !== null).length;
  // a strategy may leave out the scalar inputs (numbers), as r1.5's constants are not operator inputs
  const expanded = given && given.length === tensorCount && tensorCount !== args.length ? (() => {
    let k = 0;
    return tensors.map((t) => (t ? given[k++]! : []));
  })() : given;
  const strategy: Strategy = expanded ?? fulls.map((f, i) => f.map((size, d) => (outDim(i, d) === 0 && size !== 1 && size % world === 0 ? world : 1)));
  if (strategy.length !== args.length) throw initFailed(name, `the strategy ${pyTuple(strategy)} needs one tuple per input (${args.length})`);
  strategy.forEach((s, i) => checkInputStrategy(name, s, fulls[i]!, i));
  const outSplits = new Array<number>(rank0).fill(1);
  strategy.forEach((s, i) =>
    s.forEach((v, d) => {
      const o = outDim(i, d);
      if (v > 1 && outSplits[o]! > 1 && outSplits[o] !== v) throw initFailed(name, `the strategy ${pyTuple(strategy)} splits one dimension of the broadcast inputs in different ways`);
      outSplits[o] = Math.max(outSplits[o]!, v);
    }),
  );
  const devMat = deviceMatrix(name, outSplits, world, strategy);
  const locals = args.map((a, i) => {
    const t = tensors[i];
    if (!t) return a;
    const map = fulls[i]!.map((_, d) => (strategy[i]![d]! > 1 ? entry(devMat, outDim(i, d)) : -1));
    return prepare(ctx, t, { devMat, tensorMap: map, fullShape: fulls[i]! }, world, rank);
  });
  const out = call(...locals);
  const full = out.shape.map((_, d) => out.shape[d]! * outSplits[d]!);
  return keep(ctx, out, { devMat, tensorMap: outSplits.map((v, d) => (v > 1 ? entry(devMat, d) : -1)), fullShape: full });
}

/** MatMul and BatchMatMul: r1.5's device matrix [batch..., a, k, b] (+ repeat), a partial sum over a split k. */
function matmul(ctx: ExecutionContext, prim: Primitive<never[], unknown>, [x, y]: [Tensor, Tensor], call: (...a: unknown[]) => Tensor, attrs: Record<string, unknown>, world: number, rank: number): Tensor {
  const name = prim.primitiveName;
  const fx = layoutOf(ctx, x, world).fullShape;
  const fy = layoutOf(ctx, y, world).fullShape;
  const nb = fx.length - 2;
  const ta = attrs['transposeA'] === true;
  const tb = attrs['transposeB'] === true;
  const strategy: Strategy = prim.strategy ?? [fx.map((s, d) => (d === 0 && s % world === 0 ? world : 1)), fy.map(() => 1)];
  if (strategy.length !== 2) throw initFailed(name, `the strategy ${pyTuple(strategy)} needs one tuple per input (2)`);
  strategy.forEach((s, i) => checkInputStrategy(name, s, i === 0 ? fx : fy, i));
  const [sx, sy] = strategy as [readonly number[], readonly number[]];
  const [mDim, kDimX] = ta ? [nb + 1, nb] : [nb, nb + 1];
  const [kDimY, nDim] = tb ? [nb + 1, nb] : [nb, nb + 1];
  if (sx[kDimX] !== sy[kDimY]) throw initFailed(name, `the strategy ${pyTuple(strategy)}: the reduce dimension must be split alike in both inputs (${sx[kDimX]} vs ${sy[kDimY]})`);
  for (let d = 0; d < nb; d++) if (sx[d] !== sy[d]) throw initFailed(name, `the strategy ${pyTuple(strategy)}: the batch dimensions must be split alike`);
  const axes = [...sx.slice(0, nb), sx[mDim]!, sx[kDimX]!, sy[nDim]!];
  const devMat = deviceMatrix(name, axes, world, strategy);
  const e = (a: number) => entry(devMat, a);
  const mapX = fx.map((_, d) => (d < nb ? e(d) : d === mDim ? e(nb) : e(nb + 1)));
  const mapY = fy.map((_, d) => (d < nb ? e(d) : d === nDim ? e(nb + 2) : e(nb + 1)));
  const lx = prepare(ctx, x, { devMat, tensorMap: mapX, fullShape: fx }, world, rank);
  const ly = prepare(ctx, y, { devMat, tensorMap: mapY, fullShape: fy }, world, rank);
  let out = call(lx, ly);
  if (devMat[nb + 1]! > 1) out = AllReduce({ group: commGroup(axisGroup(devMat, [nb + 1], rank)) })(out); // partial sums over the split k
  const full = [...fx.slice(0, nb), fx[mDim]!, fy[nDim]!];
  return keep(ctx, out, { devMat, tensorMap: [...fx.slice(0, nb).map((_, d) => e(d)), e(nb), e(nb + 2)], fullShape: full });
}

/** ReduceSum and ReduceMean: local, then summed over the ranks splitting a reduced dimension (a mean divided too). */
function reduce(ctx: ExecutionContext, prim: Primitive<never[], unknown>, [x, axis]: [Tensor, number | readonly number[] | undefined], call: (...a: unknown[]) => Tensor, attrs: Record<string, unknown>, world: number, rank: number): Tensor {
  const name = prim.primitiveName;
  const full = layoutOf(ctx, x, world).fullShape;
  const strategy: Strategy = prim.strategy ?? [full.map((s, d) => (d === 0 && s % world === 0 ? world : 1))];
  if (strategy.length !== 1) throw initFailed(name, `the strategy ${pyTuple(strategy)} needs one tuple per input (1)`);
  checkInputStrategy(name, strategy[0]!, full, 0);
  const devMat = deviceMatrix(name, strategy[0]!, world, strategy);
  const map = full.map((_, d) => (strategy[0]![d]! > 1 ? entry(devMat, d) : -1));
  const local = prepare(ctx, x, { devMat, tensorMap: map, fullShape: full }, world, rank);
  let out = call(local, axis);
  const axes = axis === undefined || axis === null ? full.map((_, d) => d) : (typeof axis === 'number' ? [axis] : [...axis]).map((a) => (a < 0 ? a + full.length : a));
  const splitAxes = axes.filter((d) => strategy[0]![d]! > 1);
  if (splitAxes.length > 0) {
    out = AllReduce({ group: commGroup(axisGroup(devMat, splitAxes, rank)) })(out);
    if (name === 'ReduceMean') out = divide(out, splitAxes.reduce((n, d) => n * strategy[0]![d]!, 1));
  }
  const keepDims = attrs['keepDims'] === true;
  const kept = full.map((s, d) => ({ s, d })).filter(({ d }) => keepDims || !axes.includes(d));
  return keep(ctx, out, {
    devMat,
    tensorMap: kept.map(({ d }) => (axes.includes(d) ? -1 : map[d]!)),
    fullShape: kept.map(({ s, d }) => (axes.includes(d) ? 1 : s)),
  });
}

/** out / n in out's dtype (r1.5's RealDiv after the AllReduce of a split mean). */
function divide(out: Tensor, n: number): Tensor {
  const divisor = new Tensor(n, out.dtype.kind === 'float' ? out.dtype : DTYPES.float32);
  return record('RealDiv', [out, divisor], { kernel: ELEMENTWISE['RealDiv'] as KernelDef<never> })[0]!;
}

/**
 * @internal an optimizer update under semi/auto parallel: state Parameters of the updated Parameter's
 * whole shape (moments, accumulations) are sliced as it is, the first time (r1.5 gives an optimizer
 * op's inputs its Parameter's layout)
 */
export function alignOptimizerState(ctx: ExecutionContext, args: readonly unknown[]): void {
  if (!planning(ctx)) return;
  const p = args[0];
  const layout = p instanceof Parameter ? ctx.semi.layouts.get(p.data_) : undefined;
  if (!layout) return;
  const whole = formatShape(layout.fullShape);
  for (const s of args.slice(1)) {
    if (s instanceof Parameter && !ctx.semi.layouts.has(s.data_) && formatShape(s.shape) === whole) placeParameter(ctx, s, layout, getRank());
  }
}

/**
 * @internal a top-level cell's inputs under semi/auto parallel are its dataset's: split on dimension 0
 * over the devices (each rank was given its shard), whole with `fullBatch`, or as a tuple
 * `datasetStrategy` says
 */
export function datasetInputs(ctx: ExecutionContext, inputs: readonly Tensor[]): void {
  if (!planning(ctx) || !ctx.comm?.inited) return;
  const world = getGroupSize();
  const ap = ctx.autoParallel;
  const tuple = ap.get('datasetStrategy');
  inputs.forEach((t, i) => {
    if (!(t instanceof Tensor) || t instanceof Parameter || t.shape.length === 0 || ctx.semi.layouts.has(t.data_)) return;
    const s = Array.isArray(tuple) && tuple[i] ? tuple[i]! : ap.get('fullBatch') ? t.shape.map(() => 1) : t.shape.map((_, d) => (d === 0 ? world : 1));
    const devMat = deviceMatrix('dataset', s, world, [s]);
    ctx.semi.layouts.set(t.data_, { devMat, tensorMap: s.map((v, d) => (v > 1 ? entry(devMat, d) : -1)), fullShape: t.shape.map((x, d) => x * s[d]!) });
  });
}

/** @internal the divisor of a loss's sensitivity under semi/auto parallel: the ranks holding the same value */
export function lossReplicas(ctx: ExecutionContext, loss: Tensor): number {
  if (!ctx.autoParallel.semiOrAuto || !ctx.autoParallel.get('lossRepeatedMean') || !ctx.comm?.inited) return 1;
  return replicas(layoutOf(ctx, loss, getGroupSize()));
}

