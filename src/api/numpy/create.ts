/**
 * Building host arrays: `array`, `arange`, `zeros`, `ones`, `full`, with numpy's dtype inference
 * (integers → int64, floats → float64, booleans → bool).
 *
 * A JavaScript number cannot say whether it was written `1` or `1.0`, so inference reads values:
 * integral numbers (and bigints) give int64, any fractional, NaN or infinite number gives float64.
 * Pass a dtype to choose.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, DTypeError } from '../../errors/index.js';
import {
  DTYPES,
  type DType,
  type DTypeLike,
  type TypedArray,
  MAX_DIMS,
  allocateHost,
  castArray,
  checkShape,
  describeValue,
  formatShape,
  resolveDType,
} from '../../kernels/index.js';
import { NDArray, type Scalar } from './ndarray.js';

/** Anything `np.array` accepts: scalars, nested arrays of scalars, typed arrays, NDArrays. */
export type ArrayInput = Scalar | readonly ArrayInput[] | TypedArray | NDArray;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The dtype numpy would give a typed array of each class. */
function dtypeOfTypedArray(data: TypedArray): DType | undefined {
  if (data instanceof Float32Array) return DTYPES.float32;
  if (data instanceof Float64Array) return DTYPES.float64;
  if (data instanceof Int8Array) return DTYPES.int8;
  if (data instanceof Int16Array) return DTYPES.int16;
  if (data instanceof Int32Array) return DTYPES.int32;
  if (data instanceof BigInt64Array) return DTYPES.int64;
  if (data instanceof Uint8Array && !(data instanceof Uint8ClampedArray)) return DTYPES.uint8;
  return undefined;
}

/** Walks nested arrays: the shape, and whether any element needs float64 or is a non-boolean. */
function scan(input: ArrayInput, api: string): { shape: number[]; leaves: Scalar[]; kind: 'bool' | 'int' | 'float' } {
  const shape: number[] = [];
  for (let node: unknown = input; Array.isArray(node); node = node[0]) {
    if (shape.length === MAX_DIMS) {
      throw new ArgumentValueError(
        `${api}: setting an array element with a sequence. The requested array would exceed the maximum number of dimension of ${MAX_DIMS}` +
          ' (or it contains itself).',
      );
    }
    shape.push(node.length);
    if (node.length === 0) break;
  }
  const leaves: Scalar[] = [];
  let kind: 'bool' | 'int' | 'float' = shape.includes(0) ? 'float' : 'bool';
  const visit = (node: unknown, depth: number, path: number[]): void => {
    if (depth < shape.length) {
      if (!Array.isArray(node) || node.length !== shape[depth]) {
        throw new ArgumentValueError(
          `${api}: setting an array element with a sequence. The requested array has an inhomogeneous ` +
            `shape after ${depth} dimensions. The detected shape was ${formatShape(shape.slice(0, depth))} + ` +
            'inhomogeneous part.',
        );
      }
      for (let i = 0; i < node.length; i++) visit(node[i], depth + 1, [...path, i]);
      return;
    }
    if (Array.isArray(node)) {
      throw new ArgumentValueError(
        `${api}: setting an array element with a sequence. The requested array has an inhomogeneous ` +
          `shape after ${depth} dimensions. The detected shape was ${formatShape(shape)} + inhomogeneous part.`,
      );
    }
    if (typeof node === 'number') {
      if (!Number.isInteger(node) || Math.abs(node) >= 2 ** 63) kind = 'float';
      else if (kind === 'bool') kind = 'int';
    } else if (typeof node === 'bigint') {
      if (node < INT64_MIN || node > INT64_MAX) {
        throw new ArgumentValueError(`${api}: integer ${node} at index [${path.join(', ')}] is out of range for int64`);
      }
      if (kind === 'bool') kind = 'int';
    } else if (typeof node !== 'boolean') {
      throw new ArgumentTypeError(
        `${api}: elements must be numbers, bigints or booleans, but got ${describeValue(node)} at index [${path.join(', ')}]`,
      );
    }
    leaves.push(node);
  };
  visit(input, 0, []);
  return { shape, leaves, kind };
}

