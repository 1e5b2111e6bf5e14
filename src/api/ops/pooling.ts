/**
 * MaxPool and AvgPool as MindSpore r1.5's `P.MaxPool` / `P.AvgPool` (NCHW), with their gradient
 * primitives `MaxPoolGrad` / `AvgPoolGrad` (r1.5's `G.MaxPoolGrad` / `G.AvgPoolGrad`: x, out, dout).
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import { kernelRegistry, type KernelDef, type PoolAttrs } from '../../kernels/index.js';
import { currentContext } from '../execution-context.js';
import { record } from '../graph/executor.js';
import type { Tensor } from '../tensor.js';
import { checkDataFormat, checkOptions, checkPositivePair, valueTypeError } from './attr-checks.js';
import { primitive } from './primitive.js';

/** MaxPool's and AvgPool's options, as r1.5's keyword arguments. */
export interface PoolOptions {
  /** Window height and width, or one number for both (1). */
  readonly kernelSize?: number | readonly [number, number];
  /** Steps along the height and width, or one number for both (1). */
  readonly strides?: number | readonly [number, number];
  /** 'valid' (no padding) or 'same' (output ceil(H / stride)), any case ('valid'). */
  readonly padMode?: string;
  /** 'NCHW' (NHWC is r1.5's GPU-only layout, not simulated). */
  readonly dataFormat?: string;
}

/**
 * r1.5's `_Pool.__init__` checks, in its order and words.
 *
 * @throws {@link ArgumentTypeError} for a kernel size or strides that are not an int or tuple, or a pad mode that is not a string.
 * @throws {@link ArgumentValueError} for values that are not positive, an unknown pad mode or format, or NHWC off GPU.
 * @throws {@link NotImplementedYetError} for NHWC on GPU.
 */
export function poolAttrs(name: string, given: PoolOptions | undefined): PoolAttrs {
  const o = checkOptions(given, name) as PoolOptions;
  const kernelSize = o.kernelSize ?? 1;
  const strides = o.strides ?? 1;
  const padMode = o.padMode ?? 'valid';
  const format = o.dataFormat ?? 'NCHW';
  for (const [label, v] of [['kernel_size', kernelSize], ['strides', strides]] as const) {
    if (!(typeof v === 'number' && Number.isInteger(v)) && !Array.isArray(v)) {
      throw valueTypeError(name, label, "one of ['int', 'tuple']", v);
    }
  }
  if (typeof padMode !== 'string') throw valueTypeError(name, 'pad_mode', 'str', padMode);
  const mode = padMode.toUpperCase();
  if (mode !== 'VALID' && mode !== 'SAME') throw new ArgumentValueError(`For '${name}' the 'pad_mode' should be str and must be in '['VALID', 'SAME']', but got '${mode}'.`);
  checkDataFormat(name, format, currentContext().getContext('deviceTarget'));
  return { kernelSize: checkPositivePair(kernelSize, 'kernel_size', name), strides: checkPositivePair(strides, 'strides', name), padMode: mode };
}

const kernel = (name: string): KernelDef<never> => kernelRegistry.find('*', name)!;

function pool(name: 'MaxPool' | 'AvgPool') {
  return (options?: PoolOptions) => {
    const attrs = poolAttrs(name, options);
    const def = kernel(name);
    return primitive(name, (x: Tensor) => record(name, [x], { kernel: def, attrs })[0]!, { args: 'x:tensor' });
  };
}

function poolGrad(name: 'MaxPoolGrad' | 'AvgPoolGrad') {
  return (options?: PoolOptions) => {
    const attrs = poolAttrs(name, options);
    const def = kernel(name);
    return primitive(name, (x: Tensor, out: Tensor, dout: Tensor) => record(name, [x, out, dout], { kernel: def, attrs })[0]!, { args: 'x:tensor out:tensor dout:tensor' });
  };
}

/**
 * MaxPool({ kernelSize, strides, padMode })(x): the maximum of each window of an NCHW float16/float32
 * tensor, as r1.5's `P.MaxPool`.
 *
 * @throws {@link ArgumentTypeError} / {@link ArgumentValueError} for options r1.5 refuses (its `_Pool` checks);
 *   {@link ShapeError} for an input that is not 4-D or too small for a window; {@link DTypeError} for other dtypes.
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const x = new Tensor(np.arange(16).reshape([1, 1, 4, 4]), 'float32');
 * console.log(String(ops.MaxPool({ kernelSize: 2, strides: 2 })(x))); // [[[[ 5.  7.]\n   [13. 15.]]]]
 * ```
 */
export const MaxPool = pool('MaxPool');

/**
 * AvgPool({ kernelSize, strides, padMode })(x): the mean of each window (padding not counted), as
 * r1.5's `P.AvgPool`.
 *
 * @throws {@link ArgumentTypeError} / {@link ArgumentValueError} as {@link MaxPool}.
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const x = new Tensor(np.arange(16).reshape([1, 1, 4, 4]), 'float32');
 * console.log(String(ops.AvgPool({ kernelSize: 2, strides: 2 })(x))); // [[[[ 2.5  4.5]\n   [10.5 12.5]]]]
 * ```
 */
export const AvgPool = pool('AvgPool');

/**
 * MaxPoolGrad(options)(x, out, dout): MaxPool's gradient, each window's dout on its maximum (r1.5's
 * CPU choice among equal maxima: the leftmost column's, topmost in it).
 *
 * @throws as {@link MaxPool}; {@link ShapeError} when out or dout is not MaxPool's output shape.
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const x = new Tensor(np.array([[[[1, 4], [3, 2]]]]), 'float32');
 * const y = ops.MaxPool({ kernelSize: 2 })(x);
 * console.log(String(ops.MaxPoolGrad({ kernelSize: 2 })(x, y, ops.OnesLike()(y)))); // [[[[0. 1.]\n   [0. 0.]]]]
 * ```
 */
export const MaxPoolGrad = poolGrad('MaxPoolGrad');

/**
 * AvgPoolGrad(options)(x, out, dout): AvgPool's gradient, each window's dout shared by its real elements.
 *
 * @throws as {@link MaxPoolGrad}.
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const x = new Tensor(np.array([[[[1, 4], [3, 2]]]]), 'float32');
 * const y = ops.AvgPool({ kernelSize: 2 })(x);
 * console.log(String(ops.AvgPoolGrad({ kernelSize: 2 })(x, y, ops.OnesLike()(y)))); // [[[[0.25 0.25]\n   [0.25 0.25]]]]
 * ```
 */
export const AvgPoolGrad = poolGrad('AvgPoolGrad');
