/**
 * Redistribution between layouts, as r1.5 inserts it between operators of different strategies
 * (`redistribution_operator_infer.cc`): a dimension split one way and needed another (or whole) is
 * first gathered — AllGather over the ranks holding its blocks (on dimension 0 directly; on another
 * dimension the gathered blocks are moved there, r1.5's Split + Concat) — then each dimension the
 * target splits is cut locally (a Slice: no communication). Every op is recorded as usual, so the
 * backward pass differentiates through them (AllGather's gradient is a ReduceScatter, a Slice's a
 * SliceGrad).
 * @module
 */
import { kernelRegistry, type KernelDef } from '../../kernels/index.js';
import { currentContext } from '../execution-context.js';
import { record } from '../graph/executor.js';
import { AllGather } from '../ops/collectives.js';
import type { Tensor } from '../tensor.js';
import { axisGroup, axisOf, sameCut, splits, unsplit, type DistLayout } from './dist-layout.js';
import { sliceCoordinates } from './layout.js';

const kernel = (name: string) => kernelRegistry.find('*', name) as KernelDef<never>;

/** The communication group of `members` (the world group when it is the whole world), defined once per rank. */
export function commGroup(members: readonly number[]): string {
  const comm = currentContext().comm!;
  const hub = comm.hub;
  const world = hub.group(hub.worldGroup)!;
  if (members.length === world.length && members.every((r, i) => r === world[i])) return hub.worldGroup;
  const name = `parallel_group_${members.join('_')}`;
  if (!comm.created.has(name)) {
    hub.defineGroup(name, members);
    comm.created.set(name, [...members]);
  }
  return name;
}

/** The ranks holding the blocks of dimension `d` that this rank's block sits among, by block index. */
export function dimGroup(l: DistLayout, d: number, rank: number): number[] {
  return axisGroup(l.devMat, [axisOf(l, l.tensorMap[d]!)], rank);
}

/** Gathers dimension `d` of `t` (laid out as `l`) whole. */
function gather(t: Tensor, l: DistLayout, d: number, rank: number): Tensor {
  const n = splits(l)[d]!;
  const gathered = AllGather({ group: commGroup(dimGroup(l, d, rank)) })(t);
  if (d === 0) return gathered;
  // [n·x0, x1, ...] → [n, x0, ..., xd, ...] → blocks moved next to dimension d → merged into it
  const shape = t.shape;
  const split = record('Reshape', [gathered], { kernel: kernel('Reshape'), attrs: { shape: [n, ...shape] } })[0]!;
  const perm = [...shape.keys()].map((i) => i + 1);
  perm.splice(d, 0, 0);
  const moved = record('Transpose', [split], { kernel: kernel('Transpose'), attrs: { perm } })[0]!;
  const merged = shape.map((x, i) => (i === d ? n * x : x));
  return record('Reshape', [moved], { kernel: kernel('Reshape'), attrs: { shape: merged } })[0]!;
}

/** This rank's block of dimension `d` of a tensor whole in that dimension, as `target` cuts it. */
function cut(t: Tensor, target: DistLayout, d: number, rank: number): Tensor {
  const n = splits(target)[d]!;
  const index = sliceCoordinates(target.devMat, target.tensorMap, rank)[d]!;
  const len = t.shape[d]! / n;
  const begin = t.shape.map((_, i) => (i === d ? index * len : 0));
  const size = t.shape.map((x, i) => (i === d ? len : x));
  return record('Slice', [t], { kernel: kernel('Slice'), attrs: { begin, size } })[0]!;
}

/**
 * `t`, this rank's block of a tensor laid out as `from`, as the block `to` gives this rank (the
 * planner's ops: the caller runs it inside the planner).
 */
export function redistribute(t: Tensor, from: DistLayout, to: DistLayout, world: number, rank: number): Tensor {
  let value = t;
  let layout = from;
  const fromSplits = splits(from);
  for (let d = 0; d < from.fullShape.length; d++) {
    if (fromSplits[d]! > 1 && !sameCut(layout, to, d, world)) {
      value = gather(value, layout, d, rank);
      layout = unsplit(layout, d);
    }
  }
  const toSplits = splits(to);
  for (let d = 0; d < to.fullShape.length; d++) {
    if (toSplits[d]! > 1 && splits(layout)[d] === 1) value = cut(value, to, d, rank);
  }
  return value;
}
