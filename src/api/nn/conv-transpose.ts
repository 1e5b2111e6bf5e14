/**
 * nn.Conv2dTranspose as MindSpore r1.5 (`nn/layer/conv.py`): Conv2D's input gradient
 * (`Conv2DBackpropInput`, r1.5's `Conv2DTranspose`) with the weight [in_channels, out_channels / group,
 * kh, kw] and the output size r1.5's `_deconv_output_length` computes.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { pythonType } from '../python-type.js';
import { checkShape } from '../../kernels/index.js';
import { checkLayerPair, checkOptions, checkPositiveInt } from '../ops/attr-checks.js';
import * as ops from '../ops/index.js';
import { Parameter } from '../parameter.js';
import { Tensor, initializer } from '../tensor.js';
import { Cell } from './cell.js';
import type { Conv2dOptions } from './layers.js';

/** r1.5's `_deconv_output_length` for one spatial axis. */
function deconvLength(padMode: string, input: number, kernel: number, stride: number, dilation: number, padding: number): number {
  const filter = kernel + (kernel - 1) * (dilation - 1);
  if (padMode === 'valid') return filter - stride > 0 ? input * stride + filter - stride : input * stride;
  if (padMode === 'same') return input * stride;
  return input * stride - padding + filter - stride;
}

/**
 * A 2-D transposed convolution, NCHW, as r1.5's `nn.Conv2dTranspose(in_channels, out_channels,
 * kernel_size, stride=1, pad_mode='same', padding=0, dilation=1, group=1, has_bias=False,
 * weight_init='normal', bias_init='zeros')`: output height h·stride ('same'), h·stride + max(k − stride, 0)
 * ('valid'), or h·stride − (top + bottom) + k − stride ('pad'), with dilated kernels.
 *
 * @throws {@link ArgumentTypeError} / {@link ArgumentValueError} for what r1.5 refuses (sizes that are not
 *   positive ints, an unknown pad_mode, padding without 'pad', channels not divisible by group).
 * @example
 * ```ts
 * import { Tensor, nn, np } from 'mindsim';
 * const up = new nn.Conv2dTranspose(1, 1, 2, { stride: 2, padMode: 'valid', weightInit: 'ones' });
 * console.log(String(up.call(new Tensor(np.array([[[[1, 2], [3, 4]]]]), 'float32')))); // [[[[1. 1. 2. 2.]\n   [1. 1. 2. 2.]\n   [3. 3. 4. 4.]\n   [3. 3. 4. 4.]]]]
 * ```
 */
export class Conv2dTranspose extends Cell {
  /** The kernel weight [in_channels, out_channels / group, kh, kw]. */
  weight: Parameter;
  /** The bias [out_channels], when hasBias. */
  bias: Parameter | null = null;
  /** Input channels. */
  readonly inChannels: number;
  /** Output channels. */
  readonly outChannels: number;
  private readonly conv: ReturnType<typeof ops.Conv2DBackpropInput>;
  private readonly geometry: { padMode: string; kernel: [number, number]; stride: [number, number]; dilation: [number, number]; padding: [number, number] };

  /** @param inChannels - input channels. @param outChannels - output channels. @param kernelSize - kernel height and width. @param given - r1.5's keyword arguments. */
  constructor(inChannels: number, outChannels: number, kernelSize: number | readonly [number, number], given: Conv2dOptions = {}) {
    super();
    checkPositiveInt(inChannels, 'in_channels', 'Conv2dTranspose');
    checkPositiveInt(outChannels, 'out_channels', 'Conv2dTranspose');
    const kernel = checkLayerPair(kernelSize, 'kernel_size', 'Conv2dTranspose');
    const options = checkOptions(given, 'Conv2dTranspose') as Conv2dOptions;
    const stride = checkLayerPair(options.stride ?? 1, 'stride', 'Conv2dTranspose');
    const dilation = checkLayerPair(options.dilation ?? 1, 'dilation', 'Conv2dTranspose');
    const padMode = options.padMode ?? 'same';
    if (!['valid', 'same', 'pad'].includes(padMode)) throw new ArgumentValueError(`For 'Conv2dTranspose', the 'pad_mode' should be str and must be in '['valid', 'same', 'pad']', but got '${String(padMode)}'.`);
    const pad = options.padding ?? 0;
    if (padMode !== 'pad' && pad !== 0) throw new ArgumentValueError(`For 'Conv2dTranspose', the 'padding' must be zero when 'pad_mode' is not 'pad', but got ${JSON.stringify(pad)}`);
    const [top, bottom, left, right] = typeof pad === 'number' ? [pad, pad, pad, pad] : pad;
    const group = options.group ?? 1;
    if (inChannels % group !== 0 || outChannels % group !== 0) {
      throw new ArgumentValueError(`For 'Conv2dTranspose', in_channels ${inChannels} and out_channels ${outChannels} must be divisible by group ${group}`);
    }
    // r1.5 swaps them: Conv2DBackpropInput's out_channel is the forward Conv2D's, this layer's input channels
    this.conv = ops.Conv2DBackpropInput(inChannels, kernel, { padMode, pad, stride, dilation, group });
    checkShape([inChannels, outChannels / group, kernel[0], kernel[1]], 'Conv2dTranspose');
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.geometry = { padMode, kernel, stride, dilation, padding: [top! + bottom!, left! + right!] };
    this.weight = new Parameter(initializer(options.weightInit ?? 'normal', [inChannels, outChannels / group, kernel[0], kernel[1]]), 'weight');
    if (options.hasBias) this.bias = new Parameter(initializer(options.biasInit ?? 'zeros', [outChannels]), 'bias');
  }

  override construct(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ArgumentTypeError(`For 'Conv2dTranspose', the input 'x' must be a Tensor, but got ${pythonType(x)}.`);
    if (x.shape.length !== 4) throw new ArgumentValueError(`For 'Conv2dTranspose', the input 'x' must be 4-D (NCHW), but got shape ${JSON.stringify(x.shape)}.`);
    const [n, , h, w] = x.shape as [number, number, number, number];
    const g = this.geometry;
    const hOut = deconvLength(g.padMode, h, g.kernel[0], g.stride[0], g.dilation[0], g.padding[0]);
    const wOut = deconvLength(g.padMode, w, g.kernel[1], g.stride[1], g.dilation[1], g.padding[1]);
    const y = this.conv(x, this.weightOf(this.weight), [n, this.outChannels, hOut, wOut]);
    return this.bias ? ops.BiasAdd()(y, this.weightOf(this.bias)) : y;
  }
}
