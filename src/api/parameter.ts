/**
 * `Parameter` and `ParameterTuple`, with MindSpore r1.5's attributes, naming rules, dtype rules and
 * error messages (shared spec: mindspore-semantics.md, "Parameter" and "ParameterTuple").
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, MindsimError } from '../errors/index.js';
import { DTYPES, castArray, formatShape, type DType } from '../kernels/index.js';
import { NDArray } from './numpy/index.js';
import { type Initializer, initializerFromName } from './initializers/index.js';
import { Tensor, initializer, type TensorData, type TensorInput } from './tensor.js';
import type { TypedArray } from '../kernels/index.js';
import { pythonType } from './python-type.js';
import { currentContext } from './execution-context.js';
import { getGroupSize, getRank } from './comm/communication.js';
import { chunk, sliceIndex, type ParameterLayout } from './parallel/layout.js';

/** Options of a Parameter. */
export interface ParameterOptions {
  /** The name; default and blank names become `"Parameter"`. */
  readonly name?: string | null;
  /** Whether gradients are computed for it (true). */
  readonly requiresGrad?: boolean;
  /** Filtered out of broadcast and gradient aggregation (false). */
  readonly layerwiseParallel?: boolean;
}

const py = (b: boolean): string => (b ? 'True' : 'False');

function checkName(name: unknown): string {
  if (name === undefined || name === null) return 'Parameter';
  if (typeof name !== 'string') throw new ArgumentValueError(`The type of the Parameter's name should be 'string' or 'None', but got ${pythonType(name)}.`);
  const trimmed = name.trim();
  if (trimmed.length > 1024) throw new ArgumentValueError(`The length of the '${name}' name should be less than 1024.`);
  return trimmed === '' ? 'Parameter' : trimmed;
}

function checkBool(value: unknown, arg: string, period: string): boolean {
  if (typeof value !== 'boolean') throw new ArgumentTypeError(`The argument \`${arg}\` must be bool type${period}`);
  return value;
}

function dtypeMismatch(current: DType, incoming: string): ArgumentTypeError {
  return new ArgumentTypeError(
    `Incoming Parameter dtype can not be converted to current dtype implicitly. Current dtype is ${current.msName}, and incoming is ${incoming}. Use .set_dtype(xxx) to change the dtype.`,
  );
}

/**
 * A Parameter: a named tensor that training updates.
 *
 * @example
 * ```ts
 * import { Parameter, Tensor, np, print } from 'mindsim';
 * const x = new Parameter(new Tensor(np.arange(6).reshape(2, 3)), 'x');
 * print(x); // Parameter (name=x, shape=(2, 3), dtype=Int64, requires_grad=True)
 * ```
 */
export class Parameter extends Tensor {
  private nameValue: string;
  private requiresGradValue: boolean;
  private layerwiseValue: boolean;
  /** Set by `setData(..., sliceShape = true)` and `initData(layout, true)`: the data is a shard. */
  sliced = false;
  /** MindSpore's `comm_fusion`: the fusion id of its gradient's AllReduce in data parallel (1). */
  commFusion = 1;
  /** Whether it lives on the parameter server (`setParamPs`). */
  isParamPs = false;
  /** Whether the server initialises it (`setParamPs(true)`, embedding tables only). */
  initInServer = false;
  /** Whether it was made from an initializer-backed (lazy) Tensor (r1.5's `is_default_input_init`). */
  private readonly defaultInputInit: boolean;
  /** Whether semi-automatic or automatic parallel was on when it was made (r1.5's `is_in_parallel`). */
  private readonly madeInParallel: boolean;
  /**
   * MindSpore's `is_init`: set only by the GE backend's init graph. r1.5's published packages (Ascend,
   * GPU, CPU) run the `ms` backend, so it stays false, as here (a clone starts false).
   */
  isInit = false;
  /** MindSpore's `inited_param`: null (data is updated in place). */
  readonly initedParam: null = null;

