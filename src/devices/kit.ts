/**
 * What device models build on: the runtime and the kernels. (One import point keeps device folders
 * independent of the runtime's file layout.)
 * @module
 */
export * as runtime from '../runtime/index.js';
export * as kernels from '../kernels/index.js';
