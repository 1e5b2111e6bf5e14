/**
 * MaxPool and AvgPool in NCHW, as MindSpore r1.5's CPU kernels (oneDNN's `pooling_max` and
 * `pooling_avg`, which excludes padding): a window's maximum over its real elements (a NaN in the
 * window is the result, as numpy's max; oneDNN's vector max does not promise which operand wins); a
 * window's average is its real elements summed in row-major order, one float32 rounding after each
 * addition, divided by their count. float16 computes in float32 and rounds once at the end.
 * @module
 */
import { ShapeError } from '../../errors/index.js';
import { DTYPES } from '../dtype.js';
import { allFinite, finishFloat, floatValues, type FloatValues } from '../float-output.js';
import { sizeOf } from '../shape.js';
import { bytesOf, outputFor, trustedOutput, type KSignature, type KernelDef } from '../tensor.js';
import { checkPoolDType, planeWindows, poolGeometry, type PoolAttrs, type PoolGeometry } from './pool-geometry.js';

/** Each window's largest element (a NaN in the window wins and stays: nothing is larger than it), plane by plane. */
function maxWindows(xv: FloatValues, acc: Float32Array, g: PoolGeometry, windows: Int32Array): void {
  const plane = g.H * g.W, W = g.W, planes = g.N * g.C, per = windows.length;
  for (let p = 0, o = 0; p < planes; p++) {
    const base = p * plane;
    for (let k = 0; k < per; k += 4, o++) {
      const h1 = windows[k + 1]!, w0 = windows[k + 2]!, w1 = windows[k + 3]!;
      let m = -Infinity;
      for (let h = windows[k]!; h < h1; h++) {
        const row = base + h * W;
        for (let at = row + w0, end = row + w1; at < end; at++) {
          const v = xv[at]!;
          if (v > m || v !== v) m = v;
        }
      }
      acc[o] = m;
    }
  }
}

/** Each window's real elements summed row-major, a float32 rounding after each addition, over their count. */
function averageWindows(xv: FloatValues, acc: Float32Array, g: PoolGeometry, windows: Int32Array): void {
  const plane = g.H * g.W, W = g.W, planes = g.N * g.C, per = windows.length;
  const f = Math.fround;
  for (let p = 0, o = 0; p < planes; p++) {
    const base = p * plane;
    for (let k = 0; k < per; k += 4, o++) {
      const h0 = windows[k]!, h1 = windows[k + 1]!, w0 = windows[k + 2]!, w1 = windows[k + 3]!;
      let s = 0;
      for (let h = h0; h < h1; h++) {
        const row = base + h * W;
        for (let at = row + w0, end = row + w1; at < end; at++) s = f(s + xv[at]!);
      }
      acc[o] = s / ((h1 - h0) * (w1 - w0));
    }
  }
}

function poolKernel(name: 'MaxPool' | 'AvgPool'): KernelDef<PoolAttrs> {
  const infer = (inputs: readonly KSignature[], attrs: PoolAttrs): KSignature[] => {
    if (inputs.length !== 1) throw new ShapeError(`For '${name}', the number of inputs must be 1, but got ${inputs.length}`);
    checkPoolDType(name, inputs[0]!);
    const g = poolGeometry(inputs[0]!.shape, attrs, name);
    return [{ dtype: inputs[0]!.dtype, shape: [g.N, g.C, g.OH, g.OW] }];
  };
  return {
    name,
    infer,
    compute(inputs, attrs, options) {
      const x = inputs[0]!;
      const out = trustedOutput(options) ?? outputFor(infer(inputs, attrs)[0]!, options, name);
      const g = poolGeometry(x.shape, attrs, name);
      const xv = floatValues(x);
      // float32 results are written in place (every output is); float16 ones rounded once at the end
      const acc = out.dtype === DTYPES.float32 ? (out.data as Float32Array) : new Float32Array(sizeOf(out.shape));
      (name === 'MaxPool' ? maxWindows : averageWindows)(xv, acc, g, planeWindows(g));
      const detect = options?.detectOverflow === true || options?.saturate === true; // else finiteness is not asked
      return { outputs: [out], overflow: finishFloat(acc, out, detect ? allFinite(xv) : true, options) };
    },
    cost(inputs, attrs) {
      const x = inputs[0]!;
      const g = poolGeometry(x.shape, attrs, name);
      const outputs = g.N * g.C * g.OH * g.OW;
      return { flops: outputs * g.KH * g.KW, bytes: bytesOf(x) + outputs * x.dtype.itemsize, dtype: x.dtype === DTYPES.float16 ? DTYPES.float16 : DTYPES.float32 };
    },
  };
}

/**
 * MaxPool: each window's maximum (padding never wins; a NaN in the window is the result).
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * const x = kernels.ktensor(kernels.DTYPES.float32, [1, 1, 2, 2], new Float32Array([1, 4, 3, 2]));
 * console.log(Array.from(kernels.MaxPool.compute([x], { kernelSize: [2, 2], strides: [1, 1], padMode: 'VALID' }).outputs[0]!.data)); // [ 4 ]
 * ```
 */
export const MaxPool = poolKernel('MaxPool');

/**
 * AvgPool: each window's mean over its real elements (padding excluded from the count).
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * const x = kernels.ktensor(kernels.DTYPES.float32, [1, 1, 2, 2], new Float32Array([1, 4, 3, 2]));
 * console.log(Array.from(kernels.AvgPool.compute([x], { kernelSize: [2, 2], strides: [1, 1], padMode: 'VALID' }).outputs[0]!.data)); // [ 2.5 ]
 * ```
 */
export const AvgPool = poolKernel('AvgPool');
