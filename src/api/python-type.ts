/**
 * Python's `type(x)` text for JavaScript values, for error messages that match MindSpore's
 * (`<class 'float'>`, `<class 'str'>`, `<class 'mindspore.common.tensor.Tensor'>`).
 * @module
 */

/**
 * The Python class a value would be, as `str(type(x))` prints it.
 *
 * @example
 * ```ts
 * import { pythonType } from './python-type.js';
 * console.log(pythonType(1.5)); // <class 'float'>
 * ```
 */
export function pythonType(value: unknown): string {
  if (value === null || value === undefined) return "<class 'NoneType'>";
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>";
    case 'bigint':
      return "<class 'int'>";
    case 'boolean':
      return "<class 'bool'>";
    case 'string':
      return "<class 'str'>";
    case 'function':
      return "<class 'function'>";
  }
  if (Array.isArray(value)) return "<class 'list'>";
  const name = (value as object).constructor?.name;
  if (name === 'NDArray' || ArrayBuffer.isView(value)) return "<class 'numpy.ndarray'>";
  if (name === 'Tensor') return "<class 'mindspore.common.tensor.Tensor'>";
  if (name === 'Parameter') return "<class 'mindspore.common.parameter.Parameter'>";
  return "<class 'dict'>";
}

/**
 * The bare Python class name of a value (`int`, `str`, `NoneType`), as r1.5's validator messages
 * print `type(x).__name__`.
 *
 * @example
 * ```ts
 * import { pythonTypeName } from './python-type.js';
 * console.log(pythonTypeName('a')); // str
 * ```
 */
export function pythonTypeName(value: unknown): string {
  return pythonType(value).slice("<class '".length, -"'>".length);
}
