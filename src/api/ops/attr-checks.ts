/**
 * Checks of a primitive's or layer's constructor attributes, with the texts of r1.5's validator
 * (`mindspore/_checkparam.py`): `check_positive_int` and `_check_positive_int_or_tuple`.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, NotImplementedYetError } from '../../errors/index.js';
import { pythonTypeName } from '../python-type.js';

const show = (v: unknown): string => (Array.isArray(v) ? `(${v.map(show).join(', ')})` : String(v));

/**
 * r1.5's `check_value_type` refusal: "For 'Tile', the type of `axis` should be int, but got a with type str."
 */
export function valueTypeError(prim: string, name: string, want: string, value: unknown): ArgumentTypeError {
  return new ArgumentTypeError(`For '${prim}', the type of \`${name}\` should be ${want}, but got ${show(value)} with type ${pythonTypeName(value)}.`);
}

/**
 * An int attribute, as r1.5's `check_value_type(name, value, [int], prim)`.
 *
 * @throws {@link ArgumentTypeError} (see {@link valueTypeError}) when it is not an int.
 */
export function checkInt(value: unknown, name: string, prim: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw valueTypeError(prim, name, 'int', value);
  return value;
}

/**
 * r1.5's `Validator.check_positive_int(value, name, prim)`.
 *
 * @throws {@link ArgumentTypeError} "`out_channel` in `Conv2D` should be an int and must > 0, but got `1.5` with type `float`." when not an int.
 * @throws {@link ArgumentValueError} the same text when an int is not positive.
 */
export function checkPositiveInt(value: unknown, name: string, prim: string): number {
  return checkIntAtLeast(value, 1, '> 0', name, prim);
}

/**
 * r1.5's `Validator.check_non_negative_int(value, name, prim)`.
 *
 * @throws {@link ArgumentTypeError} "`begin_mask` in `StridedSlice` should be an int and must >= 0, but got `1.5` with type `float`." when not an int.
 * @throws {@link ArgumentValueError} the same text when an int is negative.
 */
export function checkNonNegativeInt(value: unknown, name: string, prim: string): number {
  return checkIntAtLeast(value, 0, '>= 0', name, prim);
}

function checkIntAtLeast(value: unknown, least: number, rule: string, name: string, prim: string): number {
  const isInt = typeof value === 'number' && Number.isInteger(value);
  if (isInt && (value as number) >= least) return value as number;
  const text = `\`${name}\` in \`${prim}\` should be an int and must ${rule}, but got \`${show(value)}\` with type \`${pythonTypeName(value)}\`.`;
  throw isInt ? new ArgumentValueError(text) : new ArgumentTypeError(text);
}

/**
 * r1.5's `_check_positive_int_or_tuple` for a kernel size, stride or dilation: an int or a pair of
 * positive ints, returned as a pair.
 *
 * @throws {@link ArgumentValueError} "For 'Conv2D' attr 'kernel_size' should be an positive int number or a tuple of two positive int numbers, but got 0".
 */
export function checkPositivePair(value: unknown, name: string, prim: string): [number, number] {
  const ok = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x > 0;
  if (ok(value)) return [value as number, value as number];
  if (Array.isArray(value) && value.length === 2 && value.every(ok)) return [value[0] as number, value[1] as number];
  throw new ArgumentValueError(`For '${prim}' attr '${name}' should be an positive int number or a tuple of two positive int numbers, but got ${show(value)}`);
}

/**
 * An options argument: `undefined` (none given) or a plain object.
 *
 * @throws {@link ArgumentTypeError} "For 'Conv2D', the options must be an object, but got 3."
 */
export function checkOptions<T extends object>(value: T | undefined, prim: string): T | Record<string, never> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ArgumentTypeError(`For '${prim}', the options must be an object, but got ${show(value)}.`);
  return value;
}

/** Calls `make` with checked options (`{}` when none were given). */
export function checkedOptions<T extends object, R>(given: T | undefined, prim: string, make: (options: T) => R): R {
  return make(checkOptions(given, prim) as T);
}

/** Python's `'{:.3e}'.format(v)`: 2 → "2.000e+00". */
function pythonExp3(v: number): string {
  if (!Number.isFinite(v)) return v !== v ? 'nan' : v > 0 ? 'inf' : '-inf';
  const [mantissa, exp] = v.toExponential(3).split('e') as [string, string];
  const sign = exp.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
}

/** The bounds a range check includes: r1.5's `Rel.INC_NEITHER`, `INC_LEFT`, `INC_RIGHT`, `INC_BOTH`. */
export type RangeInclusion = 'neither' | 'left' | 'right' | 'both';

