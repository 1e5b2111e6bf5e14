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
import { bytesOf, outputFor, type KSignature, type KTensor, type KernelDef } from '../tensor.js';
import { convGeometry, type ConvGeometry, type Conv2DAttrs } from './conv-geometry.js';

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

/** Visits every (output element, tap) pair with its input index: the loops both gradients share. */
function forEachTap(g: ConvGeometry, visit: (outIdx: number, inIdx: number, wIdx: number) => void): void {
  const { N, C, H, W, O, KH, KW, OH, OW, sh, sw, dh, dw, pt, pl, Cg, Og } = g;
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const c0 = Math.floor(o / Og) * Cg;
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          const outIdx = ((n * O + o) * OH + oh) * OW + ow;
          for (let ci = 0; ci < Cg; ci++) {
            for (let kh = 0; kh < KH; kh++) {
              const ih = oh * sh - pt + kh * dh;
              if (ih < 0 || ih >= H) continue;
              for (let kw = 0; kw < KW; kw++) {
                const iw = ow * sw - pl + kw * dw;
                if (iw < 0 || iw >= W) continue;
                visit(outIdx, ((n * C + c0 + ci) * H + ih) * W + iw, ((o * Cg + ci) * KH + kh) * KW + kw);
              }
            }
          }
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
    const out = outputFor(this.infer(inputs, attrs)[0]!, options, 'Conv2DBackpropInput');
    const g = convGeometry(attrs.inputShape, w.shape, attrs, 'Conv2DBackpropInput');
    const dv = floatValues(dout);
    const wv = floatValues(w);
    const dx = accumulator(dout.dtype, out.data.length);
    forEachTap(g, (o, i, k) => {
      dx[i] = dx[i]! + dv[o]! * wv[k]!;
    });
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
    const out = outputFor(this.infer(inputs, attrs)[0]!, options, 'Conv2DBackpropFilter');
    const g = convGeometry(x.shape, attrs.filterShape, attrs, 'Conv2DBackpropFilter');
    const dv = floatValues(dout);
    const xv = floatValues(x);
    const dw = accumulator(dout.dtype, out.data.length);
    forEachTap(g, (o, i, k) => {
      dw[k] = dw[k]! + dv[o]! * xv[i]!;
    });
    const detect = options?.detectOverflow === true || options?.saturate === true;
    return { outputs: [out], overflow: finishFloat(dw, out, detect && allFinite(dv) && allFinite(xv), options) };
  },
  cost(inputs, attrs) {
    const g = convGeometry(inputs[1]!.shape, attrs.filterShape, attrs, 'Conv2DBackpropFilter');
    return { flops: 2 * g.N * g.O * g.OH * g.OW * g.Cg * g.KH * g.KW, bytes: bytesOf(inputs[0]!) + bytesOf(inputs[1]!), dtype: inputs[0]!.dtype };
  },
};
