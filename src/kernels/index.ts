/**
 * The kernels layer: dtypes, float16/bfloat16 numerics, casts. Pure typed-array code; imports nothing
 * outside itself but the error classes.
 * @module
 */
export * from './dtype.js';
export * from './float16.js';
export * from './bfloat16.js';
export * from './cast.js';
export * from './values.js';
export * from './shape.js';
