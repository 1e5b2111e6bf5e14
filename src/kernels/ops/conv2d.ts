/**
 * Conv2D in NCHW: x [N, C, H, W] ⊛ w [O, C / group, KH, KW] → [N, O, OH, OW].
 *
 * Every output element accumulates, starting at 0, over input channel → kernel row → kernel column
 * (innermost), skipping taps that fall in the padding, with one rounding to the compute dtype after
 * each multiply-add (float32 for float16/bfloat16/float32, float64 for float64). This order is what
 * reproduces MindSpore's printed numbers; every path below follows it exactly:
 * - a fast path for 3-wide kernels at stride 1 and dilation 1 without groups (the common 3×3 case):
 *   eight output channels at once, each element taking its three kernel-column steps in registers;
 * - without groups and for kernels larger than 1×1, the channels left in blocks of four, each element
 *   summing all its taps in registers (any stride, dilation and padding);
 * - a general path for the rest (any group): output planes accumulate in typed arrays whose stores do
 *   the rounding.
 * @module
 */
import { DTypeError } from '../../errors/index.js';
import { DTYPES } from '../dtype.js';
import { allFinite, computeDType, finishFloat, floatValues, type FloatValues } from '../float-output.js';
import { bytesOf, outputFor, trustedOutput, type KSignature, type KTensor, type KernelDef } from '../tensor.js';
import { convGeometry, endOutput, endTap, firstOutput, firstTap, type ConvGeometry, type Conv2DAttrs } from './conv-geometry.js';
import { simdConv } from './conv2d-simd.js';
import { convBlocksSimd } from './conv2d-blocks-simd.js';
import { ensureMemory } from '../wasm/module.js';

function infer(inputs: readonly KSignature[], attrs: Conv2DAttrs): KSignature[] {
  if (inputs.length !== 2) throw new DTypeError(`Conv2D: expected 2 inputs (x, weight), but got ${inputs.length}`);
  const [x, w] = inputs as [KSignature, KSignature];
  if (x.dtype.kind !== 'float' || x.dtype !== w.dtype) {
    throw new DTypeError(`Conv2D: x and weight must be of one float dtype, but got ${x.dtype.msName} and ${w.dtype.msName}`);
  }
  const g = convGeometry(x.shape, w.shape, attrs, 'Conv2D');
  return [{ dtype: x.dtype, shape: [g.N, g.O, g.OH, g.OW] }];
}

/** The general path: one output plane per (n, o), accumulated tap by tap. */
function convGeneral(x: FloatValues, w: FloatValues, out: FloatValues, g: ConvGeometry, oFrom: number): void {
  const { N, C, H, W, O, KH, KW, OH, OW, sh, sw, dh, dw, pt, pl, Cg, Og } = g;
  const plane = OH * OW;
  for (let n = 0; n < N; n++) {
    for (let o = oFrom; o < O; o++) {
      const acc = out.subarray((n * O + o) * plane, (n * O + o + 1) * plane);
      const c0 = Math.floor(o / Og) * Cg;
      for (let ci = 0; ci < Cg; ci++) {
        const xc = (n * C + c0 + ci) * H * W;
        for (let kh = 0; kh < KH; kh++) {
          for (let kw = 0; kw < KW; kw++) {
            const wv = w[((o * Cg + ci) * KH + kh) * KW + kw]!;
            const off = kw * dw - pl;
            const owLo = firstOutput(off, sw);
            const owHi = endOutput(off, sw, W, OW);
            for (let oh = 0; oh < OH; oh++) {
              const ih = oh * sh - pt + kh * dh;
              if (ih < 0 || ih >= H) continue;
              const xr = xc + ih * W + off;
              const orow = oh * OW;
              for (let ow = owLo; ow < owHi; ow++) acc[orow + ow] = acc[orow + ow]! + wv * x[xr + ow * sw]!;
            }
          }
        }
      }
    }
  }
}