/**
 * A float attribute within a range, as r1.5's `Validator.check_float_range(value, lower, upper, rel,
 * name, prim)`. JavaScript has one number type, so an integral number is accepted where Python's
 * validator would want a float literal.
 *
 * @throws {@link ArgumentTypeError} "`epsilon` in `BatchNorm` must be `float`,  but got `str`." for a non-number.
 * @throws {@link ArgumentValueError} "`epsilon` in `BatchNorm` should be in range of (0, 1], but got 2.000e+00 with type `int`." outside the range.
 */
export function checkFloatRange(value: unknown, lower: number, upper: number, rel: RangeInclusion, name: string, prim: string): number {
  if (typeof value !== 'number') throw new ArgumentTypeError(`\`${name}\` in \`${prim}\` must be \`float\`,  but got \`${pythonTypeName(value)}\`.`);
  const above = rel === 'left' || rel === 'both' ? value >= lower : value > lower;
  const below = rel === 'right' || rel === 'both' ? value <= upper : value < upper;
  if (above && below) return value;
  const range = `${rel === 'left' || rel === 'both' ? '[' : '('}${lower}, ${upper}${rel === 'right' || rel === 'both' ? ']' : ')'}`;
  throw new ArgumentValueError(`\`${name}\` in \`${prim}\` should be in range of ${range}, but got ${pythonExp3(value)} with type \`${pythonTypeName(value)}\`.`);
}

/**
 * A float compared with a bound, as r1.5's `check_non_negative_float` (rel '>=') and
 * `check_positive_float` (rel '>') with their texts.
 *
 * @throws {@link ArgumentTypeError} "`decay`  in `RMSProp` must be float, but got `str`" for a non-number.
 * @throws {@link ArgumentValueError} "`decay` in `RMSProp` should be an float and must >= 0, but got `-1` with type `int`." otherwise.
 */
export function checkFloatBound(value: unknown, bound: number, rel: '>=' | '>', name: string, prim: string): number {
  if (typeof value !== 'number') throw new ArgumentTypeError(`\`${name}\` in \`${prim}\` must be float, but got \`${pythonTypeName(value)}\``);
  if (!Number.isFinite(value)) throw new ArgumentValueError(`\`${name}\` in \`${prim}\` must be legal value, but got \`${show(value)}\`.`);
  if (rel === '>=' ? value >= bound : value > bound) return value;
  throw new ArgumentValueError(`\`${name}\` in \`${prim}\` should be an float and must ${rel} ${bound}, but got \`${show(value)}\` with type \`${pythonTypeName(value)}\`.`);
}

/**
 * A boolean attribute, as r1.5's `check_value_type(name, value, (bool,), prim)`.
 *
 * @throws {@link ArgumentTypeError} (see {@link valueTypeError}) for anything but true or false.
 */
export function checkBool(value: unknown, name: string, prim: string): boolean {
  if (typeof value !== 'boolean') throw valueTypeError(prim, name, 'bool', value);
  return value;
}

/**
 * r1.5's `data_format` check of pooling and BatchNorm: 'NCHW' or 'NHWC', NHWC only on GPU (r1.5's
 * ValueError elsewhere); NHWC is not simulated, so on GPU it is a NotImplementedYetError.
 *
 * @throws {@link ArgumentValueError} for another format, or NHWC off GPU; {@link NotImplementedYetError} for NHWC on GPU.
 */
export function checkDataFormat(prim: string, format: unknown, target: string): void {
  if (format !== 'NCHW' && format !== 'NHWC') throw new ArgumentValueError(`For '${prim}' the 'format' should be str and must be in '['NCHW', 'NHWC']', but got '${String(format)}'.`);
  if (format === 'NCHW') return;
  if (target !== 'GPU') throw new ArgumentValueError(`For '${prim}', the "NHWC" format only support in GPU target, but got the format is NHWC and the platform is ${target}.`);
  throw new NotImplementedYetError(`For '${prim}', the NHWC layout (r1.5's GPU-only option) is not simulated; transpose to NCHW`);
}

/**
 * r1.5's `_Conv` checks of an nn layer's kernel_size, stride or dilation: an int or a pair, each item a
 * positive int (`check_positive_int(item, '<name> item', cls)`); returned as a pair.
 *
 * @throws {@link ArgumentValueError} "`kernel_size item` in `Conv2d` should be an int and must > 0, but got `-7` with type `int`."
 */
export function checkLayerPair(value: unknown, name: string, layer: string): [number, number] {
  const items = Array.isArray(value) ? value : [value, value];
  if (items.length !== 2) throw new ArgumentValueError(`For '${layer}', the '${name}' should be an int or a tuple of two ints, but got ${show(value)}.`);
  return [checkPositiveInt(items[0], `${name} item`, layer), checkPositiveInt(items[1], `${name} item`, layer)];
}
