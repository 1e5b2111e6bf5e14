/**
 * The layers Conv2d and Dense with MindSpore r1.5's defaults.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { pythonTypeName } from '../python-type.js';
import { getActivation } from './activation.js';
import { checkShape } from '../../kernels/index.js';
import { Parameter } from '../parameter.js';
import { Tensor, initializer } from '../tensor.js';
import { type Initializer } from '../initializers/index.js';
import * as ops from '../ops/index.js';
import { Cell } from './cell.js';
import { namingLayer } from './layer-parameter.js';
import { checkOptions, checkPositiveInt, checkLayerPair } from '../ops/attr-checks.js';

/** What a layer's weight may be initialised with: a name, an Initializer, a Tensor or a number. */
export type InitLike = string | Initializer | Tensor | number;

/** nn.Conv2d's options (MindSpore's defaults). */
export interface Conv2dOptions {
  /** Stride (1). */
  readonly stride?: number | readonly [number, number];
  /** 'same' (default), 'valid' or 'pad'. */
  readonly padMode?: 'same' | 'valid' | 'pad';
  /** Padding, only with 'pad' (0). */
  readonly padding?: number | readonly [number, number, number, number];
  /** Dilation (1). */
  readonly dilation?: number | readonly [number, number];
  /** Groups (1). */
  readonly group?: number;
  /** Adds a bias (false). */
  readonly hasBias?: boolean;
  /** The weight's initializer ('normal'). */
  readonly weightInit?: InitLike;
  /** The bias's initializer ('zeros'). */
  readonly biasInit?: InitLike;
  /** Only 'NCHW'. */
  readonly dataFormat?: 'NCHW';
}

/**
 * A 2-D convolution layer, NCHW: weight [out, in / group, kh, kw] named `weight`, `bias` [out] when
 * `hasBias`.
 *
 * @throws {@link ArgumentValueError} for a non-zero padding outside 'pad' mode, or channels the groups do not divide.
 * @example
 * ```ts
 * import { nn, Tensor, np, print } from 'mindsim';
 * const conv = new nn.Conv2d(1, 8, 3, { weightInit: 'ones' });
 * print(conv.call(new Tensor(np.ones([1, 1, 3, 3]).astype('float32'))).shape); // [1, 8, 3, 3]
 * ```
 */
export class Conv2d extends Cell {
  /** The kernel weight. */
  weight: Parameter;
  /** The bias, when hasBias. */
  bias: Parameter | null = null;
  private readonly conv: ops.Primitive<[Tensor, Tensor], Tensor>;
  /** Input channels. */
  readonly inChannels: number;
  /** Output channels. */
  readonly outChannels: number;
  /** The options it was built with. */
  readonly options: Conv2dOptions;

  /**
   * @param inChannels - input channels.
   * @param outChannels - output channels.
   * @param kernelSize - kernel height and width (one number for both).
   * @param options - stride, padding, groups, bias and initializers (MindSpore's defaults).
   */
  constructor(inChannels: number, outChannels: number, kernelSize: number | readonly [number, number], options: Conv2dOptions = {}) {
    super();
    // checked before anything is kept (a Parameter given by mistake is not adopted and renamed)
    checkPositiveInt(inChannels, 'in_channels', 'Conv2d');
    checkPositiveInt(outChannels, 'out_channels', 'Conv2d');
    const [kh, kw] = checkLayerPair(kernelSize, 'kernel_size', 'Conv2d');
    if (options && typeof options === 'object') {
      if (options.stride !== undefined) checkLayerPair(options.stride, 'stride', 'Conv2d');
      if (options.dilation !== undefined) checkLayerPair(options.dilation, 'dilation', 'Conv2d');
    }
    checkOptions(options, 'Conv2d');
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.options = options;
    const group = options.group ?? 1;
    const padMode = options.padMode ?? 'same';
    if (padMode !== 'pad' && (options.padding ?? 0) !== 0) {
      throw new ArgumentValueError(`For 'Conv2d', the 'padding' must be zero when 'pad_mode' is not 'pad', but got ${JSON.stringify(options.padding)}`);
    }
    if (inChannels % group !== 0 || outChannels % group !== 0) {
      throw new ArgumentValueError(`For 'Conv2d', in_channels ${inChannels} and out_channels ${outChannels} must be divisible by group ${group}`);
    }
    checkShape([outChannels, inChannels / group, kh, kw], 'Conv2d');
    this.weight = namingLayer('Conv2d', () => new Parameter(initializer(options.weightInit ?? 'normal', [outChannels, inChannels / group, kh, kw]), 'weight'));
    if (options.hasBias) this.bias = namingLayer('Conv2d', () => new Parameter(initializer(options.biasInit ?? 'zeros', [outChannels]), 'bias'));
    this.conv = ops.Conv2D(outChannels, [kh, kw], {
      padMode,
      pad: options.padding ?? 0,
      ...(options.stride !== undefined ? { stride: options.stride } : {}),
      ...(options.dilation !== undefined ? { dilation: options.dilation } : {}),
      group,
    });
  }

