/**
 * nn.LayerNorm as MindSpore r1.5 (`nn/layer/normalization.py`): Parameters `gamma` and `beta` of
 * `normalizedShape`, and `P.LayerNorm(begin_norm_axis, begin_params_axis, epsilon)` on a call.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { pythonType } from '../python-type.js';
import { Parameter } from '../parameter.js';
import { Tensor, initializer } from '../tensor.js';
import { LayerNorm as LayerNormOp } from '../ops/normalization.js';
import { checkOptions } from '../ops/attr-checks.js';
import { Cell } from './cell.js';
import { namingLayer } from './layer-parameter.js';
import type { InitLike } from './layers.js';

/** The options of nn.LayerNorm (r1.5's keyword arguments and defaults). */
export interface LayerNormLayerOptions {
  /** The first axis normalised over (-1). */
  readonly beginNormAxis?: number;
  /** The first axis gamma and beta cover (-1). */
  readonly beginParamsAxis?: number;
  /** gamma's initializer ('ones'). */
  readonly gammaInit?: InitLike;
  /** beta's initializer ('zeros'). */
  readonly betaInit?: InitLike;
  /** Added to the variance (1e-7). */
  readonly epsilon?: number;
}

/**
 * Layer normalisation, as r1.5's `nn.LayerNorm(normalized_shape, begin_norm_axis=-1,
 * begin_params_axis=-1, gamma_init='ones', beta_init='zeros', epsilon=1e-7)`.
 *
 * @throws {@link ArgumentTypeError} for a normalized_shape that is not a list of ints (r1.5's TypeError
 *   text) or an axis that is not an int; at a call, what {@link ops.LayerNorm} refuses.
 * @example
 * ```ts
 * import { Tensor, nn, np } from 'mindsim';
 * const norm = new nn.LayerNorm([3]);
 * console.log(norm.parametersAndNames().map(([name]) => name).join(' ')); // gamma beta
 * console.log(String(norm.call(new Tensor(np.array([[1, 2, 3]]), 'float32')))); // [[-1.2247449  0.         1.2247449]]
 * ```
 */
export class LayerNorm extends Cell {
  /** The scale γ (Parameter `gamma`, of normalizedShape). */
  gamma: Parameter;
  /** The shift β (Parameter `beta`, of normalizedShape). */
  beta: Parameter;
  /** The shape gamma and beta have. */
  readonly normalizedShape: readonly number[];
  private readonly layerNorm: ReturnType<typeof LayerNormOp>;

  /** @param normalizedShape - gamma's and beta's shape. @param given - r1.5's keyword arguments. */
  constructor(normalizedShape: readonly number[], given?: LayerNormLayerOptions) {
    super();
    const options = checkOptions(given, 'LayerNorm') as LayerNormLayerOptions;
    if (!Array.isArray(normalizedShape) || !normalizedShape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new ArgumentTypeError(`For 'LayerNorm', the type of 'normalized_shape' should be tuple[int] or list[int], but got ${String(normalizedShape)} and the type is ${pythonType(normalizedShape)}.`);
    }
    this.layerNorm = LayerNormOp({ beginNormAxis: options.beginNormAxis ?? -1, beginParamsAxis: options.beginParamsAxis ?? -1, epsilon: options.epsilon ?? 1e-7 });
    this.normalizedShape = [...normalizedShape];
    const make = (init: InitLike, name: string): Parameter => {
      try {
        return namingLayer('LayerNorm', () => new Parameter(initializer(init, this.normalizedShape), name));
      } catch (e) {
        if (e instanceof ArgumentValueError) throw new ArgumentValueError(`For 'LayerNorm', ${e.message}`); // the initializer's refusal, naming the layer
        throw e;
      }
    };
    this.gamma = make(options.gammaInit ?? 'ones', 'gamma');
    this.beta = make(options.betaInit ?? 'zeros', 'beta');
  }

  override construct(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ArgumentTypeError(`For 'LayerNorm', the input 'input_x' must be a Tensor, but got ${pythonType(x)}.`);
    return this.layerNorm(x, this.gamma, this.beta)[0]!;
  }
}
