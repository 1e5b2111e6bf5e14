/**
 * One context's random state, as MindSpore r1.5 keeps it per process: the global seed, numpy's global
 * RandomState (which Uniform, Xavier and He initializers draw from) and the Normal initializer's
 * op-seed counter.
 * @module
 */
import { RandomState } from '../kernels/index.js';

/** A process-like random state: without a seed, values are not reproducible (as in MindSpore). */
export class SeedState {
  /** The global seed, or null when none was set. */
  globalSeed: number | null = null;
  /** How many Normal initialisations drew since the seed was set. */
  private normalCount = 0;
  /** numpy's global RandomState. */
  numpy: RandomState;

  constructor(seed: number | null = null) {
    this.numpy = new RandomState(Math.floor(Math.random() * 0xffffffff));
    if (seed !== null) this.seed(seed);
  }

  /** Sets the global seed: seeds numpy's RandomState and restarts the op-seed counter (checked by the caller). */
  seed(seed: number): void {
    this.numpy.seed(seed);
    this.globalSeed = seed;
    this.normalCount = 0;
  }

  /**
   * The (seed, seed2) pair of the next Normal initialisation: seed = s (87654321 when s = 0) and
   * seed2 = (s + n · 533697028) mod (2^31 - 1) for the n-th one after the seed s; random without a seed.
   */
  nextNormalSeeds(): [bigint, bigint] {
    if (this.globalSeed === null) {
      return [BigInt(Math.floor(Math.random() * 2 ** 31)), BigInt(Math.floor(Math.random() * 2 ** 31))];
    }
    const s = BigInt(this.globalSeed);
    const n = BigInt(this.normalCount++);
    return [s === 0n ? 87654321n : s, (s + n * 533697028n) % (2n ** 31n - 1n)];
  }
}
