/**
 * Conv2D and its gradients (and BiasAddGrad) in `ops`, with r1.5's attribute and weight checks.
 * @module
 */
import { ArgumentValueError, DTypeError } from '../../errors/index.js';
import { type Conv2DAttrs } from '../../kernels/index.js';
import { Tensor } from '../tensor.js';
import { primitive } from './primitive.js';
import { checkOptions, checkPositiveInt, checkPositivePair } from './attr-checks.js';
import { op, shardable } from './make.js';

/* eslint-disable @typescript-eslint/naming-convention */
/** Conv2D's attributes, as MindSpore's P.Conv2D takes them (the kernels' {@link kernels.Conv2DAttrs}). */
export type Conv2DOptions = Conv2DAttrs;

/**
 * Conv2D(outChannel, kernelSize, options)(x, weight), NCHW.
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const img = new Tensor(np.ones([1, 1, 4, 4]), 'float32');
 * const w = new Tensor(np.ones([2, 1, 3, 3]), 'float32');
 * console.log(String(ops.Conv2D(2, 3, { padMode: 'same' })(img, w).shape)); // 1,2,4,4
 * ```
 */
export const Conv2D = (outChannel: number, kernelSize: number | readonly [number, number], options?: Conv2DOptions) => {
  const conv = convAttrs('Conv2D', outChannel, kernelSize, options);
  return shardable('Conv2D', 'whole', 'input:tensor weight:tensor', (x: Tensor, w: Tensor) => {
    checkConvWeight('Conv2D', w.shape, conv);
    return op('Conv2D', { attrs: { ...conv.options } })([x, w])[0]!;
  });
};

interface ConvAttrs {
  readonly outChannel: number;
  readonly kernel: readonly [number, number];
  readonly options: Conv2DOptions;
}

/**
 * A convolution primitive's constructor arguments, checked as r1.5's Conv2D checks them.
 *
 * @throws {@link ArgumentTypeError} / {@link ArgumentValueError} for an out_channel that is not a positive
 *   int, a kernel_size that is not a positive int or pair, options that are not an object.
 */
function convAttrs(api: string, outChannel: unknown, kernelSize: unknown, options: Conv2DOptions | undefined): ConvAttrs {
  return { outChannel: checkPositiveInt(outChannel, 'out_channel', api), kernel: checkPositivePair(kernelSize, 'kernel_size', api), options: checkOptions(options, api) };
}

/** @throws {@link DTypeError} when a weight shape does not match out_channel and kernel_size. */
function checkConvWeight(api: string, shape: readonly number[], { outChannel, kernel: [kh, kw] }: ConvAttrs): void {
  if (shape[0] !== outChannel || shape[2] !== kh || shape[3] !== kw) {
    throw new DTypeError(`For '${api}', the weight ${String(shape)} does not match out_channel ${outChannel} and kernel_size ${kh}x${kw}`);
  }
}

/**
 * Conv2DBackpropInput(outChannel, kernelSize, options)(dout, weight, inputSize): the gradient of Conv2D
 * with respect to its input, of shape `inputSize` (NCHW).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const dout = new Tensor(np.ones([1, 2, 2, 2]), 'float32');
 * const w = new Tensor(np.ones([2, 1, 3, 3]), 'float32');
 * console.log(String(ops.Conv2DBackpropInput(2, 3)(dout, w, [1, 1, 4, 4]).shape)); // 1,1,4,4
 * ```
 */
export const Conv2DBackpropInput = (outChannel: number, kernelSize: number | readonly [number, number], options?: Conv2DOptions) => {
  const conv = convAttrs('Conv2DBackpropInput', outChannel, kernelSize, options);
  return primitive('Conv2DBackpropInput', (dout: Tensor, weight: Tensor, inputSize: readonly number[]) => {
    checkConvWeight('Conv2DBackpropInput', weight.shape, conv);
    return op('Conv2DBackpropInput', { attrs: { ...conv.options, inputShape: [...inputSize] } })([dout, weight])[0]!;
  }, { args: 'dout:tensor weight:tensor input_size:ints' });
};
/**
 * Conv2DBackpropFilter(outChannel, kernelSize, options)(dout, x, filterSize): the gradient of Conv2D
 * with respect to its weight, of shape `filterSize` ([out, in / group, kh, kw]).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const dout = new Tensor(np.ones([1, 2, 2, 2]), 'float32');
 * const img = new Tensor(np.ones([1, 1, 4, 4]), 'float32');
 * console.log(String(ops.Conv2DBackpropFilter(2, 3)(dout, img, [2, 1, 3, 3]).shape)); // 2,1,3,3
 * ```
 */
export const Conv2DBackpropFilter = (outChannel: number, kernelSize: number | readonly [number, number], options?: Conv2DOptions) => {
  const conv = convAttrs('Conv2DBackpropFilter', outChannel, kernelSize, options);
  return primitive('Conv2DBackpropFilter', (dout: Tensor, x: Tensor, filterSize: readonly number[]) => {
    checkConvWeight('Conv2DBackpropFilter', filterSize, conv);
    return op('Conv2DBackpropFilter', { attrs: { ...conv.options, filterShape: [...filterSize] } })([dout, x])[0]!;
  }, { args: 'dout:tensor input:tensor filter_size:ints' });
};
/**
 * BiasAddGrad()(dout): dout summed over every axis but the channel axis 1.
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const dout = new Tensor(np.ones([4, 3]), 'float32');
 * console.log(String(ops.BiasAddGrad()(dout))); // [4. 4. 4.]
 * ```
 */
export const BiasAddGrad = () => primitive('BiasAddGrad', (dout: Tensor) => op('BiasAddGrad')([dout])[0]!, { args: 'dout:tensor' });
