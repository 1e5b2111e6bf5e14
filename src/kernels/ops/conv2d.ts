/**
 * Conv2D in NCHW: x [N, C, H, W] ⊛ w [O, C / group, KH, KW] → [N, O, OH, OW].
 *
 * Every output element accumulates, starting at 0, over input channel → kernel row → kernel column
 * (innermost), skipping taps that fall in the padding, with one rounding to the compute dtype after
 * each multiply-add (float32 for float16/bfloat16/float32, float64 for float64). This order is what
 * reproduces MindSpore's printed numbers; both paths below follow it exactly:
 * - a fast path for 3-wide kernels at stride 1 and dilation 1 without groups (the common 3×3 case):
 *   eight output channels at once, each element taking its three kernel-column steps in registers;
 * - a general path for any stride, dilation, padding and group: output planes accumulate in typed
 *   arrays whose stores do the rounding.
 * @module
 */
import { DTypeError } from '../../errors/index.js';
import { DTYPES } from '../dtype.js';
import { allFinite, computeDType, finishFloat, floatValues, type FloatValues } from '../float-output.js';
import { bytesOf, outputFor, type KSignature, type KTensor, type KernelDef } from '../tensor.js';
import { convGeometry, type ConvGeometry, type Conv2DAttrs } from './conv-geometry.js';

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
            const owLo = Math.max(0, Math.ceil(-off / sw));
            const owHi = Math.min(OW, Math.floor((W - 1 - off) / sw) + 1);
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
 * The fast path (KW = 3, stride and dilation 1 along the width, group 1, at most one padding column
 * on each side): eight output channels share each input load and each element takes its three
 * kernel-column steps in registers, rounding to float32 after each. Input rows are copied into a
 * zero-bordered row; adding a padding zero (w · 0) is bit-identical to skipping that tap because the
 * weights are finite and an accumulator that starts at +0 never becomes -0. Returns the channels done.
 */
function conv3Fast(x: FloatValues, w: FloatValues, out: Float32Array, g: ConvGeometry): number {
  const { N, C, H, W, O, KH, OH, OW, sh, dh, pt, pl } = g;
  const f = Math.fround;
  const P = OH * OW;
  const blocks = O - (O % 8);
  const row = new Float32Array(W + 2);
  const ws = C * KH * 3;
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < blocks; o += 8) {
      const ob = (n * O + o) * P;
      for (let c = 0; c < C; c++) {
        const xc = (n * C + c) * H * W;
        for (let kh = 0; kh < KH; kh++) {
          const k = o * ws + (c * KH + kh) * 3;
          const a0 = w[k]!, a1 = w[k + 1]!, a2 = w[k + 2]!;
          const b0 = w[k + ws]!, b1 = w[k + ws + 1]!, b2 = w[k + ws + 2]!;
          const c0 = w[k + 2 * ws]!, c1 = w[k + 2 * ws + 1]!, c2 = w[k + 2 * ws + 2]!;
          const d0 = w[k + 3 * ws]!, d1 = w[k + 3 * ws + 1]!, d2 = w[k + 3 * ws + 2]!;
          const e0 = w[k + 4 * ws]!, e1 = w[k + 4 * ws + 1]!, e2 = w[k + 4 * ws + 2]!;
          const g0 = w[k + 5 * ws]!, g1 = w[k + 5 * ws + 1]!, g2 = w[k + 5 * ws + 2]!;
          const h0 = w[k + 6 * ws]!, h1 = w[k + 6 * ws + 1]!, h2 = w[k + 6 * ws + 2]!;
          const i0 = w[k + 7 * ws]!, i1 = w[k + 7 * ws + 1]!, i2 = w[k + 7 * ws + 2]!;
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * sh - pt + kh * dh;
            if (ih < 0 || ih >= H) continue;
            row.set(x.subarray(xc + ih * W, xc + ih * W + W), 1);
            const p0 = ob + oh * OW;
            for (let ow = 0, r = 1 - pl; ow < OW; ow++, r++) {
              const x0 = row[r]!, x1 = row[r + 1]!, x2 = row[r + 2]!;
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
        }
      }
    }
  }
  return blocks;
}

/** The Conv2D kernel. */
export const Conv2D: KernelDef<Conv2DAttrs> = {
  name: 'Conv2D',
  infer,
  compute(inputs, attrs, options) {
    const [x, w] = inputs as [KTensor, KTensor];
    const out = outputFor(infer(inputs, attrs)[0]!, options, 'Conv2D');
    const g = convGeometry(x.shape, w.shape, attrs, 'Conv2D');
    const xv = floatValues(x);
    const wv = floatValues(w);
    const wide = computeDType(x.dtype) === DTYPES.float64;
    const direct = out.dtype.name === 'float32' || out.dtype.name === 'float64';
    const acc: FloatValues = direct ? (out.data as FloatValues) : new Float32Array(out.data.length);
    acc.fill(0);
    let done = 0;
    // the fast path reads row[ow - pl + kw + 1] for kw = 0..2: at most one padding column per side
    const fits = g.pl <= 1 && g.OW - 1 - g.pl + 2 <= g.W;
    if (!wide && g.KW === 3 && g.sw === 1 && g.dw === 1 && g.group === 1 && fits && allFinite(wv)) {
      done = conv3Fast(xv, wv, acc as Float32Array, g);
    }
    convGeneral(xv, wv, acc, g, done);
    const detect = options?.detectOverflow === true || options?.saturate === true;
    return { outputs: [out], overflow: finishFloat(acc, out, detect && allFinite(xv) && allFinite(wv), options) };
  },
  cost(inputs, attrs) {
    const g = convGeometry(inputs[0]!.shape, inputs[1]!.shape, attrs, 'Conv2D');
    const sig = infer(inputs, attrs)[0]!;
    return { flops: 2 * g.N * g.O * g.OH * g.OW * g.Cg * g.KH * g.KW, bytes: bytesOf(inputs[0]!) + bytesOf(inputs[1]!) + bytesOf(sig), dtype: sig.dtype };
  },
};
