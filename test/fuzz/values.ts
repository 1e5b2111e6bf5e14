/**
 * The fuzzer's argument values: plain descriptors fast-check generates and shrinks, made into real
 * values (tensors, Parameters, arrays, functions) inside the execution context a program runs in.
 */
import fc from 'fast-check';
import { NDArray, Parameter, Tensor, np } from '../../src/index.js';

/** One argument, as data. */
export type ValueDesc =
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'big'; readonly v: bigint }
  | { readonly k: 'bool'; readonly v: boolean }
  | { readonly k: 'str'; readonly v: string }
  | { readonly k: 'null' }
  | { readonly k: 'undef' }
  | { readonly k: 'list'; readonly items: readonly ValueDesc[] }
  | { readonly k: 'obj'; readonly entries: readonly (readonly [string, ValueDesc])[] }
  | { readonly k: 'tensor' | 'param' | 'nd'; readonly dtype: string; readonly shape: readonly number[] }
  | { readonly k: 'fn' }
  | { readonly k: 'earlier'; readonly index: number };

/** Numbers users get wrong: zero, signs, fractions, non-finite, past int32 and float32, huge. */
export const ODD_NUMBERS = [0, -0, 1, -1, 2, 3, 4, 0.5, -2.5, 1.5, 255, 65535, 65536, 2 ** 31, -(2 ** 31), 2 ** 53, 1e300, NaN, Infinity, -Infinity];
/** Numbers at or past 65535: a list holds at most one, so no call allocates gigabytes (the 4 GiB refusal has its own tests). */
const big = (d: ValueDesc): boolean => d.k === 'num' && Math.abs(d.v) >= 65535;
/** Strings: dtype names, initializer and mode names, Object.prototype keys, nonsense. */
export const ODD_STRINGS = [
  'float32', 'float16', 'int32', 'int64', 'int8', 'uint8', 'bool', 'float64', 'bfloat16', 'toString', 'constructor', '__proto__', 'hasOwnProperty', '',
  'normal', 'zeros', 'ones', 'identity', 'xavier_uniform', 'he_normal', 'fan_in', 'leaky_relu', 'GRAPH_MODE', 'PYNATIVE_MODE', 'CPU', 'GPU', 'Ascend',
  'mean', 'sum', 'none', 'w', 'a.b', '0', 'same', 'NCHW', 'valid', 'pad',
];
const DTYPE_NAMES = ['float32', 'float16', 'int32', 'int64', 'bool', 'int8', 'float64', 'uint8'];
const SHAPES: readonly (readonly number[])[] = [[], [0], [1], [2], [3], [2, 3], [3, 2], [2, 0], [1, 3], [2, 2, 2], [1, 1, 4, 4], [2, 1, 3, 3]];

const leaf: fc.Arbitrary<ValueDesc> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD_NUMBERS).map((v) => ({ k: 'num' as const, v })) },
  { weight: 1, arbitrary: fc.integer({ min: -1000, max: 1000 }).map((v) => ({ k: 'num' as const, v: v / 4 })) },
  { weight: 1, arbitrary: fc.constantFrom(0n, 1n, -1n, 2n ** 63n).map((v) => ({ k: 'big' as const, v })) },
  { weight: 1, arbitrary: fc.boolean().map((v) => ({ k: 'bool' as const, v })) },
  { weight: 3, arbitrary: fc.constantFrom(...ODD_STRINGS).map((v) => ({ k: 'str' as const, v })) },
  { weight: 1, arbitrary: fc.constant({ k: 'null' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'undef' as const }) },
  { weight: 6, arbitrary: fc.record({ k: fc.constantFrom('tensor' as const, 'param' as const, 'nd' as const), dtype: fc.constantFrom(...DTYPE_NAMES), shape: fc.constantFrom(...SHAPES) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'fn' as const }) },
  { weight: 3, arbitrary: fc.nat({ max: 30 }).map((index) => ({ k: 'earlier' as const, index })) },
);

/** An argument: a leaf, a short list (shapes, tensor lists, nested data) or an options object. */
export const valueArbitrary: fc.Arbitrary<ValueDesc> = fc.letrec<{ value: ValueDesc }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: leaf },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 4 }).filter((items) => items.filter(big).length <= 1).map((items) => ({ k: 'list' as const, items })) },
    { weight: 1, arbitrary: fc.array(fc.tuple(fc.constantFrom('keepDims', 'axis', 'transposeA', 'name', 'requiresGrad', 'shape', 'init', 'dtype', 'pad', 'stride', 'deviceTarget', 'mode', 'deviceId', 'hasBias', 'weightInit', 'group', 'op', 'sens', 'getAll', 'getByList', 'sensParam', 'constructor', '__proto__'), tie('value')), { maxLength: 2 }).map((entries) => ({ k: 'obj' as const, entries })) },
  ),
})).value;

/** Values a program made so far (results of earlier calls), which later calls may take as arguments. */
export type Earlier = unknown[];

function data(dtype: string, shape: readonly number[]): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, (_, i) => [1, -2, 0.5, 3, 0, -1.5, 4, 2][i % 8]!);
  return np.array(values.map((v) => (dtype === 'bool' ? v > 0 : dtype.startsWith('int') || dtype === 'uint8' ? Math.trunc(Math.abs(v)) : v)) as never, dtype as never).reshape([...shape]);
}

/** Makes a descriptor's value (in the current context). */
export function materialise(d: ValueDesc, earlier: Earlier): unknown {
  switch (d.k) {
    case 'num':
    case 'big':
    case 'bool':
    case 'str':
      return d.v;
    case 'null':
      return null;
    case 'undef':
      return undefined;
    case 'list':
      return d.items.map((i) => materialise(i, earlier));
    case 'obj':
      return Object.fromEntries(d.entries.map(([key, v]) => [key, materialise(v, earlier)]));
    case 'tensor':
      return new Tensor(data(d.dtype, d.shape));
    case 'param':
      return new Parameter(new Tensor(data(d.dtype === 'bool' ? 'float32' : d.dtype, d.shape)), 'p');
    case 'nd':
      return data(d.dtype, d.shape);
    case 'fn':
      return (x: unknown) => x;
    case 'earlier':
      return earlier.length === 0 ? undefined : earlier[d.index % earlier.length];
  }
}

/** Arguments likely to be valid for an op: 1 to `max` tensors of one dtype and shape, sometimes with a number last. */
export const plausibleArgs = (max: number): fc.Arbitrary<ValueDesc[]> =>
  fc
    .record({
      n: fc.constantFrom(1, 2, 2, 2, 3).map((n) => Math.min(n, Math.max(1, max))),
      k: fc.constantFrom('tensor' as const, 'tensor' as const, 'param' as const),
      dtype: fc.constantFrom('float32', 'float32', 'float16', 'int32'),
      shape: fc.constantFrom(...SHAPES),
      last: fc.option(fc.constantFrom(0, 1, -1, 2), { nil: undefined }),
    })
    .map(({ n, k, dtype, shape, last }) => {
      const args: ValueDesc[] = Array.from({ length: n }, () => ({ k, dtype, shape }));
      if (last !== undefined && n > 1) args[n - 1] = { k: 'num', v: last };
      return args;
    });
