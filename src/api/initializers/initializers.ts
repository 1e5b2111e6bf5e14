/**
 * The initializer classes of MindSpore r1.5. Each generates the values of an array of a shape and dtype,
 * in C order: `Normal` from MindSpore's Philox stream (float32 steps), the others from numpy's legacy
 * global RandomState (float64 draws, cast once to the dtype, as numpy's assignment into the array does).
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import {
  DTYPES, castArray, formatShape, philoxNormal, sizeOf, type DType, type Shape, type TypedArray,
} from '../../kernels/index.js';
import { nextNormalSeeds, numpyRandom } from '../seed.js';
import { fans, gain } from './fans.js';

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
  }
  protected values(shape: number[]): Float64Array {
    return numpyRandom().uniformArray(-this.scale, this.scale, sizeOf(shape));
  }
}

/** N(0, sigma²) redrawn outside ±2 sigma, from numpy's RandomState. */
export class TruncatedNormal extends Initializer {
  readonly name = 'TruncatedNormal';
  /** @param sigma - standard deviation (0.01). */
  constructor(readonly sigma = 0.01) {
    super();
  }
  protected values(shape: number[]): Float64Array {
    return truncatedNormal(sizeOf(shape), this.sigma);
  }
}

function truncatedNormal(n: number, sigma: number): Float64Array {
  const r = numpyRandom();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v: number;
    do v = r.normal(0, sigma);
    while (Math.abs(v) > 2 * sigma);
    out[i] = v;
  }
  return out;
}

/** U(-b, b), b = gain · sqrt(6 / (fan_in + fan_out)). */
export class XavierUniform extends Initializer {
  readonly name = 'XavierUniform';
  /** @param gain - the gain (1). */
  constructor(readonly gain = 1) {
    super();
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
  }
  protected values(shape: number[]): Float64Array {
    const [fanIn, fanOut] = fans(shape, 'XavierNormal');
    return numpyRandom().normalArray(0, this.gain * Math.sqrt(2 / (fanIn + fanOut)), sizeOf(shape));
  }
}

/** Which fan He/Kaiming initializers scale by. */
export type FanMode = 'fan_in' | 'fan_out';

function heFan(shape: number[], mode: FanMode, api: string): number {
  if (mode !== 'fan_in' && mode !== 'fan_out') throw new ArgumentValueError(`For '${api}', mode must be 'fan_in' or 'fan_out', but got '${String(mode)}'`);
  const [fanIn, fanOut] = fans(shape, api);
  return mode === 'fan_in' ? fanIn : fanOut;
}

/** U(-b, b), b = sqrt(3) · gain / sqrt(fan). */
export class HeUniform extends Initializer {
  readonly name = 'HeUniform';
  /** @param negativeSlope - leaky_relu slope (0); @param mode - fan_in or fan_out; @param nonlinearity - for the gain. */
  constructor(readonly negativeSlope = 0, readonly mode: FanMode = 'fan_in', readonly nonlinearity = 'leaky_relu') {
    super();
  }
  protected values(shape: number[]): Float64Array {
    const bound = (Math.sqrt(3) * gain(this.nonlinearity, this.negativeSlope)) / Math.sqrt(heFan(shape, this.mode, 'HeUniform'));
    return numpyRandom().uniformArray(-bound, bound, sizeOf(shape));
  }
}

/** N(0, σ²), σ = gain / sqrt(fan). */
export class HeNormal extends Initializer {
  readonly name = 'HeNormal';
  /** @param negativeSlope - leaky_relu slope (0); @param mode - fan_in or fan_out; @param nonlinearity - for the gain. */
  constructor(readonly negativeSlope = 0, readonly mode: FanMode = 'fan_in', readonly nonlinearity = 'leaky_relu') {
    super();
  }
  protected values(shape: number[]): Float64Array {
    const std = gain(this.nonlinearity, this.negativeSlope) / Math.sqrt(heFan(shape, this.mode, 'HeNormal'));
    return numpyRandom().normalArray(0, std, sizeOf(shape));
  }
}

/** The identity matrix (2-D only). */
export class Identity extends Initializer {
  readonly name = 'Identity';
  protected values(shape: number[]): Float64Array {
    if (shape.length !== 2) throw new ArgumentValueError(`For 'Identity', the dimension of 'shape' must be 2, but got shape ${formatShape(shape)}`);
    const out = new Float64Array(sizeOf(shape));
    for (let i = 0; i < Math.min(shape[0]!, shape[1]!); i++) out[i * shape[1]! + i] = 1;
    return out;
  }
}

