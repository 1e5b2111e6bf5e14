/**
 * nn.BatchNorm1d and nn.BatchNorm2d as MindSpore r1.5 (`nn/layer/normalization.py`): Parameters
 * `gamma`, `beta` (trainable when affine) and the moving `mean` and `variance` (not trainable); in
 * training mode (`setTrain()`) a call normalises with the batch's statistics and updates the moving
 * ones, otherwise it uses the moving ones. The layer's momentum is the moving statistics' weight
 * (0.9): the op gets 1 − momentum, as r1.5 passes it.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { pythonType, pythonTypeName } from '../python-type.js';
import { Parameter } from '../parameter.js';
import { Tensor, initializer } from '../tensor.js';
import { checkShape } from '../../kernels/index.js';
import { BatchNorm } from '../ops/batch-norm.js';
import { checkOptions, valueTypeError } from '../ops/attr-checks.js';
import { Cell } from './cell.js';
import { namingLayer } from './layer-parameter.js';
import type { InitLike } from './layers.js';

/** The options of nn.BatchNorm1d / BatchNorm2d (r1.5's keyword arguments and defaults). */
export interface BatchNormLayerOptions {
  /** Added to the variance (1e-5). */
  readonly eps?: number;
  /** The moving statistics' weight, in [0, 1] (0.9). */
  readonly momentum?: number;
  /** Whether gamma and beta are trained (true). */
  readonly affine?: boolean;
  /** gamma's initializer ('ones'). */
  readonly gammaInit?: InitLike;
  /** beta's initializer ('zeros'). */
  readonly betaInit?: InitLike;
  /** The moving mean's initializer ('zeros'). */
  readonly movingMeanInit?: InitLike;
  /** The moving variance's initializer ('ones'). */
  readonly movingVarInit?: InitLike;
  /** true: always the batch's statistics; false: always the moving ones; null: by training mode (null). */
  readonly useBatchStatistics?: boolean | null;
  /** 'NCHW' ('NHWC' is GPU-only in r1.5 and not simulated). */
  readonly dataFormat?: string;
}

abstract class BatchNormBase extends Cell {
  // declared in r1.5's order: parameters_and_names lists them so
  /** The moving mean [C] (Parameter `mean`, not trainable). */
  movingMean: Parameter;
  /** The moving variance [C] (Parameter `variance`, not trainable). */
  movingVariance: Parameter;
  /** The scale γ [C] (Parameter `gamma`). */
  gamma: Parameter;
  /** The shift β [C] (Parameter `beta`). */
  beta: Parameter;
  /** The channel count. */
  readonly numFeatures: number;
  /** The options' epsilon. */
  readonly eps: number;
  /** The op's momentum: 1 − the layer's. */
  readonly momentum: number;
  /** The options' use_batch_statistics. */
  readonly useBatchStatistics: boolean | null;
  private readonly bnTrain: ReturnType<typeof BatchNorm>;
  private readonly bnInfer: ReturnType<typeof BatchNorm>;

