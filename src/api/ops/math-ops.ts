/**
 * The reductions, softmaxes, matrix products and BiasAdd of `ops`.
 * @module
 */
import { type KernelDef } from '../../kernels/index.js';
import { Tensor } from '../tensor.js';
import { checkInt, checkedOptions, checkOptions } from './attr-checks.js';
import { kernel, op, promoted, shardable } from './make.js';

/* eslint-disable @typescript-eslint/naming-convention */
/** ReduceSum/ReduceMean/ReduceMax({ keepDims })(x, axis?). */
function reduce(name: string) {
  return (given?: { keepDims?: boolean }) => {
    const options = checkOptions(given, name);
    return shardable(name, name === 'ReduceMax' ? 'whole' : 'reduce', 'input_x:tensor axis:axis?', (x: Tensor, axis?: number | readonly number[]) => op(name, { attrs: { axis, keepDims: options.keepDims ?? false } })([x])[0]!, { keepDims: options.keepDims ?? false });
  };
}
/**
 * ReduceSum({ keepDims })(x, axis?): the sum over `axis` (every axis when omitted).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const m = new Tensor(np.arange(6).reshape(2, 3), 'float32');
 * console.log(String(ops.ReduceSum()(m, 1))); // [ 3. 12.]
 * ```
 */
export const ReduceSum = reduce('ReduceSum');
/**
 * ReduceMean({ keepDims })(x, axis?): the mean over `axis` (every axis when omitted).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const m = new Tensor(np.arange(6).reshape(2, 3), 'float32');
 * console.log(String(ops.ReduceMean({ keepDims: true })(m, 0))); // [[1.5 2.5 3.5]]
 * ```
 */
export const ReduceMean = reduce('ReduceMean');
/**
 * ReduceMax({ keepDims })(x, axis?): the maximum over `axis` (every axis when omitted).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const m = new Tensor(np.arange(6).reshape(2, 3), 'float32');
 * console.log(String(ops.ReduceMax()(m))); // 5.0
 * ```
 */
export const ReduceMax = reduce('ReduceMax');
/**
 * Argmax({ axis = -1 })(x): int32 indices.
 *
 * @throws {@link ArgumentTypeError} for an axis that is not an int (r1.5's message); a
 *   {@link ShapeError} at the call for an axis outside the input's rank.
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const m = new Tensor([[1, 5, 2], [7, 0, 3]], 'float32');
 * console.log(String(ops.Argmax()(m))); // [1 0]
 * ```
 */
export const Argmax = (given?: { axis?: number }) =>
  checkedOptions(given, 'Argmax', (options) => {
    const axis = checkInt(options.axis ?? -1, 'axis', 'Argmax'); // r1.5: check_value_type("axis", axis, [int])
    return shardable('Argmax', 'whole', 'input_x:tensor', (x: Tensor) => op('Argmax', { kernel: kernel('ArgMax'), attrs: { axis } })([x])[0]!);
  });
/**
 * AddN()([x1, x2, ...]).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.AddN()([x, y, x]))); // [1.  0.5 6. ]
 * ```
 */
export const AddN = () => shardable('AddN', 'whole', 'x:tensors', (xs: readonly Tensor[]) => op('AddN')([...xs])[0]!);
/**
 * Softmax({ axis = -1 }).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const l = new Tensor([1, 2, 3], 'float32');
 * console.log(String(ops.Softmax()(l))); // [0.09003057 0.24472848 0.66524094]
 * ```
 */
export const Softmax = (given?: { axis?: number }) => checkedOptions(given, 'Softmax', (options) => shardable('Softmax', 'whole', 'x:tensor', (x: Tensor) => op('Softmax', { attrs: { axis: options.axis ?? -1 } })([x])[0]!));
/**
 * LogSoftmax({ axis = -1 }).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const l = new Tensor([1, 2, 3], 'float32');
 * console.log(String(ops.LogSoftmax()(l))); // [-2.407606   -1.407606   -0.40760595]
 * ```
 */
export const LogSoftmax = (given?: { axis?: number }) => checkedOptions(given, 'LogSoftmax', (options) => shardable('LogSoftmax', 'whole', 'logits:tensor', (x: Tensor) => op('LogSoftmax', { attrs: { axis: options.axis ?? -1 } })([x])[0]!));
/**
 * SoftmaxCrossEntropyWithLogits()(logits, labels) → [loss, dlogits].
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const logits = new Tensor([[2, 1, 0.1]], 'float32');
 * const labels = new Tensor([[1, 0, 0]], 'float32');
 * console.log(String(ops.SoftmaxCrossEntropyWithLogits()(logits, labels)[0])); // [0.41702995]
 * ```
 */
export const SoftmaxCrossEntropyWithLogits = () =>
  shardable('SoftmaxCrossEntropyWithLogits', 'whole', 'logits:tensor labels:tensor', (logits: Tensor, labels: Tensor) => op('SoftmaxCrossEntropyWithLogits')([logits, labels]) as [Tensor, Tensor]);
/**
 * MatMul({ transposeA, transposeB }).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const a = new Tensor([[1, 2]], 'float32');
 * const b = new Tensor([[3, 4], [5, 6]], 'float32');
 * console.log(String(ops.MatMul({ transposeB: true })(a, b))); // [[11. 17.]]
 * ```
 */
export const MatMul = (given?: { transposeA?: boolean; transposeB?: boolean }) =>
  checkedOptions(given, 'MatMul', (options) => shardable('MatMul', 'matmul', 'x:tensor y:tensor', (x: Tensor, y: Tensor) => op('MatMul', { attrs: { ...options } })(promoted([x, y], { kernel: kernel('MatMul') as KernelDef<never>, attrs: options }))[0]!, { ...options }));
/**
 * BatchMatMul({ transposeA, transposeB }).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const a = new Tensor(np.ones([4, 2, 3]), 'float32');
 * console.log(String(ops.BatchMatMul({ transposeB: true })(a, a).shape)); // 4,2,2
 * ```
 */
export const BatchMatMul = (given?: { transposeA?: boolean; transposeB?: boolean }) =>
  checkedOptions(given, 'BatchMatMul', (options) => shardable('BatchMatMul', 'matmul', 'x:tensor y:tensor', (x: Tensor, y: Tensor) => op('BatchMatMul', { attrs: { ...options } })(promoted([x, y], { kernel: kernel('BatchMatMul') as KernelDef<never>, attrs: options }))[0]!, { ...options }));
/**
 * BiasAdd()(x, b).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const a = new Tensor(np.zeros([1, 3]), 'float32');
 * const b = new Tensor([1, 2, 3], 'float32');
 * console.log(String(ops.BiasAdd()(a, b))); // [[1. 2. 3.]]
 * ```
 */
export const BiasAdd = () => shardable('BiasAdd', 'bias-add', 'input_x:tensor bias:tensor', (x: Tensor, b: Tensor) => op('BiasAdd')([x, b])[0]!);
