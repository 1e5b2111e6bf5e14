/**
 * Casting between all mindsim dtypes with numpy's `astype` semantics on x86-64 Linux:
 * - float → float: one rounding to nearest even (float64 → float16 directly, not via float32);
 * - float → integer: truncation toward zero; NaN and values outside int32 become INT32_MIN before
 *   wrapping to int8/int16/uint8/int32, and NaN or values outside int64 become INT64_MIN for int64
 *   (what the cvttsd2si instruction numpy's C cast compiles to produces);
 * - integer → integer: two's-complement wrap-around;
 * - anything → bool: `x != 0` (NaN is true); bool → anything: 0 or 1;
 * - int64 → float32 is one correct rounding even beyond 2^53.
 * @module
 */
import { type DType, type TypedArray } from './dtype.js';
import { float32ToFloat16, float16ToFloat32, float64WordsToFloat16Bits } from './float16.js';
import { float32ToBFloat16, bfloat16ToFloat32, float64WordsToBFloat16Bits } from './bfloat16.js';

const INT32_MIN = -2147483648;
const INT64_MIN = -(2n ** 63n);
const TWO_63 = 2 ** 63;

/**
 * Casts `src` (holding `from` values) to a new array of `to` values.
 *
 * @param src - storage of the source, as {@link DType.allocate} makes it.
 * @param from - the source dtype.
 * @param to - the target dtype.
 * @returns new storage for `to`.
 * @example
 * ```ts
 * import { kernels, mstype } from 'mindsim';
 * const out = kernels.castArray(new Float64Array([2.7, -1.5, 300]), mstype.float64, mstype.int8);
 * console.log(Array.from(out as Int8Array)); // [ 2, -1, 44 ]
 * ```
 */
export function castArray(src: TypedArray, from: DType, to: DType): TypedArray {
  if (from === to) return src.slice();
  if (from.name === 'float32' && to.name === 'float16') return float32ToFloat16(src as Float32Array);
  if (from.name === 'float32' && to.name === 'bfloat16') return float32ToBFloat16(src as Float32Array);
  if (from.name === 'int64') return castFromInt64(src as BigInt64Array, to);
  return castFromFloat64(toFloat64(src, from), to);
}

/**
 * The values of any storage as float64 (exact for every dtype but int64 beyond 2^53, which rounds to
 * nearest even).
 *
 * @example
 * ```ts
 * import { kernels, mstype } from 'mindsim';
 * console.log(kernels.toFloat64(new Uint16Array([0x3c00]), mstype.float16)[0]); // 1
 * ```
 */
export function toFloat64(src: TypedArray, from: DType): Float64Array {
  switch (from.name) {
    case 'float16':
      return Float64Array.from(float16ToFloat32(src as Uint16Array));
    case 'bfloat16':
      return Float64Array.from(bfloat16ToFloat32(src as Uint16Array));
    case 'int64': {
      const s = src as BigInt64Array;
      const out = new Float64Array(s.length);
      for (let i = 0; i < s.length; i++) out[i] = Number(s[i]!);
      return out;
    }
    default:
      return Float64Array.from(src as Float32Array);
  }
}

/** float64 values → `to` storage with numpy's cast rules. */
function castFromFloat64(v: Float64Array, to: DType): TypedArray {
  const n = v.length;
  switch (to.name) {
    case 'float64':
      return v;
    case 'float32':
      return Float32Array.from(v);
    case 'float16':
    case 'bfloat16': {
      const words = new Uint32Array(v.buffer, v.byteOffset, n * 2);
      const out = new Uint16Array(n);
      const convert = to.name === 'float16' ? float64WordsToFloat16Bits : float64WordsToBFloat16Bits;
      for (let i = 0; i < n; i++) out[i] = convert(words[2 * i + 1]!, words[2 * i]!);
      return out;
    }
    case 'bool': {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = v[i] !== 0 ? 1 : 0;
      return out;
    }
    case 'int64': {
      const out = new BigInt64Array(n);
      for (let i = 0; i < n; i++) {
        const x = v[i]!;
        out[i] = x >= -TWO_63 && x < TWO_63 ? BigInt(Math.trunc(x)) : INT64_MIN;
      }
      return out;
    }
    default: {
      // int8, int16, int32, uint8: through int32 as the C cast does, then wrap on store.
      const out = to.allocate(n) as Int32Array;
      for (let i = 0; i < n; i++) {
        const x = v[i]!;
        out[i] = x > -2147483649 && x < 2147483648 ? Math.trunc(x) : INT32_MIN;
      }
      return out;
    }
  }
}

/** int64 values → `to` storage: exact wrap-around for integers, single rounding for floats. */
function castFromInt64(s: BigInt64Array, to: DType): TypedArray {
  const n = s.length;
  if (to.name === 'bool') {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = s[i] !== 0n ? 1 : 0;
    return out;
  }
  if (to.isInteger) {
    const out = to.allocate(n) as Int32Array;
    for (let i = 0; i < n; i++) out[i] = Number(BigInt.asIntN(32, s[i]!));
    return out;
  }
  if (to.name === 'float32') {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = int64ToFloat32(s[i]!);
    return out;
  }
  return castFromFloat64(toFloat64(s, { name: 'int64' } as DType), to);
}

/** One correctly rounded (nearest even) conversion of an int64 to float32. */
export function int64ToFloat32(v: bigint): number {
  const mag = v < 0n ? -v : v;
  if (mag <= 2n ** 53n) return Math.fround(Number(v));
  const bits = mag.toString(2).length;
  const shift = BigInt(bits - 24);
  let q = mag >> shift;
  const rem = mag & ((1n << shift) - 1n);
  const half = 1n << (shift - 1n);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  const r = Number(q) * 2 ** Number(shift);
  return v < 0n ? -r : r;
}
