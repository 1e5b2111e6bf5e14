/**
 * Tensor layouts as MindSpore r1.5's auto-parallel describes them: a device matrix (`devMat`), a
 * tensor map naming, for each tensor dimension, the device axis it is split over (counted from the
 * right; -1: not split), and the slice a rank holds (shared spec: distributed.md, section 5;
 * MindSpore `parallel/_tensor.py`).
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import { sizeOf, type TypedArray } from '../../kernels/index.js';

/**
 * r1.5's parameter layout, a 6-tuple: `[devMat, tensorMap, sliceShape, fieldSize, uniformSplit,
 * optShardGroup]`.
 */
export type ParameterLayout = readonly [devMat: readonly number[], tensorMap: readonly number[], sliceShape: readonly number[], fieldSize: number, uniformSplit: number, optShardGroup: string];

/** How many parts each tensor dimension is split into (r1.5's `_get_tensor_strategy`). */
export function tensorStrategy(devMat: readonly number[], tensorMap: readonly number[]): number[] {
  return tensorMap.map((axis) => {
    if (axis === -1) return 1;
    const size = devMat[devMat.length - 1 - axis];
    if (size === undefined || !Number.isInteger(axis) || axis < -1) throw new ArgumentValueError(`tensor map entry ${axis} names no axis of the device matrix [${devMat.join(', ')}]`);
    return size;
  });
}

/** A rank's coordinates in the device matrix, row-major (the last axis fastest). */
export function rankCoordinates(rank: number, devMat: readonly number[]): number[] {
  const coords = new Array<number>(devMat.length).fill(0);
  for (let a = devMat.length - 1; a >= 0; a--) {
    coords[a] = rank % devMat[a]!;
    rank = Math.floor(rank / devMat[a]!);
  }
  return coords;
}

/** The coordinates of the slice `rank` holds, one per tensor dimension (0 for an unsplit one). */
export function sliceCoordinates(devMat: readonly number[], tensorMap: readonly number[], rank: number): number[] {
  const device = rankCoordinates(rank, devMat);
  return tensorMap.map((axis) => (axis === -1 ? 0 : device[devMat.length - 1 - axis]!));
}

/**
 * The index of the slice `rank` holds: its slice coordinates, row-major over the split counts
 * (r1.5's `_get_slice_index`). `devMat=[2,4]`, `tensorMap=[1,-1]`, rank 5 → slice 1.
 */
export function sliceIndex(devMat: readonly number[], tensorMap: readonly number[], rank: number): number {
  const strategy = tensorStrategy(devMat, tensorMap);
  const coords = sliceCoordinates(devMat, tensorMap, rank);
  let index = 0;
  for (let d = 0; d < coords.length; d++) index = index * strategy[d]! + coords[d]!;
  return index;
}

/**
 * Block `index` of `data` (shape `shape`) cut into `strategy[d]` equal parts along each dimension,
 * blocks numbered row-major (numpy `split` along each axis, depth first, as r1.5's
 * `_chunk_tensor_by_strategy`).
 *
 * @throws {@link ArgumentValueError} "np_tensor can not be split by strategy!" when a dimension is not divisible.
 */
export function chunk(data: TypedArray, shape: readonly number[], strategy: readonly number[], index: number): { data: TypedArray; shape: number[] } {
  if (strategy.length !== shape.length) throw new ArgumentValueError('The strategy length should be equal to the tensor dimension');
  if (shape.some((d, i) => d % strategy[i]! !== 0)) throw new ArgumentValueError('np_tensor can not be split by strategy!');
  const block = shape.map((d, i) => d / strategy[i]!);
  const coords = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1, rest = index; d >= 0; d--) {
    coords[d] = rest % strategy[d]!;
    rest = Math.floor(rest / strategy[d]!);
  }
  const out = new (data.constructor as new (n: number) => TypedArray)(sizeOf(block));
  const rank = shape.length;
  if (rank === 0) {
    (out as Float64Array)[0] = (data as Float64Array)[0]!;
    return { data: out, shape: [] };
  }
  // copy row by row along the last dimension
  const strides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1]! * shape[d + 1]!;
  const rows = sizeOf(block.slice(0, -1));
  const rowLen = block[rank - 1]!;
  const at = new Array<number>(rank - 1).fill(0);
  for (let r = 0; r < rows; r++) {
    let src = coords[rank - 1]! * rowLen;
    for (let d = 0; d < rank - 1; d++) src += (coords[d]! * block[d]! + at[d]!) * strides[d]!;
    out.set(data.subarray(src, src + rowLen) as never, r * rowLen);
    for (let d = rank - 2; d >= 0; d--) {
      if (++at[d]! < block[d]!) break;
      at[d] = 0;
    }
  }
  return { data: out, shape: block };
}