/**
 * Four output channels at a time (group 1), each output element summing its taps in registers in the
 * general path's order (input channel → kernel row → kernel column, padding taps skipped, one rounding
 * to the compute dtype per step: `fround` for float32, none for float64) and stored once. The four
 * sums share each input value and run side by side, where one sum would wait on its own chain of
 * rounded additions; the kernel rows and columns in the padding are cut once per output row and column.
 * Suits any plane size, and small ones (strided layers of small images) far better than accumulating
 * whole planes. Does channels [oFrom, O) where there are at least four (else none) and returns the first
 * channel not done. With float32 steps it runs in WebAssembly SIMD where available (conv2d-blocks-simd.ts).
 */
function convBlocks4(x: FloatValues, w: FloatValues, out: FloatValues, g: ConvGeometry, oFrom: number, single: boolean): number {
  const { N, C, H, W, O, KH, KW, OH, OW, sh, sw, dh, dw, pt, pl } = g;
  const f = Math.fround;
  const P = OH * OW;
  const taps = C * KH * KW;
  if (O - oFrom < 4) return oFrom;
  if (single && convBlocksSimd(x, w, out, g, oFrom)) return O;
  const packed = new Float64Array(4 * taps); // the block's weights, tap-major: packed[tap * 4 + q]
  // the last four overlap the ones before where the count is not a multiple of four (each channel's
  // sums are its own: a channel done twice gets the same bits twice)
  for (let next = oFrom; next < O; next += 4) {
    const o = Math.min(next, O - 4);
    for (let k = 0; k < taps; k++) for (let q = 0; q < 4; q++) packed[4 * k + q] = w[(o + q) * taps + k]!;
    for (let n = 0; n < N; n++) {
      const ob = (n * O + o) * P;
      for (let oh = 0; oh < OH; oh++) {
        const khLo = firstTap(oh, sh, pt, dh);
        const khHi = endTap(oh, sh, pt, dh, H, KH);
        for (let ow = 0; ow < OW; ow++) {
          const kwLo = firstTap(ow, sw, pl, dw);
          const kwHi = endTap(ow, sw, pl, dw, W, KW);
          let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
          for (let ci = 0; ci < C; ci++) {
            const xc = (n * C + ci) * H;
            for (let kh = khLo; kh < khHi; kh++) {
              const xr = (xc + oh * sh - pt + kh * dh) * W + ow * sw - pl;
              const pr = 4 * ((ci * KH + kh) * KW);
              if (single) {
                for (let kw = kwLo; kw < kwHi; kw++) {
                  const v = x[xr + kw * dw]!;
                  const p = pr + 4 * kw;
                  a0 = f(a0 + packed[p]! * v);
                  a1 = f(a1 + packed[p + 1]! * v);
                  a2 = f(a2 + packed[p + 2]! * v);
                  a3 = f(a3 + packed[p + 3]! * v);
                }
              } else {
                for (let kw = kwLo; kw < kwHi; kw++) {
                  const v = x[xr + kw * dw]!;
                  const p = pr + 4 * kw;
                  a0 = a0 + packed[p]! * v;
                  a1 = a1 + packed[p + 1]! * v;
                  a2 = a2 + packed[p + 2]! * v;
                  a3 = a3 + packed[p + 3]! * v;
                }
              }
            }
          }
          const at = ob + oh * OW + ow;
          out[at] = a0;
          out[at + P] = a1;
          out[at + 2 * P] = a2;
          out[at + 3 * P] = a3;
        }
      }
    }
  }
  return O;
}

/**
 * The fast path (KW = 3, stride and dilation 1 along the width, group 1): eight output channels at a
 * time, each element taking its three kernel-column steps with one float32 rounding after each.
 * Interior columns (all three taps real) run in WebAssembly SIMD two columns at a time where available
 * (conv2d-simd.ts), else in an unrolled JavaScript loop; an odd interior column and the border columns
 * check each tap and skip those in the padding, as the general path does (adding a padding zero instead
 * would turn an accumulator of -0, reachable by underflow, into +0). Returns the channels done.
 */
