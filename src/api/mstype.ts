/**
 * `mstype` (also exported as `dtype`): MindSpore's data type objects. Each prints as MindSpore does
 * (`Float32`, `Int64`, `Bool`); `name` is numpy's name.
 *
 * @example
 * ```ts
 * import { mstype } from 'mindsim';
 * console.log(String(mstype.float32), mstype.int64.name, String(mstype.bool_)); // Float32 int64 Bool
 * ```
 * @module
 */
import { DTYPES } from '../kernels/index.js';

export { DType, resolveDType as resolve, type DTypeName, type DTypeLike } from '../kernels/index.js';

/** IEEE half precision (Float16). */
export const float16 = DTYPES.float16;
/** bfloat16: float32's exponent with 8 bits of precision (BFloat16). */
export const bfloat16 = DTYPES.bfloat16;
/** IEEE single precision (Float32). */
export const float32 = DTYPES.float32;
/** IEEE double precision (Float64). */
export const float64 = DTYPES.float64;
/** 8-bit signed integer (Int8). */
export const int8 = DTYPES.int8;
/** 16-bit signed integer (Int16). */
export const int16 = DTYPES.int16;
/** 32-bit signed integer (Int32). */
export const int32 = DTYPES.int32;
/** 64-bit signed integer (Int64), exact in a BigInt64Array. */
export const int64 = DTYPES.int64;
/** 8-bit unsigned integer (UInt8). */
export const uint8 = DTYPES.uint8;
/** Boolean (Bool); MindSpore's name has the trailing underscore. */
export const bool_ = DTYPES.bool;
