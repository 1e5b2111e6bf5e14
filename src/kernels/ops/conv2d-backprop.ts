/**
 * The gradients of Conv2D, for training:
 * - Conv2DBackpropInput(dout [N, O, OH, OW], w [O, C/g, KH, KW], { inputShape }) → dx [N, C, H, W];
 * - Conv2DBackpropFilter(dout [N, O, OH, OW], x [N, C, H, W], { filterShape }) → dw [O, C/g, KH, KW].
 * Same geometry attributes as Conv2D. Accumulation in the compute dtype (float32 for float16, bfloat16
 * and float32; float64 for float64), one rounding per multiply-add, in the loop order below.
 * @module
 */
import { DTypeError, ShapeError } from '../../errors/index.js';
import { DTYPES } from '../dtype.js';
import { allFinite, computeDType, finishFloat, floatValues, type FloatValues } from '../float-output.js';
import { formatShape, type Shape } from '../shape.js';
import { bytesOf, outputFor, trustedOutput, type KSignature, type KTensor, type KernelDef } from '../tensor.js';
import { convolveInto } from './conv2d.js';
import { filterFourRows, fitsFilterFour3, stageFilter } from './conv2d-filter-rows.js';
import { convGeometry, endOutput, endTap, firstOutput, firstTap, type ConvGeometry, type Conv2DAttrs } from './conv-geometry.js';
import { gatherInput } from './conv2d-input-gather.js';
import { filterFourGather, stageFilterGather } from './conv2d-filter-gather.js';

/** Conv2DBackpropInput attributes: Conv2D's plus the forward input's shape. */
export interface Conv2DBackpropInputAttrs extends Conv2DAttrs {
  /** The shape of the forward input x. */
  readonly inputShape: Shape;
}

/** Conv2DBackpropFilter attributes: Conv2D's plus the weight's shape. */
export interface Conv2DBackpropFilterAttrs extends Conv2DAttrs {
  /** The shape of the forward weight. */
  readonly filterShape: Shape;
}

function checkDout(api: string, dout: KSignature, other: KSignature, g: ConvGeometry): void {
  if (dout.dtype.kind !== 'float' || dout.dtype !== other.dtype) {
    throw new DTypeError(`${api}: inputs must be of one float dtype, but got ${dout.dtype.msName} and ${other.dtype.msName}`);
  }
  const want = [g.N, g.O, g.OH, g.OW];
  if (formatShape(dout.shape) !== formatShape(want)) throw new ShapeError(`${api}: dout must be ${formatShape(want)}, but got ${formatShape(dout.shape)}`);
}

/**
 * dx = dout ⊛ᵀ w, as the tap walk n → o → oh → ow → ci → kh → kw sums it: each (output element, tap)
 * pair adding dout · w into its input element with one rounding to `dx`'s dtype, so that for one input
 * element the additions come in (o, oh, ow) order — the order that reproduces MindSpore's numbers. At
 * stride 1 without groups that is a convolution (below, on Conv2D's fast paths); with four or more
 * input channels a group each input element gathers its taps in that order in a register, four
 * channels at a time (conv2d-input-gather.ts); otherwise the walk itself runs, the kernel rows and
 * columns that fall in the padding cut off once per output row and column.
 */
function backpropInput(dv: FloatValues, wv: FloatValues, dx: FloatValues, g: ConvGeometry, wide: boolean): void {
  if (backpropInputAsConv(dv, wv, dx, g, wide)) return;
  if (g.Cg >= 4) return gatherInput(dv, wv, dx, g, !wide);
  const { N, C, H, W, O, KH, KW, OH, OW, sh, sw, dh, dw, pt, pl, Cg, Og } = g;
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const c0 = Math.floor(o / Og) * Cg;
      for (let oh = 0; oh < OH; oh++) {
        const khLo = firstTap(oh, sh, pt, dh);
        const khHi = endTap(oh, sh, pt, dh, H, KH);
        for (let ow = 0; ow < OW; ow++) {
          const kwLo = firstTap(ow, sw, pl, dw);
          const kwHi = endTap(ow, sw, pl, dw, W, KW);
          const d = dv[((n * O + o) * OH + oh) * OW + ow]!;
          const iw0 = ow * sw - pl;
          for (let ci = 0; ci < Cg; ci++) {
            const xc = (n * C + c0 + ci) * H;
            const wc = (o * Cg + ci) * KH;
            for (let kh = khLo; kh < khHi; kh++) {
              const xr = (xc + oh * sh - pt + kh * dh) * W + iw0;
              const wr = (wc + kh) * KW;
              for (let kw = kwLo; kw < kwHi; kw++) dx[xr + kw * dw] = dx[xr + kw * dw]! + d * wv[wr + kw]!;
            }
          }
        }
      }
    }
  }
}