  constructor(private readonly layer: 'BatchNorm1d' | 'BatchNorm2d', numFeatures: number, given: BatchNormLayerOptions) {
    super();
    const options = checkOptions(given, layer) as BatchNormLayerOptions;
    if (typeof numFeatures !== 'number' || !Number.isInteger(numFeatures)) throw valueTypeError(layer, 'num_features', 'int', numFeatures);
    if (numFeatures < 1) throw new ArgumentValueError(`For '${layer}', the 'num_features' must be at least 1, but got ${numFeatures}.`);
    checkShape([numFeatures], layer); // a size past memory is refused naming the layer
    const momentum = options.momentum ?? 0.9;
    if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) {
      throw new ArgumentValueError(`For '${layer}', the 'momentum' should be a number in range [0, 1], but got ${String(momentum)}.`);
    }
    const use = options.useBatchStatistics ?? null;
    if (use !== null && typeof use !== 'boolean') {
      throw new ArgumentValueError(`For '${layer}', the 'use_batch_statistics' should be a boolean value or None, but got ${String(use)} (${pythonTypeName(use)}).`);
    }
    const eps = options.eps ?? 1e-5;
    const format = options.dataFormat ?? 'NCHW';
    // the ops check epsilon and the format with r1.5's words before any Parameter is made
    this.bnTrain = BatchNorm({ isTraining: true, epsilon: eps, momentum: 1 - momentum, dataFormat: format });
    this.bnInfer = BatchNorm({ isTraining: false, epsilon: eps, dataFormat: format });
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = 1 - momentum;
    this.useBatchStatistics = use;
    const affine = options.affine ?? true;
    const make = (init: InitLike, name: string, requiresGrad: boolean): Parameter =>
      namingLayer(layer, () => new Parameter(initializer(init, [numFeatures]), { name, requiresGrad }));
    this.movingMean = make(options.movingMeanInit ?? 'zeros', 'mean', false);
    this.movingVariance = make(options.movingVarInit ?? 'ones', 'variance', false);
    this.gamma = make(options.gammaInit ?? 'ones', 'gamma', affine);
    this.beta = make(options.betaInit ?? 'zeros', 'beta', affine);
  }

  override construct(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ArgumentTypeError(`For '${this.layer}', the input 'x' must be a Tensor, but got ${pythonType(x)}.`);
    const dims = this.layer === 'BatchNorm1d' ? 2 : 4;
    if (x.shape.length !== dims) throw new ArgumentValueError(`For '${this.layer}', the in_shape must have ${dims} dims, but got ${x.shape.length}.`);
    const batch = this.useBatchStatistics ?? this.training;
    return (batch ? this.bnTrain : this.bnInfer)(x, this.gamma, this.beta, this.movingMean, this.movingVariance)[0]!;
  }
}

/**
 * Batch normalisation over [N, C] inputs, as r1.5's `nn.BatchNorm1d(num_features, eps=1e-5,
 * momentum=0.9, ...)`.
 *
 * @throws {@link ArgumentTypeError} / {@link ArgumentValueError} for what r1.5 refuses (num_features
 *   not a positive int, momentum outside [0, 1], eps outside (0, 1], a use_batch_statistics that is not
 *   a boolean or null); at a call, for an input that is not 2-D.
 * @example
 * ```ts
 * import { Tensor, nn, np } from 'mindsim';
 * const bn = new nn.BatchNorm1d(2).setTrain();
 * console.log(String(bn.call(new Tensor(np.array([[1, 10], [3, 30]]), 'float32')))); // [[-0.999995   -0.99999994]\n [ 0.999995    0.99999994]]
 * console.log(String(bn.movingMean.asnumpy())); // [0.2 2. ]
 * ```
 */
export class BatchNorm1d extends BatchNormBase {
  /** @param numFeatures - the channel count C. @param options - r1.5's keyword arguments. */
  constructor(numFeatures: number, options: BatchNormLayerOptions = {}) {
    super('BatchNorm1d', numFeatures, options);
  }
}

/**
 * Batch normalisation over NCHW inputs, per channel, as r1.5's `nn.BatchNorm2d(num_features, eps=1e-5,
 * momentum=0.9, ...)`.
 *
 * @throws as {@link BatchNorm1d}; at a call, for an input that is not 4-D.
 * @example
 * ```ts
 * import { Tensor, nn, np } from 'mindsim';
 * const bn = new nn.BatchNorm2d(1);
 * console.log(bn.parametersAndNames().map(([name]) => name).join(' ')); // mean variance gamma beta
 * console.log(String(bn.call(new Tensor(np.ones([1, 1, 1, 2]), 'float32')))); // [[[[0.999995 0.999995]]]]
 * ```
 */
export class BatchNorm2d extends BatchNormBase {
  /** @param numFeatures - the channel count C. @param options - r1.5's keyword arguments. */
  constructor(numFeatures: number, options: BatchNormLayerOptions = {}) {
    super('BatchNorm2d', numFeatures, options);
  }
}
