/**
 * The text MindSpore r1.5's C++ side prints tensors with (what the Print kernels write): a port of
 * `Tensor::ToStringNoLimit` / `ToStringRepr` and `TensorDataImpl::ToString` (core/ir/tensor.cc) —
 * floats in `%.8e` (float16: `%.4e`) right-aligned in 15 (11) columns, integers right-aligned to the
 * widest, bools in 5 columns, 1-D rows broken every 12 floats or bools / 24 integers, axes longer than 6
 * summarised with "..." — and C++ `ostream`'s default number text (`%g`, 6 significant digits) for
 * scalars. Decimal rounding is exact (round half to even on the binary value, as glibc's printf).
 * @module
 */
import { bfloat16ToFloat32, float16ToFloat32 } from '../kernels/index.js';
import type { NDArray } from './numpy/index.js';

const THRESHOLD = 6;

/** round-half-even(|x| · 10^k) as an exact integer (x a finite double). */
function scaledRound(x: number, k: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const field = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  const m = field === 0 ? frac : frac | (1n << 52n);
  const e = field === 0 ? -1074 : field - 1075;
  let num = m;
  let den = 1n;
  if (k >= 0) num *= 10n ** BigInt(k);
  else den *= 10n ** BigInt(-k);
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  const q = num / den;
  const twice = (num % den) * 2n;
  return twice > den || (twice === den && q % 2n === 1n) ? q + 1n : q;
}

function special(x: number): string | null {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return null;
}

/** The decimal exponent and the p + 1 significant digits of %.pe. */
function scientificDigits(x: number, p: number): { digits: string; exp: number } {
  if (x === 0) return { digits: '0'.repeat(p + 1), exp: 0 };
  let exp = Math.floor(Math.log10(Math.abs(x)));
  for (;;) {
    const n = scaledRound(x, p - exp);
    if (n >= 10n ** BigInt(p + 1)) exp++;
    else if (n < 10n ** BigInt(p)) exp--;
    else return { digits: n.toString(), exp };
  }
}