  override construct(x: Tensor): Tensor {
    const y = this.conv(x, this.weightOf(this.weight));
    return this.bias ? ops.BiasAdd()(y, this.weightOf(this.bias)) : y;
  }
}

/** nn.Dense's options. */
export interface DenseOptions {
  /** The weight's initializer ('normal'). */
  readonly weightInit?: InitLike;
  /** The bias's initializer ('zeros'). */
  readonly biasInit?: InitLike;
  /** Adds a bias (true). */
  readonly hasBias?: boolean;
  /** Applied to the output: a name of r1.5's table ('relu', 'sigmoid', ...), a Cell, a primitive, or null. */
  readonly activation?: string | Cell | ((x: Tensor) => Tensor) | null;
}

/**
 * A fully connected layer: y = x · weightᵀ + bias, weight [out, in].
 *
 * @example
 * ```ts
 * import { nn, Tensor, np, print } from 'mindsim';
 * const fc = new nn.Dense(3, 2, { weightInit: 'ones' });
 * print(fc.call(new Tensor(np.ones([1, 3]).astype('float32')))); // [[3. 3.]]
 * ```
 */
export class Dense extends Cell {
  /** The weight [out, in]. */
  weight: Parameter;
  /** The bias [out], when hasBias. */
  bias: Parameter | null = null;
  /** Input features. */
  readonly inChannels: number;
  /** Output features. */
  readonly outChannels: number;

  /**
   * @param inChannels - input features.
   * @param outChannels - output features.
   * @param options - initializers and bias.
   */
  constructor(inChannels: number, outChannels: number, options: DenseOptions = {}) {
    super();
    checkPositiveInt(inChannels, 'in_channels', 'Dense');
    checkPositiveInt(outChannels, 'out_channels', 'Dense');
    checkOptions(options, 'Dense');
    checkShape([outChannels, inChannels], 'Dense');
    const activation = options.activation ?? null;
    const act = typeof activation === 'string' ? getActivation(activation) : activation;
    if (act !== null && !(act instanceof Cell) && typeof act !== 'function') {
      throw new ArgumentTypeError(`For 'Dense', the 'activation' must be str or Cell or Primitive, but got ${pythonTypeName(activation)}.`);
    }
    this.activation = act;
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.weight = namingLayer('Dense', () => new Parameter(initializer(options.weightInit ?? 'normal', [outChannels, inChannels]), 'weight'));
    if (options.hasBias ?? true) this.bias = namingLayer('Dense', () => new Parameter(initializer(options.biasInit ?? 'zeros', [outChannels]), 'bias'));
  }

  /** Its MatMul (transposeB), as r1.5's `self.matmul`: shard it (`dense.matmul.shard(...)`) under semi-auto parallel. */
  readonly matmul = ops.MatMul({ transposeB: true });
  /** Its BiasAdd, as r1.5's `self.bias_add`. */
  readonly biasAdd = ops.BiasAdd();

  /** Applied to the output (r1.5's `self.activation`), or null. */
  readonly activation: Cell | ((x: Tensor) => Tensor) | null;

  override construct(x: Tensor): Tensor {
    const y = this.matmul(x, this.weightOf(this.weight));
    const z = this.bias ? this.biasAdd(y, this.weightOf(this.bias)) : y;
    const act = this.activation;
    return act === null ? z : act instanceof Cell ? act.call(z) : act(z);
  }
}
