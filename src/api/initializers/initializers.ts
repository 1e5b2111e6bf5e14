/**
 * The initializer classes of MindSpore r1.5. Each generates the values of an array of a shape and dtype,
 * in C order: `Normal` from MindSpore's Philox stream (float32 steps), the others from numpy's legacy
 * global RandomState (float64 draws, cast once to the dtype, as numpy's assignment into the array does).
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import {
  DTYPES, castArray, checkHostBytes, philoxNormal, sizeOf, truncatedNormalFromUniforms, type DType, type Shape, type TypedArray,
} from '../../kernels/index.js';
import { nextNormalSeeds, numpyRandom } from '../seed.js';
import { fans, gain } from './fans.js';
import { pythonType } from '../python-type.js';

/**
 * Base class of the initializers: `generate(shape, dtype)` gives the values.
 *
 * @example
 * ```ts
 * import { One, mstype } from 'mindsim';
 * console.log(Array.from(new One().generate([2], mstype.float32) as Float32Array)); // [ 1, 1 ]
 * ```
 */
export abstract class Initializer {
  /** The class's MindSpore name: `Normal`, `XavierUniform`... */
  abstract readonly name: string;
  /**
   * MindSpore's `Initializer.seed` when set (`_seed`): Normal then draws with the seed pair
   * `(seed + 1, 0)` instead of the global seed's next pair. Parallel slices set it (see
   * `Parameter.initData`); null by default.
   */
  seed: number | null = null;

  /** The values for an array of this shape and dtype (each call draws afresh). */
  generate(shape: Shape, dtype: DType): TypedArray {
    checkHostBytes(shape, 8, 'float64', this.name); // the draws are float64 before the cast
    const values = this.values([...shape]);
    return values instanceof Float32Array ? castArray(values, DTYPES.float32, dtype) : castArray(values, DTYPES.float64, dtype);
  }

  /** The values in C order (float64 draws, or float32 for Normal). */
  protected abstract values(shape: number[]): Float64Array | Float32Array;

  /** `Normal(sigma=0.01, mean=0.0)`-style text. */
  toString(): string {
    return this.name;
  }
}

/**
 * Checks an initializer's numeric argument: a finite number (a bool is not one), at least `min` (or
 * above it when `open`), at most `max`.
 */
/** @internal */
export function checkArg(api: string, name: string, value: unknown, bounds: { min?: number; open?: boolean; max?: number } = {}): void {
  if (typeof value !== 'number') throw new ArgumentTypeError(`For '${api}', '${name}' must be a number, but got ${pythonType(value)}.`);
  if (!Number.isFinite(value)) throw new ArgumentValueError(`For '${api}', '${name}' must be finite, but got ${value}.`);
  const { min, open = false, max } = bounds;
  if (min !== undefined && (open ? value <= min : value < min)) {
    throw new ArgumentValueError(`For '${api}', '${name}' must be ${open ? 'greater than' : 'at least'} ${min}, but got ${value}.`);
  }
  if (max !== undefined && value > max) throw new ArgumentValueError(`For '${api}', '${name}' must be at most ${max}, but got ${value}.`);
}

/** Zeros. */
export class Zero extends Initializer {
  readonly name = 'Zero';
  protected values(shape: number[]): Float64Array {
    return new Float64Array(sizeOf(shape));
  }
}

/** Ones. */
export class One extends Initializer {
  readonly name = 'One';
  protected values(shape: number[]): Float64Array {
    return new Float64Array(sizeOf(shape)).fill(1);
  }
}

/** A constant value. */
export class Constant extends Initializer {
  readonly name = 'Constant';
  /** @param value - the value of every element. */
  constructor(readonly value: number) {
    super();
    if (typeof value !== 'number') throw new ArgumentTypeError(`For 'Constant', 'value' must be a number, but got ${pythonType(value)}.`);
  }
  protected values(shape: number[]): Float64Array {
    return new Float64Array(sizeOf(shape)).fill(this.value);
  }
}

