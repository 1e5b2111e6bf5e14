/**
 * StridedSlice and StridedSliceGrad as MindSpore r1.5's `P.StridedSlice` / `G.StridedSliceGrad`:
 * begin, end and strides are call arguments (tuples of ints, numbers here), the masks constructor
 * options with r1.5's checks.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { kernelRegistry, type KernelDef, type StridedSliceAttrs } from '../../kernels/index.js';
import { record } from '../graph/executor.js';
import type { Tensor } from '../tensor.js';
import { checkNonNegativeInt, checkOptions } from './attr-checks.js';
import { primitive } from './primitive.js';

const kernel = (name: string): KernelDef<never> => kernelRegistry.find('*', name)!;

/** StridedSlice's masks (r1.5's keyword arguments, all 0 by default). */
export interface StridedSliceOptions {
  /** Bit i: begin[i] ignored. */
  readonly beginMask?: number;
  /** Bit i: end[i] ignored. */
  readonly endMask?: number;
  /** Bit i: entry i is an ellipsis (at most one bit). */
  readonly ellipsisMask?: number;
  /** Bit i: entry i inserts an axis of size 1. */
  readonly newAxisMask?: number;
  /** Bit i: entry i indexes one element and drops its axis. */
  readonly shrinkAxisMask?: number;
}

type Masks = Omit<StridedSliceAttrs, 'begin' | 'end' | 'strides'>;

function masksOf(prim: string, given: StridedSliceOptions | undefined): Masks {
  const o = checkOptions(given, prim) as StridedSliceOptions;
  const masks = {
    beginMask: checkNonNegativeInt(o.beginMask ?? 0, 'begin_mask', prim),
    endMask: checkNonNegativeInt(o.endMask ?? 0, 'end_mask', prim),
    ellipsisMask: checkNonNegativeInt(o.ellipsisMask ?? 0, 'ellipsis_mask', prim),
    newAxisMask: checkNonNegativeInt(o.newAxisMask ?? 0, 'new_axis_mask', prim),
    shrinkAxisMask: checkNonNegativeInt(o.shrinkAxisMask ?? 0, 'shrink_axis_mask', prim),
  };
  if (masks.ellipsisMask.toString(2).split('').filter((c) => c === '1').length > 1) {
    // r1.5's text (it names end_mask's value)
    throw new ArgumentValueError(`For '${prim}', only support one ellipsis in the index, but got ${masks.endMask}.`);
  }
  return masks;
}

function specOf(prim: string, begin: readonly number[], end: readonly number[], strides: readonly number[]): Pick<StridedSliceAttrs, 'begin' | 'end' | 'strides'> {
  for (const [name, v] of [['begin', begin], ['end', end], ['strides', strides]] as const) {
    if (!Array.isArray(v) || !v.every((e) => Number.isInteger(e))) {
      throw new ArgumentTypeError(`For ${prim}, both the 'begin', 'end', and 'strides' must be a tuple of int, but got '${name}': ${String(v)}.`);
    }
  }
  return { begin: [...begin], end: [...end], strides: [...strides] };
}

/**
 * StridedSlice({ beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask })(x, begin, end,
 * strides): x[begin:end:strides] per axis, as r1.5's `P.StridedSlice` (its clamping and masks; axes
 * past the spec taken whole).
 *
 * @throws {@link ArgumentTypeError} / {@link ArgumentValueError} for masks that are not non-negative ints,
 *   more than one ellipsis, a spec that is not lists of ints, a zero stride, or lists of different
 *   lengths (r1.5's texts); {@link ShapeError} for a shrunk axis indexed outside its dimension.
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const x = new Tensor(np.array([[[1, 1, 1], [2, 2, 2]], [[3, 3, 3], [4, 4, 4]], [[5, 5, 5], [6, 6, 6]]]), 'float32');
 * console.log(String(ops.StridedSlice()(x, [1, 0, 2], [3, 1, 3], [1, 1, 1]))); // [[[3.]]\n\n [[5.]]]
 * console.log(String(ops.StridedSlice({ shrinkAxisMask: 1 })(x, [2, 0, 0], [3, 2, 3], [1, 1, -1]).shape)); // 2,0
 * ```
 */
export const StridedSlice = (given?: StridedSliceOptions) => {
  const masks = masksOf('StridedSlice', given);
  return primitive('StridedSlice', (x: Tensor, begin: readonly number[], end: readonly number[], strides: readonly number[]): Tensor =>
    record('StridedSlice', [x], { kernel: kernel('StridedSlice'), attrs: { ...masks, ...specOf('StridedSlice', begin, end, strides) } })[0]!, {
    args: 'input_x:tensor begin:any end:any strides:any',
  });
};

/**
 * StridedSliceGrad(masks)(dy, shapex, begin, end, strides): zeros of shape `shapex` with dy written at
 * the positions StridedSlice reads, r1.5's `G.StridedSliceGrad`.
 *
 * @throws as {@link StridedSlice}; {@link ShapeError} when dy is not the slice's shape.
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.StridedSliceGrad()(new Tensor([7, 8], 'float32'), [5], [0], [4], [2]))); // [7. 0. 8. 0. 0.]
 * ```
 */
export const StridedSliceGrad = (given?: StridedSliceOptions) => {
  const masks = masksOf('StridedSliceGrad', given);
  return primitive('StridedSliceGrad', (dy: Tensor, shapex: readonly number[], begin: readonly number[], end: readonly number[], strides: readonly number[]): Tensor =>
    record('StridedSliceGrad', [dy], { kernel: kernel('StridedSliceGrad'), attrs: { ...masks, ...specOf('StridedSliceGrad', begin, end, strides), shapex: [...shapex] } })[0]!, {
    args: 'dy:tensor shapex:ints begin:any end:any strides:any',
  });
};
