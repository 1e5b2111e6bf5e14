/**
 * Shape primitives of r1.5's programs: ExpandDims, Squeeze (reshapes), Concat, Split and Tile.
 * @module
 */
import { ArgumentValueError, ShapeError } from '../../errors/index.js';
import { formatShape, kernelRegistry, type KernelDef } from '../../kernels/index.js';
import { record } from '../graph/executor.js';
import type { Tensor } from '../tensor.js';
import { checkInt, checkOptions, checkPositiveInt, valueTypeError } from './attr-checks.js';
import { primitive } from './primitive.js';

const kernel = (name: string): KernelDef<never> => kernelRegistry.find('*', name)!;

/**
 * ExpandDims()(x, axis): x with a dimension of 1 inserted at `axis` (-rank-1 to rank), as r1.5.
 *
 * @throws {@link ArgumentTypeError} for an axis that is not an int; {@link ArgumentValueError} out of range.
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(ops.ExpandDims()(new Tensor([1, 2], 'float32'), 0).shape); // [ 1, 2 ]
 * ```
 */
export const ExpandDims = () =>
  primitive('ExpandDims', (x: Tensor, axis: number) => {
    const rank = x.shape.length;
    checkInt(axis, 'axis', 'ExpandDims');
    if (axis < -rank - 1 || axis > rank) throw new ArgumentValueError(`For 'ExpandDims', the 'axis' must be in range [${-rank - 1}, ${rank}], but got ${axis}.`);
    const at = axis < 0 ? axis + rank + 1 : axis;
    const shape = [...x.shape.slice(0, at), 1, ...x.shape.slice(at)];
    return record('ExpandDims', [x], { kernel: kernel('Reshape'), attrs: { shape } })[0]!;
  }, { args: 'input_x:tensor axis:any' });

/**
 * Squeeze({ axis })(x): x without its dimensions of size 1 (only those in `axis` when given), as r1.5's
 * `P.Squeeze(axis=())`.
 *
 * @throws {@link ArgumentValueError} for an axis out of range or one whose size is not 1.
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * console.log(ops.Squeeze()(new Tensor(np.zeros([1, 3, 1]), 'float32')).shape); // [ 3 ]
 * ```
 */
export const Squeeze = (given?: { axis?: number | readonly number[] }) => {
  const o = checkOptions(given, 'Squeeze') as { axis?: number | readonly number[] };
  if (o.axis !== undefined && typeof o.axis !== 'number' && !Array.isArray(o.axis)) throw valueTypeError('Squeeze', 'axis', "one of ['int', 'tuple']", o.axis);
  const axes = o.axis === undefined ? [] : typeof o.axis === 'number' ? [o.axis] : [...o.axis];
  axes.forEach((a) => checkInt(a, 'axis', 'Squeeze'));
  return primitive('Squeeze', (x: Tensor) => {
    const rank = x.shape.length;
    const picked = axes.map((a) => {
      if (a < -rank || a >= rank) throw new ArgumentValueError(`For 'Squeeze', the 'axis' must be in range [${-rank}, ${rank}), but got ${a}.`);
      const k = a < 0 ? a + rank : a;
      if (x.shape[k] !== 1) throw new ShapeError(`For 'Squeeze', the shape of input_x at axis ${a} must be 1, but got ${x.shape[k]} (shape ${formatShape(x.shape)}).`);
      return k;
    });
    const shape = x.shape.filter((d, k) => (picked.length === 0 ? d !== 1 : !picked.includes(k)));
    return record('Squeeze', [x], { kernel: kernel('Reshape'), attrs: { shape, axis: picked } })[0]!;
  }, { args: 'input_x:tensor' });
};

/**
 * Concat({ axis })(tensors): the tensors joined along `axis` (0), as r1.5's `P.Concat(axis=0)`.
 *
 * @throws {@link ArgumentTypeError} when not given a list of Tensors; {@link ShapeError} / {@link DTypeError}
 *   when their shapes or dtypes do not match.
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.Concat()([new Tensor([1, 2], 'float32'), new Tensor([3], 'float32')]))); // [1. 2. 3.]
 * ```
 */
