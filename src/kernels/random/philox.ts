/**
 * MindSpore r1.5's `Normal` initializer stream, exactly as the shared spec (philox-normal.md) describes
 * it: a Philox-like 4×32 generator (10 rounds; key[0] used twice, so key[1] never matters), words turned
 * into normals by Box–Muller with float32 steps and the source's π = 3.14, and an array filled in 16
 * parts whose counters are jumped by each part's own size (kept as described, including the last part
 * jumping by its own, larger size). The spec adds that parts whose counter ranges overlap repeat values;
 * with the key advancing on every call, as the spec's algorithm has it, they do not, and the golden
 * outputs (1728 weights: batch 108, no overlap) cannot tell the two apart.
 * @module
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** The high 32 bits of a 32×32-bit product (exact, by 16-bit halves). */
function mulHi(a: number, b: number): number {
  const aH = a >>> 16;
  const aL = a & 0xffff;
  const bH = b >>> 16;
  const bL = b & 0xffff;
  const lh = aL * bH;
  const hl = aH * bL;
  const mid = ((aL * bL) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (aH * bH + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) >>> 0;
}

/**
 * The generator: a 128-bit counter and a 64-bit key, as 32-bit words.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * const g = new kernels.PhiloxGenerator(1n, 1n);
 * console.log(Array.from(g.next(), (w) => w.toString(16))); // [ '89b01f5a', 'b841e68b', '2736095a', '76a1b102' ]
 * ```
 */
export class PhiloxGenerator {
  private readonly ctr = new Uint32Array(4);
  private readonly key = new Uint32Array(2);

  /** @param seed - the key (its low 32 bits matter); @param seed2 - the counter's high half. */
  constructor(seed: bigint, seed2: bigint) {
    this.key[0] = Number(BigInt.asUintN(32, seed));
    this.key[1] = Number(BigInt.asUintN(32, seed >> 32n));
    this.ctr[2] = Number(BigInt.asUintN(32, seed2));
    this.ctr[3] = Number(BigInt.asUintN(32, seed2 >> 32n));
  }

  /** A copy in the same state. */
  clone(): PhiloxGenerator {
    const g = new PhiloxGenerator(0n, 0n);
    g.ctr.set(this.ctr);
    g.key.set(this.key);
    return g;
  }

  /** Advances the counter's low 64 bits by `n`, carrying into the high 64 bits. */
  jump(n: number): void {
    const low = ((BigInt(this.ctr[1]!) << 32n) | BigInt(this.ctr[0]!)) + BigInt(n);
    this.ctr[0] = Number(low & 0xffffffffn);
    this.ctr[1] = Number((low >> 32n) & 0xffffffffn);
    if (low >> 64n) {
      const high = ((BigInt(this.ctr[3]!) << 32n) | BigInt(this.ctr[2]!)) + 1n;
      this.ctr[2] = Number(high & 0xffffffffn);
      this.ctr[3] = Number((high >> 32n) & 0xffffffffn);
    }
  }

  /** Ten rounds, then the counter + 1: four output words (also the new counter). */
  next(): Uint32Array {
    const c = this.ctr;
    const k = this.key;
    for (let r = 0; r < 10; r++) {
      const c0 = c[0]!, c1 = c[1]!, c2 = c[2]!, c3 = c[3]!;
      const hi0 = mulHi(M0, c0);
      const lo0 = Math.imul(M0, c0) >>> 0;
      const hi1 = mulHi(M1, c2);
      const lo1 = Math.imul(M1, c2) >>> 0;
      c[0] = hi1 ^ c1 ^ k[0]!;
      c[1] = lo1;
      c[2] = hi0 ^ c3 ^ k[0]!;
      c[3] = lo0;
      k[0] = k[0]! + W0;
      k[1] = k[1]! + W1;
    }
    for (let i = 0; i < 4; i++) {
      c[i] = c[i]! + 1;
      if (c[i] !== 0) break;
    }
    return c.slice();
  }
}

const ONE_E_7 = Math.fround(1e-7);
const TWO_PI = Math.fround(6.28);
const u32 = new Uint32Array(1);
const f32 = new Float32Array(u32.buffer);

/** A word's uniform in [0, 1): its low 23 bits as k / 2^23, at least float32(1e-7). */
function uniform(w: number): number {
  u32[0] = 0x3f800000 | (w & 0x7fffff);
  const u = Math.fround(f32[0]! - 1);
  return u < ONE_E_7 ? ONE_E_7 : u;
}

/** Two normals from two words, with the float32 steps of the source. */
function boxMuller(a: number, b: number, out: Float32Array, at: number, count: number): void {
  const r = Math.sqrt(-2 * Math.fround(Math.log(uniform(a))));
  const theta = Math.fround(TWO_PI * uniform(b));
  if (count > 0) out[at] = r * Math.fround(Math.sin(theta));
  if (count > 1) out[at + 1] = r * Math.fround(Math.cos(theta));
}

/**
 * The raw standard normals MindSpore r1.5 fills an array of `n` elements with for (seed, seed2).
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.philoxNormals(1n, 1n, 1728)[0]); // -0.1280231475830078
 * ```
 */
export function philoxNormals(seed: bigint, seed2: bigint, n: number): Float32Array {
  const out = new Float32Array(n);
  const base = new PhiloxGenerator(seed, seed2);
  const parts = n > 16 ? 16 : 1;
  const batch = Math.floor(n / parts);
  for (let i = 0; i < parts; i++) {
    const start = i * batch;
    const size = i === parts - 1 ? n - start : batch;
    const g = base.clone();
    g.jump(Math.floor((size * i + 3) / 4));
    for (let done = 0; done < size; done += 4) {
      const w = g.next();
      const left = size - done;
      boxMuller(w[0]!, w[1]!, out, start + done, Math.min(2, left));
      boxMuller(w[2]!, w[3]!, out, start + done + 2, Math.min(2, left - 2));
    }
  }
  return out;
}

/** `Normal(sigma, mean)`'s values: float32(float32(raw · float32(sigma)) + float32(mean)). */
export function philoxNormal(seed: bigint, seed2: bigint, n: number, sigma: number, mean: number): Float32Array {
  const raw = philoxNormals(seed, seed2, n);
  const s = Math.fround(sigma);
  const m = Math.fround(mean);
  for (let i = 0; i < n; i++) raw[i] = Math.fround(raw[i]! * s) + m;
  return raw;
}
