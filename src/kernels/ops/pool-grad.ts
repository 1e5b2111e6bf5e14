/**
 * The gradients of MaxPool and AvgPool, as MindSpore r1.5's CPU kernels compute them (inputs: the
 * forward input x, its output y, the output's gradient dy; output: dx, x's shape and dtype).
 * - MaxPoolGrad (`pooling_max_grad_cpu_kernel.cc`): each window's dy goes to one element: of the
 *   window's columns, left to right, the first whose largest element (the topmost of equals) is
 *   strictly larger than those before; it is added in float32 in output order.
 * - AvgPoolGrad (oneDNN's `pooling_avg` backward, excluding padding): each window's dy, divided by its
 *   count of real elements, is added to each of them in output order, one float32 rounding each.
 * @module
 */
import { ShapeError } from '../../errors/index.js';
import { DTYPES } from '../dtype.js';
import { finishFloat, floatValues, type FloatValues } from '../float-output.js';
import { formatShape, sizeOf } from '../shape.js';
import { bytesOf, outputFor, trustedOutput, type KSignature, type KernelDef } from '../tensor.js';
import { checkPoolDType, planeWindows, poolGeometry, type PoolAttrs, type PoolGeometry } from './pool-geometry.js';

/** Each window's dy added (float32) to its element r1.5's MaxPoolGrad picks, in output order. */
function maxGradWindows(xv: FloatValues, dv: FloatValues, dx: Float32Array, g: PoolGeometry, windows: Int32Array): void {
  const plane = g.H * g.W, W = g.W, planes = g.N * g.C, per = windows.length;
  for (let p = 0, o = 0; p < planes; p++) {
    const base = p * plane;
    for (let k = 0; k < per; k += 4, o++) {
      const h0 = windows[k]!, h1 = windows[k + 1]!, w0 = windows[k + 2]!, w1 = windows[k + 3]!;
      let best = -1;
      let bestValue = 0;
      const top = base + h0 * W, bottom = base + h1 * W;
      for (let w = w0; w < w1; w++) {
        let at = top + w; // the column's largest, topmost of equals
        for (let r = at + W, end = bottom + w; r < end; r += W) if (xv[r]! > xv[at]!) at = r;
        if (best < 0 || xv[at]! > bestValue) {
          best = at;
          bestValue = xv[at]!;
        }
      }
      dx[best] = dx[best]! + dv[o]!; // stored as float32: one rounding
    }
  }
}

/** Each window's dy over its count of real elements (float32), added to each of them in output order. */
function averageGradWindows(dv: FloatValues, dx: Float32Array, g: PoolGeometry, windows: Int32Array): void {
  const plane = g.H * g.W, W = g.W, planes = g.N * g.C, per = windows.length;
  for (let p = 0, o = 0; p < planes; p++) {
    const base = p * plane;
    for (let k = 0; k < per; k += 4, o++) {
      const h0 = windows[k]!, h1 = windows[k + 1]!, w0 = windows[k + 2]!, w1 = windows[k + 3]!;
      const share = Math.fround(dv[o]! / ((h1 - h0) * (w1 - w0)));
      for (let h = h0; h < h1; h++) {
        const row = base + h * W;
        for (let at = row + w0, end = row + w1; at < end; at++) dx[at] = dx[at]! + share;
      }
    }
  }
}

function gradKernel(name: 'MaxPoolGrad' | 'AvgPoolGrad'): KernelDef<PoolAttrs> {
  const infer = (inputs: readonly KSignature[], attrs: PoolAttrs): KSignature[] => {
    if (inputs.length !== 3) throw new ShapeError(`For '${name}', the number of inputs must be 3 (x, y, dy), but got ${inputs.length}`);
    const [x, y, dy] = inputs as [KSignature, KSignature, KSignature];
    checkPoolDType(name, x);
    const g = poolGeometry(x.shape, attrs, name);
    const want = [g.N, g.C, g.OH, g.OW];
    for (const [label, s] of [['y', y], ['dy', dy]] as const) {
      if (formatShape(s.shape) !== formatShape(want) || s.dtype !== x.dtype) {
        throw new ShapeError(`For '${name}', '${label}' must be ${x.dtype.msName} ${formatShape(want)}, but got ${s.dtype.msName} ${formatShape(s.shape)}`);
      }
    }
    return [{ dtype: x.dtype, shape: [...x.shape] }];
  };
  return {
    name,
    infer,
    compute(inputs, attrs, options) {
      const [x, , dy] = inputs as [typeof inputs[0], unknown, typeof inputs[0]];
      const out = trustedOutput(options) ?? outputFor(infer(inputs, attrs)[0]!, options, name);
      const g = poolGeometry(x!.shape, attrs, name);
      const dv = floatValues(dy!);
      // float32 gradients are summed in place; float16 ones rounded once at the end
      const dx = out.dtype === DTYPES.float32 ? (out.data as Float32Array).fill(0) : new Float32Array(sizeOf(x!.shape));
      const windows = planeWindows(g);
      if (name === 'MaxPoolGrad') maxGradWindows(floatValues(x!), dv, dx, g, windows); // only MaxPoolGrad reads x
      else averageGradWindows(dv, dx, g, windows);
      return { outputs: [out], overflow: finishFloat(dx, out, true, options) };
    },
    cost(inputs, attrs) {
      const x = inputs[0]!;
      const g = poolGeometry(x.shape, attrs, name);
      const outputs = g.N * g.C * g.OH * g.OW;
      return { flops: outputs * g.KH * g.KW, bytes: 2 * bytesOf(x) + 2 * outputs * x.dtype.itemsize, dtype: x.dtype };
    },
  };
}

/**
 * MaxPoolGrad(x, y, dy) → dx.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * const t = (shape: number[], v: number[]) => kernels.ktensor(kernels.DTYPES.float32, shape, new Float32Array(v));
 * const attrs = { kernelSize: [2, 2], strides: [1, 1], padMode: 'VALID' } as const;
 * const dx = kernels.MaxPoolGrad.compute([t([1, 1, 2, 2], [1, 4, 3, 2]), t([1, 1, 1, 1], [4]), t([1, 1, 1, 1], [10])], attrs).outputs[0]!;
 * console.log(Array.from(dx.data)); // [ 0, 10, 0, 0 ]
 * ```
 */
export const MaxPoolGrad = gradKernel('MaxPoolGrad');

/**
 * AvgPoolGrad(x, y, dy) → dx.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * const t = (shape: number[], v: number[]) => kernels.ktensor(kernels.DTYPES.float32, shape, new Float32Array(v));
 * const attrs = { kernelSize: [2, 2], strides: [1, 1], padMode: 'VALID' } as const;
 * const dx = kernels.AvgPoolGrad.compute([t([1, 1, 2, 2], [1, 4, 3, 2]), t([1, 1, 1, 1], [2.5]), t([1, 1, 1, 1], [10])], attrs).outputs[0]!;
 * console.log(Array.from(dx.data)); // [ 2.5, 2.5, 2.5, 2.5 ]
 * ```
 */
export const AvgPoolGrad = gradKernel('AvgPoolGrad');
