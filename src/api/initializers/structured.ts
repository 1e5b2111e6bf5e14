/**
 * The initializers of fixed structure: Identity, Sparse, Dirac and Orthogonal (MindSpore r1.5's).
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { formatShape, sizeOf } from '../../kernels/index.js';
import { pythonType } from '../python-type.js';
import { numpyRandom } from '../seed.js';
import { Initializer, checkArg } from './initializers.js';

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
    checkArg('Sparse', 'sparsity', sparsity, { min: 0, max: 1 });
    checkArg('Sparse', 'sigma', sigma, { min: 0 });
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
    checkArg('Dirac', 'groups', groups, { min: 1 });
    if (!Number.isInteger(groups)) throw new ArgumentTypeError(`For 'Dirac', 'groups' must be an int, but got ${pythonType(groups)}.`);
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
    checkArg('Orthogonal', 'gain', gain);
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
