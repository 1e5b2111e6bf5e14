/**
 * Tensor's r1.5 methods that run ops on the device (`astype`, `reshape`, `transpose`, `sum`, `mean`,
 * `max`, ...), as TensorFlow.js's chained ops are: declared on Tensor by module augmentation and
 * installed on its prototype when this module loads (the package entry loads it). They live here, not
 * in tensor.ts, because the ops import Tensor: tensor.ts importing them would be an import cycle.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, DTypeError } from '../errors/index.js';
import { normaliseAxes, resolveDType, type DTypeLike } from '../kernels/index.js';
import * as ops from './ops/index.js';
import { Fill } from './ops/constants.js';
import { ExpandDims, Squeeze } from './ops/array.js';
import { releasedOnThrow } from './memory.js';
import { pythonType } from './python-type.js';
import { Tensor } from './tensor.js';
import { NDArray } from './numpy/ndarray.js';

/** An axis argument as r1.5 takes it: an int, a list of ints, or none / () for every axis. */
export type AxisArg = number | readonly number[] | null | undefined;

declare module './tensor.js' {
  interface Tensor {
    /**
     * The tensor cast to `dtype`, as r1.5's `Tensor.astype(dtype)` (a Cast op).
     *
     * @throws {@link DTypeError} for an unknown dtype.
     * @example
     * ```ts
     * import { Tensor } from 'mindsim';
     * console.log(String(new Tensor([1.7, -2.2], 'float32').astype('int32'))); // [ 1 -2]
     * ```
     */
    astype(dtype: DTypeLike): Tensor;
    /**
     * The tensor in a new shape (one -1 dimension inferred), as r1.5's `Tensor.reshape(*shape)`: the
     * shape as arguments or one list.
     *
     * @throws {@link ShapeError} when the sizes differ.
     * @example
     * ```ts
     * import { Tensor, np } from 'mindsim';
     * console.log(new Tensor(np.arange(6)).reshape(2, -1).shape, new Tensor(np.arange(6)).reshape([3, 2]).shape); // [ 2, 3 ] [ 3, 2 ]
     * ```
     */
    reshape(...shape: (number | readonly number[])[]): Tensor;
    /**
     * As {@link Tensor.reshape} (r1.5's `Tensor.view`).
     *
     * @example
     * ```ts
     * import { Tensor, np } from 'mindsim';
     * console.log(new Tensor(np.arange(4)).view(2, 2).shape); // [ 2, 2 ]
     * ```
     */
    view(...shape: (number | readonly number[])[]): Tensor;
    /**
     * The axes permuted (reversed when none are given), as r1.5's `Tensor.transpose(*axes)`.
     *
     * @example
     * ```ts
     * import { Tensor, np } from 'mindsim';
     * console.log(new Tensor(np.ones([2, 3, 4])).transpose().shape, new Tensor(np.ones([2, 3, 4])).transpose(0, 2, 1).shape); // [ 4, 3, 2 ] [ 2, 4, 3 ]
     * ```
     */
    transpose(...axes: (number | readonly number[])[]): Tensor;
    /**
     * The tensor as one dimension, as r1.5's `Tensor.flatten()`.
     *
     * @example
     * ```ts
     * import { Tensor, np } from 'mindsim';
     * console.log(new Tensor(np.ones([2, 3])).flatten().shape); // [ 6 ]
     * ```
     */
    flatten(): Tensor;
    /**
     * As {@link Tensor.flatten} (r1.5's `Tensor.ravel`).
     *
     * @example
     * ```ts
     * import { Tensor, np } from 'mindsim';
     * console.log(new Tensor(np.ones([2, 3])).ravel().shape); // [ 6 ]
     * ```
     */
    ravel(): Tensor;
    /**
     * Dimensions of size 1 removed (only `axis` when given), as r1.5's `Tensor.squeeze(axis=None)`.
     *
     * @throws {@link ShapeError} for an axis whose size is not 1.
     * @example
     * ```ts
     * import { Tensor, np } from 'mindsim';
     * console.log(new Tensor(np.ones([1, 3, 1])).squeeze().shape, new Tensor(np.ones([1, 3, 1])).squeeze(0).shape); // [ 3 ] [ 3, 1 ]
     * ```
     */
    squeeze(axis?: AxisArg): Tensor;
    /**
     * A dimension of size 1 inserted at `axis`, as r1.5's `Tensor.expand_dims(axis)`.
     *
     * @example
     * ```ts
     * import { Tensor, np } from 'mindsim';
     * console.log(new Tensor(np.ones([3])).expandDims(0).shape); // [ 1, 3 ]
     * ```
     */
    expandDims(axis: number): Tensor;
    /**
     * Two axes exchanged, as r1.5's `Tensor.swapaxes(axis1, axis2)`.
     *
     * @example
     * ```ts
     * import { Tensor, np } from 'mindsim';
     * console.log(new Tensor(np.ones([2, 3, 4])).swapaxes(0, 2).shape); // [ 4, 3, 2 ]
     * ```
     */
    swapaxes(axis1: number, axis2: number): Tensor;
    /**
     * The sum over `axis` (every axis by default), as r1.5's `Tensor.sum(axis=None, keepdims=False)`.
     *
     * @example
     * ```ts
     * import { Tensor, np } from 'mindsim';
     * const x = new Tensor(np.arange(6).reshape([2, 3]), 'float32');
     * console.log(String(x.sum()), String(x.sum(1)), x.sum(0, true).shape); // 15.0 [ 3. 12.] [ 1, 3 ]
     * ```
     */
    sum(axis?: AxisArg, keepdims?: boolean): Tensor;
    /**
     * The mean over `axis` (every axis by default), as r1.5's `Tensor.mean(axis=(), keep_dims=False)`.
     *
     * @example
     * ```ts
     * import { Tensor, np } from 'mindsim';
     * console.log(String(new Tensor(np.arange(6).reshape([2, 3]), 'float32').mean(0))); // [1.5 2.5 3.5]
     * ```
     */
    mean(axis?: AxisArg, keepDims?: boolean): Tensor;
    /**
     * The maximum over `axis` (every axis by default), as r1.5's `Tensor.max(axis=None, keepdims=False)`.
     *
     * @example
     * ```ts
     * import { Tensor } from 'mindsim';
     * console.log(String(new Tensor([[1, 5], [3, 2]], 'float32').max(1))); // [5. 3.]
     * ```
     */
    max(axis?: AxisArg, keepdims?: boolean): Tensor;
    /**
     * The minimum over `axis` (every axis by default), as r1.5's `Tensor.min(axis=None, keepdims=False)`.
     *
     * @example
     * ```ts
     * import { Tensor } from 'mindsim';
     * console.log(String(new Tensor([[1, 5], [3, 2]], 'float32').min())); // 1.0
     * ```
     */
    min(axis?: AxisArg, keepdims?: boolean): Tensor;
    /**
     * |x|, as r1.5's `Tensor.abs()`.
     *
     * @example
     * ```ts
     * import { Tensor } from 'mindsim';
     * console.log(String(new Tensor([-1.5, 2], 'float32').abs())); // [1.5 2. ]
     * ```
     */
    abs(): Tensor;
    /**
     * Whether every element (over `axis`) is true, as r1.5's `Tensor.all(axis=(), keep_dims=False)` (bool tensors).
     *
     * @throws {@link DTypeError} for a tensor that is not bool (r1.5's ReduceAll takes bool only).
     * @example
     * ```ts
     * import { Tensor } from 'mindsim';
     * console.log(String(new Tensor([[true, false], [true, true]]).all(1))); // [False  True]
     * ```
     */
    all(axis?: AxisArg, keepDims?: boolean): Tensor;
    /**
     * Whether any element (over `axis`) is true, as r1.5's `Tensor.any(axis=(), keep_dims=False)` (bool tensors).
     *
     * @throws {@link DTypeError} for a tensor that is not bool.
     * @example
     * ```ts
     * import { Tensor } from 'mindsim';
     * console.log(String(new Tensor([[true, false], [false, false]]).any(1))); // [ True False]
     * ```
     */
    any(axis?: AxisArg, keepDims?: boolean): Tensor;
    /**
     * One element as a 0-d Tensor (the only one when no index is given), as r1.5's `Tensor.item(index=None)`.
     *
     * @throws {@link ArgumentValueError} without an index on a tensor of more than one element, or for an index out of range.
     * @example
     * ```ts
     * import { Tensor } from 'mindsim';
     * const x = new Tensor([[1, 2], [3, 4]], 'float32');
     * console.log(String(x.item(3)), String(x.item([1, 0])), x.item(0).shape); // 4.0 3.0 []
     * ```
     */
    item(index?: number | readonly number[]): Tensor;
    /**
     * A copy of the tensor's values (read to the host), as r1.5's `Tensor.copy()`.
     *
     * @example
     * ```ts
     * import { Tensor } from 'mindsim';
     * const x = new Tensor([1, 2], 'float32');
     * console.log(String(x.copy()), x.copy() !== x); // [1. 2.] true
     * ```
     */
    copy(): Tensor;
    /**
     * A new tensor of this shape and dtype filled with `value` (r1.5's `Tensor.fill` also returns a new one).
     *
     * @example
     * ```ts
     * import { Tensor } from 'mindsim';
     * console.log(String(new Tensor([1, 2], 'float32').fill(7))); // [7. 7.]
     * ```
     */
    fill(value: number | boolean): Tensor;
    /**
     * Values limited to [xmin, xmax] (either may be null), as r1.5's `Tensor.clip(xmin, xmax)`.
     *
     * @throws {@link ArgumentValueError} when both bounds are null.
     * @example
     * ```ts
     * import { Tensor } from 'mindsim';
     * console.log(String(new Tensor([-2, 0.5, 3], 'float32').clip(0, 1))); // [0.  0.5 1. ]
     * ```
     */
    clip(xmin: number | Tensor | null, xmax: number | Tensor | null): Tensor;
    /**
     * The index of the maximum along `axis` (of the flattened tensor by default), as r1.5's `Tensor.argmax(axis=None)`.
     *
     * @example
     * ```ts
     * import { Tensor } from 'mindsim';
     * console.log(String(new Tensor([[1, 5], [7, 2]], 'float32').argmax()), String(new Tensor([[1, 5], [7, 2]], 'float32').argmax(1))); // 2 [1 0]
     * ```
     */
    argmax(axis?: number | null): Tensor;
  }
}

