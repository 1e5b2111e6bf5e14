/**
 * LayerNorm, LayerNormGrad, BinaryCrossEntropy and BinaryCrossEntropyGrad as MindSpore r1.5's
 * `P.LayerNorm`, `G.LayerNormGrad`, `P.BinaryCrossEntropy` and `G.BinaryCrossEntropyGrad`, with
 * r1.5's attribute checks (its validator texts).
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import { kernelRegistry, type KernelDef } from '../../kernels/index.js';
import { record } from '../graph/executor.js';
import type { Tensor } from '../tensor.js';
import { checkBool, checkInt, checkOptions, valueTypeError } from './attr-checks.js';
import { primitive } from './primitive.js';

const kernel = (name: string): KernelDef<never> => kernelRegistry.find('*', name)!;

/** LayerNorm's options, as r1.5's keyword arguments. */
export interface LayerNormOptions {
  /** The first axis normalised over, in [-1, rank) (1). */
  readonly beginNormAxis?: number;
  /** The first axis gamma and beta cover, in [-1, rank) (1). */
  readonly beginParamsAxis?: number;
  /** Added to the variance (1e-7). */
  readonly epsilon?: number;
}

function layerNormAttrs(prim: string, given: LayerNormOptions | undefined, epsilon: number): Required<LayerNormOptions> {
  const o = checkOptions(given, prim) as LayerNormOptions;
  const attrs = {
    beginNormAxis: checkInt(o.beginNormAxis ?? 1, 'begin_norm_axis', prim),
    beginParamsAxis: checkInt(o.beginParamsAxis ?? 1, 'begin_params_axis', prim),
    epsilon: o.epsilon ?? epsilon,
  };
  if (typeof attrs.epsilon !== 'number') throw valueTypeError(prim, 'epsilon', 'float', attrs.epsilon);
  return attrs;
}

/**
 * LayerNorm({ beginNormAxis, beginParamsAxis, epsilon })(x, gamma, beta): [y, mean, variance], x
 * normalised over its axes from `beginNormAxis` on, scaled by gamma and shifted by beta (which have x's
 * shape from `beginParamsAxis` on), as r1.5's `P.LayerNorm` and its CPU kernel compute it (float32
 * sums in index order; the variance as E[x²] − mean²).
 *
 * @throws {@link ArgumentTypeError} for axes that are not ints or an epsilon that is not a number (r1.5's
 *   texts); {@link ShapeError} / {@link DTypeError} for axes out of range, gamma/beta of another shape, or
 *   inputs that are not float16/float32.
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const x = new Tensor(np.array([[1, 2, 3], [1, 2, 3]]), 'float32');
 * const ones = new Tensor(np.ones([3]), 'float32');
 * const [y, mean, variance] = ops.LayerNorm()(x, ones, ones);
 * console.log(String(y)); // [[-0.22474492  1.          2.2247448 ]\n [-0.22474492  1.          2.2247448 ]]
 * console.log(String(mean), String(variance)); // [[2.]\n [2.]] [[0.6666665]\n [0.6666665]]
 * ```
 */
export const LayerNorm = (given?: LayerNormOptions) => {
  const attrs = layerNormAttrs('LayerNorm', given, 1e-7);
  return primitive('LayerNorm', (x: Tensor, gamma: Tensor, beta: Tensor): Tensor[] => record('LayerNorm', [x, gamma, beta], { kernel: kernel('LayerNorm'), attrs }), {
    args: 'input_x:tensor gamma:tensor beta:tensor',
  });
};

/**
 * LayerNormGrad({ beginNormAxis, beginParamsAxis, epsilon })(x, dy, variance, mean, gamma): [dx, dgamma,
 * dbeta], r1.5's `G.LayerNormGrad` (its CPU kernel's formulas). `epsilon` defaults to the 1e-12 r1.5's
 * kernels use whatever the forward's epsilon was (LayerNorm's gradient uses that); MindSpore 2.x passes
 * the forward's epsilon instead.
 *
 * @throws as {@link LayerNorm}; {@link ShapeError} when dy is not x's shape.
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const x = new Tensor(np.array([[1, 3]]), 'float32');
 * const [dx, dgamma, dbeta] = ops.LayerNormGrad()(x, new Tensor(np.array([[1, 0]]), 'float32'), new Tensor(np.array([[1]]), 'float32'), new Tensor(np.array([[2]]), 'float32'), new Tensor([1, 1], 'float32'));
 * console.log(String(dx), String(dgamma), String(dbeta)); // [[0. 0.]] [-1.  0.] [1. 0.]
 * ```
 */
export const LayerNormGrad = (given?: LayerNormOptions) => {
  const attrs = layerNormAttrs('LayerNormGrad', given, 1e-12);
  return primitive('LayerNormGrad', (x: Tensor, dy: Tensor, variance: Tensor, mean: Tensor, gamma: Tensor): Tensor[] =>
    record('LayerNormGrad', [x, dy, variance, mean, gamma], { kernel: kernel('LayerNormGrad'), attrs }), {
    args: 'x:tensor dy:tensor variance:tensor mean:tensor gamma:tensor',
  });
};