  /**
   * @param defaultInput - a Tensor (a lazy one is initialised now), an NDArray or nested arrays, a number
   *   (a Float32 scalar, as a Python float) or a bigint (an Int32 scalar, as a Python int).
   * @param nameOrOptions - the name, or options.
   * @throws {@link ArgumentValueError} "Parameter data can not be `bool`" for a boolean; bad names.
   * @throws {@link ArgumentTypeError} for non-boolean requiresGrad / layerwiseParallel.
   */
  constructor(defaultInput: TensorInput, nameOrOptions?: string | null | ParameterOptions) {
    if (typeof defaultInput === 'boolean') throw new ArgumentValueError('Parameter data can not be `bool`');
    const opts: ParameterOptions = typeof nameOrOptions === 'object' && nameOrOptions !== null ? nameOrOptions : { name: nameOrOptions };
    const name = checkName(opts.name);
    // only an absent value takes the default: null is refused, as r1.5's bool check refuses None
    const requiresGrad = checkBool(opts.requiresGrad === undefined ? true : opts.requiresGrad, 'requires_grad', '');
    const layerwise = checkBool(opts.layerwiseParallel === undefined ? false : opts.layerwiseParallel, 'layerwise_parallel', '.');
    // a number is a Python float (Float32), a bigint a Python int (Int32); a lazy Tensor is initialised
    // now, unless semi/auto parallel or a parameter-server role keeps it lazy (each rank draws its slice)
    const ctx = currentContext();
    const lazy = defaultInput instanceof Tensor && defaultInput.hasInit;
    const args: ConstructorParameters<typeof Tensor> =
      typeof defaultInput === 'number' ? [defaultInput, DTYPES.float32]
      : typeof defaultInput === 'bigint' ? [defaultInput, DTYPES.int32]
      : lazy && (ctx.autoParallel.semiOrAuto || ctx.ps.role !== 'MS_NOT_PS') ? [undefined, defaultInput.dtype, { shape: defaultInput.shape, init: defaultInput.data_.lazyInit! }]
      : [defaultInput];
    try {
      super(...args);
    } catch (e) {
      // the Tensor's refusal of the data, said as the Parameter's (the API the user called)
      if (e instanceof MindsimError && !e.message.includes('Parameter')) e.message = `For 'Parameter', ${e.message}`;
      throw e;
    }
    this.defaultInputInit = lazy;
    this.madeInParallel = ctx.autoParallel.semiOrAuto;
    this.data_.persistent = true;
    this.nameValue = name;
    this.requiresGradValue = requiresGrad;
    this.layerwiseValue = layerwise;
  }

  /** @internal a Parameter's data is never released with a step's scope */
  protected override replaceData(shape: number[], dtype: DType, data: TypedArray | TensorData): void {
    super.replaceData(shape, dtype, data);
    this.data_.persistent = true;
  }

  /** The name (trimmed; `"Parameter"` by default). @throws {@link ArgumentValueError} on set, as the constructor. */
  get name(): string {
    return this.nameValue;
  }
  /** Renames (trimmed; blank becomes `"Parameter"`). */
  set name(value: string) {
    this.nameValue = checkName(value);
  }

  /** Whether gradients are computed for it. @throws {@link ArgumentTypeError} for a non-boolean. */
  get requiresGrad(): boolean {
    return this.requiresGradValue;
  }
  /** Sets whether gradients are computed. */
  set requiresGrad(value: boolean) {
    this.requiresGradValue = checkBool(value, 'requires_grad', '');
  }

  /** Whether layerwise parallelism applies. @throws {@link ArgumentTypeError} for a non-boolean. */
  get layerwiseParallel(): boolean {
    return this.layerwiseValue;
  }
  /** Sets layerwise parallelism. */
  set layerwiseParallel(value: boolean) {
    this.layerwiseValue = checkBool(value, 'layerwise_parallel', '.');
  }

  /** The Parameter itself (MindSpore's `data`). */
  get data(): this {
    return this;
  }

