/**
 * The random primitives as MindSpore r1.5's: `P.UniformReal(seed, seed2)(shape)`,
 * `P.StandardNormal(seed, seed2)(shape)`, `P.Dropout(keep_prob, Seed0, Seed1)(x)` and
 * `G.DropoutGrad(keep_prob)(dy, mask)`. The numbers are r1.5's CPU kernels' (the C++ standard library's
 * streams, see kernels/random/std-random.ts) on every target. The seed the generator gets is r1.5's
 * rule: seed2 if not 0, else seed if not 0, else a random one (no reproducibility without a seed, as in
 * MindSpore). UniformReal and StandardNormal re-seed at every call (r1.5's CPU kernels do: the same
 * seeds give the same values each time); a Dropout keeps its generator from call to call.
 * @module
 */
import { checkDropoutInput, kernelRegistry, RandomState, stdBernoulliMask, type KernelDef } from '../../kernels/index.js';
import { record } from '../graph/executor.js';
import type { Tensor } from '../tensor.js';
import { checkFloatRange, checkInt, checkNonNegativeInt, checkOptions, checkPositiveInt, valueTypeError } from './attr-checks.js';
import { primitive } from './primitive.js';

const kernel = (name: string): KernelDef<never> => kernelRegistry.find('*', name)!;

/** The seeds of a random primitive (r1.5's keyword arguments, 0 by default). */
export interface RandomSeeds {
  /** The op's first seed. */
  readonly seed?: number;
  /** The op's second seed (wins when not 0). */
  readonly seed2?: number;
}

/** r1.5's CPU kernels' choice: seed2, else seed, else a random seed. */
function generatorSeed(seed: number, seed2: number): number {
  if (seed2 !== 0) return seed2 >>> 0;
  if (seed !== 0) return seed >>> 0;
  return Math.floor(Math.random() * 0x100000000);
}

function randomFill(name: 'UniformReal' | 'StandardNormal') {
  return (given?: RandomSeeds) => {
    const o = checkOptions(given, name) as RandomSeeds;
    const seed = checkNonNegativeInt(o.seed ?? 0, 'seed', name);
    const seed2 = checkNonNegativeInt(o.seed2 ?? 0, 'seed2', name);
    return primitive(name, (shape: readonly number[]): Tensor => {
      if (!Array.isArray(shape)) throw valueTypeError(name, 'shape', 'tuple', shape);
      const dims = shape.map((d, i) => checkPositiveInt(d, `shape[${i}]`, name));
      return record(name, [], { kernel: kernel(name), attrs: { shape: dims, seed: generatorSeed(seed, seed2), hostThreads: 16 } })[0]!;
    }, { args: 'shape:any' });
  };
}

/**
 * UniformReal({ seed, seed2 })(shape): float32 values uniform in [0, 1), r1.5's CPU stream
 * (`std::uniform_real_distribution<double>` on `std::mt19937(seed)`, rounded to float32).
 *
 * @throws {@link ArgumentValueError} / {@link ArgumentTypeError} for seeds that are not non-negative ints or a
 *   shape that is not a list of positive ints (r1.5's texts).
 * @example
 * ```ts
 * import { ops } from 'mindsim';
 * console.log(String(ops.UniformReal({ seed: 1 })([2, 2]))); // [[0.9971848  0.93255734]\n [0.12812445 0.99904054]]
 * ```
 */
export const UniformReal = randomFill('UniformReal');

/**
 * StandardNormal({ seed, seed2 })(shape): float32 N(0, 1) values, r1.5's CPU stream
 * (`std::normal_distribution<float>` on `std::default_random_engine`, one generator per chunk of its
 * threads, 16 host threads).
 *
 * @throws as {@link UniformReal}.
 * @example
 * ```ts
 * import { ops } from 'mindsim';
 * console.log(ops.StandardNormal({ seed: 1 })([4]).shape); // [ 4 ]
 * ```
 */
export const StandardNormal = randomFill('StandardNormal');

/**
 * Dropout(keepProb, seed0, seed1)(x): [output, mask] as r1.5's `P.Dropout(keep_prob=0.5, Seed0=0,
 * Seed1=0)`: each element kept with probability keepProb (mask 1) and scaled by 1 / keepProb, else 0.
 * The mask is drawn as r1.5's CPU kernel draws it (`std::bernoulli_distribution` on an mt19937), from a
 * generator seeded once (Seed1, else Seed0, else at random) that moves on with every call.
 *
 * @throws {@link ArgumentValueError} for a keep_prob outside (0, 1]; {@link ArgumentTypeError} for seeds
 *   that are not ints; at a call, {@link DTypeError} for x that is not float16/float32.
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const [y, mask] = ops.Dropout(0.5, 1, 0)(new Tensor(np.ones([8]), 'float32'));
 * console.log(String(mask), String(y)); // [0. 0. 1. 0. 1. 1. 1. 0.] [0. 0. 2. 0. 2. 2. 2. 0.]
 * ```
 */
export const Dropout = (keepProb = 0.5, seed0 = 0, seed1 = 0) => {
  const keep = checkFloatRange(keepProb, 0, 1, 'right', 'keep_prob', 'Dropout');
  checkInt(seed0, 'Seed0', 'Dropout');
  checkInt(seed1, 'Seed1', 'Dropout');
  let generator: RandomState | null = null;
  return primitive('Dropout', (x: Tensor): Tensor[] => {
    checkDropoutInput(x); // refused before the generator moves on
    generator ??= new RandomState(generatorSeed(seed0, seed1));
    return record('Dropout', [x], { kernel: kernel('Dropout'), attrs: { keepProb: keep, mask: stdBernoulliMask(generator, keep, x.size) } });
  }, { args: 'x:tensor' });
};

/**
 * DropoutGrad(keepProb)(dy, mask): dy · mask / keepProb, r1.5's `G.DropoutGrad`.
 *
 * @throws {@link ArgumentValueError} for a keep_prob outside (0, 1]; at a call, {@link ShapeError} /
 *   {@link DTypeError} when dy and mask differ in shape or dtype.
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.DropoutGrad(0.5)(new Tensor([3, 3], 'float32'), new Tensor([1, 0], 'float32')))); // [6. 0.]
 * ```
 */
export const DropoutGrad = (keepProb = 0.5) => {
  const keep = checkFloatRange(keepProb, 0, 1, 'right', 'keep_prob', 'DropoutGrad');
  return primitive('DropoutGrad', (dy: Tensor, mask: Tensor): Tensor => record('DropoutGrad', [dy, mask], { kernel: kernel('DropoutGrad'), attrs: { keepProb: keep } })[0]!, {
    args: 'dy:tensor mask:tensor',
  });
};
