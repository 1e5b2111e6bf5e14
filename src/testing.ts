/**
 * `mindsim/testing`: helpers for property-based tests of programs built on mindsim.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { ndarrayArbitrary } from 'mindsim/testing';
 * fc.assert(fc.property(ndarrayArbitrary(), (a) => a.size === a.data.length));
 * ```
 * @module
 */
export { ndarrayArbitrary, shapeArbitrary, type NDArrayArbitraryOptions } from './api/testing/arbitraries.js';
