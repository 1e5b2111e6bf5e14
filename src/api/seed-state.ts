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
  /** The op seed each (kernel name, op seed) pair is at (r1.5's `_KERNEL_SEED`). */
  private readonly kernelSeeds = new Map<string, number>();
  /** numpy's global RandomState, made when first drawn from (most contexts never draw: explore makes one per run). */
  private numpyState: RandomState | null = null;
  /** The seed it is made with: the last global seed, else a random one. */
  private numpySeed: number | null = null;

  constructor(seed: number | null = null) {
    if (seed !== null) this.seed(seed);
  }

  /** numpy's global RandomState (the constructor seeds it as `seed()` re-seeds it). */
  get numpy(): RandomState {
    return (this.numpyState ??= new RandomState(this.numpySeed ?? Math.floor(Math.random() * 0xffffffff)));
  }

  /** Sets the global seed: seeds numpy's RandomState and restarts the op-seed counter (checked by the caller). */
  seed(seed: number): void {
    if (this.numpyState) this.numpyState.seed(seed);
    else this.numpySeed = seed;
    this.globalSeed = seed;
    this.normalCount = 0;
    this.kernelSeeds.clear(); // r1.5's _reset_op_seed: each (kernel, op seed) starts again at its op seed
  }

  /**
   * r1.5's `_get_graph_seed(op_seed, kernel_name)`: (0, 0) when neither the global seed nor the op seed
   * is set (the kernel then picks a random seed); else (global seed, this kernel's op seed), the global
   * seed 0 read as 87654321, both mod 2^31 − 1, and the op seed of (kernel, op seed) moving on by
   * 533697028 after each use.
   */
  graphSeed(opSeed: number, kernelName: string): [number, number] {
    const global = this.globalSeed === 0 ? 87654321 : this.globalSeed ?? 0;
    if (global === 0 && opSeed === 0) return [0, 0];
    const key = `${kernelName}\u0000${opSeed}`;
    const current = this.kernelSeeds.get(key) ?? opSeed;
    this.kernelSeeds.set(key, current + 533697028);
    return [global % 2147483647, current % 2147483647];
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
