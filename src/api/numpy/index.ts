/**
 * `np`: a small numpy stand-in for host arrays. Functions take numpy's names and defaults
 * (integers int64, floats float64), and arrays print exactly as numpy's `str()`.
 *
 * @example
 * ```ts
 * import { np } from 'mindsim';
 * const x = np.array([[1.5, -2], [1e-3, 4]], 'float32');
 * console.log(String(x));
 * // [[ 1.5e+00 -2.0e+00]
 * //  [ 1.0e-03  4.0e+00]]
 * ```
 * @module
 */
export { NDArray, type Scalar, type NestedList } from './ndarray.js';
export { array, arange, zeros, ones, full, type ArrayInput } from './create.js';
