/**
 * Python's `print` and `str` for mindsim values: what a MindSpore program's output looks like.
 * @module
 */
import { currentContext } from './execution-context.js';
import { formatPythonFloat } from './numpy/format/python-float.js';

/**
 * The text Python's `str()` gives for a value:
 * - `true`/`false` → `True`/`False`; `null`/`undefined` → `None`;
 * - a number that is a safe integer → its digits (Python `int`), any other number → Python's float
 *   repr (`0.1`, `1e-05`, `inf`, `nan`); a bigint → its digits;
 * - a string → itself; an array → Python's list text (strings quoted, as `repr` shows them);
 * - anything else (Tensor, Parameter, NDArray, DType) → its `toString()`.
 *
 * @example
 * ```ts
 * import { str, np } from 'mindsim';
 * console.log(str(true), str(null), str(2.5), str([1, 'a', false])); // True None 2.5 [1, 'a', False]
 * console.log(str(np.arange(3))); // [0 1 2]
 * ```
 */
export function str(value: unknown): string {
  if (typeof value === 'string') return value;
  return repr(value);
}

function repr(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : formatPythonFloat(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return pythonStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(repr).join(', ')}]`;
  return String(value);
}

/** Python's `repr` of a str: single quotes unless the text holds one and no double quote. */
function pythonStringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const escaped = s
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
}

/**
 * Writes what Python's `print(*values)` writes: each value's {@link str}, joined by one space, and a
 * newline, to the current context's print sink (standard output unless replaced with
 * {@link setPrintSink}).
 *
 * @example
 * ```ts
 * import { print, np } from 'mindsim';
 * print('x =', np.array([1.5, 2]), true); // x = [1.5 2. ] True
 * ```
 */
export function print(...values: unknown[]): void {
  currentContext().printSink(values.map(str).join(' ') + '\n');
}

/**
 * Redirects {@link print} and the Print op of the current context (for tests, or to collect a
 * program's output); returns the previous sink so it can be restored.
 *
 * @throws {@link ArgumentTypeError} when `next` is not a function.
 * @example
 * ```ts
 * import { print, setPrintSink } from 'mindsim';
 * let out = '';
 * const previous = setPrintSink((t) => { out += t; });
 * print(1, 2);
 * setPrintSink(previous);
 * console.log(out === '1 2\n'); // true
 * ```
 */
export function setPrintSink(next: (text: string) => void): (text: string) => void {
  return currentContext().setPrintSink(next);
}
