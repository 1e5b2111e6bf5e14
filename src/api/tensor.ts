/**
 * `Tensor`: a handle on data — a dtype and a shape, and the data, which may be on the host, on a
 * device, still to be produced by an op, or (for a tensor made by `initializer(...)`) only an
 * initializer with no buffer at all until `initData()`. Several handles may share one data (`depend`
 * returns a new handle on its value's data, ordered after another op).
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, DeviceError, ShapeError } from '../errors/index.js';
import type { Allocation, Device } from '../runtime/index.js';
import {
  DTYPES, castArray, type KTensor, checkShape, describeValue, formatShape, resolveDType, sizeOf, type DType, type DTypeLike, type Shape, type TypedArray,
} from '../kernels/index.js';
import { NDArray, array as npArray, type ArrayInput } from './numpy/index.js';
import { type Initializer, initializerFromName, Constant } from './initializers/index.js';
import { pythonType } from './python-type.js';
import { currentContext, type ExecutionContext } from './execution-context.js';
import { isReleased, requestRelease, type ReleaseKind } from './graph/release.js';

/** What a Tensor is built from. */
export type TensorInput = ArrayInput | Tensor;

/** Something that runs before a tensor's consumers (an op node of the executor). */
export interface OrderingNode {
  /** Unique id (program order). */
  readonly id: number;
}

/**
 * @internal Who holds a tensor's data on a device, or will produce it: the executor of one context's
 * machine. Reading the data asks it to run what is pending and copy the data to the host.
 */
export interface DataOwner {
  /** The context whose machine holds the data. */
  readonly context: ExecutionContext;
  /**
   * Runs what `t` waits for and copies its data to the host: kept as its `storage` (`hostValid`), or
   * with `keep` false only returned.
   */
  sync(t: Tensor, keep?: boolean): TypedArray;
}

/**
 * @internal The data behind one or more tensor handles. The host copy is valid when `hostValid`; the
 * device copy when `buffer` is set; `producer` is the op node that writes it while that has not run;
 * `owner` the executor whose device holds the data or whose op produces it.
 */
export class TensorData {
  /** A Parameter's data: never released with a scope. */
  persistent = false;
  /** Why its device data was released (reading it is then an error), or null. */
  released: string | null = null;
  /** The run-time failure of the op that was to produce it (reading it raises it), or null. */
  failure: Error | null = null;
  /** Its device's reset count when it was placed there (a later reset means the device copy is gone). */
  generation = 0;
  /** Recorded ops that read it and have not run (see graph/release.ts). */
  uses = 0;
  /** A release asked for and waiting for those ops (null: none). */
  releaseKind: ReleaseKind | null = null;
  /** Why it is to be released (what reading it afterwards says). */
  releaseWhy: string | null = null;
  /** An op's own input (a scalar it converted): released with the first op that reads it. */
  singleUse = false;
  /** Its upload to the device is in flight (its buffer cannot go before it lands). */
  uploading = false;
  storage: TypedArray | null = null;
  hostValid = false;
  lazyInit: Initializer | null = null;
  device: Device | null = null;
  buffer: Allocation | null = null;
  /** The executor's typed view of `buffer` (made once per buffer). */
  bufferView: KTensor | null = null;
  /** An offload asked for (release kind `host`): the dtype and element count its host copy takes. */
  hostLayout: { readonly dtype: DType; readonly size: number } | null = null;
  producer: OrderingNode | null = null;
  owner: DataOwner | null = null;

  constructor() {
    currentContext().dataScopes.add(this); // the current context's open step scopes list it
  }
}

/** The empty ordering list shared by handles with none (a list is only ever replaced, never mutated). */
const NO_NODES: readonly OrderingNode[] = Object.freeze([]);

/**
 * The constructor argument that makes a bare handle, its fields set by the caller (pending, withData,
 * alias): every Tensor then has the class's one object shape. (Object.create made handles a second
 * shape, so every read of `data_` was polymorphic, and cost a generic builtin call: together about 7 %
 * of a tiny op's instructions, counted with scripts/instructions-per-op.sh.)
 */
