/**
 * `dataset`: a small data pipeline as r1.5's `mindspore.dataset`: NumpySlicesDataset and
 * GeneratorDataset sources; `batch`, `shuffle`, `repeat`; tuple and dict iterators; `config` for the
 * pipeline's seed.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { currentContext } from '../execution-context.js';
import { pythonType } from '../python-type.js';

export { Dataset, type IteratorOptions, type Row } from './dataset.js';
export { GeneratorDataset, NumpySlicesDataset, type SourceOptions, type SourceRow } from './sources.js';

/**
 * r1.5's `dataset.config`: the seed shuffles draw from (per ExecutionContext; 5489 until set).
 *
 * @example
 * ```ts
 * import { dataset } from 'mindsim';
 * dataset.config.setSeed(7);
 * console.log(dataset.config.getSeed()); // 7
 * ```
 */
export const config = Object.freeze({
  /**
   * Sets the seed of shuffles made from now on.
   *
   * @throws {@link ArgumentTypeError} for a non-int; {@link ArgumentValueError} outside [0, 2^32 − 1].
   */
  setSeed(seed: number): void {
    if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new ArgumentTypeError(`seed isn't of type int, but got ${pythonType(seed)}.`);
    if (seed < 0 || seed > 0xffffffff) throw new ArgumentValueError(`seed is not within the required interval of [0, 4294967295], but got ${seed}.`);
    currentContext().datasetSeed = seed;
  },
  /** The seed shuffles use. */
  getSeed(): number {
    return currentContext().datasetSeed;
  },
});
