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
import { finishFloat, floatValues } from '../float-output.js';
import { formatShape, sizeOf } from '../shape.js';
import { bytesOf, outputFor, trustedOutput, type KSignature, type KernelDef } from '../tensor.js';
import { checkPoolDType, forEachWindow, poolGeometry, type PoolAttrs } from './pool-geometry.js';

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
      const xv = floatValues(x!);
      const dv = floatValues(dy!);
      const dx = new Float32Array(sizeOf(x!.shape));
      const W = g.W;
      const f = Math.fround;
      forEachWindow(g, (o, base, h0, h1, w0, w1) => {
        const d = dv[o]!;
        if (name === 'MaxPoolGrad') {
          let best = -1;
          let bestValue = 0;
          for (let w = w0; w < w1; w++) {
            let at = base + h0 * W + w; // the column's largest, topmost of equals
            for (let h = h0 + 1; h < h1; h++) if (xv[base + h * W + w]! > xv[at]!) at = base + h * W + w;
            if (best < 0 || xv[at]! > bestValue) {
              best = at;
              bestValue = xv[at]!;
            }
          }
          dx[best] = f(dx[best]! + d);
        } else {
          const share = f(d / ((h1 - h0) * (w1 - w0)));
          for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) dx[base + h * W + w] = f(dx[base + h * W + w]! + share);
        }
      });
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