export const Concat = (given?: { axis?: number }) => {
  const axis = checkInt((checkOptions(given, 'Concat') as { axis?: number }).axis ?? 0, 'axis', 'Concat');
  return primitive('Concat', (xs: readonly Tensor[]) => record('Concat', [...xs], { kernel: kernel('Concat'), attrs: { axis } })[0]!, { args: 'input_x:tensors' });
};

/**
 * Split({ axis, outputNum })(x): `outputNum` equal parts along `axis`, as r1.5's `P.Split(axis=0, output_num=1)`.
 *
 * @throws {@link ArgumentValueError} for an output_num below 1; {@link ShapeError} when the axis does not divide.
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(ops.Split({ outputNum: 2 })(new Tensor([1, 2, 3, 4], 'float32')).map(String)); // [ '[1. 2.]', '[3. 4.]' ]
 * ```
 */
export const Split = (given?: { axis?: number; outputNum?: number }) => {
  const o = checkOptions(given, 'Split') as { axis?: number; outputNum?: number };
  const axis = checkInt(o.axis ?? 0, 'axis', 'Split');
  const outputNum = checkPositiveInt(o.outputNum ?? 1, 'output_num', 'Split');
  return primitive('Split', (x: Tensor) => record('Split', [x], { kernel: kernel('Split'), attrs: { axis, outputNum } }), { args: 'input_x:tensor' });
};

/**
 * Tile()(x, multiples): x repeated `multiples[i]` times along each axis, as r1.5's `P.Tile` (numpy.tile).
 *
 * @throws {@link ArgumentTypeError} when multiples is not a tuple of ints; {@link ArgumentValueError} for
 *   one below 1; {@link ShapeError} for fewer multiples than x has axes.
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.Tile()(new Tensor([1, 2], 'float32'), [2]))); // [1. 2. 1. 2.]
 * ```
 */
export const Tile = () =>
  primitive('Tile', (x: Tensor, multiples: readonly number[]) => {
    multiples.forEach((m, i) => checkPositiveInt(m, `multiples[${i}]`, 'Tile'));
    return record('Tile', [x], { kernel: kernel('Tile'), attrs: { multiples: [...multiples] } })[0]!;
  }, { args: 'input_x:tensor multiples:ints' });

/**
 * OneHot({ axis })(indices, depth, onValue, offValue): a new axis of `depth` at `axis` (-1: last),
 * `onValue` where the index equals the position, else `offValue`, as r1.5's `P.OneHot(axis=-1)`.
 *
 * @throws {@link ArgumentTypeError} for an axis or depth that is not an int; {@link ArgumentValueError}
 *   for a negative depth; {@link DTypeError} for indices that are not int32/int64 or values that are
 *   not one float16/float32 dtype; {@link ShapeError} for an axis out of range.
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const on = new Tensor(1, 'float32');
 * const off = new Tensor(0, 'float32');
 * console.log(String(ops.OneHot()(new Tensor([0, 2], 'int32'), 3, on, off))); // [[1. 0. 0.]\n [0. 0. 1.]]
 * ```
 */
export const OneHot = (given?: { axis?: number }) => {
  const axis = checkInt((checkOptions(given, 'OneHot') as { axis?: number }).axis ?? -1, 'axis', 'OneHot');
  return primitive('OneHot', (indices: Tensor, depth: number, onValue: Tensor, offValue: Tensor) => {
    checkInt(depth, 'depth', 'OneHot');
    if (depth < 0) throw new ArgumentValueError(`For 'OneHot', the 'depth value' must be >= 0, but got ${depth}.`);
    return record('OneHot', [indices, onValue, offValue], { kernel: kernel('OneHot'), attrs: { depth, axis } })[0]!;
  }, { args: 'indices:tensor depth:any on_value:tensor off_value:tensor' });
};
