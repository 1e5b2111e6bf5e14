/**
 * `Parameter` and `ParameterTuple`, with MindSpore r1.5's attributes, naming rules, dtype rules and
 * error messages (shared spec: mindspore-semantics.md, "Parameter" and "ParameterTuple").
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, MindsimError } from '../errors/index.js';
import { DTYPES, castArray, formatShape, type DType } from '../kernels/index.js';
import { NDArray } from './numpy/index.js';
import { type Initializer, initializerFromName } from './initializers/index.js';
import { Tensor, type TensorData, type TensorInput } from './tensor.js';
import type { TypedArray } from '../kernels/index.js';
import { pythonType } from './python-type.js';

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
  /** Set by `setData(..., sliceShape = true)`: the data is a shard. */
  sliced = false;
  /** True once the Ascend graph executor copied the Parameter to device memory (false elsewhere). */
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
    const requiresGrad = checkBool(opts.requiresGrad ?? true, 'requires_grad', '');
    const layerwise = checkBool(opts.layerwiseParallel ?? false, 'layerwise_parallel', '.');
    // a number is a Python float (Float32), a bigint a Python int (Int32); a lazy Tensor is initialised now
    if (typeof defaultInput === 'number') super(defaultInput, DTYPES.float32);
    else if (typeof defaultInput === 'bigint') super(defaultInput, DTYPES.int32);
    else super(defaultInput);
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
    const copy = new Parameter(new Tensor(this), { name: this.name, requiresGrad: this.requiresGrad, layerwiseParallel: this.layerwiseParallel });
    copy.sliced = this.sliced;
    if (init !== 'same') {
      const initializer = typeof init === 'string' ? initializerFromName(init) : init;
      copy.replaceData([...this.shape], this.dtype, initializer.generate(this.shape, this.dtype));
    }
    return copy;
  }

  /**
   * Parameter-server training. mindsim does not model a parameter server yet; as in MindSpore without
   * the set-up, this raises.
   *
   * @throws {@link MindsimError} (RuntimeError), explaining the two set-up steps.
   */
  setParamPs(): never {
    throw new MindsimError(
      "Must complete following two steps before calling set_param_ps: \n1. context.set_ps_context(enable_ps=True) \n2. export MS_ROLE environment variable \nPlease refer to the official website for detailed usage.",
      'RuntimeError',
    );
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
    const items: Parameter[] = [];
    const byName = new Map<string, Parameter[]>();
    for (const p of iterable) {
      if (!(p instanceof Parameter)) {
        throw new ArgumentTypeError(`ParameterTuple input should be \`Parameter\` collection.But got a ${pythonType(p)}, ${String(p)}`);
      }
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