/** N(mean, sigma²) from MindSpore's Philox stream; consumes the next op-seed pair of the global seed. */
export class Normal extends Initializer {
  readonly name = 'Normal';
  /** @param sigma - standard deviation (0.01); @param mean - mean (0). */
  constructor(readonly sigma = 0.01, readonly mean = 0) {
    super();
    checkArg('Normal', 'sigma', sigma, { min: 0 });
    checkArg('Normal', 'mean', mean);
  }
  protected values(shape: number[]): Float32Array {
    const [seed, seed2] = this.seed !== null ? [BigInt(this.seed) + 1n, 0n] : nextNormalSeeds();
    return philoxNormal(seed, seed2, sizeOf(shape), this.sigma, this.mean);
  }
}

/** U(-scale, scale) from numpy's RandomState. */
export class Uniform extends Initializer {
  readonly name = 'Uniform';
  /** @param scale - the bound (0.07). */
  constructor(readonly scale = 0.07) {
    super();
    checkArg('Uniform', 'scale', scale, { min: 0 });
  }
  protected values(shape: number[]): Float64Array {
    return numpyRandom().uniformArray(-this.scale, this.scale, sizeOf(shape));
  }
}

/**
 * N(0, sigma²) truncated to ±2 sigma, as r1.5 draws it: scipy's `truncnorm.rvs(-2, 2, scale=sigma)` on
 * numpy's global RandomState — the inverse normal CDF of one `random_sample` draw per value.
 */
export class TruncatedNormal extends Initializer {
  readonly name = 'TruncatedNormal';
  /** @param sigma - standard deviation (0.01). */
  constructor(readonly sigma = 0.01) {
    super();
    checkArg('TruncatedNormal', 'sigma', sigma, { min: 0, open: true });
  }
  protected values(shape: number[]): Float64Array {
    return truncatedNormal(sizeOf(shape), this.sigma);
  }
}

function truncatedNormal(n: number, sigma: number): Float64Array {
  const r = numpyRandom();
  const uniforms = new Float64Array(n);
  for (let i = 0; i < n; i++) uniforms[i] = r.randomSample();
  return truncatedNormalFromUniforms(uniforms, sigma);
}

/** U(-b, b), b = gain · sqrt(6 / (fan_in + fan_out)). */
export class XavierUniform extends Initializer {
  readonly name = 'XavierUniform';
  /** @param gain - the gain (1). */
  constructor(readonly gain = 1) {
    super();
    checkArg('XavierUniform', 'gain', gain);
  }
  protected values(shape: number[]): Float64Array {
    const [fanIn, fanOut] = fans(shape, 'XavierUniform');
    const bound = this.gain * Math.sqrt(6 / (fanIn + fanOut));
    return numpyRandom().uniformArray(-bound, bound, sizeOf(shape));
  }
}

/** N(0, σ²), σ = gain · sqrt(2 / (fan_in + fan_out)). */
export class XavierNormal extends Initializer {
  readonly name = 'XavierNormal';
  /** @param gain - the gain (1). */
  constructor(readonly gain = 1) {
    super();
    checkArg('XavierNormal', 'gain', gain);
  }
  protected values(shape: number[]): Float64Array {
    const [fanIn, fanOut] = fans(shape, 'XavierNormal');
    return numpyRandom().normalArray(0, this.gain * Math.sqrt(2 / (fanIn + fanOut)), sizeOf(shape));
  }
}

/** Which fan He/Kaiming initializers scale by. */
export type FanMode = 'fan_in' | 'fan_out';

/** Checks He initializers' arguments as r1.5 does when they draw (here at construction). */
function checkHe(api: string, negativeSlope: unknown, mode: unknown, nonlinearity: unknown): void {
  if (typeof negativeSlope !== 'number' || !Number.isFinite(negativeSlope)) {
    throw new ArgumentValueError(`For '${api}', negative_slope ${String(negativeSlope)} is not a valid number. It should be bool, int, or float type.`);
  }
  if (mode !== 'fan_in' && mode !== 'fan_out') throw new ArgumentValueError(`For '${api}', Mode ${String(mode)} not supported, please use one of fan_in, fan_out`);
  gain(nonlinearity as string, negativeSlope, api);
}

