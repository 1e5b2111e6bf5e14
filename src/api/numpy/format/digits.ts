/**
 * Exact decimal digit generation for binary floating-point values, with numpy's Dragon4 semantics:
 * - "unique" digits: the shortest digit string that reads back as the same value *in its own format*
 *   (float16, bfloat16, float32 or float64); the rounding interval includes its end points when the
 *   significand is even (IEEE round-half-even reading);
 * - an optional cutoff (digits after the point, or total significant digits): when the shortest string
 *   is longer, the exact value is rounded at the cutoff, ties to the even digit.
 *
 * Everything is exact integer arithmetic on BigInt; no float is trusted to print itself.
 * @module
 */

/** The binary format a value belongs to: its precision (with the implicit bit) and normal range. */
export interface BinaryFormat {
  /** Significand bits including the implicit leading bit: 11, 8, 24 or 53. */
  readonly precision: number;
  /** Exponent of the smallest normal value: -14, -126, -126 or -1022. */
  readonly minExponent: number;
}

/** The binary formats of the float dtypes. */
export const FORMATS = Object.freeze({
  float16: { precision: 11, minExponent: -14 },
  bfloat16: { precision: 8, minExponent: -126 },
  float32: { precision: 24, minExponent: -126 },
  float64: { precision: 53, minExponent: -1022 },
} as const satisfies Record<string, BinaryFormat>);

/**
 * Where digit generation stops. `mode` says what the limits count: digits after the decimal point
 * (`'fraction'`) or significant digits (`'total'`). `max` (-1: no limit) cuts the digits off, rounding
 * the exact value; `min` (-1: none) asks for more digits of the exact value than uniqueness needs.
 */
export interface Cutoff {
  readonly mode: 'fraction' | 'total';
  readonly max: number;
  readonly min: number;
}

/** Shortest unique digits, no limits. */
export const UNIQUE: Cutoff = Object.freeze({ mode: 'total', max: -1, min: -1 });

/** Decimal digits `d1 d2 d3 ...` of a value `0.d1d2d3... × 10^(exponent+1)`: d1 has weight 10^exponent. */
export interface Digits {
  /** The digit characters, without leading or trailing zeros beyond what rounding produced. */
  readonly digits: string;
  /** Power of ten of the first digit. */
  readonly exponent: number;
}

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
const LOG10_2 = 0.30102999566398119521373889472449;

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

/**
 * Generates the decimal digits of the finite, non-negative value `x` read in `format`.
 * `x` must be exactly representable in `format` (it is, when it came from an array of that dtype).
 *
 * @example
 * ```ts
 * import { FORMATS, UNIQUE, generateDigits } from './digits.js';
 * // float32 0.1 is 0.100000001490116..., but its shortest float32 digits are "1" at 10^-1.
 * console.log(generateDigits(Math.fround(0.1), FORMATS.float32, UNIQUE)); // { digits: '1', exponent: -1 }
 * ```
 */
export function generateDigits(x: number, format: BinaryFormat, cutoff: Cutoff): Digits {
  if (x === 0) return { digits: '0', exponent: 0 };
  scratch[0] = x;
  const hi = words[1]!;
  const lo = words[0]!;
  const field = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  // x = m53 · 2^e53 exactly
  const m53 = field === 0 ? frac : frac | (1n << 52n);
  const e53 = field === 0 ? -1074 : field - 1075;
  const topExponent = bitLength(m53) - 1 + e53; // floor(log2 x)
  const p = format.precision;
  const exponent = (topExponent >= format.minExponent ? topExponent : format.minExponent) - (p - 1);
  const mantissa = exponent >= e53 ? m53 >> BigInt(exponent - e53) : m53 << BigInt(e53 - exponent);
  const unequalMargins = topExponent > format.minExponent && mantissa === 1n << BigInt(p - 1);
  return dragon4(mantissa, exponent, bitLength(mantissa) - 1, unequalMargins, cutoff);
}

/** The digit generator proper: value = mantissa · 2^exponent. */
function dragon4(
  mantissa: bigint,
  exponent: number,
  mantissaBit: number,
  unequalMargins: boolean,
  cutoff: Cutoff,
): Digits {
  const isEven = (mantissa & 1n) === 0n;
  // value = scaledValue / scale; the margins are half the distance to the neighbouring values.
  let scaledValue: bigint;
  let scale: bigint;
  let marginLow: bigint;
  const factor = unequalMargins ? 2 : 1;
  if (exponent > 0) {
    scaledValue = mantissa << BigInt(exponent + factor);
    scale = BigInt(2 * factor);
    marginLow = 1n << BigInt(exponent);
  } else {
    scaledValue = mantissa << BigInt(factor);
    scale = 1n << BigInt(-exponent + factor);
    marginLow = 1n;
  }
  let marginHigh = unequalMargins ? marginLow * 2n : marginLow;

  // estimate of floor(log10(value)) + 1, correct or one too low
  let digitExponent = Math.ceil((mantissaBit + exponent) * LOG10_2 - 0.69);
  if (cutoff.mode === 'fraction' && cutoff.max >= 0 && digitExponent <= -cutoff.max) {
    digitExponent = -cutoff.max + 1;
  }
  if (digitExponent > 0) {
    scale *= 10n ** BigInt(digitExponent);
  } else if (digitExponent < 0) {
    const pow = 10n ** BigInt(-digitExponent);
    scaledValue *= pow;
    marginLow *= pow;
    marginHigh = unequalMargins ? marginLow * 2n : marginLow;
  }
  if (scaledValue >= scale) {
    digitExponent += 1;
  } else {
    scaledValue *= 10n;
    marginLow *= 10n;
    marginHigh = unequalMargins ? marginLow * 2n : marginLow;
  }

  const firstExponent = digitExponent - 1;
  // the exponent of the last digit allowed (max) and the one uniqueness must at least reach (min)
  let maxExponent = -Infinity;
  if (cutoff.max >= 0) maxExponent = cutoff.mode === 'total' ? digitExponent - cutoff.max : -cutoff.max;
  let minExponent = digitExponent;
  if (cutoff.min >= 0) {
    minExponent = Math.min(minExponent, cutoff.mode === 'total' ? digitExponent - cutoff.min : -cutoff.min);
  }

  let out = '';
  let digit = 0;
  let low = false;
  let high = false;
  for (;;) {
    digitExponent -= 1;
    digit = Number(scaledValue / scale);
    scaledValue %= scale;
    low = isEven ? scaledValue <= marginLow : scaledValue < marginLow;
    const upper = scaledValue + marginHigh;
    high = isEven ? upper >= scale : upper > scale;
    if (((low || high) && digitExponent <= minExponent) || digitExponent === maxExponent) break;
    out += String(digit);
    scaledValue *= 10n;
    marginLow *= 10n;
    marginHigh = unequalMargins ? marginLow * 2n : marginLow;
  }

  let roundDown = low;
  if (low === high) {
    const twice = scaledValue * 2n;
    roundDown = twice < scale || (twice === scale && (digit & 1) === 0);
  }
  if (roundDown) return { digits: out + String(digit), exponent: firstExponent };
  if (digit < 9) return { digits: out + String(digit + 1), exponent: firstExponent };
  // carry through trailing nines
  let i = out.length - 1;
  while (i >= 0 && out[i] === '9') i--;
  if (i < 0) return { digits: '1', exponent: firstExponent + 1 };
  return { digits: out.slice(0, i) + String(Number(out[i]) + 1), exponent: firstExponent };
}
