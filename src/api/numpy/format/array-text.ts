/**
 * numpy's `str()` of an array, character for character: summarisation, one formatter for all shown
 * elements, line wrapping with hanging indents, blank lines between blocks; and numpy's `str()` of a
 * scalar (what a 0-d array prints).
 * @module
 */
import { type DType, type TypedArray, type Shape, elementReader, sizeOf, stridesOf } from '../../../kernels/index.js';
import {
  DEFAULT_PRINT_OPTIONS,
  type ElementFormatter,
  type PrintOptions,
  binaryFormatOf,
  boolFormatter,
  floatFormatter,
  integerFormatter,
} from './element-format.js';
import { formatPositional, formatScientific } from './float-text.js';

/** What the formatter needs of an array. */
export interface PrintableArray {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly data: TypedArray;
}

/**
 * numpy's `str(np.float32(x))` and friends: positional with at least one fraction digit when
 * 1e-4 <= |x| < 1e16 (or x is 0), else scientific; shortest digits of the value's own dtype.
 *
 * @example
 * ```ts
 * import { mstype } from 'mindsim';
 * import { formatScalar } from './array-text.js';
 * console.log(formatScalar(2, mstype.float32), formatScalar(1e-5, mstype.float64)); // 2.0 1e-05
 * ```
 */
export function formatScalar(value: number | bigint, dtype: DType): string {
  if (dtype.kind === 'bool') return value ? 'True' : 'False';
  if (dtype.kind !== 'float') return String(value);
  const x = value as number;
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  const a = Math.abs(x);
  const format = binaryFormatOf(dtype);
  if (a === 0 || (a >= 1e-4 && a < 1e16)) return formatPositional(x, format, { trim: '0' });
  return formatScientific(x, format, { trim: '-' });
}

/** Flat offsets of the elements `str()` shows, in printing order. */
function shownOffsets(shape: Shape, summarize: boolean, edge: number): number[] {
  const strides = stridesOf(shape);
  const out: number[] = [];
  const walk = (axis: number, offset: number): void => {
    if (axis === shape.length) {
      out.push(offset);
      return;
    }
    const n = shape[axis]!;
    const stride = strides[axis]!;
    if (summarize && n > 2 * edge) {
      for (let i = 0; i < edge; i++) walk(axis + 1, offset + i * stride);
      for (let i = n - edge; i < n; i++) walk(axis + 1, offset + i * stride);
    } else {
      for (let i = 0; i < n; i++) walk(axis + 1, offset + i * stride);
    }
  };
  walk(0, 0);
  return out;
}

function formatterFor(a: PrintableArray, offsets: number[], options: PrintOptions): ElementFormatter {
  const read = elementReader(a.dtype, a.data);
  if (a.dtype.kind === 'bool') return boolFormatter;
  if (a.dtype.kind === 'float') {
    const values = new Float64Array(offsets.length);
    for (let i = 0; i < offsets.length; i++) values[i] = read(offsets[i]!) as number;
    return floatFormatter(values, a.dtype, options);
  }
  return integerFormatter(offsets.map(read));
}

/** numpy's `_extendLine`: wrap before `word` when it would pass `width` (unless wrapping cannot help). */
function extendLine(acc: { s: string; line: string }, word: string, width: number, prefix: string): void {
  if (acc.line.length + word.length > width && acc.line.length > prefix.length) {
    acc.s += acc.line.trimEnd() + '\n';
    acc.line = prefix;
  }
  acc.line += word;
}

/**
 * numpy's `str()` of an array with the given print options (numpy's defaults when omitted).
 *
 * @example
 * ```ts
 * import { mstype } from 'mindsim';
 * import { formatArray } from './array-text.js';
 * console.log(formatArray({ shape: [2], dtype: mstype.float32, data: new Float32Array([1, 2.5]) })); // [1.  2.5]
 * ```
 */
export function formatArray(a: PrintableArray, options: PrintOptions = DEFAULT_PRINT_OPTIONS): string {
  const read = elementReader(a.dtype, a.data);
  if (a.shape.length === 0) return formatScalar(read(0), a.dtype);
  const size = sizeOf(a.shape);
  if (size === 0) return '[]';
  const summarize = size > options.threshold;
  const edge = options.edgeitems;
  const format = formatterFor(a, shownOffsets(a.shape, summarize, edge), options);
  const strides = stridesOf(a.shape);
  const ndim = a.shape.length;

  const recurse = (axis: number, offset: number, indent: string, width: number): string => {
    if (axis === ndim) return format(read(offset));
    const n = a.shape[axis]!;
    const stride = strides[axis]!;
    const showSummary = summarize && 2 * edge < n;
    const indices: number[] = [];
    if (showSummary) {
      for (let i = 0; i < edge; i++) indices.push(i);
      indices.push(-1); // the '...' marker
      for (let i = n - edge; i < n; i++) indices.push(i);
    } else {
      for (let i = 0; i < n; i++) indices.push(i);
    }
    const nextIndent = indent + ' ';
    const nextWidth = width - 1;
    let s = '';
    if (ndim - axis === 1) {
      const acc = { s: '', line: indent };
      const elemWidth = width - 1;
      for (let k = 0; k < indices.length; k++) {
        const i = indices[k]!;
        const word = i < 0 ? '...' : recurse(axis + 1, offset + i * stride, nextIndent, nextWidth);
        extendLine(acc, word, elemWidth, indent);
        if (k < indices.length - 1) acc.line += ' ';
      }
      s = acc.s + acc.line;
    } else {
      const separator = '\n'.repeat(ndim - axis - 1);
      for (let k = 0; k < indices.length; k++) {
        const i = indices[k]!;
        const nested = i < 0 ? '...' : recurse(axis + 1, offset + i * stride, nextIndent, nextWidth);
        s += indent + nested + (k < indices.length - 1 ? separator : '');
      }
    }
    return '[' + s.slice(indent.length) + ']';
  };
  return recurse(0, 0, ' ', options.linewidth);
}