function conv3Fast(xv: Float32Array, w: FloatValues, acc: Float32Array, g: ConvGeometry): number {
  const { N, C, H, W, O, KH, OH, OW, sh, dh, pt, pl } = g;
  const P = OH * OW;
  const blocks = O - (O % 8);
  if (blocks === 0) return 0;
  const ws = C * KH * 3;
  const owA = Math.min(OW, pl); // first column whose kw = 0 tap is real
  const owB = Math.max(owA, Math.min(OW, W - 2 + pl)); // first column whose kw = 2 tap is padding
  const simd = simdConv();
  // with SIMD the data lives in the module's memory: weights at 0, x at X, the output at Y (in floats)
  const X = 64;
  const Y = X + Math.ceil(xv.length / 4) * 4;
  let x: Float32Array = xv;
  let out: Float32Array = acc;
  let wq = new Float64Array(24);
  if (simd) {
    ensureMemory(simd.memory, (Y + acc.length) * 4);
    const mem = new Float32Array(simd.memory.buffer);
    mem.set(xv, X);
    mem.set(acc, Y);
    x = mem.subarray(X, X + xv.length);
    out = mem.subarray(Y, Y + acc.length);
    wq = new Float64Array(simd.memory.buffer, 0, 24);
  }
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < blocks; o += 8) {
      const ob = (n * O + o) * P;
      for (let c = 0; c < C; c++) {
        const xc = (n * C + c) * H * W;
        for (let kh = 0; kh < KH; kh++) {
          const k = o * ws + (c * KH + kh) * 3;
          for (let q = 0; q < 8; q++) for (let kw = 0; kw < 3; kw++) wq[q * 3 + kw] = w[k + q * ws + kw]!;
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * sh - pt + kh * dh;
            if (ih < 0 || ih >= H) continue;
            const xr = xc + ih * W - pl; // x[xr + ow + kw] is the tap (ow, kw)
            const p0 = ob + oh * OW;
            let ow = owA;
            if (simd) {
              const pairs = (owB - owA) >> 1;
              if (pairs > 0) simd.exports.row8((X + xr + owA) * 4, (Y + p0 + owA) * 4, P * 4, pairs, 0);
              ow = owA + 2 * pairs;
            } else {
              interior(x, out, wq, xr, p0, P, owA, owB);
              ow = owB;
            }
            // the odd interior column, then the border columns: their real taps only
            for (; ow < OW; ow++) borderColumn(x, out, wq, xr, p0 + ow, P, ow, pl, W);
            for (let b = 0; b < owA; b++) borderColumn(x, out, wq, xr, p0 + b, P, b, pl, W);
          }
        }
      }
    }
  }
  if (simd) acc.set(out);
  return blocks;
}

/**
 * One output column `ow` of one row for eight channels (`at`: channel 0's output), taking only the
 * kernel columns whose input column is inside the input, in order, one rounding each.
 */
function borderColumn(x: Float32Array, out: Float32Array, wq: Float64Array, xr: number, at: number, P: number, ow: number, pl: number, W: number): void {
  const f = Math.fround;
  const kwLo = Math.max(0, pl - ow);
  const kwHi = Math.min(3, W + pl - ow);
  for (let q = 0; q < 8; q++) {
    const p = at + q * P;
    let a = out[p]!;
    for (let kw = kwLo; kw < kwHi; kw++) a = f(a + wq[q * 3 + kw]! * x[xr + ow + kw]!);
    out[p] = a;
  }
}

