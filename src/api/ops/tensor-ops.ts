/**
 * The primitives of `ops` that select, cast, reshape, slice and transpose tensors, or make ones and
 * zeros like them.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { resolveDType, type DTypeLike } from '../../kernels/index.js';
import { Tensor } from '../tensor.js';
import { primitive } from './primitive.js';
import { op, shardable } from './make.js';

/* eslint-disable @typescript-eslint/naming-convention */
/**
 * Select(cond, x, y).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * const cond = new Tensor([true, false, true]);
 * console.log(String(ops.Select()(cond, x, y))); // [-1.   0.5  2. ]
 * ```
 */
export const Select = () => shardable('Select', 'elementwise', 'cond:tensor x:tensor y:tensor', (cond: Tensor, x: Tensor, y: Tensor) => op('Select')([cond, x, y])[0]!);
/**
 * Cast(x, dtype).
 *
 * @example
 * ```ts
 * import { Tensor, mstype, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Cast()(x, mstype.int32))); // [-1  0  2]
 * ```
 */
export const Cast = () => shardable('Cast', 'same', 'input_x:tensor type:dtype', (x: Tensor, dtype: DTypeLike) => op('Cast', { attrs: { dtype: resolveDType(dtype, 'Cast') } })([x])[0]!);
/**
 * Reshape(x, shape).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const m = new Tensor(np.arange(6), 'float32');
 * console.log(String(ops.Reshape()(m, [2, 3]).shape)); // 2,3
 * ```
 */
export const Reshape = () => shardable('Reshape', 'whole', 'input_x:tensor input_shape:ints', (x: Tensor, shape: readonly number[]) => op('Reshape', { attrs: { shape: [...shape] } })([x])[0]!);
/**
 * Slice()(x, begin, size): the block of `x` starting at `begin`, `size` long in each dimension (-1: to
 * the end), as MindSpore's `P.Slice`.
 *
 * @throws {@link ArgumentTypeError} when begin or size is not a list of integers.
 * @throws {@link ArgumentValueError} when their lengths differ from x's rank, or the block does not fit.
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const m = new Tensor(np.arange(12).reshape(3, 4), 'float32');
 * console.log(String(ops.Slice()(m, [1, 1], [2, -1]))); // [[ 5.  6.  7.]\n [ 9. 10. 11.]]
 * ```
 */
export const Slice = () =>
  shardable('Slice', 'whole', 'input_x:tensor begin:any size:any', (x: Tensor, begin: readonly number[], size: readonly number[]) => {
    for (const [what, list] of [['begin', begin], ['size', size]] as const) {
      if (!Array.isArray(list) || list.some((v) => typeof v !== 'number' || !Number.isInteger(v))) throw new ArgumentTypeError(`For 'Slice', '${what}' must be a tuple of int, but got ${String(list)}.`);
      if (list.length !== x.shape.length) throw new ArgumentValueError(`For 'Slice', the length of '${what}' must be equal to the rank of 'input_x' ${x.shape.length}, but got ${list.length}.`);
    }
    const sizes = size.map((s, i) => (s === -1 ? x.shape[i]! - begin[i]! : s));
    sizes.forEach((s, i) => {
      if (begin[i]! < 0 || s < 0 || begin[i]! + s > x.shape[i]!) {
        throw new ArgumentValueError(`For 'Slice', the sliced shape can not be greater than origin shape, but got sliced shape is ${begin[i]! + s}, and origin shape is (${x.shape.join(', ')}).`);
      }
    });
    return op('Slice', { attrs: { begin: [...begin], size: sizes } })([x])[0]!;
  });
/** @internal the gradient of Slice: `dout` placed at `begin` in zeros shaped like `x` */
export const SliceGrad = () => primitive('SliceGrad', (dout: Tensor, x: Tensor, begin: readonly number[]) => op('SliceGrad', { attrs: { begin: [...begin] } })([dout, x])[0]!, { args: 'dout:tensor x:tensor begin:ints' });
/**
 * Transpose(x, perm).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const m = new Tensor(np.arange(6).reshape(2, 3), 'float32');
 * console.log(String(ops.Transpose()(m, [1, 0]).shape)); // 3,2
 * ```
 */
export const Transpose = () => shardable('Transpose', 'whole', 'input_x:tensor input_perm:ints', (x: Tensor, perm: readonly number[]) => op('Transpose', { attrs: { perm: [...perm] } })([x])[0]!);
/**
 * OnesLike(x).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.OnesLike()(x))); // [1. 1. 1.]
 * ```
 */
export const OnesLike = () => primitive('OnesLike', (x: Tensor) => op('OnesLike')([x])[0]!, { args: 'input_x:tensor' });
/**
 * ZerosLike(x).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.ZerosLike()(x))); // [0. 0. 0.]
 * ```
 */
export const ZerosLike = () => primitive('ZerosLike', (x: Tensor) => op('ZerosLike')([x])[0]!, { args: 'input_x:tensor' });
