/**
 * `nn`: Cell, layers with MindSpore r1.5's defaults, losses, training wrappers and optimizers.
 * @module
 */
export { Cell } from './cell.js';
export { Conv2d, Dense, type Conv2dOptions, type DenseOptions, type InitLike } from './layers.js';
