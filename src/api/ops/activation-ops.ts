/**
 * The activation primitives of `ops` (elementwise) and their gradients.
 * @module
 */
import { elementwise } from './make.js';

/* eslint-disable @typescript-eslint/naming-convention */
/**
 * max(x, 0), elementwise (NaN stays NaN).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.ReLU()(x))); // [0. 0. 2.]
 * ```
 */
export const ReLU = elementwise('ReLU');
/**
 * 1 / (1 + exp(-x)), elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Sigmoid()(x))); // [0.26894143 0.5        0.8807971 ]
 * ```
 */
export const Sigmoid = elementwise('Sigmoid');
/**
 * The hyperbolic tangent, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Tanh()(x))); // [-0.7615942  0.         0.9640276]
 * ```
 */
export const Tanh = elementwise('Tanh');
/**
 * min(max(x, 0), 6), elementwise (NaN stays NaN).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.ReLU6()(new Tensor([-1, 3, 9], 'float32')))); // [0. 3. 6.]
 * ```
 */
export const ReLU6 = elementwise('ReLU6');
/**
 * GeLU: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), r1.5's `P.GeLU` (the tanh approximation, in float32
 * steps as its CPU kernel).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.GeLU()(new Tensor([-1, 0, 2], 'float32')))); // [-0.158808   0.         1.9545977]
 * ```
 */
export const GeLU = elementwise('GeLU');
/**
 * ReluGrad(dy, y).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const dy = new Tensor([5, 6, 7], 'float32');
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.ReluGrad()(dy, x))); // [0. 0. 7.]
 * ```
 */
export const ReluGrad = elementwise('ReluGrad');
/**
 * SigmoidGrad(y, dy).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const y = new Tensor([0.5, 0.25, 0.9], 'float32');
 * const dy = new Tensor([1, 2, 1], 'float32');
 * console.log(String(ops.SigmoidGrad()(y, dy))); // [0.25       0.375      0.09000002]
 * ```
 */
export const SigmoidGrad = elementwise('SigmoidGrad');
/**
 * TanhGrad(y, dy).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const y = new Tensor([0, 0.5, -0.5], 'float32');
 * const dy = new Tensor([1, 2, 1], 'float32');
 * console.log(String(ops.TanhGrad()(y, dy))); // [1.   1.5  0.75]
 * ```
 */
export const TanhGrad = elementwise('TanhGrad');
/**
 * GeLUGrad(dy, x): GeLU's gradient, r1.5's `G.GeLUGrad` (its CPU kernel reads dy and x only).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.GeLUGrad()(new Tensor([1, 1], 'float32'), new Tensor([0, 2], 'float32')))); // [0.5       1.0860993]
 * ```
 */
export const GeLUGrad = elementwise('GeLUGrad');