/**
 * At stride 1 without groups, dx is a convolution: of dout by the kernel transposed (channels swapped)
 * and flipped, padded by `dilation · (kernel − 1) − pad`. Its taps for one input element run over o,
 * then kh descending (oh ascending), then kw descending (ow ascending) — exactly the (o, oh, ow)
 * order of the tap walk — skip the same out-of-range taps and round the same way, so Conv2D's paths
 * (its SIMD fast path for 3-wide kernels among them) give the same bits. Returns false where this
 * does not apply (strides, groups, or a padding wider than the kernel's reach).
 */
function backpropInputAsConv(dv: FloatValues, wv: FloatValues, dx: FloatValues, g: ConvGeometry, wide: boolean): boolean {
  const { N, C, H, W, O, KH, KW, OH, OW, dh, dw, pt, pl } = g;
  const ptT = dh * (KH - 1) - pt;
  const plT = dw * (KW - 1) - pl;
  if (g.sh !== 1 || g.sw !== 1 || g.group !== 1 || ptT < 0 || plT < 0) return false;
  const wt = wide ? new Float64Array(wv.length) : new Float32Array(wv.length);
  for (let o = 0; o < O; o++) {
    for (let c = 0; c < C; c++) {
      for (let kh = 0; kh < KH; kh++) {
        for (let kw = 0; kw < KW; kw++) wt[((c * O + o) * KH + KH - 1 - kh) * KW + KW - 1 - kw] = wv[((o * C + c) * KH + kh) * KW + kw]!;
      }
    }
  }
  const transposed: ConvGeometry = { N, C: O, H: OH, W: OW, O: C, KH, KW, OH: H, OW: W, sh: 1, sw: 1, dh, dw, pt: ptT, pl: plT, group: 1, Cg: O, Og: C };
  convolveInto(dv, wt, dx, transposed, wide);
  return true;
}

/**
 * dw = dout ⋆ x: each weight element sums dout · x over n → oh → ow (the order the tap walk of
 * {@link backpropInput} meets it in), in a register with one rounding to the accumulator's dtype per
 * step (`fround` for float32, none for float64), stored once. Four output channels of one group go
 * together where the group has four, sharing each x value: four independent sums keep the arithmetic
 * units busy where one sum's chain of rounded additions would wait on itself.
 */
function backpropFilter(dv: FloatValues, xv: FloatValues, dwv: FloatValues, g: ConvGeometry, single: boolean): void {
  if (g.Og < 4) {
    for (let o = 0; o < g.O; o++) filterChannels(dv, xv, dwv, g, o, false, single);
    return;
  }
  // wide rows in SIMD, else the SIMD gather, else (no SIMD) JavaScript rows or the four-channel loop
  const staging = stageFilter(xv, g, single);
  const gather = staging === null && single ? stageFilterGather(xv, g) : null;
  const rows = staging !== null || (gather === null && fitsFilterFour3(g, single));
  // four channels at a time; a group's last four overlap the ones before where its count is not a
  // multiple of four (each channel's sums are its own: a channel done twice gets the same bits twice)
  for (let first = 0; first < g.O; first += g.Og) {
    for (let k = 0; k < g.Og; k += 4) {
      const o = first + Math.min(k, g.Og - 4);
      if (rows) filterFourRows(dv, xv, dwv, g, o, staging);
      else if (gather) filterFourGather(gather, dv, dwv, g, o);
      else filterChannels(dv, xv, dwv, g, o, true, single);
    }
  }
}

/** dw for output channel `o`, or for `o` … `o + 3` (one group) with `four`. */
function filterChannels(dv: FloatValues, xv: FloatValues, dwv: FloatValues, g: ConvGeometry, o: number, four: boolean, single: boolean): void {
  const { N, C, H, W, O, KH, KW, OH, OW, sh, sw, dh, dw, pt, pl, Cg, Og } = g;
  const f = Math.fround;
  const c0 = Math.floor(o / Og) * Cg;
  const plane = OH * OW;
  const wPlane = Cg * KH * KW;
  for (let ci = 0; ci < Cg; ci++) {
    for (let kh = 0; kh < KH; kh++) {
      for (let kw = 0; kw < KW; kw++) {
        const off = kw * dw - pl;
        const owLo = firstOutput(off, sw);
        const owHi = endOutput(off, sw, W, OW);
        let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (let n = 0; n < N; n++) {
          const dn = (n * O + o) * OH;
          const xc = (n * C + c0 + ci) * H;
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * sh - pt + kh * dh;
            if (ih < 0 || ih >= H) continue;
            const dr = (dn + oh) * OW;
            const xr = (xc + ih) * W + off;
            if (!four) {
              if (single) for (let ow = owLo; ow < owHi; ow++) a0 = f(a0 + dv[dr + ow]! * xv[xr + ow * sw]!);
              else for (let ow = owLo; ow < owHi; ow++) a0 = a0 + dv[dr + ow]! * xv[xr + ow * sw]!;
            } else if (single) {
              for (let ow = owLo; ow < owHi; ow++) {
                const x = xv[xr + ow * sw]!;
                const p = dr + ow;
                a0 = f(a0 + dv[p]! * x);
                a1 = f(a1 + dv[p + plane]! * x);
                a2 = f(a2 + dv[p + 2 * plane]! * x);
                a3 = f(a3 + dv[p + 3 * plane]! * x);
              }
            } else {
              for (let ow = owLo; ow < owHi; ow++) {
                const x = xv[xr + ow * sw]!;
                const p = dr + ow;
                a0 = a0 + dv[p]! * x;
                a1 = a1 + dv[p + plane]! * x;
                a2 = a2 + dv[p + 2 * plane]! * x;
                a3 = a3 + dv[p + 3 * plane]! * x;
              }
            }
          }
        }
        const k = ((o * Cg + ci) * KH + kh) * KW + kw;
        dwv[k] = a0;
        if (four) {
          dwv[k + wPlane] = a1;
          dwv[k + 2 * wPlane] = a2;
          dwv[k + 3 * wPlane] = a3;
        }
      }
    }
  }
}