/** 2-D: N(0, sigma²) with ceil(sparsity · rows) zeros per column at rows from numpy's permutation. */
export class Sparse extends Initializer {
  readonly name = 'Sparse';
  /** @param sparsity - the fraction of zeros per column; @param sigma - standard deviation (0.01). */
  constructor(readonly sparsity: number, readonly sigma = 0.01) {
    super();
  }
  protected values(shape: number[]): Float64Array {
    if (shape.length !== 2) throw new ArgumentValueError(`For 'Sparse', the dimension of 'shape' must be 2, but got shape ${formatShape(shape)}`);
    const [rows, cols] = shape as [number, number];
    const zeros = Math.ceil(this.sparsity * rows);
    const r = numpyRandom();
    const out = r.normalArray(0, this.sigma, rows * cols);
    for (let c = 0; c < cols; c++) {
      const perm = r.permutation(rows);
      for (let k = 0; k < zeros; k++) out[perm[k]! * cols + c] = 0;
    }
    return out;
  }
}

/** 3/4/5-D identity kernels (Dirac delta), per group. */
export class Dirac extends Initializer {
  readonly name = 'Dirac';
  /** @param groups - groups of output channels (1). */
  constructor(readonly groups = 1) {
    super();
  }
  protected values(shape: number[]): Float64Array {
    if (shape.length < 3 || shape.length > 5) throw new ArgumentValueError(`For 'Dirac', the dimension of 'shape' must be 3, 4 or 5, but got shape ${formatShape(shape)}`);
    if (shape[0]! % this.groups !== 0) throw new ArgumentValueError(`For 'Dirac', shape[0] ${shape[0]} must be divisible by groups ${this.groups}`);
    const out = new Float64Array(sizeOf(shape));
    const perGroup = shape[0]! / this.groups;
    const kernel = shape.slice(2);
    const center = kernel.reduce((o, k) => o * k + Math.floor(k / 2), 0);
    const kernelSize = sizeOf(kernel);
    for (let g = 0; g < this.groups; g++) {
      for (let d = 0; d < Math.min(perGroup, shape[1]!); d++) out[((g * perGroup + d) * shape[1]! + d) * kernelSize + center] = 1;
    }
    return out;
  }
}

/** gain · Q of the QR decomposition of a normal matrix (rows = shape[0], cols = the rest). */
export class Orthogonal extends Initializer {
  readonly name = 'Orthogonal';
  /** @param gain - the gain (1). */
  constructor(readonly gain = 1) {
    super();
  }
  protected values(shape: number[]): Float64Array {
    if (shape.length < 2) throw new ArgumentValueError(`For 'Orthogonal', the dimension of 'shape' must be at least 2, but got shape ${formatShape(shape)}`);
    const rows = shape[0]!;
    const cols = sizeOf(shape) / rows;
    const tall = rows >= cols;
    const [m, n] = tall ? [rows, cols] : [cols, rows];
    const a = numpyRandom().normalArray(0, 1, m * n);
    const q = householderQ(a, m, n);
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[tall ? i * cols + j : j * cols + i] = this.gain * q[i * n + j]!;
    return out;
  }
}

/** The m×n Q (sign-fixed so that R has a positive diagonal) of an m×n matrix, m ≥ n, by Householder. */
function householderQ(a: Float64Array, m: number, n: number): Float64Array {
  const r = Float64Array.from(a);
  const vs: Float64Array[] = [];
  for (let k = 0; k < n; k++) {
    const v = new Float64Array(m);
    let norm = 0;
    for (let i = k; i < m; i++) norm += r[i * n + k]! ** 2;
    norm = Math.sqrt(norm);
    const alpha = r[k * n + k]! > 0 ? -norm : norm;
    for (let i = k; i < m; i++) v[i] = r[i * n + k]!;
    v[k] = v[k]! - alpha;
    reflect(v, r, m, n, k);
    vs.push(v);
  }
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) reflect(vs[k]!, q, m, n, k);
  for (let j = 0; j < n; j++) if (r[j * n + j]! < 0) for (let i = 0; i < m; i++) q[i * n + j] = -q[i * n + j]!;
  return q;
}

/** Applies the Householder reflector I - 2vvᵀ/vᵀv to rows k..m-1 of an m×n matrix, in place. */
function reflect(v: Float64Array, mat: Float64Array, m: number, n: number, k: number): void {
  const vv = v.reduce((s, x) => s + x * x, 0);
  if (vv === 0) return;
  for (let j = 0; j < n; j++) {
    let dot = 0;
    for (let i = k; i < m; i++) dot += v[i]! * mat[i * n + j]!;
    for (let i = k; i < m; i++) mat[i * n + j] = mat[i * n + j]! - (2 * dot * v[i]!) / vv;
  }
}

/** Variance scaling: scale / n with n the fan (or their mean), as a truncated or plain normal, or uniform. */
export class VarianceScaling extends Initializer {
  readonly name = 'VarianceScaling';
  /** @param scale - (1); @param mode - fan_in, fan_out or fan_avg; @param distribution - truncated_normal, untruncated_normal or uniform. */
  constructor(readonly scale = 1, readonly mode: FanMode | 'fan_avg' = 'fan_in', readonly distribution: 'truncated_normal' | 'untruncated_normal' | 'uniform' = 'truncated_normal') {
    super();
    if (!(scale > 0)) throw new ArgumentValueError(`For 'VarianceScaling', scale must be greater than 0, but got ${scale}`);
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