/** A shape or axes given as arguments or as one list. */
function listArg(args: readonly (number | readonly number[])[], api: string): number[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly number[]) : (args as readonly number[]);
  if (!list.every((v) => typeof v === 'number' && Number.isInteger(v))) throw new ArgumentTypeError(`For '${api}', the arguments must be ints or one tuple of ints, but got ${pythonType(args)}.`);
  return [...list];
}

/** The axes of an axis argument (undefined for every axis). */
function axesOf(axis: AxisArg, api: string): number | number[] | undefined {
  if (axis === null || axis === undefined) return undefined;
  if (typeof axis === 'number') return axis;
  if (Array.isArray(axis)) return axis.length === 0 ? undefined : listArg([axis], api);
  throw new ArgumentTypeError(`For '${api}', the 'axis' must be an int, a tuple of ints or None, but got ${pythonType(axis)}.`);
}

const reduce = (prim: 'ReduceSum' | 'ReduceMean' | 'ReduceMax', x: Tensor, axis: AxisArg, keepDims: boolean | undefined, api: string): Tensor => {
  const axes = axesOf(axis, api);
  const op = ops[prim]({ keepDims: keepDims ?? false });
  return axes === undefined ? op(x) : op(x, axes);
};

function boolReduce(x: Tensor, axis: AxisArg, keepDims: boolean | undefined, api: 'all' | 'any'): Tensor {
  if (x.dtype.kind !== 'bool') throw new DTypeError(`For '${api === 'all' ? 'ReduceAll' : 'ReduceAny'}', the 'x' should be Bool, but got ${x.dtype.msName}.`);
  normaliseAxes(axesOf(axis, api), x.shape.length, api === 'all' ? 'ReduceAll' : 'ReduceAny'); // checked before anything is recorded
  // count the false (all) or true (any) elements, exactly in float32 below 2^24 elements
  const counted = ops.Cast()(api === 'all' ? ops.LogicalNot()(x) : x, 'float32');
  const n = reduce('ReduceSum', counted, axis, keepDims, api);
  return api === 'all' ? ops.Equal()(n, 0) : ops.Greater()(n, 0);
}

