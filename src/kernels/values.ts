/**
 * Reading single elements and rounding single numbers to a dtype: the scalar side of the dtype layer.
 * @module
 */
import { type DType, type TypedArray } from './dtype.js';
import { float16BitsToNumber, numberToFloat16Bits } from './float16.js';
import { bfloat16BitsToNumber, numberToBFloat16Bits } from './bfloat16.js';

/** Reads element `i` of some storage as a number (a bigint for int64; 0/1 for bool). */
export type ElementReader = (i: number) => number | bigint;

/**
 * A reader of the elements of `data` holding `dtype` values: floats (float16 and bfloat16 decoded
 * exactly) and integers as numbers, int64 as bigint, bool as 0 or 1.
 *
 * @example
 * ```ts
 * import { kernels, mstype } from 'mindsim';
 * const read = kernels.elementReader(mstype.float16, new Uint16Array([0x3c00]));
 * console.log(read(0)); // 1
 * ```
 */
export function elementReader(dtype: DType, data: TypedArray): ElementReader {
  switch (dtype.name) {
    case 'float16': {
      const d = data as Uint16Array;
      return (i) => float16BitsToNumber(d[i]!);
    }
    case 'bfloat16': {
      const d = data as Uint16Array;
      return (i) => bfloat16BitsToNumber(d[i]!);
    }
    default: {
      const d = data as Float64Array;
      return (i) => d[i]!;
    }
  }
}

/**
 * Rounds a number to the nearest value of a float dtype (nearest even), returning it as a number.
 *
 * @example
 * ```ts
 * import { kernels, mstype } from 'mindsim';
 * console.log(kernels.roundToFloatDType(0.1, mstype.float16)); // 0.0999755859375
 * ```
 */
export function roundToFloatDType(x: number, dtype: DType): number {
  switch (dtype.name) {
    case 'float16':
      return float16BitsToNumber(numberToFloat16Bits(x));
    case 'bfloat16':
      return bfloat16BitsToNumber(numberToBFloat16Bits(x));
    case 'float32':
      return Math.fround(x);
    default:
      return x;
  }
}
