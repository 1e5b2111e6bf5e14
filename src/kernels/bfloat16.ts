/**
 * bfloat16 conversions: the upper half of a float32, rounded to nearest even. Subnormals are kept (no
 * flush to zero); every NaN becomes the quiet NaN 0x7fc0 with its sign (as Eigen and ml_dtypes do).
 * numpy has no bfloat16, so the fixtures check these functions against an independent float64 rounding
 * computed with numpy (scripts/gen_fixtures.py).
 *
 * The saturating variant models Ascend saturation mode: overflow and ±inf become ±max finite
 * (±3.3895314e38), NaN becomes 0, and the number of saturated elements is returned.
 * @module
 */

import type { SaturatedConversion } from './float16.js';

/** Bit pattern of the largest finite bfloat16, 3.3895313892515355e38. */
export const BFLOAT16_MAX_BITS = 0x7f7f;

const f64Scratch = new Float64Array(1);
const u32PairScratch = new Uint32Array(f64Scratch.buffer);
const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

/**
 * Converts float32 bits to bfloat16 bits (round to nearest even).
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.float32BitsToBFloat16Bits(0x3f808000).toString(16)); // 3f80 — ties to even
 * ```
 */
export function float32BitsToBFloat16Bits(f: number): number {
  const sign = (f >>> 16) & 0x8000;
  const a = f & 0x7fffffff;
  if (a > 0x7f800000) return sign | 0x7fc0;
  return sign | ((a + 0x7fff + ((a >>> 16) & 1)) >>> 16);
}

/**
 * The value of a bfloat16 bit pattern, exactly.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.bfloat16BitsToNumber(0x3f80)); // 1
 * ```
 */
export function bfloat16BitsToNumber(h: number): number {
  u32Scratch[0] = (h & 0xffff) << 16;
  return f32Scratch[0]!;
}

/**
 * float64 bits (high and low words) → bfloat16 bits with a single rounding (nearest even).
 */
export function float64WordsToBFloat16Bits(hi: number, lo: number): number {
  const sign = (hi >>> 16) & 0x8000;
  const e = (hi >>> 20) & 0x7ff;
  const mHi = hi & 0xfffff;
  if (e === 0x7ff) return sign | (mHi === 0 && lo === 0 ? 0x7f80 : 0x7fc0);
  const exp = e - 1023;
  if (exp >= 128) return sign | 0x7f80;
  if (exp >= -126) {
    const mant = mHi >>> 13;
    const rem = mHi & 0x1fff;
    const up = rem > 0x1000 || (rem === 0x1000 && (lo !== 0 || (mant & 1) === 1)) ? 1 : 0;
    return sign | ((((exp + 127) << 7) | mant) + up);
  }
  if (exp < -136) return sign;
  // subnormal: value × 2^133 is exact in float64; adding and removing 2^52 rounds it to nearest even.
  u32PairScratch[1] = hi & 0x7fffffff;
  u32PairScratch[0] = lo;
  const q = f64Scratch[0]! * 2 ** 133;
  return sign | (q + 2 ** 52 - 2 ** 52);
}

/**
 * Rounds any JavaScript number (a float64) to bfloat16 bits directly, with one rounding.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.bfloat16BitsToNumber(kernels.numberToBFloat16Bits(Math.PI))); // 3.140625
 * ```
 */
export function numberToBFloat16Bits(x: number): number {
  f64Scratch[0] = x;
  return float64WordsToBFloat16Bits(u32PairScratch[1]!, u32PairScratch[0]!);
}

/**
 * Converts a float32 array to bfloat16 bits (IEEE: overflow → ±inf), into `out` when given.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * const b = kernels.float32ToBFloat16(new Float32Array([1, 3.4e38]));
 * console.log(Array.from(b, (x) => x.toString(16))); // [ '3f80', '7f80' ]
 * ```
 */
export function float32ToBFloat16(src: Float32Array, out?: Uint16Array): Uint16Array {
  const dst = out ?? new Uint16Array(src.length);
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  for (let i = 0, n = bits.length; i < n; i++) {
    const f = bits[i]!;
    const a = f & 0x7fffffff;
    dst[i] =
      a > 0x7f800000
        ? ((f >>> 16) & 0x8000) | 0x7fc0
        : ((f >>> 16) & 0x8000) | ((a + 0x7fff + ((a >>> 16) & 1)) >>> 16);
  }
  return dst;
}

/**
 * Converts a float32 array to bfloat16 bits with saturation: results beyond the largest finite bfloat16
 * (and ±inf) become ±max finite, NaN becomes +0.
 *
 * @returns the output and how many elements saturated.
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * const { saturated } = kernels.float32ToBFloat16Saturating(new Float32Array([Infinity, 1]));
 * console.log(saturated); // 1
 * ```
 */
export function float32ToBFloat16Saturating(
  src: Float32Array,
  out?: Uint16Array,
): SaturatedConversion {
  const dst = out ?? new Uint16Array(src.length);
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  let saturated = 0;
  for (let i = 0, n = bits.length; i < n; i++) {
    const f = bits[i]!;
    const a = f & 0x7fffffff;
    const sign = (f >>> 16) & 0x8000;
    if (a > 0x7f800000) {
      saturated++;
      dst[i] = 0;
      continue;
    }
    const r = (a + 0x7fff + ((a >>> 16) & 1)) >>> 16;
    if (r >= 0x7f80) {
      saturated++;
      dst[i] = sign | BFLOAT16_MAX_BITS;
    } else {
      dst[i] = sign | r;
    }
  }
  return { out: dst, saturated };
}

/**
 * Converts bfloat16 bits to float32 values (exact), into `out` when given.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.bfloat16ToFloat32(new Uint16Array([0x4049]))[0]); // 3.140625
 * ```
 */
export function bfloat16ToFloat32(src: Uint16Array, out?: Float32Array): Float32Array {
  const dst = out ?? new Float32Array(src.length);
  const bits = new Uint32Array(dst.buffer, dst.byteOffset, dst.length);
  for (let i = 0, n = src.length; i < n; i++) bits[i] = src[i]! << 16;
  return dst;
}
