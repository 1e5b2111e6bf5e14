/**
 * The global seed, as MindSpore r1.5's `set_seed`/`get_seed`, of the current {@link ExecutionContext}:
 * it seeds numpy's global RandomState (which Uniform, Xavier and He initializers draw from) and
 * restarts the Normal initializer's op-seed counter. Without a seed, values are not reproducible (as in
 * MindSpore).
 * @module
 */
import type { RandomState } from '../kernels/index.js';
import { currentContext } from './execution-context.js';

/**
 * Sets the current context's global seed.
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
  currentContext().setSeed(seed);
}

/**
 * The current context's global seed, or null when none was set.
 *
 * @example
 * ```ts
 * import { ExecutionContext, getSeed } from 'mindsim';
 * console.log(new ExecutionContext().run(() => getSeed())); // null — a fresh context has no seed
 * ```
 */
export function getSeed(): number | null {
  return currentContext().getSeed();
}

/** numpy's global RandomState of the current context, as MindSpore's initializers use it. */
export function numpyRandom(): RandomState {
  return currentContext().seeds.numpy;
}

/** The (seed, seed2) pair of the current context's next Normal initialisation (`SeedState.nextNormalSeeds`). */
export function nextNormalSeeds(): [bigint, bigint] {
  return currentContext().seeds.nextNormalSeeds();
}

/** r1.5's `_get_graph_seed(op_seed, kernel_name)` in the current context (`SeedState.graphSeed`). */
export function graphSeed(opSeed: number, kernelName: string): [number, number] {
  return currentContext().seeds.graphSeed(opSeed, kernelName);
}
