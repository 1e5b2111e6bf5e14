/**
 * numpy's legacy global `RandomState`: MT19937 seeded with `init_genrand` (numpy's `seed(int)`),
 * 53-bit doubles, `uniform(low, high)` = low + (high - low) · double, and `normal(loc, scale)` by the
 * polar Box–Muller method with the second value cached for the next call (numpy's `legacy_gauss`).
 * MindSpore r1.5 draws Uniform, XavierUniform, HeUniform, XavierNormal and HeNormal weights from it.
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';

const N = 624;
const M = 397;

/**
 * An MT19937 generator with numpy's legacy RandomState methods.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * const r = new kernels.RandomState(0);
 * console.log(r.randomSample()); // 0.5488135039273248 — numpy: np.random.seed(0); np.random.random_sample()
 * ```
 */
export class RandomState {
  private readonly mt = new Uint32Array(N);
  private index = N;
  private hasGauss = false;
  private gauss = 0;

  /**
   * @param seed - an integer in [0, 2^32 - 1], as numpy's `seed(int)` accepts.
   * @throws {@link ArgumentValueError} outside that range.
   */
  constructor(seed: number) {
    this.seed(seed);
  }

  /** Re-seeds (`np.random.seed(seed)`), dropping any cached Gaussian. */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new ArgumentValueError(`RandomState.seed: Seed must be between 0 and 2**32 - 1, but got ${seed}`);
    }
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      // 1812433253 * prev + i, modulo 2^32, exactly
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = N;
    this.hasGauss = false;
    this.gauss = 0;
  }

  /**
   * The first word of the state key, as numpy's `get_state()[1][0]` reads it (MindSpore r1.5 re-seeds
   * with it after drawing a parallel slice).
   */
  keyWord0(): number {
    return this.mt[0]!;
  }

  /** The next 32-bit output. */
  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      for (let k = 0; k < N; k++) {
        const y = (mt[k]! & 0x80000000) | (mt[(k + 1) % N]! & 0x7fffffff);
        mt[k] = mt[(k + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) from 53 random bits (`random_sample`). */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `uniform(low, high)`: low + (high - low) · randomSample(). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.randomSample();
  }

  /** A standard normal by the polar method, the second of each pair cached (`legacy_gauss`). */
  standardNormal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const g = this.gauss;
      this.gauss = 0;
      return g;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** `normal(loc, scale)`: loc + scale · standardNormal(). */
  normal(loc: number, scale: number): number {
    return loc + scale * this.standardNormal();
  }

  /** An integer in [0, max] by numpy's masked rejection (`random_interval`, max < 2^32). */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let v: number;
    do v = (this.nextUint32() & mask) >>> 0;
    while (v > max);
    return v;
  }

  /** numpy's legacy `permutation(n)`: 0..n-1 shuffled from the last position down. */
  permutation(n: number): Int32Array {
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    for (let i = n - 1; i >= 1; i--) {
      const j = this.interval(i);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  }

  /** `size` draws of `uniform(low, high)`, in order. */
  uniformArray(low: number, high: number, size: number): Float64Array {
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.uniform(low, high);
    return out;
  }

  /** `size` draws of `normal(loc, scale)`, in order. */
  normalArray(loc: number, scale: number, size: number): Float64Array {
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.normal(loc, scale);
    return out;
  }
}
