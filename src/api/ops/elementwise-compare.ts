/**
 * The comparison and logical primitives of `ops` (elementwise, Bool results), IsFinite and IsNan.
 * @module
 */
import { elementwise } from './make.js';

/* eslint-disable @typescript-eslint/naming-convention */
/**
 * x == y, elementwise: a Bool tensor.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Equal()(x, y))); // [False False  True]
 * ```
 */
export const Equal = elementwise('Equal');
/**
 * x < y, elementwise: a Bool tensor.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Less()(x, y))); // [ True  True False]
 * ```
 */
export const Less = elementwise('Less');
/**
 * x <= y, elementwise: a Bool tensor.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.LessEqual()(x, y))); // [ True  True  True]
 * ```
 */
export const LessEqual = elementwise('LessEqual');
/**
 * x > y, elementwise: a Bool tensor.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Greater()(x, y))); // [False False False]
 * ```
 */
export const Greater = elementwise('Greater');
/**
 * x >= y, elementwise: a Bool tensor.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.GreaterEqual()(new Tensor([-1, 0, 2], 'float32'), new Tensor([3, 0, 2], 'float32')))); // [False  True  True]
 * ```
 */
export const GreaterEqual = elementwise('GreaterEqual');
/**
 * x != y, elementwise: a Bool tensor (NaN differs from everything).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.NotEqual()(new Tensor([1, NaN], 'float32'), new Tensor([1, NaN], 'float32')))); // [False  True]
 * ```
 */
export const NotEqual = elementwise('NotEqual');
/**
 * x and y of Bool tensors, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.LogicalAnd()(new Tensor([true, true, false]), new Tensor([true, false, false])))); // [ True False False]
 * ```
 */
export const LogicalAnd = elementwise('LogicalAnd');
/**
 * x or y of Bool tensors, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.LogicalOr()(new Tensor([true, true, false]), new Tensor([true, false, false])))); // [ True  True False]
 * ```
 */
export const LogicalOr = elementwise('LogicalOr');
/**
 * not x of a Bool tensor, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.LogicalNot()(new Tensor([true, false])))); // [False  True]
 * ```
 */
export const LogicalNot = elementwise('LogicalNot');
/**
 * Whether each element is finite: a Bool tensor.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const z = new Tensor([1, Infinity, NaN], 'float32');
 * console.log(String(ops.IsFinite()(z))); // [ True False False]
 * ```
 */
export const IsFinite = elementwise('IsFinite');
/**
 * Whether each element is NaN: a Bool tensor.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const z = new Tensor([1, Infinity, NaN], 'float32');
 * console.log(String(ops.IsNan()(z))); // [False False  True]
 * ```
 */
export const IsNan = elementwise('IsNan');