function accumulator(dtype: KTensor['dtype'], n: number): FloatValues {
  return computeDType(dtype) === DTYPES.float64 ? new Float64Array(n) : new Float32Array(n);
}

/** Conv2DBackpropInput. */
export const Conv2DBackpropInput: KernelDef<Conv2DBackpropInputAttrs> = {
  name: 'Conv2DBackpropInput',
  infer(inputs, attrs) {
    if (inputs.length !== 2) throw new DTypeError(`Conv2DBackpropInput: expected 2 inputs (dout, weight), but got ${inputs.length}`);
    const g = convGeometry(attrs.inputShape, inputs[1]!.shape, attrs, 'Conv2DBackpropInput');
    checkDout('Conv2DBackpropInput', inputs[0]!, inputs[1]!, g);
    return [{ dtype: inputs[0]!.dtype, shape: [...attrs.inputShape] }];
  },
  compute(inputs, attrs, options) {
    const [dout, w] = inputs as [KTensor, KTensor];
    const out = trustedOutput(options) ?? outputFor(this.infer(inputs, attrs)[0]!, options, 'Conv2DBackpropInput');
    const g = convGeometry(attrs.inputShape, w.shape, attrs, 'Conv2DBackpropInput');
    const dv = floatValues(dout);
    const wv = floatValues(w);
    const dx = accumulator(dout.dtype, out.data.length);
    backpropInput(dv, wv, dx, g, computeDType(dout.dtype) === DTYPES.float64);
    const detect = options?.detectOverflow === true || options?.saturate === true;
    return { outputs: [out], overflow: finishFloat(dx, out, detect && allFinite(dv) && allFinite(wv), options) };
  },
  cost(inputs, attrs) {
    const g = convGeometry(attrs.inputShape, inputs[1]!.shape, attrs, 'Conv2DBackpropInput');
    return { flops: 2 * g.N * g.O * g.OH * g.OW * g.Cg * g.KH * g.KW, bytes: bytesOf(inputs[0]!) + bytesOf(inputs[1]!), dtype: inputs[0]!.dtype };
  },
};

/** Conv2DBackpropFilter. */
export const Conv2DBackpropFilter: KernelDef<Conv2DBackpropFilterAttrs> = {
  name: 'Conv2DBackpropFilter',
  infer(inputs, attrs) {
    if (inputs.length !== 2) throw new DTypeError(`Conv2DBackpropFilter: expected 2 inputs (dout, x), but got ${inputs.length}`);
    const g = convGeometry(inputs[1]!.shape, attrs.filterShape, attrs, 'Conv2DBackpropFilter');
    checkDout('Conv2DBackpropFilter', inputs[0]!, inputs[1]!, g);
    return [{ dtype: inputs[0]!.dtype, shape: [...attrs.filterShape] }];
  },
  compute(inputs, attrs, options) {
    const [dout, x] = inputs as [KTensor, KTensor];
    const out = trustedOutput(options) ?? outputFor(this.infer(inputs, attrs)[0]!, options, 'Conv2DBackpropFilter');
    const g = convGeometry(x.shape, attrs.filterShape, attrs, 'Conv2DBackpropFilter');
    const dv = floatValues(dout);
    const xv = floatValues(x);
    const dw = accumulator(dout.dtype, out.data.length);
    backpropFilter(dv, xv, dw, g, dw instanceof Float32Array);
    const detect = options?.detectOverflow === true || options?.saturate === true;
    return { outputs: [out], overflow: finishFloat(dw, out, detect && allFinite(dv) && allFinite(xv), options) };
  },
  cost(inputs, attrs) {
    const g = convGeometry(inputs[1]!.shape, attrs.filterShape, attrs, 'Conv2DBackpropFilter');
    return { flops: 2 * g.N * g.O * g.OH * g.OW * g.Cg * g.KH * g.KW, bytes: bytesOf(inputs[0]!) + bytesOf(inputs[1]!), dtype: inputs[0]!.dtype };
  },
};