/** C's `%.{p}e`. */
export function cScientific(x: number, p: number): string {
  const s = special(x);
  if (s) return s;
  const { digits, exp } = scientificDigits(x, p);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const mantissa = p > 0 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** C++ `ostream << double` by default: C's `%g` with 6 significant digits (trailing zeros dropped). */
export function cGeneral(x: number, p = 6): string {
  const s = special(x);
  if (s) return s;
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const { exp } = scientificDigits(x, p - 1);
  const sign = x < 0 ? '-' : '';
  if (exp < -4 || exp >= p) {
    const [mantissa, e] = cScientific(Math.abs(x), p - 1).split('e') as [string, string];
    return `${sign}${mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa}e${e}`;
  }
  const decimals = p - 1 - exp;
  const n = scaledRound(x, decimals).toString().padStart(decimals + 1, '0');
  const text = decimals > 0 ? `${n.slice(0, -decimals)}.${n.slice(-decimals)}` : n;
  return sign + (text.includes('.') ? text.replace(/\.?0+$/, '') : text);
}

/** The elements as numbers (float16 and bfloat16 decoded), bigints for int64. */
function elements(a: NDArray): ArrayLike<number | bigint> {
  if (a.dtypeInfo.name === 'float16') return float16ToFloat32(a.data as Uint16Array);
  if (a.dtypeInfo.name === 'bfloat16') return bfloat16ToFloat32(a.data as Uint16Array);
  return a.data as ArrayLike<number | bigint>;
}

/** One element as a scalar (`ostream << value`): %g floats, decimal integers, True/False. */
export function cScalarText(a: NDArray, at = 0): string {
  const v = elements(a)[at]!;
  if (a.dtypeInfo.kind === 'bool') return v ? 'True' : 'False';
  if (a.dtypeInfo.kind === 'float') return cGeneral(Number(v));
  return String(v);
}

function numLength(v: number | bigint): number {
  const s = String(v);
  return v === 0 || v === 0n ? 1 : s.length; // r1.5's GetNumLength: '-' counted, 0 has one digit
}

/** r1.5's TensorDataImpl::ToString(type, shape, use_comma). */
export function tensorDataText(a: NDArray, useComma: boolean): string {
  const size = a.data.length;
  if (size === 0) return '';
  const ndim = a.shape.length;
  if (size === 1 && ndim === 0) return cScalarText(a);
  const { kind, name } = a.dtypeInfo;
  const half = name === 'float16' || name === 'bfloat16';
  const linefeed = kind === 'float' || kind === 'bool' ? 2 * THRESHOLD : 4 * THRESHOLD;
  let maxWidth = 0;
  let out = '';
  const element = (v: number | bigint): string => {
    if (kind === 'float') return cScientific(Number(v), half ? 4 : 8).padStart(half ? 11 : 15);
    if (kind === 'bool') return (v ? 'True' : 'False').padStart(5);
    const width = numLength(v);
    maxWidth = Math.max(maxWidth, width);
    return '#'.repeat(width) + String(v);
  };
  const run = (cursor: number, start: number, end: number): void => {
    for (let i = start; i < end && cursor + i < size; i++) {
      out += element(data[cursor + i]!);
      if (i !== end - 1) out += useComma ? ', ' : ' ';
      if (ndim === 1 && (i + 1) % linefeed === 0) out += '\n ';
    }
  };
  const data = elements(a);
  let cursor = 0;
  const recurse = (depth: number): void => {
    out += '[';
    const num = a.shape[depth]!;
    const indent = ' '.repeat(depth + 1);
    if (depth === ndim - 1) {
      if (num > THRESHOLD && ndim > 1) {
        run(cursor, 0, THRESHOLD >> 1);
        out += ' ... ';
        run(cursor, num - (THRESHOLD >> 1), num);
      } else run(cursor, 0, num);
      cursor += num;
    } else {
      for (let i = 0; i < Math.min(THRESHOLD >> 1, num); i++) {
        if (i > 0) out += `${useComma ? ',' : ''}\n${indent}`;
        recurse(depth + 1);
      }
      if (num > THRESHOLD) {
        out += `${useComma ? ',' : ''}\n${indent}...`;
        cursor += a.shape.slice(depth + 1).reduce((p, d) => p * d, 1) * (num - THRESHOLD);
      }
      if (num > THRESHOLD >> 1) {
        const times = Math.min(num - (THRESHOLD >> 1), THRESHOLD >> 1);
        for (let i = 0; i < times; i++) {
          if (useComma && (i !== 0 || num <= THRESHOLD)) out += ',';
          out += `\n${indent}`;
          recurse(depth + 1);
        }
      }
    }
    out += ']';
  };
  recurse(0);
  return kind !== 'float' && kind !== 'bool' ? out.replace(/#+/g, (pad) => ' '.repeat(maxWidth - pad.length)) : out;
}

/** r1.5's `Tensor::ToStringNoLimit()` (useComma false) or `ToStringRepr()` (true). */
export function tensorText(a: NDArray, useComma = false): string {
  const shape = `[${a.shape.join(', ')}]`;
  return `Tensor(shape=${shape}, dtype=${a.dtypeInfo.msName}, value=${a.shape.length > 1 ? '\n' : ' '}${tensorDataText(a, useComma)})`;
}

/** Ascend's tensorprint names (GetParseType): as the dtype's, but `Uint8` .. `Uint64`. */
const ascendName = (msName: string): string => msName.replace(/^UInt/, 'Uint');

/**
 * What r1.5's Print kernel of `target` writes for one call (`items`: the strings and the tensors' values,
 * in argument order): each item on its own line — strings as they are, tensors as
 * {@link tensorText}; a 0-d tensor as Ascend's tensorprint writes it ("Tensor(shape=[], dtype=Int32,
 * value=3)"), as the CPU kernel writes it (the bare number) or, on GPU, as any tensor; Ascend adds an
 * empty line after the call's items.
 */
export function printKernelText(items: readonly (string | NDArray)[], target: 'CPU' | 'GPU' | 'Ascend'): string {
  const lines = items.map((item) => {
    if (typeof item === 'string') return item;
    if (item.shape.length === 0 && target === 'Ascend') return `Tensor(shape=[], dtype=${ascendName(item.dtypeInfo.msName)}, value=${cScalarText(item)})`;
    if (item.shape.length === 0 && target === 'CPU') return cScalarText(item);
    return tensorText(item);
  });
  return lines.map((line) => `${line}\n`).join('') + (target === 'Ascend' ? '\n' : '');
}
