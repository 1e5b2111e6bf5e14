/**
 * Python's `repr(float)`: shortest round-trip digits, positional when 1e-4 <= |x| < 1e16, with `.0`
 * for integral values; scientific with a two-digit exponent otherwise.
 * @module
 */
import { FORMATS } from './digits.js';
import { formatPositional, formatScientific } from './float-text.js';

/**
 * Python's `repr` of a float (a JavaScript number).
 *
 * @example
 * ```ts
 * import { formatPythonFloat } from './python-float.js';
 * console.log(formatPythonFloat(1e16), formatPythonFloat(3)); // 1e+16 3.0
 * ```
 */
export function formatPythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  const a = Math.abs(x);
  if (a === 0 || (a >= 1e-4 && a < 1e16)) return formatPositional(x, FORMATS.float64, { trim: '0' });
  return formatScientific(x, FORMATS.float64, { trim: '-' });
}