function heFan(shape: number[], mode: FanMode, api: string): number {
  const [fanIn, fanOut] = fans(shape, api);
  return mode === 'fan_in' ? fanIn : fanOut;
}

/** U(-b, b), b = sqrt(3) · gain / sqrt(fan). */
export class HeUniform extends Initializer {
  readonly name = 'HeUniform';
  /** @param negativeSlope - leaky_relu slope (0); @param mode - fan_in or fan_out; @param nonlinearity - for the gain. */
  constructor(readonly negativeSlope = 0, readonly mode: FanMode = 'fan_in', readonly nonlinearity = 'leaky_relu') {
    super();
    checkHe('HeUniform', negativeSlope, mode, nonlinearity);
  }
  protected values(shape: number[]): Float64Array {
    const bound = (Math.sqrt(3) * gain(this.nonlinearity, this.negativeSlope, 'HeUniform')) / Math.sqrt(heFan(shape, this.mode, 'HeUniform'));
    return numpyRandom().uniformArray(-bound, bound, sizeOf(shape));
  }
}

/** N(0, σ²), σ = gain / sqrt(fan). */
export class HeNormal extends Initializer {
  readonly name = 'HeNormal';
  /** @param negativeSlope - leaky_relu slope (0); @param mode - fan_in or fan_out; @param nonlinearity - for the gain. */
  constructor(readonly negativeSlope = 0, readonly mode: FanMode = 'fan_in', readonly nonlinearity = 'leaky_relu') {
    super();
    checkHe('HeNormal', negativeSlope, mode, nonlinearity);
  }
  protected values(shape: number[]): Float64Array {
    const std = gain(this.nonlinearity, this.negativeSlope, 'HeNormal') / Math.sqrt(heFan(shape, this.mode, 'HeNormal'));
    return numpyRandom().normalArray(0, std, sizeOf(shape));
  }
}

/** Variance scaling: scale / n with n the fan (or their mean), as a truncated or plain normal, or uniform. */
export class VarianceScaling extends Initializer {
  readonly name = 'VarianceScaling';
  /** @param scale - (1); @param mode - fan_in, fan_out or fan_avg; @param distribution - truncated_normal, untruncated_normal or uniform. */
  constructor(readonly scale = 1, readonly mode: FanMode | 'fan_avg' = 'fan_in', readonly distribution: 'truncated_normal' | 'untruncated_normal' | 'uniform' = 'truncated_normal') {
    super();
    if (typeof scale !== 'number' || !(scale > 0)) throw new ArgumentValueError(`For 'VarianceScaling', scale must be greater than 0, but got ${String(scale)}`);
    if (!['fan_in', 'fan_out', 'fan_avg'].includes(mode)) throw new ArgumentValueError(`For 'VarianceScaling', mode must be fan_in, fan_out or fan_avg, but got ${String(mode)}`);
    if (!['truncated_normal', 'untruncated_normal', 'uniform'].includes(distribution)) {
      throw new ArgumentValueError(`For 'VarianceScaling', distribution must be truncated_normal, untruncated_normal or uniform, but got ${String(distribution)}`);
    }
  }
  protected values(shape: number[]): Float64Array {
    const [fanIn, fanOut] = fans(shape, 'VarianceScaling');
    const n = this.mode === 'fan_in' ? fanIn : this.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const variance = this.scale / Math.max(1, n);
    const size = sizeOf(shape);
    if (this.distribution === 'uniform') {
      const limit = Math.sqrt(3 * variance);
      return numpyRandom().uniformArray(-limit, limit, size);
    }
    if (this.distribution === 'untruncated_normal') return numpyRandom().normalArray(0, Math.sqrt(variance), size);
    return truncatedNormal(size, Math.sqrt(variance) / 0.87962566103423978);
  }
}