/** How a loss primitive reduces: r1.5's `reduction`. */
export type LossReduction = 'none' | 'mean' | 'sum';

/** r1.5's reduction check of the loss primitives (`validator.check_string(reduction, ['none', 'mean', 'sum'])`). */
export function checkLossReduction(prim: string, reduction: unknown): LossReduction {
  if (reduction === 'none' || reduction === 'mean' || reduction === 'sum') return reduction;
  throw new ArgumentValueError(`For '${prim}', the 'reduction' should be str and must be in '['none', 'mean', 'sum']', but got '${String(reduction)}'.`);
}

/**
 * BinaryCrossEntropy({ reduction })(logits, labels, weight?): −w·(y·log(x) + (1 − y)·log(1 − x)), reduced
 * ('mean' by default), as r1.5's `P.BinaryCrossEntropy` and its CPU kernel (pairwise sum).
 *
 * @throws {@link ArgumentValueError} for an unknown reduction; {@link ShapeError} / {@link DTypeError} for
 *   labels or weight of another shape or dtype, or inputs that are not float16/float32.
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const loss = ops.BinaryCrossEntropy()(new Tensor([0.2, 0.7, 0.1], 'float32'), new Tensor([0, 1, 0], 'float32'), new Tensor([1, 2, 2], 'float32'));
 * console.log(String(loss)); // 0.38240483
 * ```
 */
export const BinaryCrossEntropy = (given?: { reduction?: LossReduction }) => {
  const o = checkOptions(given, 'BinaryCrossEntropy');
  const attrs = { reduction: checkLossReduction('BinaryCrossEntropy', o.reduction ?? 'mean') };
  return primitive('BinaryCrossEntropy', (logits: Tensor, labels: Tensor, weight?: Tensor): Tensor =>
    record('BinaryCrossEntropy', weight ? [logits, labels, weight] : [logits, labels], { kernel: kernel('BinaryCrossEntropy'), attrs })[0]!, {
    args: 'logits:tensor labels:tensor weight:tensor?',
  });
};

/**
 * BinaryCrossEntropyGrad({ reduction })(logits, labels, dloss, weight?): the gradient for the logits,
 * r1.5's `G.BinaryCrossEntropyGrad`: w·(x − y) / max(x·(1 − x), 1e-12) · dloss.
 *
 * @throws as {@link BinaryCrossEntropy}; {@link ShapeError} when dloss does not have the loss's shape.
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const dx = ops.BinaryCrossEntropyGrad({ reduction: 'sum' })(new Tensor([0.5, 0.25], 'float32'), new Tensor([1, 0], 'float32'), new Tensor(1, 'float32'));
 * console.log(String(dx)); // [-2.         1.3333334]
 * ```
 */
export const BinaryCrossEntropyGrad = (given?: { reduction?: LossReduction }) => {
  const o = checkOptions(given, 'BinaryCrossEntropyGrad');
  const attrs = { reduction: checkLossReduction('BinaryCrossEntropyGrad', o.reduction ?? 'mean') };
  return primitive('BinaryCrossEntropyGrad', (logits: Tensor, labels: Tensor, dloss: Tensor, weight?: Tensor): Tensor =>
    record('BinaryCrossEntropyGrad', weight ? [logits, labels, dloss, weight] : [logits, labels, dloss], { kernel: kernel('BinaryCrossEntropyGrad'), attrs })[0]!, {
    args: 'logits:tensor labels:tensor grad_output:tensor weight:tensor?',
  });
};

/**
 * SparseSoftmaxCrossEntropyWithLogits({ isGrad })(logits, labels): the batch mean of −log softmax(logits)[label]
 * for logits [N, C] and int32/int64 class labels [N], as r1.5's `P.SparseSoftmaxCrossEntropyWithLogits`; with
 * `isGrad` the logits' gradient (softmax − onehot) / N instead.
 *
 * @throws {@link ArgumentTypeError} for an is_grad that is not a bool; {@link ShapeError} / {@link DTypeError} for
 *   logits that are not [N, C] float16/float32 or labels that are not [N] int32/int64; a label outside [0, C)
 *   fails the op (an {@link ArgumentValueError} at the next synchronisation).
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const loss = ops.SparseSoftmaxCrossEntropyWithLogits()(new Tensor([[2, 1, 0], [0, 0, 3]], 'float32'), new Tensor([0, 2], 'int32'));
 * console.log(String(loss)); // 0.25126445
 * ```
 */
export const SparseSoftmaxCrossEntropyWithLogits = (given?: { isGrad?: boolean }) => {
  const isGrad = checkBool(checkOptions(given, 'SparseSoftmaxCrossEntropyWithLogits').isGrad ?? false, 'is_grad', 'SparseSoftmaxCrossEntropyWithLogits');
  return primitive('SparseSoftmaxCrossEntropyWithLogits', (logits: Tensor, labels: Tensor): Tensor =>
    record('SparseSoftmaxCrossEntropyWithLogits', [logits, labels], { kernel: kernel('SparseSoftmaxCrossEntropyWithLogits'), attrs: { isGrad } })[0]!, {
    args: 'features:tensor labels:tensor',
  });
};
