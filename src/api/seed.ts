/**
 * The global seed, as MindSpore r1.5's `set_seed`/`get_seed`: it seeds numpy's global RandomState
 * (which Uniform, Xavier and He initializers draw from) and restarts the Normal initializer's op-seed
 * counter. Without a seed, values are not reproducible (as in MindSpore).
 * @module
 */
import { ArgumentTypeError } from '../errors/index.js';
import { RandomState, describeValue } from '../kernels/index.js';

let globalSeed: number | null = null;
let normalCount = 0;
let numpyState = new RandomState(Math.floor(Math.random() * 0xffffffff));

/**
 * Sets the global seed.
 *
 * @throws {@link ArgumentTypeError} "The argument 'seed' must be type of int, but got {type}." for a
 *   non-integer or negative seed.
 * @throws {@link ArgumentValueError} when numpy would reject it (above 2**32 - 1).
 * @example
 * ```ts
 * import { setSeed, getSeed } from 'mindsim';
 * setSeed(1);
 * console.log(getSeed()); // 1
 * ```
 */
export function setSeed(seed: number): void {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0) {
    const type = typeof seed === 'number' ? (Number.isInteger(seed) ? 'negative int' : "<class 'float'>") : describeValue(seed);
    throw new ArgumentTypeError(`The argument 'seed' must be type of int, but got ${type}.`);
  }
  numpyState.seed(seed);
  globalSeed = seed;
  normalCount = 0;
}

/**
 * The global seed, or null when none was set.
 *
 * @example
 * ```ts
 * import { getSeed } from 'mindsim';
 * console.log(typeof getSeed()); // 'object' (null) until setSeed
 * ```
 */
export function getSeed(): number | null {
  return globalSeed;
}

/** numpy's global RandomState, as MindSpore's initializers use it. */
export function numpyRandom(): RandomState {
  return numpyState;
}

/**
 * The (seed, seed2) pair of the next Normal initialisation: seed = s (87654321 when s = 0) and
 * seed2 = (s + n · 533697028) mod (2^31 - 1) for the n-th one after setSeed(s); random without a seed.
 */
export function nextNormalSeeds(): [bigint, bigint] {
  if (globalSeed === null) {
    return [BigInt(Math.floor(Math.random() * 2 ** 31)), BigInt(Math.floor(Math.random() * 2 ** 31))];
  }
  const s = BigInt(globalSeed);
  const n = BigInt(normalCount++);
  return [s === 0n ? 87654321n : s, (s + n * 533697028n) % (2n ** 31n - 1n)];
}

/** @internal for tests: forget the seed (as a fresh process). */
export function resetSeedState(): void {
  globalSeed = null;
  normalCount = 0;
  numpyState = new RandomState(Math.floor(Math.random() * 0xffffffff));
}
