/**
 * The constant primitives of r1.5's programs: Fill, Zeros, Ones (a tensor of one value, made on the
 * host as r1.5 folds them into constants while compiling: `Fill.__infer__` runs `np.full`), Shape and
 * DType (the input's shape as an array, its dtype).
 * @module
 */
import { DTypeError } from '../../errors/index.js';
import { checkShape, resolveDType, type DType as MsDType } from '../../kernels/index.js';
import { filled } from '../numpy/create.js'; // numpy's fill, its refusals naming this op
import { Tensor } from '../tensor.js';
import { checkPositiveInt, valueTypeError } from './attr-checks.js';
import { primitive } from './primitive.js';

const FILLABLE: readonly string[] = Object.freeze(['bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'float16', 'float32', 'float64']);

/** r1.5's checks of a shape tuple: an array of positive ints (`dims[i]`). */
function dims(name: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) throw valueTypeError(name, 'shape', 'tuple', shape);
  // each dimension as r1.5 checks it, then the element count an array can hold (named by this op)
  return checkShape(shape.map((d, i) => checkPositiveInt(d, `dims[${i}]`, name)), name);
}

function dtypeOf(name: string, dtype: unknown): MsDType {
  const dt = resolveDType(dtype as never, name);
  if (!FILLABLE.includes(dt.name)) throw new DTypeError(`For '${name}', the type of 'value' should be one of [Bool, Int8, Int16, Int32, Int64, UInt8, Float16, Float32, Float64], but got ${dt.msName}.`);
  return dt;
}

/**
 * Fill()(dtype, shape, value): a tensor of `shape` filled with `value`, as r1.5's `P.Fill`.
 *
 * @throws {@link ArgumentTypeError} for a shape that is not an array, a dimension that is not an int,
 *   or a value that is not a number or boolean; {@link ArgumentValueError} for a dimension below 1;
 *   {@link DTypeError} for a dtype it cannot hold; {@link OutOfMemoryError} (naming the op) for more
 *   than the host gives one array (4 GiB).
 * @example
 * ```ts
 * import { ops } from 'mindsim';
 * console.log(String(ops.Fill()('float32', [2, 2], 1))); // [[1. 1.]\n [1. 1.]]
 * ```
 */
export const Fill = () =>
  primitive('Fill', (dtype: MsDType | string, shape: readonly number[], value: number | boolean) => {
    const dt = dtypeOf('Fill', dtype);
    const d = dims('Fill', shape);
    if (typeof value !== 'number' && typeof value !== 'boolean') throw valueTypeError('Fill', 'value', "one of ['Number', 'bool']", value);
    return new Tensor(filled('Fill', d, value, dt));
  }, { args: 'type:dtype shape:any value:any' });

function constant(name: 'Zeros' | 'Ones', value: number) {
  return () =>
    primitive(name, (shape: number | readonly number[], dtype: MsDType | string) => {
      const dt = dtypeOf(name, dtype);
      return new Tensor(filled(name, dims(name, typeof shape === 'number' ? [shape] : shape), value, dt));
    }, { args: 'shape:any type:dtype' });
}

/**
 * Zeros()(shape, dtype): a tensor of zeros, as r1.5's `P.Zeros` (shape an int or a tuple).
 *
 * @throws as {@link Fill}.
 * @example
 * ```ts
 * import { ops } from 'mindsim';
 * console.log(String(ops.Zeros()(3, 'int32'))); // [0 0 0]
 * ```
 */
export const Zeros = constant('Zeros', 0);

/**
 * Ones()(shape, dtype): a tensor of ones, as r1.5's `P.Ones`.
 *
 * @throws as {@link Fill}.
 * @example
 * ```ts
 * import { ops } from 'mindsim';
 * console.log(String(ops.Ones()([1, 2], 'float16'))); // [[1. 1.]]
 * ```
 */
export const Ones = constant('Ones', 1);

/**
 * Shape()(x): the input's shape, as an array (r1.5 returns a tuple).
 *
 * @throws {@link ArgumentTypeError} when x is not a Tensor.
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * console.log(ops.Shape()(new Tensor(np.zeros([2, 3]), 'float32'))); // [ 2, 3 ]
 * ```
 */
export const Shape = () => primitive('Shape', (x: Tensor): number[] => [...x.shape], { args: 'input_x:tensor' });

/**
 * DType()(x): the input's dtype, as r1.5's `P.DType`.
 *
 * @throws {@link ArgumentTypeError} when x is not a Tensor.
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.DType()(new Tensor([1], 'float16')))); // Float16
 * ```
 */
export const DType = () => primitive('DType', (x: Tensor) => x.dtype, { args: 'input_x:tensor' });
