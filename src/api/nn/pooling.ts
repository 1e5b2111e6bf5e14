/**
 * nn.MaxPool2d and nn.AvgPool2d as MindSpore r1.5 (`nn/layer/pooling.py`): positional kernel_size,
 * stride, pad_mode and data_format with r1.5's defaults (1, 1, 'valid', 'NCHW'), running P.MaxPool /
 * P.AvgPool.
 * @module
 */
import type { Tensor } from '../tensor.js';
import { AvgPool, MaxPool, poolAttrs } from '../ops/pooling.js';
import { Cell } from './cell.js';

/** A window or step size: one number for both axes, or (height, width). */
export type PoolSize = number | readonly [number, number];

abstract class Pool2d extends Cell {
  private readonly pool: (x: Tensor) => Tensor;

  constructor(name: 'MaxPool2d' | 'AvgPool2d', kernelSize: PoolSize, stride: PoolSize, padMode: string, dataFormat: string) {
    super();
    const attrs = poolAttrs(name, { kernelSize, strides: stride, padMode, dataFormat }); // r1.5's checks, naming the layer
    const options = { kernelSize: attrs.kernelSize, strides: attrs.strides, padMode: attrs.padMode };
    this.pool = name === 'MaxPool2d' ? MaxPool(options) : AvgPool(options);
  }

  override construct(x: Tensor): Tensor {
    return this.pool(x);
  }
}

/**
 * Max pooling over NCHW windows, as r1.5's `nn.MaxPool2d(kernel_size=1, stride=1, pad_mode="valid")`.
 *
 * @throws {@link ArgumentTypeError} / {@link ArgumentValueError} for a kernel size or stride that is not a
 *   positive int or pair, or a pad mode other than 'valid' / 'same' (any case).
 * @example
 * ```ts
 * import { Tensor, nn, np } from 'mindsim';
 * const x = new Tensor(np.arange(16).reshape([1, 1, 4, 4]), 'float32');
 * console.log(String(new nn.MaxPool2d(2, 2).call(x))); // [[[[ 5.  7.]\n   [13. 15.]]]]
 * ```
 */
export class MaxPool2d extends Pool2d {
  constructor(kernelSize: PoolSize = 1, stride: PoolSize = 1, padMode = 'valid', dataFormat = 'NCHW') {
    super('MaxPool2d', kernelSize, stride, padMode, dataFormat);
  }
}

/**
 * Average pooling over NCHW windows (padding not counted), as r1.5's `nn.AvgPool2d`.
 *
 * @throws as {@link MaxPool2d}.
 * @example
 * ```ts
 * import { Tensor, nn, np } from 'mindsim';
 * const x = new Tensor(np.arange(16).reshape([1, 1, 4, 4]), 'float32');
 * console.log(String(new nn.AvgPool2d(2, 2).call(x))); // [[[[ 2.5  4.5]\n   [10.5 12.5]]]]
 * ```
 */
export class AvgPool2d extends Pool2d {
  constructor(kernelSize: PoolSize = 1, stride: PoolSize = 1, padMode = 'valid', dataFormat = 'NCHW') {
    super('AvgPool2d', kernelSize, stride, padMode, dataFormat);
  }
}
