/**
 * How a logical tensor lies across the ranks under semi-automatic parallel: a device matrix over the
 * world (row-major: the last axis varies fastest with the rank), a tensor map naming, for each tensor
 * dimension, the device axis it is split over (counted from the right, r1.5's convention; -1: whole),
 * and the logical (full) shape. A rank holds the block at its coordinates; ranks that differ only on
 * axes no dimension uses hold the same block (replicas).
 * @module
 */
import { rankCoordinates, sliceCoordinates, tensorStrategy } from './layout.js';

/** A tensor's distribution over the ranks. */
export interface DistLayout {
  /** The device matrix (its product is the world size). */
  readonly devMat: readonly number[];
  /** Per tensor dimension: the device axis (from the right) it is split over, or -1. */
  readonly tensorMap: readonly number[];
  /** The logical shape. */
  readonly fullShape: readonly number[];
}

/** Every rank holds the whole tensor. */
export function replicatedLayout(world: number, fullShape: readonly number[]): DistLayout {
  return { devMat: [world], tensorMap: fullShape.map(() => -1), fullShape: [...fullShape] };
}

/** The parts each dimension is split into. */
export function splits(l: DistLayout): number[] {
  return tensorStrategy(l.devMat, l.tensorMap);
}

/** The shape of a rank's block. */
export function localShape(l: DistLayout): number[] {
  const s = splits(l);
  return l.fullShape.map((d, i) => d / s[i]!);
}

/** The position in `devMat` of the axis a tensor-map entry names (-1 for none). */
export const axisOf = (l: DistLayout, entry: number): number => (entry === -1 ? -1 : l.devMat.length - 1 - entry);

/** Whether two layouts cut dimension `d` the same way on every rank (same parts, same block per rank). */
export function sameCut(a: DistLayout, b: DistLayout, d: number, world: number): boolean {
  const sa = splits(a)[d]!;
  if (sa !== splits(b)[d]!) return false;
  if (sa === 1) return true;
  for (let r = 0; r < world; r++) if (sliceCoordinates(a.devMat, a.tensorMap, r)[d] !== sliceCoordinates(b.devMat, b.tensorMap, r)[d]) return false;
  return true;
}

/**
 * The ranks that differ from `rank` only on the given device axes (positions in `devMat`), ordered
 * row-major by their coordinates on those axes: the group a collective over those axes runs in.
 */
export function axisGroup(devMat: readonly number[], axes: readonly number[], rank: number): number[] {
  const mine = rankCoordinates(rank, devMat);
  const world = devMat.reduce((a, b) => a * b, 1);
  const members: { rank: number; key: number }[] = [];
  for (let r = 0; r < world; r++) {
    const c = rankCoordinates(r, devMat);
    if (c.some((v, a) => !axes.includes(a) && v !== mine[a])) continue;
    let key = 0;
    for (const a of axes) key = key * devMat[a]! + c[a]!;
    members.push({ rank: r, key });
  }
  return members.sort((x, y) => x.key - y.key).map((m) => m.rank);
}

/** The device axes of size > 1 that no dimension of `l` is split over: its replicas differ only there. */
export function replicaAxes(l: DistLayout): number[] {
  const used = new Set(l.tensorMap.filter((e) => e !== -1).map((e) => axisOf(l, e)));
  return l.devMat.map((_, a) => a).filter((a) => !used.has(a) && l.devMat[a]! > 1);
}

/** How many ranks hold each block (the product of the replica axes). */
export function replicas(l: DistLayout): number {
  return replicaAxes(l).reduce((n, a) => n * l.devMat[a]!, 1);
}

/** The layout with dimension `d` made whole (same device matrix). */
export function unsplit(l: DistLayout, d: number): DistLayout {
  return { ...l, tensorMap: l.tensorMap.map((e, i) => (i === d ? -1 : e)) };
}

/** r1.5's 6-tuple for a Parameter of this layout (no field size, uniform split, no optimizer shard group). */
export function parameterLayout(l: DistLayout): [number[], number[], number[], number, number, string] {
  return [[...l.devMat], [...l.tensorMap], localShape(l), 0, 1, ''];
}
