/**
 * The per-element formatters numpy's `array2string` chooses from the elements it will show: floats
 * (positional or scientific, common padding), integers (right-aligned) and booleans.
 * @module
 */
import { FORMATS, type BinaryFormat } from './digits.js';
import { formatPositional, formatScientific } from './float-text.js';
import { type DType, roundToFloatDType } from '../../../kernels/index.js';

/** numpy's print options that mindsim honours (the defaults numpy and MindSpore print with). */
export interface PrintOptions {
  /** Digits after the point (positional) or in the mantissa (scientific); numpy's default 8. */
  readonly precision: number;
  /** Arrays with more elements are summarised; default 1000. */
  readonly threshold: number;
  /** Items shown at each end of a summarised axis; default 3. */
  readonly edgeitems: number;
  /** Characters per line; default 75. */
  readonly linewidth: number;
}

/** numpy's defaults, which MindSpore prints with. */
export const DEFAULT_PRINT_OPTIONS: PrintOptions = Object.freeze({
  precision: 8,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 75,
});

/** Formats one element; every element of an array gets the same width. */
export type ElementFormatter = (value: number | bigint) => string;

/** The binary format of a float dtype. */
export function binaryFormatOf(dtype: DType): BinaryFormat {
  return FORMATS[dtype.name as keyof typeof FORMATS];
}

/**
 * numpy's `FloatingFormat`: decides between positional and scientific notation from the shown finite
 * values (comparisons in the array's own precision), sizes every part, and formats elements alike.
 */
export function floatFormatter(values: ArrayLike<number>, dtype: DType, options: PrintOptions): ElementFormatter {
  const format = binaryFormatOf(dtype);
  const round = (x: number): number => roundToFloatDType(x, dtype);
  const finite: number[] = [];
  let hasNonFinite = false;
  let negInf = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) finite.push(v);
    else {
      hasNonFinite = true;
      if (v === -Infinity) negInf = true;
    }
  }
  let maxAbs = 0;
  let minAbs = Infinity;
  for (const v of finite) {
    const a = Math.abs(v);
    if (a === 0) continue;
    if (a > maxAbs) maxAbs = a;
    if (a < minAbs) minAbs = a;
  }
  const exp =
    minAbs !== Infinity &&
    (maxAbs >= round(1e8) || minAbs < round(0.0001) || round(maxAbs / minAbs) > round(1000));

  let padLeft = 0;
  let padRight = 0;
  let precision = options.precision;
  let expSize = -1;
  if (finite.length > 0 && exp) {
    let fracMax = 0;
    for (const v of finite) {
      const s = formatScientific(v, format, { precision, trim: '.' });
      const mantissa = s.slice(0, s.indexOf('e'));
      const point = mantissa.indexOf('.');
      padLeft = Math.max(padLeft, point);
      fracMax = Math.max(fracMax, mantissa.length - point - 1);
      expSize = Math.max(expSize, s.length - s.indexOf('e') - 2);
    }
    precision = fracMax;
    padRight = expSize + 2 + precision;
  } else if (finite.length > 0) {
    for (const v of finite) {
      const s = formatPositional(v, format, { precision, trim: '.' });
      const point = s.indexOf('.');
      padLeft = Math.max(padLeft, point);
      padRight = Math.max(padRight, s.length - point - 1);
    }
  }
  if (hasNonFinite) {
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset);
  }
  const width = padLeft + padRight + 1;
  return (value) => {
    const x = value as number;
    if (!Number.isFinite(x)) {
      const text = Number.isNaN(x) ? 'nan' : x < 0 ? '-inf' : 'inf';
      return text.padStart(width);
    }
    if (exp) {
      return formatScientific(x, format, { precision, minDigits: precision, trim: 'k', padLeft, expDigits: expSize });
    }
    return formatPositional(x, format, { precision, minDigits: 0, trim: '.', padLeft, padRight });
  };
}

/** numpy's `IntegerFormat`: right-aligned to the widest of the largest and smallest shown values. */
export function integerFormatter(values: ArrayLike<number | bigint>): ElementFormatter {
  let max = values[0]!;
  let min = values[0]!;
  for (let i = 1; i < values.length; i++) {
    const v = values[i]!;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const width = Math.max(String(max).length, String(min).length);
  return (value) => String(value).padStart(width);
}

/** numpy's `BoolFormat` inside an array: `' True'` and `'False'`. */
export const boolFormatter: ElementFormatter = (value) => (value ? ' True' : 'False');
