/**
 * BatchNorm and BatchNormGrad as MindSpore r1.5's `P.BatchNorm` / `G.BatchNormGrad`. In training the
 * moving mean and variance (Parameters) are updated in place, as a memory side effect ordered after
 * earlier reads of them and before later ones.
 * @module
 */
import { channelGeometry, kernelRegistry, type KernelDef } from '../../kernels/index.js';
import { currentContext } from '../execution-context.js';
import { record } from '../graph/executor.js';
import type { Tensor } from '../tensor.js';
import { checkBool, checkDataFormat, checkFloatRange, checkOptions } from './attr-checks.js';
import { primitive } from './primitive.js';

/** BatchNorm's options, as r1.5's keyword arguments. */
export interface BatchNormOptions {
  /** Normalise with the batch's statistics and update the moving ones (false). */
  readonly isTraining?: boolean;
  /** Added to the variance, in (0, 1] (1e-5). */
  readonly epsilon?: number;
  /** The batch statistics' weight in the moving ones, in [0, 1] (0.1). */
  readonly momentum?: number;
  /** 'NCHW' (NHWC is r1.5's GPU-only layout, not simulated). */
  readonly dataFormat?: string;
}

const kernel = (name: string): KernelDef<never> => kernelRegistry.find('*', name)!;

const checkFormat = (name: string, format: unknown): void => checkDataFormat(name, format, currentContext().getContext('deviceTarget'));

/**
 * The running variance's factor on the current target: r1.5's CPU kernel (MKL-DNN) keeps the biased
 * batch variance; cuDNN (GPU) and TBE's BNTrainingUpdate (Ascend) the unbiased one, n / (n − 1).
 */
function varianceScale(count: number): number {
  return currentContext().getContext('deviceTarget') === 'CPU' || count < 2 ? 1 : count / (count - 1);
}

/**
 * BatchNorm({ isTraining, epsilon, momentum })(x, scale, bias, mean, variance): normalises an NCHW or
 * [N, C] float16/float32 tensor per channel, as r1.5's `P.BatchNorm`; returns [y, batch_mean,
 * batch_variance, reserve_space_1, reserve_space_2]. In training, y uses the batch's mean and biased
 * variance, and the moving `mean` and `variance` become moving · (1 − momentum) + batch · momentum
 * (the variance unbiased on GPU and Ascend, biased on CPU, as r1.5's kernels do).
 *
 * @throws {@link ArgumentTypeError} / {@link ArgumentValueError} for options r1.5 refuses (is_training
 *   not a bool, epsilon outside (0, 1], momentum outside [0, 1], a format other than NCHW);
 *   {@link NotImplementedYetError} for NHWC on GPU (r1.5's GPU-only layout, not simulated);
 *   {@link ShapeError} / {@link DTypeError} for inputs r1.5's infer refuses.
 * @example
 * ```ts
 * import { Parameter, Tensor, np, ops } from 'mindsim';
 * const x = new Tensor(np.array([[1, 10], [3, 30]]), 'float32');
 * const mean = new Parameter(new Tensor([0, 0], 'float32'), 'mean');
 * const variance = new Parameter(new Tensor([1, 1], 'float32'), 'variance');
 * const [y] = ops.BatchNorm({ isTraining: true })(x, new Tensor([1, 1], 'float32'), new Tensor([0, 0], 'float32'), mean, variance);
 * console.log(String(y)); // [[-0.999995   -0.99999994]\n [ 0.999995    0.99999994]]
 * console.log(String(mean.asnumpy())); // [0.2 2. ]
 * ```
 */
export const BatchNorm = (given?: BatchNormOptions) => {
  const o = checkOptions(given, 'BatchNorm') as BatchNormOptions;
  const isTraining = checkBool(o.isTraining ?? false, 'is_training', 'BatchNorm');
  const epsilon = checkFloatRange(o.epsilon ?? 1e-5, 0, 1, 'right', 'epsilon', 'BatchNorm');
  const momentum = checkFloatRange(o.momentum ?? 0.1, 0, 1, 'both', 'momentum', 'BatchNorm');
  checkFormat('BatchNorm', o.dataFormat ?? 'NCHW');
  const attrs = { isTraining, epsilon };
  return primitive(
    'BatchNorm',
    (x: Tensor, scale: Tensor, bias: Tensor, mean: Tensor, variance: Tensor): Tensor[] => {
      const outputs = record('BatchNorm', [x, scale, bias, mean, variance], { kernel: kernel('BatchNorm'), attrs });
      if (isTraining) {
        const { n, inner } = channelGeometry(x.shape);
        const update = { momentum, varianceScale: varianceScale(n * inner) };
        record('BatchNormMovingUpdate', [mean, variance, outputs[3]!, outputs[4]!], { kernel: kernel('BatchNormMovingUpdate'), attrs: update, action: 'assign', inPlace: true, sideEffectMem: true, updates: [0, 1] });
      }
      return outputs;
    },
    { mem: isTraining, args: 'input_x:tensor scale:tensor bias:tensor mean:tensor variance:tensor' },
  );
};

/**
 * BatchNormGrad({ isTraining, epsilon })(dy, x, scale, saveMean, saveVariance, reserve): BatchNorm's
 * gradient as r1.5's `G.BatchNormGrad`: [dx, dscale, dbias]. In training dx includes the batch
 * statistics' dependence on x.
 *
 * @throws as {@link BatchNorm}; {@link ShapeError} when dy is not x's shape and dtype.
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const x = new Tensor(np.array([[1], [3]]), 'float32');
 * const one = new Tensor([1], 'float32');
 * const [dx, dscale, dbias] = ops.BatchNormGrad({ isTraining: false })(new Tensor(np.array([[1], [1]]), 'float32'), x, one, new Tensor([2], 'float32'), one, one);
 * console.log(String(dx), String(dscale), String(dbias)); // [[0.999995]\n [0.999995]] [0.] [2.]
 * ```
 */
export const BatchNormGrad = (given?: Omit<BatchNormOptions, 'momentum'>) => {
  const o = checkOptions(given, 'BatchNormGrad') as BatchNormOptions;
  const isTraining = checkBool(o.isTraining ?? false, 'is_training', 'BatchNormGrad');
  const epsilon = checkFloatRange(o.epsilon ?? 1e-5, 0, 1, 'right', 'epsilon', 'BatchNormGrad');
  checkFormat('BatchNormGrad', o.dataFormat ?? 'NCHW');
  return primitive(
    'BatchNormGrad',
    (dy: Tensor, x: Tensor, scale: Tensor, saveMean: Tensor, saveVariance: Tensor, reserve: Tensor): Tensor[] =>
      record('BatchNormGrad', [dy, x, scale, saveMean, saveVariance, reserve], { kernel: kernel('BatchNormGrad'), attrs: { isTraining, epsilon } }),
    { args: 'y_backprop:tensor x:tensor scale:tensor save_mean:tensor save_variance:tensor reserve:tensor' },
  );
};
