/**
 * Reading float inputs and finishing float outputs, with the precision rules of the kernels:
 * float16 and bfloat16 kernels compute in float32 and round once per output element; float32 computes
 * in float32; float64 in float64. Finishing detects overflow (a non-finite result from finite inputs)
 * and, in saturation mode, clamps it (±max finite; NaN → 0), which also counts as overflow.
 * @module
 */
import { DTYPES, type DType } from './dtype.js';
import { float16ToFloat32, float32ToFloat16Finite, float32ToFloat16Saturating } from './float16.js';
import { bfloat16ToFloat32, float32ToBFloat16, float32ToBFloat16Saturating } from './bfloat16.js';
import type { KTensor, KernelOptions } from './tensor.js';

/** Float values to compute with: float32 (float16, bfloat16, float32 inputs) or float64. */
export type FloatValues = Float32Array | Float64Array;

/** The dtype float arithmetic runs in for a float dtype: float64 for float64, else float32. */
export function computeDType(dtype: DType): DType {
  return dtype.name === 'float64' ? DTYPES.float64 : DTYPES.float32;
}

/**
 * The values of a float tensor in its compute dtype: the storage itself for float32/float64, a decoded
 * float32 copy for float16/bfloat16; integers and bools as float64 (for kernels that accept them).
 */
export function floatValues(t: KTensor): FloatValues {
  switch (t.dtype.name) {
    case 'float32':
      return t.data as Float32Array;
    case 'float64':
      return t.data as Float64Array;
    case 'float16':
      return float16ToFloat32(t.data as Uint16Array);
    case 'bfloat16':
      return bfloat16ToFloat32(t.data as Uint16Array);
    case 'int64':
      return Float64Array.from(t.data as BigInt64Array, Number);
    default:
      return Float64Array.from(t.data as Float32Array);
  }
}

/** True when every value is finite. */
export function allFinite(values: FloatValues): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v - v !== 0) return false;
  }
  return true;
}

/** The largest finite value of a float dtype. */
export function maxFinite(dtype: DType): number {
  switch (dtype.name) {
    case 'float16':
      return 65504;
    case 'bfloat16':
      return 3.3895313892515355e38;
    case 'float32':
      return 3.4028234663852886e38;
    default:
      return Number.MAX_VALUE;
  }
}

/** Whether no float16 (or bfloat16) in `bits` has an all-ones exponent: no inf, no NaN. */
export function halfBitsAllFinite(bits: Uint16Array, name: 'float16' | 'bfloat16'): boolean {
  const mask = name === 'float16' ? 0x7c00 : 0x7f80;
  let start = 0;
  let end = bits.length;
  if (end === 0) return true;
  if (bits.byteOffset % 4 !== 0) {
    if ((bits[0]! & mask) === mask) return false;
    start = 1;
  }
  if ((end - start) % 2 !== 0) {
    if ((bits[end - 1]! & mask) === mask) return false;
    end--;
  }
  // two values per 32-bit word, shifted right by one so that the sums stay small integers: an
  // all-ones exponent plus its lowest bit carries into the (shifted) sign bit
  const words = new Uint32Array(bits.buffer, bits.byteOffset + 2 * start, (end - start) / 2);
  const pairMask = (mask >>> 1) * 0x10001;
  const carry = ((0x8000 - mask) >>> 1) * 0x10001;
  for (let i = 0; i < words.length; i++) if ((((words[i]! >>> 1) & pairMask) + carry) & 0x40004000) return false;
  return true;
}

/**
 * Writes computed values (float32 or float64) into a float output tensor, rounding once to its dtype.
 * Returns whether it overflowed: when `inputsFinite` and a result is non-finite, or a value saturated.
 * Overflow is only looked for when asked (`detectOverflow`) or when saturating.
 */
export function finishFloat(values: FloatValues, out: KTensor, inputsFinite: boolean, options?: KernelOptions): boolean {
  const saturate = options?.saturate === true;
  const detect = options?.detectOverflow === true || saturate;
  const name = out.dtype.name;
  if (name === 'float16' || name === 'bfloat16') {
    const src = values instanceof Float32Array ? values : Float32Array.from(values);
    const dst = out.data as Uint16Array;
    if (saturate) {
      const r = name === 'float16' ? float32ToFloat16Saturating(src, dst) : float32ToBFloat16Saturating(src, dst);
      return r.saturated > 0;
    }
    if (name === 'float16') return !float32ToFloat16Finite(src, dst) && detect && inputsFinite;
    float32ToBFloat16(src, dst);
    return detect && inputsFinite && !halfBitsAllFinite(dst, name);
  }
  const dst = out.data as Float32Array | Float64Array;
  if (values !== dst) dst.set(values);
  if (!detect) return false;
  let overflow = false;
  const max = maxFinite(out.dtype);
  for (let i = 0; i < dst.length; i++) {
    const v = dst[i]!;
    if (v - v === 0) continue;
    if (inputsFinite) overflow = true;
    if (saturate) {
      dst[i] = v !== v ? 0 : v > 0 ? max : -max;
      overflow = true;
    }
  }
  return overflow;
}
