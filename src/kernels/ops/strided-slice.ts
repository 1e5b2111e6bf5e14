/**
 * StridedSlice and StridedSliceGrad as MindSpore r1.5's `P.StridedSlice(begin_mask, end_mask,
 * ellipsis_mask, new_axis_mask, shrink_axis_mask)(x, begin, end, strides)`: the slice plan follows
 * r1.5's `_compute_slicing_shape` / `_compute_slicing_length` step by step (its clamping of begin and
 * end, its masks, one ellipsis, new axes of size 1, shrunk axes that must index inside the dimension
 * with a positive stride; dimensions past the spec taken whole). Both kernels move bytes for any dtype;
 * the gradient writes dy into zeros of x's shape at the sliced positions.
 * @module
 */
import { ArgumentValueError, ShapeError } from '../../errors/index.js';
import { formatShape, sizeOf, stridesOf } from '../shape.js';
import type { TypedArray } from '../dtype.js';
import { bytesOf, outputFor, type KSignature, type KernelDef } from '../tensor.js';

/** StridedSlice's attributes: the spec and r1.5's five bit masks. */
export interface StridedSliceAttrs {
  /** Start per spec entry. */
  readonly begin: readonly number[];
  /** Stop (exclusive) per spec entry. */
  readonly end: readonly number[];
  /** Step per spec entry (never 0). */
  readonly strides: readonly number[];
  /** Bit i: ignore begin[i] (from the start in the step's direction). */
  readonly beginMask: number;
  /** Bit i: ignore end[i] (to the end in the step's direction). */
  readonly endMask: number;
  /** Bit i: entry i is `...` (at most one bit). */
  readonly ellipsisMask: number;
  /** Bit i: entry i inserts an axis of size 1. */
  readonly newAxisMask: number;
  /** Bit i: entry i indexes its axis at begin[i] and drops it. */
  readonly shrinkAxisMask: number;
}

/** One output axis: `axis` of x walked from `start` by `step`, `length` times (axis −1: a new axis). */
export interface PlannedAxis {
  /** The input axis walked (−1: a new axis of size 1). */
  readonly axis: number;
  /** The first index on it. */
  readonly start: number;
  /** The step between indices (negative: backwards). */
  readonly step: number;
  /** How many indices. */
  readonly length: number;
}

/** The slice: the output axes and the fixed indices of shrunk axes. */
export interface SlicePlan {
  /** The output's axes, in order. */
  readonly axes: readonly PlannedAxis[];
  /** The shrunk input axes and the index each is fixed at. */
  readonly fixed: readonly (readonly [axis: number, index: number])[];
  /** The output's shape. */
  readonly shape: readonly number[];
}

const bit = (mask: number, j: number): boolean => Math.floor(mask / 2 ** j) % 2 === 1;

/** r1.5's `_compute_slicing_length`, also giving the first index (in [0, dim)). */
function sliceAxis(begin: number, end: number, stride: number, dim: number): { start: number; length: number } {
  if (stride > 0) {
    if (begin >= dim || end < -dim) return { start: 0, length: 0 };
    let b = begin;
    let e = end;
    if (b >= -dim && b < 0) b += dim;
    if (b < -dim) b = 0;
    if (e >= -dim && e < 0) e += dim;
    if (e > dim) e = dim;
    return b >= e ? { start: 0, length: 0 } : { start: b, length: 1 + Math.floor((e - 1 - b) / stride) };
  }
  if (begin < -dim || end >= dim) return { start: 0, length: 0 };
  let b = begin;
  let e = end;
  if (b >= 0 && b < dim) b -= dim;
  if (b >= dim) b = -1;
  if (e >= 0 && e < dim) e -= dim;
  if (e < -dim - 1) e = -dim - 1;
  return b <= e ? { start: 0, length: 0 } : { start: b + dim, length: 1 + Math.floor((e + 1 - b) / stride) };
}

/** The slice r1.5 takes of a tensor of `shape` (its checks and messages). */
export function stridedSlicePlan(shape: readonly number[], a: StridedSliceAttrs): SlicePlan {
  const { begin, end, strides } = a;
  if (strides.includes(0)) throw new ArgumentValueError(`For 'StridedSlice', the 'strides' cannot contain 0, but got 'strides': ${pyTuple(strides)}.`);
  if (end.length !== begin.length || strides.length !== begin.length) {
    throw new ArgumentValueError(`For 'StridedSlice', the length of 'begin' index and the length of 'end' index must be the same as 'strides', but got the length of 'begin': ${pyTuple(begin)}, 'end' index: ${pyTuple(end)} and 'strides': ${pyTuple(strides)}.`);
  }
  const rank = shape.length;
  const n = begin.length;
  const axes: PlannedAxis[] = [];
  const fixed: [number, number][] = [];
  let i = 0;
  let j = 0;
  let ellipsisDone = false;
  while (i < rank || j < n) {
    if (j >= n) {
      axes.push({ axis: i, start: 0, step: 1, length: shape[i]! });
      i++;
      continue;
    }
    if (bit(a.ellipsisMask, j) && !ellipsisDone) {
      let newAfter = 0;
      for (let k = j + 1; k < n; k++) if (bit(a.newAxisMask, k)) newAfter++;
      const occupied = rank - i - (n - (j + 1)) + newAfter;
      for (let k = 0; k < occupied; k++, i++) axes.push({ axis: i, start: 0, step: 1, length: shape[i]! });
      ellipsisDone = true;
      j++;
      continue;
    }
    const stride = strides[j]!;
    if (bit(a.newAxisMask, j)) {
      axes.push({ axis: -1, start: 0, step: 0, length: 1 });
      j++;
      continue;
    }
    if (i >= rank) throw new ArgumentValueError(`For 'StridedSlice', the index must be less than or equal to the dimension of 'input_x', but got the dimension of 'input_x': ${rank} and the index: ${i}.`);
    const dim = shape[i]!;
    const b = bit(a.beginMask, j) ? (stride < 0 ? -1 : 0) : begin[j]!;
    const e = bit(a.endMask, j) ? (stride < 0 ? -(dim + 1) : dim) : end[j]!;
    if (bit(a.shrinkAxisMask, j)) {
      if (!(b >= -dim && b < dim) || stride < 0) {
        throw new ShapeError(`For 'StridedSlice', the 'strides' cannot be negative number and 'begin' should be in [-${dim}, ${dim}) when 'shrink_axis_mask' is greater than 0, but got 'shrink_axis_mask': ${a.shrinkAxisMask}, 'strides': ${stride}, 'begin': ${b}.`);
      }
      fixed.push([i, b < 0 ? b + dim : b]);
    } else {
      const { start, length } = sliceAxis(b, e, stride, dim);
      axes.push({ axis: i, start, step: stride, length });
    }
    i++;
    j++;
  }
  return { axes, fixed, shape: axes.map((p) => p.length) };
}

