/**
 * fast-check arbitraries for host arrays, for property tests of code built on mindsim.
 * @module
 */
import fc from 'fast-check';
import { DTYPES, type DTypeName, sizeOf } from '../../kernels/index.js';
import { NDArray } from '../numpy/ndarray.js';

/** Options of {@link ndarrayArbitrary}. */
export interface NDArrayArbitraryOptions {
  /** Which dtypes to draw from; all of them by default. */
  readonly dtypes?: readonly DTypeName[];
  /** Most axes; default 4. */
  readonly maxRank?: number;
  /** Most elements; default 64. */
  readonly maxSize?: number;
  /** Longest axis; default 6. */
  readonly maxDim?: number;
}

/**
 * Shapes of 0 to `maxRank` axes with at most `maxSize` elements (zero-size shapes included).
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { shapeArbitrary } from 'mindsim/testing';
 * fc.assert(fc.property(shapeArbitrary(), (s) => s.every((d) => d >= 0)));
 * ```
 */
export function shapeArbitrary(maxRank = 4, maxSize = 64, maxDim = 6): fc.Arbitrary<number[]> {
  return fc
    .array(fc.integer({ min: 0, max: maxDim }), { maxLength: maxRank })
    .filter((shape) => sizeOf(shape) <= maxSize);
}

/**
 * Random NDArrays: any dtype, shape and bit pattern (float arrays include ±0, subnormals, ±inf, NaN).
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { ndarrayArbitrary } from 'mindsim/testing';
 * fc.assert(fc.property(ndarrayArbitrary({ dtypes: ['float16'] }), (a) => a.dtype === 'float16'));
 * ```
 */
export function ndarrayArbitrary(options: NDArrayArbitraryOptions = {}): fc.Arbitrary<NDArray> {
  const names = options.dtypes ?? (Object.keys(DTYPES) as DTypeName[]);
  return fc
    .tuple(fc.constantFrom(...names), shapeArbitrary(options.maxRank ?? 4, options.maxSize ?? 64, options.maxDim ?? 6))
    .chain(([name, shape]) => {
      const dt = DTYPES[name];
      const n = sizeOf(shape);
      const bytes = fc.uint8Array({ minLength: n * dt.itemsize, maxLength: n * dt.itemsize });
      return bytes.map((b) => {
        const storage = dt.allocate(n);
        new Uint8Array(storage.buffer).set(b);
        if (name === 'bool') for (let i = 0; i < n; i++) (storage as Uint8Array)[i]! &= 1;
        return new NDArray(storage, shape, dt);
      });
    });
}