const methods: ThisType<Tensor> & Record<string, (this: Tensor, ...args: never[]) => Tensor> = {
  astype(dtype: DTypeLike) {
    return ops.Cast()(this, resolveDType(dtype, 'astype'));
  },
  reshape(...shape: (number | readonly number[])[]) {
    return ops.Reshape()(this, listArg(shape, 'reshape'));
  },
  view(...shape: (number | readonly number[])[]) {
    return ops.Reshape()(this, listArg(shape, 'view'));
  },
  transpose(...axes: (number | readonly number[])[]) {
    const perm = axes.length === 0 ? this.shape.map((_, i) => this.shape.length - 1 - i) : listArg(axes, 'transpose');
    return ops.Transpose()(this, perm);
  },
  flatten() {
    return ops.Reshape()(this, [-1]);
  },
  ravel() {
    return ops.Reshape()(this, [-1]);
  },
  squeeze(axis?: AxisArg) {
    const axes = axesOf(axis, 'squeeze');
    return Squeeze({ axis: axes === undefined ? [] : axes })(this);
  },
  expandDims(axis: number) {
    return ExpandDims()(this, axis);
  },
  swapaxes(axis1: number, axis2: number) {
    const rank = this.shape.length;
    const norm = (a: number, name: string) => {
      if (typeof a !== 'number' || !Number.isInteger(a) || a < -rank || a >= rank) throw new ArgumentValueError(`For 'swapaxes', the '${name}' must be in range [${-rank}, ${rank}), but got ${String(a)}.`);
      return a < 0 ? a + rank : a;
    };
    const [a, b] = [norm(axis1, 'axis1'), norm(axis2, 'axis2')];
    const perm = this.shape.map((_, i) => (i === a ? b : i === b ? a : i));
    return ops.Transpose()(this, perm);
  },
  sum(axis?: AxisArg, keepdims?: boolean) {
    return reduce('ReduceSum', this, axis, keepdims, 'sum');
  },
  mean(axis?: AxisArg, keepDims?: boolean) {
    return reduce('ReduceMean', this, axis, keepDims, 'mean');
  },
  max(axis?: AxisArg, keepdims?: boolean) {
    return reduce('ReduceMax', this, axis, keepdims, 'max');
  },
  min(axis?: AxisArg, keepdims?: boolean) {
    normaliseAxes(axesOf(axis, 'min'), this.shape.length, 'ReduceMax'); // checked before anything is recorded
    if (this.dtype.kind === 'bool') throw new DTypeError(`For 'min', bool tensors are not supported (ReduceMin takes numbers), but got ${this.dtype.msName}.`);
    // -max(-x): exact for floats (negation is exact)
    return ops.Neg()(reduce('ReduceMax', ops.Neg()(this), axis, keepdims, 'min'));
  },
  abs() {
    return ops.Abs()(this);
  },
  all(axis?: AxisArg, keepDims?: boolean) {
    return boolReduce(this, axis, keepDims, 'all');
  },
  any(axis?: AxisArg, keepDims?: boolean) {
    return boolReduce(this, axis, keepDims, 'any');
  },
  item(index?: number | readonly number[]) {
    const n = this.size;
    let flat: number;
    if (index === undefined || index === null) {
      if (n !== 1) throw new ArgumentValueError('can only convert an array of size 1 to a Python scalar');
      flat = 0;
    } else if (typeof index === 'number') {
      if (!Number.isInteger(index) || index < -n || index >= n) throw new ArgumentValueError(`index ${String(index)} is out of bounds for size ${n}`);
      flat = index < 0 ? index + n : index;
    } else {
      const idx = listArg([index], 'item');
      if (idx.length !== this.shape.length) throw new ArgumentValueError('incorrect number of indices for array');
      flat = idx.reduce((at, v, k) => {
        const d = this.shape[k]!;
        if (v < -d || v >= d) throw new ArgumentValueError(`index ${v} is out of bounds for axis ${k} with size ${d}`);
        return at * d + (v < 0 ? v + d : v);
      }, 0);
    }
    return ops.Reshape()(ops.Slice()(ops.Reshape()(this, [n]), [flat], [1]), []);
  },
  copy() {
    const a = this.asnumpy();
    return new Tensor(new NDArray(a.data.slice() as typeof a.data, [...a.shape], a.dtype));
  },
  fill(value: number | boolean) {
    return Fill()(this.dtype, [...this.shape], value);
  },
  clip(xmin: number | Tensor | null, xmax: number | Tensor | null) {
    if ((xmin === null || xmin === undefined) && (xmax === null || xmax === undefined)) throw new ArgumentValueError('One of max or min must be given.');
    for (const [name, v] of [['xmin', xmin], ['xmax', xmax]] as const) {
      if (v !== null && v !== undefined && typeof v !== 'number' && !(v instanceof Tensor)) throw new ArgumentTypeError(`For 'clip', the '${name}' must be a number, a Tensor or None, but got ${pythonType(v)}.`);
    }
    // a Minimum that refuses its operands releases the Maximum recorded before it
    return releasedOnThrow('a refused clip', () => {
      let y: Tensor = this;
      if (xmin !== null && xmin !== undefined) y = ops.Maximum()(y, xmin);
      if (xmax !== null && xmax !== undefined) y = ops.Minimum()(y, xmax);
      return y;
    });
  },
  argmax(axis?: number | null) {
    if (axis !== null && axis !== undefined) return ops.Argmax({ axis })(this);
    // the flattened tensor's: what Argmax refuses is refused before the Reshape is recorded
    if (this.dtype.kind === 'bool') throw new DTypeError('Argmax: Bool inputs are not supported');
    if (this.size === 0) throw new ArgumentValueError('Argmax: attempt to get argmax of an empty sequence');
    return ops.Argmax({ axis: 0 })(ops.Reshape()(this, [-1]));
  },
};

for (const [name, fn] of Object.entries(methods)) Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true });
