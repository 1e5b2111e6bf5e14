/**
 * `models`: small networks and data sets for training on simulated devices.
 * @module
 */
export { LeNet, syntheticImages, type SyntheticImages } from './lenet.js';