function pyTuple(v: readonly number[]): string {
  return v.length === 1 ? `(${v[0]},)` : `(${v.join(', ')})`;
}

/** Calls `visit(outIndex, inIndex)` for every element of the slice, in the output's order. */
function forEachSliced(plan: SlicePlan, inShape: readonly number[], visit: (o: number, i: number) => void): void {
  const total = sizeOf(plan.shape);
  if (total === 0) return;
  const inStrides = stridesOf(inShape);
  let base = 0;
  for (const [axis, index] of plan.fixed) base += index * inStrides[axis]!;
  for (const p of plan.axes) if (p.axis >= 0) base += p.start * inStrides[p.axis]!;
  const rank = plan.axes.length;
  const jump = plan.axes.map((p) => (p.axis < 0 ? 0 : p.step * inStrides[p.axis]!));
  const counter = new Int32Array(rank);
  let at = base;
  for (let o = 0; o < total; o++) {
    visit(o, at);
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]!++;
      at += jump[d]!;
      if (counter[d]! < plan.axes[d]!.length) break;
      at -= jump[d]! * counter[d]!;
      counter[d] = 0;
    }
  }
}

/** The StridedSlice kernel: x → the slice. */
export const StridedSlice: KernelDef<StridedSliceAttrs> = {
  name: 'StridedSlice',
  infer(inputs, attrs) {
    if (inputs.length !== 1) throw new ShapeError(`For 'StridedSlice', the number of tensor inputs must be 1, but got ${inputs.length}`);
    return [{ dtype: inputs[0]!.dtype, shape: [...stridedSlicePlan(inputs[0]!.shape, attrs).shape] }];
  },
  compute(inputs, attrs, options) {
    const x = inputs[0]!;
    const plan = stridedSlicePlan(x.shape, attrs);
    const out = outputFor({ dtype: x.dtype, shape: [...plan.shape] }, options, this.name);
    const src = x.data as TypedArray & { [i: number]: number | bigint };
    const dst = out.data as TypedArray & { [i: number]: number | bigint };
    forEachSliced(plan, x.shape, (o, i) => {
      dst[o] = src[i]!;
    });
    return { outputs: [out], overflow: false };
  },
  cost: (inputs, attrs) => {
    const out = StridedSlice.infer(inputs, attrs)[0]!;
    return { flops: 0, bytes: 2 * bytesOf(out), dtype: inputs[0]!.dtype };
  },
};

/** StridedSliceGrad's attributes: StridedSlice's and x's shape. */
export interface StridedSliceGradAttrs extends StridedSliceAttrs {
  /** The forward input's shape. */
  readonly shapex: readonly number[];
}

/** The StridedSliceGrad kernel: dy → zeros of x's shape with dy at the sliced positions. */
export const StridedSliceGrad: KernelDef<StridedSliceGradAttrs> = {
  name: 'StridedSliceGrad',
  infer(inputs, attrs) {
    const dy = inputs[0] as KSignature | undefined;
    if (!dy || inputs.length !== 1) throw new ShapeError(`For 'StridedSliceGrad', the number of tensor inputs must be 1, but got ${inputs.length}`);
    const want = stridedSlicePlan(attrs.shapex, attrs).shape;
    if (formatShape(dy.shape) !== formatShape(want)) throw new ShapeError(`For 'StridedSliceGrad', the 'dy' shape must be the slice's ${formatShape(want)}, but got ${formatShape(dy.shape)}`);
    return [{ dtype: dy.dtype, shape: [...attrs.shapex] }];
  },
  compute(inputs, attrs, options) {
    const sig = this.infer(inputs, attrs)[0]!;
    const out = outputFor(sig, options, this.name);
    const dst = out.data as TypedArray & { [i: number]: number | bigint };
    if (dst instanceof BigInt64Array) dst.fill(0n);
    else (dst as Float32Array).fill(0);
    const src = inputs[0]!.data as TypedArray & { [i: number]: number | bigint };
    forEachSliced(stridedSlicePlan(attrs.shapex, attrs), attrs.shapex, (o, i) => {
      dst[i] = src[o]!;
    });
    return { outputs: [out], overflow: false };
  },
  cost: (inputs, attrs) => ({ flops: 0, bytes: bytesOf(inputs[0]!) + bytesOf({ dtype: inputs[0]!.dtype, shape: [...attrs.shapex] }), dtype: inputs[0]!.dtype }),
};