  /**
   * Replaces the data, in MindSpore's order of checks: the type, an implicit float-to-integer
   * conversion, the shape (unless `sliceShape`), the dtype order; then shares the incoming data.
   *
   * @throws {@link ArgumentTypeError} for data of another type, or a dtype that cannot be converted.
   * @throws {@link ArgumentValueError} for another shape without `sliceShape`.
   * @example
   * ```ts
   * import { Parameter, Tensor, np, initializer } from 'mindsim';
   * const x = new Parameter(initializer('ones', [1, 2, 3], 'float32'));
   * console.log(String(x.setData(new Tensor(np.arange(6).reshape(1, 2, 3))).asnumpy()));
   * // [[[0. 1. 2.]\n  [3. 4. 5.]]]
   * ```
   */
  setData(data: Tensor | number | bigint | boolean, sliceShape = false): this {
    let incoming: Tensor;
    if (data instanceof Tensor) incoming = data;
    else if (typeof data === 'number' || typeof data === 'bigint' || typeof data === 'boolean') {
      if (typeof data === 'number' && !Number.isInteger(data) && this.dtype.kind !== 'float') throw dtypeMismatch(this.dtype, 'Float');
      incoming = new Tensor(Number(data), this.dtype);
    } else {
      throw new ArgumentTypeError(`Parameter data must be [\`Tensor\`, \`int\`, \`float\`] or a kind of \`Tensor\` (like \`Tensor\`). But with type ${pythonType(data)}.`);
    }
    if (formatShape(incoming.shape) !== formatShape(this.shape) && !sliceShape) {
      throw new ArgumentValueError(
        `Can not change the shape of Parameter which has been initialized. Current shape is ${formatShape(this.shape)}, and incoming is ${formatShape(incoming.shape)}.`,
      );
    }
    if (incoming.dtype !== this.dtype && incoming.dtype.rank > this.dtype.rank) throw dtypeMismatch(this.dtype, incoming.dtype.msName);
    if (incoming.dtype === this.dtype) {
      incoming.materialised();
      this.replaceData([...incoming.shape], this.dtype, incoming.data_); // shares the incoming data
    } else {
      this.replaceData([...incoming.shape], this.dtype, castArray(incoming.materialised(), incoming.dtype, this.dtype));
    }
    this.sliced = sliceShape;
    return this;
  }

  /**
   * @internal takes `value` (same shape and dtype, typically still pending) as its data without
   * reading it: a set_data that needs no synchronisation (parameter broadcast, pulled weights)
   */
  adopt(value: Tensor): void {
    if (formatShape(value.shape) !== formatShape(this.shape) || value.dtype !== this.dtype) {
      throw new ArgumentValueError(`Parameter '${this.name}': cannot take a ${value.dtype.msName} ${formatShape(value.shape)} value as its ${this.dtype.msName} ${formatShape(this.shape)} data`);
    }
    this.replaceData([...value.shape], this.dtype, value.data_);
  }

  /**
   * A copy with the same name (rename it yourself), `isInit` reset. `init = 'same'` copies the data;
   * an initializer (or its name) gives fresh data of the same shape and dtype.
   *
   * @example
   * ```ts
   * import { Parameter } from 'mindsim';
   * const p = new Parameter(1.5, 'w');
   * const c = p.clone();
   * console.log(c.name, c !== p, String(c.asnumpy())); // w true 1.5
   * ```
   */
  clone(init: 'same' | string | Initializer = 'same'): Parameter {
    // a lazy source stays lazy (its initializer is shared, as r1.5's clone shares `init`); another
    // init makes fresh data of this shape (lazy too under semi/auto parallel, so slices draw their own)
    const lazy = this.data_.lazyInit;
    const source = init !== 'same' ? initializer(typeof init === 'string' ? initializerFromName(init) : init, this.shape, this.dtype) : lazy ? initializer(lazy, this.shape, this.dtype) : new Tensor(this);
    const copy = new Parameter(source, { name: this.name, requiresGrad: this.requiresGrad, layerwiseParallel: this.layerwiseParallel });
    copy.sliced = this.sliced;
    copy.isParamPs = this.isParamPs;
    copy.initInServer = this.initInServer;
    copy.commFusion = this.commFusion;
    return copy;
  }

