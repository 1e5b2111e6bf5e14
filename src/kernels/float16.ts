/**
 * IEEE binary16 (float16) conversions, bit-identical to numpy's `astype`:
 * round to nearest, ties to even; subnormals; signed zeros; ±inf; NaN payloads kept in their top bits
 * (a payload that would vanish becomes 1, so a NaN stays a NaN).
 *
 * A saturating variant models Ascend 910's saturation mode: overflow and ±inf become ±65504, NaN becomes
 * 0, and the number of saturated elements is returned so the device can set its float-status register.
 * @module
 */

/** The result of a saturating conversion. */
export interface SaturatedConversion {
  /** The converted bit patterns. */
  readonly out: Uint16Array;
  /** How many elements overflowed (or were NaN) and were clamped. */
  readonly saturated: number;
}

/** Largest finite float16, 65504. */
export const FLOAT16_MAX = 65504;
/** Bit pattern of +65504. */
export const FLOAT16_MAX_BITS = 0x7bff;

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);
const f64Scratch = new Float64Array(1);
const u32PairScratch = new Uint32Array(f64Scratch.buffer);

/**
 * Converts float32 bits to float16 bits (round to nearest even), as numpy's `npy_floatbits_to_halfbits`.
 *
 * @param f - the float32 bit pattern as an unsigned 32-bit integer.
 * @returns the float16 bit pattern.
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.float32BitsToFloat16Bits(0x3f800000).toString(16)); // 3c00 — 1.0
 * ```
 */
export function float32BitsToFloat16Bits(f: number): number {
  const sign = (f >>> 16) & 0x8000;
  const a = f & 0x7fffffff;
  if (a >= 0x477ff000) {
    // |x| >= 65520 rounds to infinity; exponent 0xff is inf or NaN.
    if (a > 0x7f800000) {
      const h = 0x7c00 | (a & 0x7fffff) >>> 13;
      return sign | (h === 0x7c00 ? 0x7c01 : h);
    }
    return sign | 0x7c00;
  }
  if (a >= 0x38800000) {
    // normal float16: rebias the exponent (127 -> 15) and round the 13 dropped bits to even.
    return sign | ((a - 0x38000000 + 0xfff + ((a >>> 13) & 1)) >>> 13);
  }
  if (a <= 0x33000000) return sign; // |x| <= 2^-25: ties to the even zero
  // subnormal float16: the value in units of 2^-24, rounded to nearest even.
  const m = (a & 0x7fffff) | 0x800000;
  const shift = 126 - (a >>> 23);
  const half = 1 << (shift - 1);
  const rem = m & ((half << 1) - 1);
  let h = m >>> shift;
  if (rem > half || (rem === half && (h & 1) === 1)) h++;
  return sign | h;
}

/** float16 bits → float32 value for all 65536 patterns (exact), built once; and the same as bits. */
const FLOAT16_TO_FLOAT32 = buildFloat16Table();
const FLOAT16_TO_FLOAT32_BITS = new Uint32Array(FLOAT16_TO_FLOAT32.buffer);

function buildFloat16Table(): Float32Array {
  const table = new Float32Array(65536);
  const bits = new Uint32Array(table.buffer);
  for (let h = 0; h < 65536; h++) {
    const sign = (h & 0x8000) << 16;
    const e = (h >>> 10) & 0x1f;
    const m = h & 0x3ff;
    if (e === 0x1f) {
      bits[h] = sign | 0x7f800000 | (m << 13);
    } else if (e !== 0) {
      bits[h] = sign | ((e + 112) << 23) | (m << 13);
    } else {
      table[h] = (sign ? -m : m) * 2 ** -24;
      if (m === 0) bits[h] = sign;
    }
  }
  return table;
}

/**
 * The value of a float16 bit pattern, exactly.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.float16BitsToNumber(0x7bff)); // 65504
 * ```
 */
export function float16BitsToNumber(h: number): number {
  return FLOAT16_TO_FLOAT32[h & 0xffff]!;
}

/**
 * Rounds any JavaScript number (a float64) to float16 bits directly, with one rounding, as numpy's
 * `astype(float16)` does for float64 arrays (not via float32, which would round twice).
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.numberToFloat16Bits(65519.99).toString(16)); // 7bff
 * ```
 */
export function numberToFloat16Bits(x: number): number {
  f64Scratch[0] = x;
  return float64WordsToFloat16Bits(u32PairScratch[1]!, u32PairScratch[0]!);
}

/**
 * float64 bits (high and low words) → float16 bits, round to nearest even, NaN payload kept in the top
 * 10 mantissa bits (numpy's `npy_doublebits_to_halfbits`).
 */
export function float64WordsToFloat16Bits(hi: number, lo: number): number {
  const sign = (hi >>> 16) & 0x8000;
  const e = (hi >>> 20) & 0x7ff;
  const mHi = hi & 0xfffff;
  if (e === 0x7ff) {
    if (mHi === 0 && lo === 0) return sign | 0x7c00;
    const h = 0x7c00 | (mHi >>> 10);
    return sign | (h === 0x7c00 ? 0x7c01 : h);
  }
  const exp = e - 1023;
  if (exp >= 16) return sign | 0x7c00;
  if (exp >= -14) {
    const mant = mHi >>> 10;
    const rem = mHi & 0x3ff;
    const up = rem > 0x200 || (rem === 0x200 && (lo !== 0 || (mant & 1) === 1)) ? 1 : 0;
    return sign | ((((exp + 15) << 10) | mant) + up);
  }
  if (exp < -26) return sign; // below 2^-26: rounds to zero
  // subnormal: value × 2^24 is exact in float64; adding and removing 2^52 rounds it to nearest even.
  f64Scratch[0] = 0;
  u32PairScratch[1] = hi & 0x7fffffff;
  u32PairScratch[0] = lo;
  const q = f64Scratch[0] * 2 ** 24;
  return sign | (q + 2 ** 52 - 2 ** 52);
}

