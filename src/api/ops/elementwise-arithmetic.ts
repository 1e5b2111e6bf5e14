/**
 * The arithmetic primitives of `ops`: elementwise, with numpy broadcasting, numbers as tensors of the
 * other input's dtype and MindSpore's implicit dtype promotion.
 * @module
 */
import { elementwise } from './make.js';

/* eslint-disable @typescript-eslint/naming-convention */
/**
 * x + y, elementwise with numpy broadcasting (numbers become tensors of the other input's dtype).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Add()(x, y))); // [2.  0.5 4. ]
 * ```
 */
export const Add = elementwise('Add');
/**
 * x - y, elementwise with broadcasting.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Sub()(x, y))); // [-4.  -0.5  0. ]
 * ```
 */
export const Sub = elementwise('Sub');
/**
 * x * y, elementwise with broadcasting.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Mul()(x, 2))); // [-2.  0.  4.]
 * ```
 */
export const Mul = elementwise('Mul');
/**
 * x / y, elementwise with broadcasting (integer inputs keep their dtype: the quotient truncates).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.RealDiv()(x, y))); // [-0.33333334  0.          1.        ]
 * ```
 */
export const RealDiv = elementwise('RealDiv');
/**
 * x / y, elementwise, as r1.5's Div: 0 / 0 is NaN and x / 0 is ±inf by x's sign (integers: 0, or the
 * type's max or min; otherwise truncated). MindSpore 2.x returns float32 for integer inputs; r1.5 keeps
 * the integer dtype.
 *
 * @example
 * ```ts
 * import { Tensor, ops, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'CPU' }); // ascend910 would saturate inf and NaN
 * console.log(String(ops.Div()(new Tensor([1, -1, 0, 7], 'float32'), new Tensor([0, 0, 0, 2], 'float32')))); // [ inf -inf  nan  3.5]
 * ```
 */
export const Div = elementwise('Div');
/**
 * floor(x / y), elementwise with broadcasting (r1.5's `P.FloorDiv`; integers: x // 0 is 0).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.FloorDiv()(new Tensor([7, -7], 'int32'), new Tensor([2, 2], 'int32')))); // [ 3 -4]
 * ```
 */
export const FloorDiv = elementwise('FloorDiv');
/**
 * The larger of x and y, elementwise (NaN propagates).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Maximum()(x, y))); // [3.  0.5 2. ]
 * ```
 */
export const Maximum = elementwise('Maximum');
/**
 * The smaller of x and y, elementwise (NaN propagates).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Minimum()(x, y))); // [-1.  0.  2.]
 * ```
 */
export const Minimum = elementwise('Minimum');
/**
 * x to the power y, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Pow()(x, 2))); // [1. 0. 4.]
 * ```
 */
export const Pow = elementwise('Pow');
/**
 * -x, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Neg()(x))); // [ 1. -0. -2.]
 * ```
 */
export const Neg = elementwise('Neg');
/**
 * |x|, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Abs()(x))); // [1. 0. 2.]
 * ```
 */
export const Abs = elementwise('Abs');
/**
 * x * x, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Square()(x))); // [1. 0. 4.]
 * ```
 */
export const Square = elementwise('Square');
/**
 * The square root, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Sqrt()(y))); // [1.7320508  0.70710677 1.4142135 ]
 * ```
 */
export const Sqrt = elementwise('Sqrt');
/**
 * 1 / sqrt(x), elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.Rsqrt()(new Tensor([4, 0.25], 'float32')))); // [0.5 2. ]
 * ```
 */
export const Rsqrt = elementwise('Rsqrt');
/**
 * 1 / x, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.Reciprocal()(new Tensor([4, -0.5], 'float32')))); // [ 0.25 -2.  ]
 * ```
 */
export const Reciprocal = elementwise('Reciprocal');
/**
 * e to the power x, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Exp()(x))); // [0.36787945 1.         7.389056  ]
 * ```
 */
export const Exp = elementwise('Exp');
/**
 * The natural logarithm, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Log()(y))); // [ 1.0986123 -0.6931472  0.6931472]
 * ```
 */
export const Log = elementwise('Log');
/**
 * sin(x), elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.Sin()(new Tensor([0, 1], 'float32')))); // [0.         0.84147096]
 * ```
 */
export const Sin = elementwise('Sin');
/**
 * cos(x), elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.Cos()(new Tensor([0, 1], 'float32')))); // [1.        0.5403023]
 * ```
 */
export const Cos = elementwise('Cos');
/**
 * The largest integer not above x, elementwise (r1.5's `P.Floor`).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.Floor()(new Tensor([-1.5, 2.5], 'float32')))); // [-2.  2.]
 * ```
 */
export const Floor = elementwise('Floor');
/**
 * The smallest integer not below x, elementwise (r1.5's `P.Ceil`).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.Ceil()(new Tensor([-1.5, 2.5], 'float32')))); // [-1.  3.]
 * ```
 */
export const Ceil = elementwise('Ceil');