  /**
   * Initialises a lazy Parameter, as r1.5's `init_data(layout=None, set_sliced=False)`: with a layout,
   * only this rank's slice, drawn on the slice's shape. Without a global seed, the draw is seeded by
   * the slice index (numpy's RandomState seeded with it, Normal with the pair `(index + 1, 0)`; numpy
   * is then re-seeded with the first word of its previous key, as r1.5 does), so ranks holding the same
   * slice get equal data and a slice is NOT the matching piece of the whole initialised tensor. With a
   * global seed every rank draws its slice from the same stream. A non-empty `optShardGroup` keeps this
   * rank's part of the slice split over that group on axis 0. Sets `sliced` to `setSliced`. A Parameter
   * that is not lazy is returned unchanged.
   *
   * @throws {@link MindsimError} (RuntimeError) "Must set or change parallel mode before any Tensor
   *   created." when semi/auto parallel was switched on or off since the Parameter was made from an
   *   initializer.
   * @throws {@link ArgumentTypeError} "The argument 'layout' should be tuple, but got {type}.".
   * @throws {@link ArgumentValueError} "The length of 'layout' must be larger than 5, but got {n}.",
   *   "Error shape={shape}".
   * @example
   * ```ts
   * import { Parameter, communication, initializer, launch, setAutoParallelContext } from 'mindsim';
   * const { results } = await launch(() => {
   *   communication.init();
   *   setAutoParallelContext({ parallelMode: 'semi_auto_parallel' });
   *   const p = new Parameter(initializer('ones', [4, 6], 'float32'), 'w');
   *   const lazy = p.hasInit;
   *   p.initData([[2, 4], [1, -1], [2, 6], 0, 1, ''], true); // dim 0 split over the device axis of size 2
   *   return `${lazy} ${p.shape} ${p.sliced}`;
   * }, { cluster: 'atlas800-910' });
   * console.log(results[5]); // true 2,6 true
   * ```
   */
  override initData(layout: ParameterLayout | null = null, setSliced = false): this {
    const ctx = currentContext();
    if (this.defaultInputInit && this.madeInParallel !== ctx.autoParallel.semiOrAuto) throw new MindsimError('Must set or change parallel mode before any Tensor created.', 'RuntimeError');
    const init = this.data_.lazyInit;
    if (!init) return this;
    let slice: { index: number; shape: number[]; optGroup: string } | null = null;
    if (layout !== null && layout !== undefined) {
      if (!Array.isArray(layout)) throw new ArgumentTypeError(`The argument 'layout' should be tuple, but got ${pythonType(layout)}.`);
      if (layout.length < 6) throw new ArgumentValueError(`The length of 'layout' must be larger than 5, but got ${layout.length}.`);
      const [devMat, tensorMap, sliceShape, , , optGroup] = layout;
      slice = { index: sliceIndex(devMat, tensorMap, getRank()), shape: [...sliceShape], optGroup };
    }
    if (ctx.ps.role === 'MS_PSERVER') return this;
    const shape = this.initInServer && this.isParamPs && (ctx.ps.role === 'MS_WORKER' || ctx.ps.role === 'MS_SCHED') ? [1] : slice?.shape ?? this.shape;
    if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new ArgumentValueError(`Error shape=${formatShape(shape)}`);
    let data: TypedArray;
    const seeds = ctx.seeds;
    if (slice && seeds.globalSeed === null) {
      // r1.5's seed_context: seed numpy and the op seed with the slice index, then re-seed numpy with
      // the first word of its key from before (its op seed is left at index + 1, as r1.5 leaves it)
      const word = seeds.numpy.keyWord0();
      seeds.numpy.seed(slice.index);
      init.seed = slice.index;
      try {
        data = init.generate(shape, this.dtype);
      } finally {
        seeds.numpy.seed(word);
        init.seed = slice.index + 1;
      }
    } else {
      data = init.generate(shape, this.dtype);
    }
    let outShape = shape;
    if (slice && slice.optGroup !== '') {
      const parts = getGroupSize(slice.optGroup);
      const split = [parts, ...shape.slice(1).map(() => 1)];
      ({ data, shape: outShape } = chunk(data, shape, split, getRank(slice.optGroup)));
    }
    this.replaceData([...outShape], this.dtype, data);
    this.sliced = setSliced;
    return this;
  }

  /**
   * Puts the Parameter on the parameter server, as r1.5's `set_param_ps(init_in_server=False)`: its
   * optimizer update then runs on a server, workers push its gradient and pull its value.
   *
   * @throws {@link MindsimError} (RuntimeError) without a parameter-server role ("Must complete
   *   following two steps before calling set_param_ps: ..."), or `initInServer` on a Parameter whose
   *   name does not end in `embedding_table`.
   * @example
   * ```ts
   * import { ExecutionContext, Parameter, setPsContext } from 'mindsim';
   * const worker = new ExecutionContext({ env: { MS_ROLE: 'MS_WORKER', MS_SERVER_NUM: '1', MS_WORKER_NUM: '1' } });
   * const w = worker.run(() => {
   *   setPsContext({ enablePs: true });
   *   const p = new Parameter(1.5, 'w');
   *   p.setParamPs();
   *   return p;
   * });
   * console.log(w.isParamPs, w.initInServer); // true false
   * ```
   */
  setParamPs(initInServer = false): void {
    if (currentContext().ps.role === 'MS_NOT_PS') {
      throw new MindsimError(
        "Must complete following two steps before calling set_param_ps: \n1. context.set_ps_context(enable_ps=True) \n2. export MS_ROLE environment variable \nPlease refer to the official website for detailed usage.",
        'RuntimeError',
      );
    }
    if (initInServer && !this.name.endsWith('embedding_table')) {
      throw new MindsimError(`Can not initialize parameter '${this.name}' in server, only parameters of sparse operator support initialization in server.`, 'RuntimeError');
    }
    this.isParamPs = true;
    this.initInServer = initInServer;
  }