/**
 * Converts a float32 array to float16 bits (IEEE: overflow → ±inf), into `out` when given.
 *
 * @param src - the float32 values.
 * @param out - where to write; allocated when omitted; must have `src.length` elements.
 * @returns `out`.
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * const h = kernels.float32ToFloat16(new Float32Array([1, 70000]));
 * console.log(Array.from(h, (b) => b.toString(16))); // [ '3c00', '7c00' ]
 * ```
 */
export function float32ToFloat16(src: Float32Array, out?: Uint16Array): Uint16Array {
  const dst = out ?? new Uint16Array(src.length);
  float32ToFloat16Finite(src, dst);
  return dst;
}

/**
 * @internal {@link float32ToFloat16} into `dst`, saying whether every result is finite. That costs
 * nothing on the common path: a result outside it (an infinity, a NaN) can only come from the slow path,
 * which notes it.
 */
export function float32ToFloat16Finite(src: Float32Array, dst: Uint16Array): boolean {
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  const n = bits.length;
  slowNonFinite = 0;
  if ((dst.byteOffset & 3) !== 0) {
    for (let i = 0; i < n; i++) dst[i] = slowHalf(bits[i]!);
    return slowNonFinite === 0;
  }
  // two results per 32-bit store (half the stores); the common case inline, one unsigned compare:
  // 2^-14 <= |x| < 65520 gives a normal float16
  const pairs = n >> 1;
  const dst32 = new Uint32Array(dst.buffer, dst.byteOffset, pairs);
  for (let j = 0; j < pairs; j++) {
    const f0 = bits[2 * j]!;
    const f1 = bits[2 * j + 1]!;
    const a0 = f0 & 0x7fffffff;
    const a1 = f1 & 0x7fffffff;
    const h0 = ((a0 - 0x38800000) >>> 0) < 0x0efff000
      ? ((f0 >>> 16) & 0x8000) | ((a0 - 0x38000000 + 0xfff + ((a0 >>> 13) & 1)) >>> 13)
      : slowHalf(f0);
    const h1 = ((a1 - 0x38800000) >>> 0) < 0x0efff000
      ? ((f1 >>> 16) & 0x8000) | ((a1 - 0x38000000 + 0xfff + ((a1 >>> 13) & 1)) >>> 13)
      : slowHalf(f1);
    dst32[j] = h0 | (h1 << 16);
  }
  if ((n & 1) !== 0) dst[n - 1] = slowHalf(bits[n - 1]!);
  return slowNonFinite === 0;
}

/** Whether a slow-path result of the conversion running now was non-finite (reset as each one starts). */
let slowNonFinite = 0;

/** The slow path of {@link float32ToFloat16Finite}: one value, noting a non-finite result. */
function slowHalf(f: number): number {
  const h = float32BitsToFloat16Bits(f);
  if ((h & 0x7c00) === 0x7c00) slowNonFinite = 1;
  return h;
}

/**
 * Converts a float32 array to float16 bits with Ascend saturation: results beyond ±65504 (including
 * ±inf inputs) become ±65504 and NaN becomes +0.
 *
 * @param src - the float32 values.
 * @param out - where to write; allocated when omitted.
 * @returns the output and how many elements saturated (overflowed or were NaN).
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * const { out, saturated } = kernels.float32ToFloat16Saturating(new Float32Array([1e6, NaN, 2]));
 * console.log(Array.from(out, (b) => kernels.float16BitsToNumber(b)), saturated); // [ 65504, 0, 2 ] 2
 * ```
 */
export function float32ToFloat16Saturating(
  src: Float32Array,
  out?: Uint16Array,
): SaturatedConversion {
  const dst = out ?? new Uint16Array(src.length);
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  let saturated = 0;
  for (let i = 0, n = bits.length; i < n; i++) {
    const f = bits[i]!;
    const a = f & 0x7fffffff;
    if (((a - 0x38800000) >>> 0) < 0x0efff000) {
      dst[i] = ((f >>> 16) & 0x8000) | ((a - 0x38000000 + 0xfff + ((a >>> 13) & 1)) >>> 13);
    } else if (a >= 0x477ff000) {
      saturated++;
      dst[i] = a > 0x7f800000 ? 0 : ((f >>> 16) & 0x8000) | FLOAT16_MAX_BITS;
    } else {
      dst[i] = float32BitsToFloat16Bits(f);
    }
  }
  return { out: dst, saturated };
}

/**
 * Converts float16 bits to float32 values (exact), into `out` when given. Bit patterns are copied, so a
 * NaN keeps its payload (a signalling NaN is not quieted), as numpy's conversion does.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.float16ToFloat32(new Uint16Array([0x3555]))[0]); // 0.333251953125
 * ```
 */
export function float16ToFloat32(src: Uint16Array, out?: Float32Array): Float32Array {
  const dst = out ?? new Float32Array(src.length);
  const bits = new Uint32Array(dst.buffer, dst.byteOffset, dst.length);
  const table = FLOAT16_TO_FLOAT32_BITS;
  for (let i = 0, n = src.length; i < n; i++) bits[i] = table[src[i]!]!;
  return dst;
}

/** The float32 bit pattern of a number (after rounding it to float32). */
export function float32Bits(x: number): number {
  f32Scratch[0] = x;
  return u32Scratch[0]!;
}