const HANDLE: unknown = Object.freeze({});

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
  // (set by every constructor path, a bare handle's by its maker: see HANDLE)
  /** The dimensions. */
  shape!: number[];
  /** The element type, as MindSpore prints it (`Float32`). */
  dtype!: DType;
  /** @internal the data this handle refers to */
  data_!: TensorData;
  /** @internal ops that must run before this handle's consumers (Depend) */
  after: readonly OrderingNode[] = NO_NODES;

  /**
   * @param input - data: an NDArray, a typed array, nested arrays, a number (Float64), a bigint (Int64),
   *   a boolean, or another Tensor (copied). Omit it to make a lazy tensor with `options.init`.
   * @param dtype - cast the data to this dtype.
   * @throws {@link ArgumentTypeError} / {@link ArgumentValueError} for data np.array rejects, options
   *   that are not an object, or a lazy tensor without shape and init.
   */
  constructor(input?: TensorInput, dtype?: DTypeLike, options: { shape?: Shape; init?: Initializer | string } = {}) {
    if (input === HANDLE) return; // a bare handle: its maker sets its fields
    if (typeof options !== 'object' || options === null) throw new ArgumentTypeError(`Tensor: options must be an object ({ shape, init }), but got ${describeValue(options)}`);
    const dt = dtype === undefined ? undefined : resolveDType(dtype, 'Tensor');
    if (input === undefined) {
      if (!options.init || !options.shape || !dt) {
        throw new ArgumentValueError('Tensor: without input data, dtype, shape and init are all required');
      }
      this.shape = checkShape([...options.shape], 'Tensor');
      this.dtype = dt;
      this.data_ = new TensorData();
      this.data_.lazyInit = typeof options.init === 'string' ? initializerFromName(options.init) : options.init;
      return;
    }
    if (input instanceof Tensor) {
      const data = input.materialised();
      this.shape = [...input.shape];
      this.dtype = dt ?? input.dtype;
      this.data_ = Tensor.hostData(castArray(data, input.dtype, this.dtype));
      return;
    }
    const a = hostArray(input, dt);
    this.shape = [...a.shape];
    this.dtype = a.dtypeInfo;
    this.data_ = Tensor.hostData(a.data);
  }

  /** @internal data that lives on the host */
  static hostData(storage: TypedArray): TensorData {
    const d = new TensorData();
    d.storage = storage;
    d.hostValid = true;
    return d;
  }

  /** @internal a handle on data that an op of `owner` will produce */
  static pending(shape: number[], dtype: DType, producer: OrderingNode, owner: DataOwner): Tensor {
    const t = new Tensor(HANDLE as TensorInput);
    t.shape = shape;
    t.dtype = dtype;
    t.after = NO_NODES;
    const d = (t.data_ = new TensorData());
    d.producer = producer;
    d.owner = owner;
    return t;
  }

  /** @internal a plain handle of this tensor's shape and dtype on other data (no ordering) */
  withData(data: TensorData): Tensor {
    const t = new Tensor(HANDLE as TensorInput);
    t.shape = this.shape;
    t.dtype = this.dtype;
    t.after = NO_NODES;
    t.data_ = data;
    return t;
  }

  /** @internal a new handle on this tensor's data, ordered after some ops (Depend) */
  alias(after: readonly OrderingNode[]): Tensor {
    const t = new Tensor(HANDLE as TensorInput);
    t.shape = [...this.shape];
    t.dtype = this.dtype;
    t.data_ = this.data_;
    t.after = [...this.after, ...after];
    return t;
  }

  /**
   * Releases the tensor's memory, as TensorFlow.js's `dispose()`: its device buffer goes back once
   * the ops already recorded that read it have run (at once when none are pending), and its host copy
   * with it; reading or using it afterwards is a {@link DeviceError}. Handles that share its data (a
   * Parameter's aliases, `depend`'s result) are released with it. Disposing twice does nothing.
   *
   * @example
   * ```ts
   * import { Tensor, memory, ops } from 'mindsim';
   * const x = new Tensor([1, 2], 'float32');
   * const y = ops.Add()(x, 1);
   * String(y);
   * const before = memory().numBytes;
   * y.dispose();
   * console.log(y.isDisposed, memory().numBytes < before); // true true
   * ```
   */
  dispose(): void {
    requestRelease(this.data_, 'disposed', 'all');
  }

  /** True once {@link Tensor.dispose} (or a {@link tidy} scope that did not return it) released it. */
  get isDisposed(): boolean {
    return isReleased(this.data_);
  }

  /** True while the tensor is lazy (made by `initializer`, not yet initialised). */
  get hasInit(): boolean {
    return this.data_.lazyInit !== null;
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
   * @throws {@link ArgumentTypeError} r1.5's "init_data must be set Tensor.init, init can't be None" for a
   *   tensor that has no initializer (any more).
   * @example
   * ```ts
   * import { initializer } from 'mindsim';
   * const t = initializer('ones', [2], 'float32');
   * console.log(t.hasInit, String(t.initData()), t.hasInit); // true [1. 1.] false
   * ```
   */
  initData(): this {
    const d = this.data_;
    if (!d.lazyInit) throw new ArgumentTypeError("init_data must be set Tensor.init, init can't be None");
    d.storage = d.lazyInit.generate(this.shape, this.dtype);
    d.hostValid = true;
    d.lazyInit = null;
    return this;
  }

  /**
   * The data as a host array of its own, initialising a lazy tensor first. Data on a device is read
   * back on every call, as r1.5's `asnumpy` does (`Tensor::data_sync`), straight into the array
   * returned: the tensor keeps no host copy of it.
   */
  asnumpy(): NDArray {
    const d = this.data_;
    if (!d.lazyInit && (!d.hostValid || d.producer) && d.owner) return new NDArray(d.owner.sync(this, false), this.shape, this.dtype);
    return new NDArray(this.materialised().slice(), this.shape, this.dtype);
  }

  /**
   * The data as a host array, when it is ready: inside `launch`, a rank awaits it so that the other
   * ranks run meanwhile (a value that waits for a collective needs them); elsewhere it is `asnumpy()`.
   *
   * @example
   * ```ts
   * import { Tensor, ops } from 'mindsim';
   * const y = ops.Add()(new Tensor([1, 2], 'float32'), 1);
   * console.log(String(await y.asnumpyAsync())); // [2. 3.]
   * ```
   */
  asnumpyAsync(): Promise<NDArray> {
    const reader = currentContext();
    const launcher = reader.launcher ?? this.data_.owner?.context.launcher;
    if (launcher) return launcher.read(reader, this);
    return new Promise((resolve) => resolve(this.asnumpy()));
  }

  /** numpy's text of the data (a lazy tensor shows its shape, dtype and initializer instead). */
  toString(): string {
    // r1.5's str(): asnumpy, which initialises a lazy tensor first
    return new NDArray(this.materialised(), this.shape, this.dtype).toString();
  }

  /**
   * @internal the host data: initialises a lazy tensor, runs pending ops and copies device data back
   * (synchronising the context that holds the data, whichever context is current)
   */
  materialised(): TypedArray {
    if (this.data_.lazyInit) this.initData();
    const d = this.data_;
    if (!d.hostValid || d.producer) {
      if (!d.owner) throw new DeviceError(`Tensor: the data of shape ${formatShape(this.shape)} is on no device and not on the host`);
      d.owner.sync(this);
    }
    return d.storage!;
  }

  /** @internal replaces the data this handle refers to */
  protected replaceData(shape: number[], dtype: DType, data: TypedArray | TensorData): void {
    this.shape = shape;
    this.dtype = dtype;
    this.data_ = data instanceof TensorData ? data : Tensor.hostData(data);
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
    throw new ArgumentValueError(`For 'initializer', the argument 'shape' is invalid, the value of 'shape' must be positive integer, but got ${Array.isArray(shape) ? formatShape(shape) : String(shape)}`);
  }
  checkShape(dims, 'initializer'); // past the largest typed array: refused here, not by the lazy Tensor
  if (init instanceof Tensor) {
    if (formatShape(init.shape) !== formatShape(dims)) {
      throw new ShapeError(`For 'initializer', the shape of the 'init' argument should be same as the argument 'shape', but got the 'init' shape [${init.shape.join(', ')}] and the 'shape' [${dims.join(', ')}].`);
    }
    return init;
  }
  const dt = resolveDType(dtype, 'initializer');
  if (typeof init === 'number') return new Tensor(undefined, dt, { shape: dims, init: new Constant(init) });
  if (typeof init === 'string') return new Tensor(undefined, dt, { shape: dims, init: initializerFromName(init) });
  if (init !== null && typeof init === 'object' && typeof (init as Initializer).generate === 'function') {
    return new Tensor(undefined, dt, { shape: dims, init });
  }
  throw new ArgumentTypeError(`For 'initializer', the type of the 'init' argument should be 'Tensor', 'number', 'string' or 'initializer', but got ${pythonType(init)}.`);
}