/** The interior columns [owA, owB) of one row for eight channels, unrolled (no WebAssembly SIMD). */
function interior(x: Float32Array, out: Float32Array, wq: Float64Array, xr: number, p0: number, P: number, owA: number, owB: number): void {
  const f = Math.fround;
  const a0 = wq[0]!, a1 = wq[1]!, a2 = wq[2]!, b0 = wq[3]!, b1 = wq[4]!, b2 = wq[5]!;
  const c0 = wq[6]!, c1 = wq[7]!, c2 = wq[8]!, d0 = wq[9]!, d1 = wq[10]!, d2 = wq[11]!;
  const e0 = wq[12]!, e1 = wq[13]!, e2 = wq[14]!, g0 = wq[15]!, g1 = wq[16]!, g2 = wq[17]!;
  const h0 = wq[18]!, h1 = wq[19]!, h2 = wq[20]!, i0 = wq[21]!, i1 = wq[22]!, i2 = wq[23]!;
  for (let ow = owA; ow < owB; ow++) {
    const x0 = x[xr + ow]!, x1 = x[xr + ow + 1]!, x2 = x[xr + ow + 2]!;
    const p = p0 + ow;
    out[p] = f(f(f(out[p]! + a0 * x0) + a1 * x1) + a2 * x2);
    out[p + P] = f(f(f(out[p + P]! + b0 * x0) + b1 * x1) + b2 * x2);
    out[p + 2 * P] = f(f(f(out[p + 2 * P]! + c0 * x0) + c1 * x1) + c2 * x2);
    out[p + 3 * P] = f(f(f(out[p + 3 * P]! + d0 * x0) + d1 * x1) + d2 * x2);
    out[p + 4 * P] = f(f(f(out[p + 4 * P]! + e0 * x0) + e1 * x1) + e2 * x2);
    out[p + 5 * P] = f(f(f(out[p + 5 * P]! + g0 * x0) + g1 * x1) + g2 * x2);
    out[p + 6 * P] = f(f(f(out[p + 6 * P]! + h0 * x0) + h1 * x1) + h2 * x2);
    out[p + 7 * P] = f(f(f(out[p + 7 * P]! + i0 * x0) + i1 * x1) + i2 * x2);
  }
}

/**
 * Adds the convolution of `xv` by `wv` with geometry `g` into `acc` (zeros to start with), in the
 * order and with the rounding described above, each channel on the fastest path that takes it.
 * `wide`: float64 arithmetic (else float32 steps; `xv` is then a Float32Array).
 */
export function convolveInto(xv: FloatValues, wv: FloatValues, acc: FloatValues, g: ConvGeometry, wide: boolean): void {
  let done = 0;
  if (!wide && g.KW === 3 && g.sw === 1 && g.dw === 1 && g.group === 1) done = conv3Fast(xv as Float32Array, wv, acc as Float32Array, g);
  if (g.group === 1 && g.KH * g.KW > 1) done = convBlocks4(xv, wv, acc, g, done, !wide); // 1×1: whole planes are faster
  convGeneral(xv, wv, acc, g, done);
}

/** The Conv2D kernel. */
export const Conv2D: KernelDef<Conv2DAttrs> = {
  name: 'Conv2D',
  infer,
  compute(inputs, attrs, options) {
    const [x, w] = inputs as [KTensor, KTensor];
    const out = trustedOutput(options) ?? outputFor(infer(inputs, attrs)[0]!, options, 'Conv2D');
    const g = convGeometry(x.shape, w.shape, attrs, 'Conv2D');
    const xv = floatValues(x);
    const wv = floatValues(w);
    const wide = computeDType(x.dtype) === DTYPES.float64;
    const direct = out.dtype.name === 'float32' || out.dtype.name === 'float64';
    const acc: FloatValues = direct ? (out.data as FloatValues) : new Float32Array(out.data.length);
    acc.fill(0);
    convolveInto(xv, wv, acc, g, wide);
    const detect = options?.detectOverflow === true || options?.saturate === true;
    return { outputs: [out], overflow: finishFloat(acc, out, detect && allFinite(xv) && allFinite(wv), options) };
  },
  cost(inputs, attrs) {
    const g = convGeometry(inputs[0]!.shape, inputs[1]!.shape, attrs, 'Conv2D');
    const sig = infer(inputs, attrs)[0]!;
    return { flops: 2 * g.N * g.O * g.OH * g.OW * g.Cg * g.KH * g.KW, bytes: bytesOf(inputs[0]!) + bytesOf(inputs[1]!) + bytesOf(sig), dtype: sig.dtype };
  },
};
