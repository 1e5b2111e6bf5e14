/**
 * `Tensor`: a dtype, a shape and data — or, for a tensor made by `initializer(...)`, only the shape,
 * the dtype and the initializer (no buffer at all) until `initData()`.
 *
 * Data is held on the host here; the op executor (a later step) moves it to the context's device.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, ShapeError } from '../errors/index.js';
import {
  DTYPES, castArray, checkShape, formatShape, resolveDType, sizeOf, type DType, type DTypeLike, type Shape, type TypedArray,
} from '../kernels/index.js';
import { NDArray, array as npArray, type ArrayInput } from './numpy/index.js';
import { type Initializer, initializerFromName, Constant } from './initializers/index.js';
import { pythonType } from './python-type.js';

/** What a Tensor is built from. */
export type TensorInput = ArrayInput | Tensor;

/** How a value becomes a tensor when no dtype is given: number → Float64, bigint → Int64, boolean → Bool. */
function hostArray(input: ArrayInput, dtype: DType | undefined): NDArray {
  if (typeof input === 'number' && dtype === undefined) return npArray(input, 'float64');
  return npArray(input, dtype);
}

/**
 * A tensor.
 *
 * @example
 * ```ts
 * import { Tensor, np, mstype } from 'mindsim';
 * const t = new Tensor(np.arange(6).reshape(2, 3));
 * console.log(String(t.dtype), t.shape, String(t)); // Int64 [ 2, 3 ] [[0 1 2]\n [3 4 5]]
 * console.log(String(new Tensor(2.5).dtype), String(new Tensor([1, 2], mstype.float16).dtype)); // Float64 Float16
 * ```
 */
export class Tensor {
  /** The dimensions. */
  shape: number[];
  /** The element type, as MindSpore prints it (`Float32`). */
  dtype: DType;
  /** The data (C order), or null while the tensor is lazy. */
  protected storage: TypedArray | null;
  /** The initializer of a lazy tensor. */
  protected lazyInit: Initializer | null;

  /**
   * @param input - data: an NDArray, a typed array, nested arrays, a number (Float64), a bigint (Int64),
   *   a boolean, or another Tensor (copied). Omit it to make a lazy tensor with `options.init`.
   * @param dtype - cast the data to this dtype.
   * @throws {@link ArgumentTypeError} / {@link ArgumentValueError} for data np.array rejects, or a lazy
   *   tensor without shape and init.
   */
  constructor(input?: TensorInput, dtype?: DTypeLike, options: { shape?: Shape; init?: Initializer | string } = {}) {
    const dt = dtype === undefined ? undefined : resolveDType(dtype, 'Tensor');
    if (input === undefined) {
      if (!options.init || !options.shape || !dt) {
        throw new ArgumentValueError('Tensor: without input data, dtype, shape and init are all required');
      }
      this.shape = checkShape([...options.shape], 'Tensor');
      this.dtype = dt;
      this.storage = null;
      this.lazyInit = typeof options.init === 'string' ? initializerFromName(options.init) : options.init;
      return;
    }
    if (input instanceof Tensor) {
      const data = input.materialised();
      this.shape = [...input.shape];
      this.dtype = dt ?? input.dtype;
      this.storage = castArray(data, input.dtype, this.dtype);
      this.lazyInit = null;
      return;
    }
    const a = hostArray(input, dt);
    this.shape = [...a.shape];
    this.dtype = a.dtypeInfo;
    this.storage = a.data;
    this.lazyInit = null;
  }

  /** True while the tensor is lazy (made by `initializer`, not yet initialised). */
  get hasInit(): boolean {
    return this.lazyInit !== null;
  }

  /** The number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /** The number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /**
   * Materialises a lazy tensor (once: the initializer draws now); returns this tensor.
   *
   * @example
   * ```ts
   * import { initializer } from 'mindsim';
   * const t = initializer('ones', [2], 'float32');
   * console.log(t.hasInit, String(t.initData()), t.hasInit); // true [1. 1.] false
   * ```
   */
  initData(): this {
    if (this.lazyInit) {
      this.storage = this.lazyInit.generate(this.shape, this.dtype);
      this.lazyInit = null;
    }
    return this;
  }

  /** The data as a host array (a copy), initialising a lazy tensor first. */
  asnumpy(): NDArray {
    return new NDArray(this.materialised().slice(), this.shape, this.dtype);
  }

  /** numpy's text of the data (a lazy tensor shows its shape, dtype and initializer instead). */
  toString(): string {
    if (this.lazyInit) return `Tensor(shape=${formatShape(this.shape)}, dtype=${this.dtype}, init=${this.lazyInit.name})`;
    return new NDArray(this.materialised(), this.shape, this.dtype).toString();
  }

  /** @internal the data, materialising a lazy tensor */
  materialised(): TypedArray {
    this.initData();
    return this.storage!;
  }

  /** @internal replaces the data (same element count) */
  protected replaceData(shape: number[], dtype: DType, data: TypedArray | null, init: Initializer | null): void {
    this.shape = shape;
    this.dtype = dtype;
    this.storage = data;
    this.lazyInit = init;
  }

  /** @internal a lazy tensor's initializer */
  pendingInit(): Initializer | null {
    return this.lazyInit;
  }
}

/**
 * A lazy tensor of `shape` and `dtype` that `init` fills on `initData()` (MindSpore's `initializer`).
 * A Tensor passed as `init` is returned as it is (its shape must equal `shape`); a number means
 * `Constant(number)`; a string names an initializer (case-insensitive).
 *
 * @throws {@link ArgumentTypeError} when init is not a Tensor, number, string or Initializer.
 * @throws {@link ArgumentValueError} for a dimension that is not a positive integer, or an unknown name.
 * @throws {@link ShapeError} when a Tensor's shape differs from `shape`.
 * @example
 * ```ts
 * import { initializer, mstype } from 'mindsim';
 * const t = initializer('normal', [1e9], mstype.float32); // no buffer: shape and dtype only
 * console.log(t.hasInit, t.shape); // true [ 1000000000 ]
 * ```
 */
export function initializer(init: Tensor | number | string | Initializer, shape: number | readonly number[], dtype: DTypeLike = DTYPES.float32): Tensor {
  const dims = typeof shape === 'number' ? [shape] : Array.isArray(shape) ? [...shape] : null;
  if (!dims || dims.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d <= 0)) {
    throw new ArgumentValueError(`The argument 'shape' is invalid, the value of 'shape' must be positive integer, but got ${Array.isArray(shape) ? formatShape(shape) : String(shape)}`);
  }
  if (init instanceof Tensor) {
    if (formatShape(init.shape) !== formatShape(dims)) {
      throw new ShapeError(`The shape of init ${formatShape(init.shape)} should be equal to the shape ${formatShape(dims)}.`);
    }
    return init;
  }
  const dt = resolveDType(dtype, 'initializer');
  if (typeof init === 'number') return new Tensor(undefined, dt, { shape: dims, init: new Constant(init) });
  if (typeof init === 'string') return new Tensor(undefined, dt, { shape: dims, init: initializerFromName(init) });
  if (init !== null && typeof init === 'object' && typeof (init as Initializer).generate === 'function') {
    return new Tensor(undefined, dt, { shape: dims, init });
  }
  throw new ArgumentTypeError(`The type of the 'init' argument should be 'Tensor', 'number', 'string' or 'Initializer', but got ${pythonType(init)}.`);
}
