/**
 * numpy's `format_float_positional` and `format_float_scientific` (unique digits mode), for finite
 * values of any float format: trim modes, minimum digits, left/right padding and exponent width.
 * @module
 */
import { type BinaryFormat, generateDigits } from './digits.js';

/**
 * How trailing zeros and the point are treated (numpy's `trim`):
 * `'k'` keep (and pad zeros up to `minDigits`), `'.'` trim zeros but keep the point (`12.`),
 * `'0'` trim zeros but keep one (`12.0`), `'-'` trim zeros and the point (`12`).
 */
export type TrimMode = 'k' | '.' | '0' | '-';

/** Options shared by both notations; -1 means "not set", as in numpy. */
export interface FloatTextOptions {
  /** Most digits after the point (positional) or after the first digit (scientific); -1: unlimited. */
  readonly precision: number;
  /** Fewest such digits: more exact digits are printed if uniqueness needs fewer; -1: none. */
  readonly minDigits: number;
  readonly trim: TrimMode;
  /** Pad with spaces on the left to this many characters before the point; -1: none. */
  readonly padLeft: number;
  /** Positional only: pad with spaces on the right to this many fraction characters; -1: none. */
  readonly padRight: number;
  /** Scientific only: at least this many exponent digits; -1 means 2. */
  readonly expDigits: number;
}

const DEFAULTS: Readonly<FloatTextOptions> = { precision: -1, minDigits: -1, trim: '.', padLeft: -1, padRight: -1, expDigits: -1 };

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

/** Applies the trim mode to fraction digits; returns the fraction and whether a point is printed. */
function trimFraction(frac: string, trim: TrimMode, minDigits: number): { frac: string; point: boolean } {
  if (trim === 'k') {
    const want = minDigits < 0 ? 0 : minDigits;
    return { frac: frac.length < want ? frac + '0'.repeat(want - frac.length) : frac, point: true };
  }
  let end = frac.length;
  while (end > 0 && frac.charCodeAt(end - 1) === 48) end--;
  const kept = frac.slice(0, end);
  if (kept.length > 0) return { frac: kept, point: true };
  if (trim === '0') return { frac: '0', point: true };
  return { frac: '', point: trim === '.' };
}

/**
 * A finite value in positional notation, as numpy's Dragon4 prints it.
 *
 * @param x - a finite value exactly representable in `format`.
 * @param format - the binary format the value is read in (its shortest digits depend on it).
 * @param options - precision, trim and padding; unset fields take numpy's defaults.
 * @example
 * ```ts
 * import { FORMATS } from './digits.js';
 * import { formatPositional } from './float-text.js';
 * console.log(JSON.stringify(formatPositional(Math.fround(0.1), FORMATS.float32, { trim: '0' }))); // "0.1"
 * console.log(JSON.stringify(formatPositional(12, FORMATS.float64, { trim: '.', padLeft: 3, padRight: 2 }))); // " 12.  "
 * ```
 */
export function formatPositional(x: number, format: BinaryFormat, options: Partial<FloatTextOptions> = {}): string {
  const o = { ...DEFAULTS, ...options };
  const negative = isNegative(x);
  const d = generateDigits(Math.abs(x), format, { mode: 'fraction', max: o.precision, min: o.minDigits });
  const e = d.exponent;
  const s = d.digits;
  let whole: string;
  let rawFrac: string;
  if (e >= 0) {
    whole = s.length <= e + 1 ? s + '0'.repeat(e + 1 - s.length) : s.slice(0, e + 1);
    rawFrac = s.length > e + 1 ? s.slice(e + 1) : '';
  } else {
    whole = '0';
    rawFrac = '0'.repeat(-e - 1) + s;
  }
  const { frac, point } = trimFraction(rawFrac, o.trim, o.minDigits);
  let text = (negative ? '-' : '') + whole + (point ? '.' : '') + frac;
  if (o.padRight >= frac.length) {
    if (o.trim === '-' && frac.length === 0) text += ' ';
    text += ' '.repeat(o.padRight - frac.length);
  }
  const leftWidth = whole.length + (negative ? 1 : 0);
  if (o.padLeft > leftWidth) text = ' '.repeat(o.padLeft - leftWidth) + text;
  return text;
}

/**
 * A finite value in scientific notation, as numpy's Dragon4 prints it (`1.5e+03`).
 *
 * @param x - a finite value exactly representable in `format`.
 * @param format - the binary format the value is read in.
 * @param options - precision, trim, left padding and exponent digits.
 * @example
 * ```ts
 * import { FORMATS } from './digits.js';
 * import { formatScientific } from './float-text.js';
 * console.log(formatScientific(1e-5, FORMATS.float64, { trim: '-' })); // 1e-05
 * ```
 */
export function formatScientific(x: number, format: BinaryFormat, options: Partial<FloatTextOptions> = {}): string {
  const o = { ...DEFAULTS, ...options };
  const negative = isNegative(x);
  const d = generateDigits(Math.abs(x), format, {
    mode: 'total',
    max: o.precision >= 0 ? o.precision + 1 : -1,
    min: o.minDigits >= 0 ? o.minDigits + 1 : -1,
  });
  const { frac, point } = trimFraction(d.digits.slice(1), o.trim, o.minDigits);
  const leftChars = negative ? 2 : 1;
  const pad = o.padLeft > leftChars ? ' '.repeat(o.padLeft - leftChars) : '';
  const expWidth = o.expDigits < 0 ? 2 : Math.min(o.expDigits, 5);
  const exp = Math.abs(d.exponent).toString().padStart(expWidth, '0');
  return `${pad}${negative ? '-' : ''}${d.digits[0]}${point ? '.' : ''}${frac}e${d.exponent >= 0 ? '+' : '-'}${exp}`;
}
