/**
 * The C++ standard-library random streams MindSpore r1.5's CPU kernels draw from, as libstdc++ (GCC)
 * computes them: `std::uniform_real_distribution<double>` and `std::bernoulli_distribution` on
 * `std::mt19937` (both through `generate_canonical<double, 53>`: two 32-bit words, w₁ + w₂·2³², over
 * 2⁶⁴), and `std::normal_distribution<float>` on `std::default_random_engine` (minstd_rand0:
 * x ← 16807·x mod (2³¹ − 1)) by Marsaglia's polar method in float32, caching the second value.
 * Checked against the same calls compiled from C++ (scripts/r15_random_oracle.cpp).
 * @module
 */
import { RandomState } from './mt19937.js';

/** libstdc++'s generate_canonical<double, 53> on an mt19937: a double in [0, 1). */
function canonical(gen: RandomState): number {
  const low = gen.nextUint32();
  const high = gen.nextUint32();
  const value = (low + high * 4294967296) / 18446744073709551616;
  return value >= 1 ? 1 - 2 ** -53 : value;
}

/**
 * `n` draws of `std::uniform_real_distribution<>(0, 1)` on `std::mt19937(seed)`, each rounded to
 * float32 (r1.5's CPU UniformReal).
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(Array.from(kernels.stdUniformReal(1, 2))); // [ 0.9971848130226135, 0.9325573444366455 ]
 * ```
 */
export function stdUniformReal(seed: number, n: number): Float32Array {
  const gen = new RandomState(seed >>> 0);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = canonical(gen);
  return out;
}

/**
 * `std::bernoulli_distribution(p)` on an mt19937: a mask of `n` draws, 1 where the canonical double is
 * below p. `gen` keeps its state between calls (a dropout mask per launch).
 */
export function stdBernoulliMask(gen: RandomState, p: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = canonical(gen) < p ? 1 : 0;
  return out;
}

const MINSTD_M = 2147483647;

/** One chunk of `std::normal_distribution<float>` draws on `std::default_random_engine(seed)`. */
function normalChunk(seed: number, out: Float32Array, from: number, to: number): void {
  const f = Math.fround;
  let x = seed % MINSTD_M === 0 ? 1 : seed % MINSTD_M;
  // generate_canonical<float, 24> on minstd_rand0: one draw, float(g − 1) / float(2147483646)
  const uniform = (): number => {
    x = (16807 * x) % MINSTD_M;
    const u = f(f(x - 1) / 2147483648);
    return u >= 1 ? f(1 - 2 ** -24) : u;
  };
  let saved = 0;
  let hasSaved = false;
  for (let i = from; i < to; i++) {
    if (hasSaved) {
      hasSaved = false;
      out[i] = saved;
      continue;
    }
    let a: number;
    let b: number;
    let r2: number;
    do {
      a = f(2 * uniform() - 1);
      b = f(2 * uniform() - 1);
      r2 = f(f(a * a) + f(b * b));
    } while (r2 > 1 || r2 === 0);
    const mult = f(Math.sqrt(f(f(-2 * f(Math.log(r2))) / r2)));
    saved = f(a * mult);
    hasSaved = true;
    out[i] = f(b * mult);
  }
}

/**
 * r1.5's CPU StandardNormal: the output in chunks of ⌈n / threads⌉ (threads = ⌈n / 128⌉ when n <
 * 128·`hostThreads`, else `hostThreads`), chunk k drawn from `std::default_random_engine(seed + k + 1)`
 * with a fresh `std::normal_distribution<float>`.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.stdStandardNormal(1, 3, 16).length); // 3
 * ```
 */
export function stdStandardNormal(seed: number, n: number, hostThreads: number): Float32Array {
  const out = new Float32Array(n);
  if (n === 0) return out;
  const threads = n < 128 * hostThreads ? Math.ceil(n / 128) : hostThreads;
  const chunk = Math.ceil(n / threads);
  let s = seed >>> 0;
  for (let start = 0; start < n; start += chunk) {
    s = (s + 1) >>> 0;
    normalChunk(s, out, start, Math.min(n, start + chunk));
  }
  return out;
}