/**
 * Builds an array from data, as `numpy.array`: a scalar gives a 0-d array, nested arrays give their
 * shape, a typed array gives a 1-d array of its own dtype, an NDArray is copied.
 *
 * @param data - the elements.
 * @param dtype - the element type; inferred when omitted (see the module notes).
 * @throws {@link ArgumentValueError} for ragged nesting (numpy's "inhomogeneous shape" message) and
 *   for bigints outside int64.
 * @throws {@link ArgumentTypeError} for elements that are not numbers, bigints or booleans.
 * @throws {@link DTypeError} for an unknown dtype, or a typed array class numpy has no dtype for.
 * @example
 * ```ts
 * import { np } from 'mindsim';
 * console.log(np.array([[1, 2], [3, 4]]).dtype, np.array([0.5, 1]).dtype, np.array(true).dtype);
 * // int64 float64 bool
 * ```
 */
export function array(data: ArrayInput, dtype?: DTypeLike): NDArray {
  return arrayFor('np.array', data, dtype);
}

/** `np.array` on behalf of `api` (its messages name it). */
function arrayFor(api: string, data: ArrayInput, dtype?: DTypeLike): NDArray {
  const target = dtype === undefined ? undefined : resolveDType(dtype, api);
  if (data instanceof NDArray) return target ? data.astype(target) : data.astype(data.dtypeInfo);
  if (ArrayBuffer.isView(data)) {
    const typed = data as TypedArray;
    const own = dtypeOfTypedArray(typed);
    if (own === undefined) {
      throw new DTypeError(`${api}: ${typed.constructor.name} has no mindsim dtype; convert it or pass data of another class`);
    }
    const copy = target ? castArray(typed, own, target) : typed.slice();
    return new NDArray(copy, [typed.length], target ?? own);
  }
  const { shape, leaves, kind } = scan(data, api);
  let storage: TypedArray;
  let from: DType;
  if (kind === 'int' && (target === undefined || target.kind !== 'float')) {
    const s = new BigInt64Array(leaves.length);
    for (let i = 0; i < leaves.length; i++) {
      const v = leaves[i]!;
      s[i] = typeof v === 'bigint' ? v : BigInt(typeof v === 'boolean' ? Number(v) : v);
    }
    storage = s;
    from = DTYPES.int64;
  } else {
    const s = new Float64Array(leaves.length);
    for (let i = 0; i < leaves.length; i++) s[i] = Number(leaves[i]!);
    storage = s;
    from = kind === 'bool' ? DTYPES.bool : DTYPES.float64;
    if (kind === 'bool') storage = Uint8Array.from(s);
  }
  const to = target ?? from;
  return new NDArray(to === from ? storage : castArray(storage, from, to), shape, to);
}

/**
 * Evenly spaced values in [start, stop), as `numpy.arange`: `arange(stop)` or
 * `arange(start, stop, step = 1)`. Integral arguments give int64, others float64.
 *
 * @throws {@link ArgumentValueError} when `step` is 0 or an argument is not finite.
 * @throws {@link ArgumentTypeError} when an argument is not a number.
 * @example
 * ```ts
 * import { np } from 'mindsim';
 * console.log(String(np.arange(1, 2, 0.25))); // [1.   1.25 1.5  1.75]
 * ```
 */