  /** `Parameter (name=x, shape=(2, 3), dtype=Int64, requires_grad=True)`; never the values. */
  override toString(): string {
    return `Parameter (name=${this.name}, shape=${formatShape(this.shape)}, dtype=${this.dtype.msName}, requires_grad=${py(this.requiresGrad)})`;
  }

  /** The values, as a host array. */
  override asnumpy(): NDArray {
    return super.asnumpy();
  }
}

/**
 * A tuple of Parameters. Distinct Parameters with one name are renamed in place: the first holder
 * becomes `name_0`, the newcomer `name_1`, later ones `name_2`...
 *
 * @example
 * ```ts
 * import { Parameter, ParameterTuple } from 'mindsim';
 * const t = new ParameterTuple([new Parameter(1, 'w'), new Parameter(2, 'b')]);
 * console.log(t.length, t[1]!.name, String(t.clone('copy')[0]!.name)); // 2 b copy.w
 * ```
 */
export class ParameterTuple implements Iterable<Parameter> {
  readonly [index: number]: Parameter;
  /** How many Parameters. */
  readonly length: number;
  private readonly items: readonly Parameter[];

  /**
   * @throws {@link ArgumentTypeError} "ParameterTuple input should be `Parameter` collection.But got a {type}, {value}"
   */
  constructor(iterable: Iterable<Parameter>) {
    const given = iterable as unknown;
    const isIterable = typeof given === 'object' && given !== null && typeof (given as Iterable<unknown>)[Symbol.iterator] === 'function';
    if (!isIterable) throw new ArgumentTypeError(`ParameterTuple input should be \`Parameter\` collection.But got a ${pythonType(given)}, ${String(given)}`);
    const all = [...iterable];
    const bad = all.findIndex((p) => !(p instanceof Parameter)); // checked first: a refused tuple renames nothing
    if (bad >= 0) throw new ArgumentTypeError(`ParameterTuple input should be \`Parameter\` collection.But got a ${pythonType(all[bad])}, ${String(all[bad])}`);
    const items: Parameter[] = [];
    const byName = new Map<string, Parameter[]>();
    for (const p of all) {
      if (items.includes(p)) {
        items.push(p);
        continue;
      }
      const holders = byName.get(p.name);
      if (holders) {
        if (holders.length === 1) holders[0]!.name = `${holders[0]!.name}_0`;
        const base = holders[0]!.name.replace(/_0$/, '');
        p.name = `${base}_${holders.length}`;
        holders.push(p);
      } else byName.set(p.name, [p]);
      items.push(p);
    }
    this.items = items;
    this.length = items.length;
    items.forEach((p, i) => Object.defineProperty(this, i, { value: p, enumerable: true }));
  }

  /** Iterates the Parameters. */
  [Symbol.iterator](): Iterator<Parameter> {
    return this.items[Symbol.iterator]();
  }

  /**
   * Clones each Parameter as `prefix.name` into a new tuple.
   *
   * @throws {@link ArgumentValueError} for a prefix that does not match `^\w+[0-9a-zA-Z_.]*$`.
   */
  clone(prefix: string, init: 'same' | string | Initializer = 'same'): ParameterTuple {
    if (typeof prefix !== 'string' || !/^[A-Za-z0-9_]+[0-9a-zA-Z_.]*$/.test(prefix)) {
      throw new ArgumentValueError(`The prefix of the cloned Parameters should match '^\\w+[0-9a-zA-Z_.]*$', but got '${String(prefix)}'.`);
    }
    return new ParameterTuple(this.items.map((p) => {
      const c = p.clone(init);
      c.name = `${prefix}.${p.name}`;
      return c;
    }));
  }

  /** `(P, P, P)`, each Parameter's text, as a Python tuple prints. */
  toString(): string {
    return this.items.length === 1 ? `(${this.items[0]},)` : `(${this.items.join(', ')})`;
  }
}
