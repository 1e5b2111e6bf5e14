/**
 * The data types mindsim computes with, their storage and their names.
 *
 * Storage: float16 and bfloat16 hold IEEE bit patterns in a `Uint16Array`; int64 is a `BigInt64Array`
 * so that every int64 value is exact; bool is a `Uint8Array` of 0 and 1.
 * @module
 */
import { DTypeError } from '../errors/index.js';

/** numpy's name of each mindsim data type. */
export type DTypeName =
  | 'float16'
  | 'bfloat16'
  | 'float32'
  | 'float64'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'bool';

/** The family of a data type: floating point, signed or unsigned integer, or boolean. */
export type DTypeKind = 'float' | 'int' | 'uint' | 'bool';

/** Every typed array that may back an array of some dtype. */
export type TypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | BigInt64Array;

/** The typed array that stores each dtype. */
export interface StorageOf {
  /** float16 bit patterns. */
  float16: Uint16Array;
  /** bfloat16 bit patterns. */
  bfloat16: Uint16Array;
  /** float32 values. */
  float32: Float32Array;
  /** float64 values. */
  float64: Float64Array;
  /** int8 values. */
  int8: Int8Array;
  /** int16 values. */
  int16: Int16Array;
  /** int32 values. */
  int32: Int32Array;
  /** int64 values, exact. */
  int64: BigInt64Array;
  /** uint8 values. */
  uint8: Uint8Array;
  /** 0 or 1. */
  bool: Uint8Array;
}

type StorageConstructor = new (length: number) => TypedArray;

/**
 * A data type: its numpy name, its MindSpore name, its size and its storage.
 * `toString()` prints the MindSpore name (`Float32`, `Int64`, `Bool`), as `print(mstype.float32)` does.
 *
 * @example
 * ```ts
 * import { mstype } from 'mindsim';
 * console.log(String(mstype.float16), mstype.float16.name, mstype.float16.itemsize); // Float16 float16 2
 * ```
 */
export class DType {
  /** @internal */
  constructor(
    /** numpy's name: `'float32'`, `'int64'`, `'bool'`. */
    readonly name: DTypeName,
    /** MindSpore's printed name: `'Float32'`, `'Int64'`, `'Bool'`. */
    readonly msName: string,
    /** The family: float, int, uint or bool. */
    readonly kind: DTypeKind,
    /** Bytes per element. */
    readonly itemsize: number,
    /** Position in MindSpore's implicit-conversion order (bool lowest, float64 highest). */
    readonly rank: number,
    /** @internal */
    readonly storage: StorageConstructor,
  ) {}

  /** True for float16, bfloat16, float32 and float64. */
  get isFloat(): boolean {
    return this.kind === 'float';
  }

  /** True for the signed and unsigned integer types (not bool). */
  get isInteger(): boolean {
    return this.kind === 'int' || this.kind === 'uint';
  }

  /** Allocates zeroed storage for `length` elements. */
  allocate(length: number): TypedArray {
    return new this.storage(length);
  }

  /** MindSpore's name, as `print(dtype)` shows it. */
  toString(): string {
    return this.msName;
  }
}

function make(
  name: DTypeName,
  msName: string,
  kind: DTypeKind,
  itemsize: number,
  rank: number,
  storage: StorageConstructor,
): DType {
  return new DType(name, msName, kind, itemsize, rank, storage);
}

/** The mindsim data types by numpy name. MindSpore's implicit conversion rank is the `rank` field. */
export const DTYPES: Readonly<Record<DTypeName, DType>> = Object.freeze({
  bool: make('bool', 'Bool', 'bool', 1, 0, Uint8Array),
  int8: make('int8', 'Int8', 'int', 1, 1, Int8Array),
  uint8: make('uint8', 'UInt8', 'uint', 1, 2, Uint8Array),
  int16: make('int16', 'Int16', 'int', 2, 3, Int16Array),
  int32: make('int32', 'Int32', 'int', 4, 4, Int32Array),
  int64: make('int64', 'Int64', 'int', 8, 5, BigInt64Array),
  float16: make('float16', 'Float16', 'float', 2, 6, Uint16Array),
  bfloat16: make('bfloat16', 'BFloat16', 'float', 2, 6, Uint16Array),
  float32: make('float32', 'Float32', 'float', 4, 7, Float32Array),
  float64: make('float64', 'Float64', 'float', 8, 8, Float64Array),
});

/** Aliases accepted wherever a dtype name is: numpy's short names and MindSpore's printed names. */
const ALIASES: Readonly<Record<string, DTypeName>> = {
  half: 'float16',
  float: 'float64',
  double: 'float64',
  single: 'float32',
  int: 'int64',
  bool_: 'bool',
  bool8: 'bool',
  f2: 'float16',
  f4: 'float32',
  f8: 'float64',
  i1: 'int8',
  i2: 'int16',
  i4: 'int32',
  i8: 'int64',
  u1: 'uint8',
  Float16: 'float16',
  BFloat16: 'bfloat16',
  Float32: 'float32',
  Float64: 'float64',
  Int8: 'int8',
  Int16: 'int16',
  Int32: 'int32',
  Int64: 'int64',
  UInt8: 'uint8',
  Bool: 'bool',
};

/** Something that names a dtype: a {@link DType} or one of its names. */
export type DTypeLike = DType | DTypeName | string;

/**
 * Resolves a dtype from a {@link DType} or a name (`'float32'`, `'Float32'`, `'f4'`, `'float'`).
 *
 * @param like - the dtype or its name.
 * @param api - the API to name in the error message.
 * @throws {@link DTypeError} for an unknown name, like numpy's "data type 'x' not understood".
 * @example
 * ```ts
 * import { mstype } from 'mindsim';
 * console.log(mstype.resolve('f2').name); // float16
 * ```
 */
export function resolveDType(like: DTypeLike, api = 'dtype'): DType {
  if (like instanceof DType) return like;
  if (typeof like === 'string') {
    const direct = Object.hasOwn(DTYPES, like) ? (DTYPES as Record<string, DType>)[like] : undefined;
    if (direct !== undefined) return direct;
    const alias = Object.hasOwn(ALIASES, like) ? ALIASES[like] : undefined;
    if (alias !== undefined) return DTYPES[alias];
    throw new DTypeError(
      `${api}: data type '${like}' not understood; mindsim supports ${Object.keys(DTYPES).join(', ')}`,
    );
  }
  throw new DTypeError(`${api}: expected a dtype or a dtype name, but got ${describeValue(like)}`);
}

/** A short description of any value for error messages: its type and, when short, its text. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `string '${value.length > 40 ? value.slice(0, 40) + '…' : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (typeof value === 'bigint') return `bigint ${value}n`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'function') return 'a function';
  const ctor = (value as object).constructor;
  return ctor && ctor.name ? `an instance of ${ctor.name}` : 'an object';
}