export function arange(startOrStop: number, stop?: number, step = 1, dtype?: DTypeLike): NDArray {
  const api = 'np.arange';
  const start = stop === undefined ? 0 : startOrStop;
  const end = stop === undefined ? startOrStop : stop;
  for (const [name, v] of [['start', start], ['stop', end], ['step', step]] as const) {
    if (typeof v !== 'number') throw new ArgumentTypeError(`${api}: ${name} must be a number, but got ${describeValue(v)}`);
    if (!Number.isFinite(v)) throw new ArgumentValueError(`${api}: ${name} must be finite, but got ${v}`);
  }
  if (step === 0) throw new ArgumentValueError(`${api}: step must not be zero (numpy raises ZeroDivisionError)`);
  const length = Math.max(0, Math.ceil((end - start) / step));
  checkShape([length], api);
  const integral = Number.isInteger(start) && Number.isInteger(step);
  const own = integral && Number.isInteger(end) ? DTYPES.int64 : DTYPES.float64;
  let storage: TypedArray;
  if (own === DTYPES.int64) {
    const s = allocateHost(own, [length], api) as BigInt64Array;
    for (let i = 0; i < length; i++) s[i] = BigInt(start + i * step);
    storage = s;
  } else {
    const s = allocateHost(own, [length], api) as Float64Array;
    for (let i = 0; i < length; i++) s[i] = start + i * step;
    storage = s;
  }
  const to = dtype === undefined ? own : resolveDType(dtype, api);
  return new NDArray(to === own ? storage : castArray(storage, own, to), [length], to);
}

/**
 * An array of zeros, float64 unless `dtype` says otherwise, as `numpy.zeros`.
 *
 * @throws {@link ShapeError} for negative dimensions; {@link ArgumentTypeError} for non-integers.
 * @throws {@link OutOfMemoryError} past 4 GiB (numpy's MemoryError "Unable to allocate ...").
 * @example
 * ```ts
 * import { np } from 'mindsim';
 * console.log(String(np.zeros([2, 2], 'int32'))); // [[0 0]\n [0 0]]
 * ```
 */
export function zeros(shape: number | readonly number[], dtype: DTypeLike = 'float64'): NDArray {
  const dims = checkShape(shape, 'np.zeros');
  const dt = resolveDType(dtype, 'np.zeros');
  return new NDArray(allocateHost(dt, dims, 'np.zeros'), dims, dt);
}

/**
 * An array of ones, float64 unless `dtype` says otherwise, as `numpy.ones`.
 *
 * @throws {@link ShapeError} for negative dimensions; {@link ArgumentTypeError} for non-integers.
 * @example
 * ```ts
 * import { np } from 'mindsim';
 * console.log(String(np.ones(3))); // [1. 1. 1.]
 * ```
 */
export function ones(shape: number | readonly number[], dtype: DTypeLike = 'float64'): NDArray {
  return filled('np.ones', shape, 1, dtype);
}

/**
 * An array filled with one value, as `numpy.full`; the dtype is inferred from the value when omitted.
 *
 * @throws {@link ShapeError} for negative dimensions; {@link ArgumentTypeError} for a non-scalar value.
 * @example
 * ```ts
 * import { np } from 'mindsim';
 * console.log(String(np.full([2], 7)), np.full([2], 7).dtype); // [7 7] int64
 * ```
 */
export function full(shape: number | readonly number[], value: Scalar, dtype?: DTypeLike): NDArray {
  return filled('np.full', shape, value, dtype);
}

/**
 * @internal `shape` filled with `value`, refusals naming `api` (np.full's, and the constant primitives'
 * Fill, Zeros and Ones, which r1.5 folds through numpy)
 */
export function filled(api: string, shape: number | readonly number[], value: Scalar, dtype: DTypeLike | undefined): NDArray {
  const dims = checkShape(shape, api);
  const one = arrayFor(api, value, dtype);
  if (one.ndim !== 0) throw new ArgumentTypeError(`${api}: the fill value must be a scalar, but got ${describeValue(value)}`);
  const storage = allocateHost(one.dtypeInfo, dims, api);
  (storage as Float64Array).fill(one.data[0] as number);
  return new NDArray(storage, dims, one.dtypeInfo);
}
