/**
 * Losses: SoftmaxCrossEntropyWithLogits and MSELoss, with MindSpore's `reduction` ('none', 'mean',
 * 'sum') and, for the cross-entropy, `sparse` class-index labels.
 * @module
 */
import { checkOptions } from '../ops/attr-checks.js';
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { pythonType } from '../python-type.js';
import { BinaryCrossEntropy } from '../ops/normalization.js';
import { DTYPES } from '../../kernels/index.js';
import { NDArray } from '../numpy/index.js';
import * as ops from '../ops/index.js';
import { Parameter } from '../parameter.js';
import { Tensor } from '../tensor.js';
import { Cell } from './cell.js';

/** How a loss reduces over the batch. */
export type Reduction = 'none' | 'mean' | 'sum';

function reduced(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'mean') return ops.ReduceMean()(loss);
  if (reduction === 'sum') return ops.ReduceSum()(loss);
  return loss;
}

function checkReduction(api: string, reduction: string): Reduction {
  if (!['none', 'mean', 'sum'].includes(reduction)) throw new ArgumentValueError(`For '${api}', the 'reduction' must be in ['mean', 'sum', 'none'], but got ${reduction}.`);
  return reduction as Reduction;
}

/**
 * Softmax cross-entropy between logits [N, C] and labels: one-hot [N, C] floats, or with `sparse`
 * class indices [N] (MindSpore's defaults: `sparse: false`, `reduction: 'none'`).
 *
 * @throws {@link ArgumentValueError} for an unknown reduction.
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * const loss = new nn.SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' });
 * console.log(String(loss.call(new Tensor([[0, 0], [2, 0]], 'float32'), new Tensor([0, 0], 'int32')))); // 0.4100376
 * ```
 */
export class SoftmaxCrossEntropyWithLogits extends Cell {
  private readonly sparse: boolean;
  private readonly reduction: Reduction;

  /** @param given - `sparse` labels and the `reduction`. */
  constructor(given?: { sparse?: boolean; reduction?: Reduction }) {
    super();
    const options = checkOptions(given, this.constructor.name);
    this.sparse = options.sparse ?? false;
    this.reduction = checkReduction('SoftmaxCrossEntropyWithLogits', options.reduction ?? 'none');
  }

  override construct(logits: Tensor, labels: Tensor): Tensor {
    let dense = labels;
    if (this.sparse) {
      const classes = logits.shape[1] ?? 1;
      const ids = new Tensor(new NDArray(Int32Array.from({ length: classes }, (_, i) => i), [classes], DTYPES.int32));
      const hit = ops.Equal()(ops.Reshape()(ops.Cast()(labels, DTYPES.int32), [labels.shape[0] ?? 1, 1]), ids);
      dense = ops.Cast()(hit, logits.dtype);
    }
    const [loss] = ops.SoftmaxCrossEntropyWithLogits()(logits, dense);
    return reduced(loss, this.reduction);
  }
}

/** r1.5's LossBase for an elementwise loss of (logits − labels): the reduction ('mean' by default) checked once. */
abstract class DifferenceLoss extends Cell {
  private readonly reduction: Reduction;

  /** @param given - the reduction. */
  constructor(given?: { reduction?: Reduction }) {
    super();
    const options = checkOptions(given, this.constructor.name);
    this.reduction = checkReduction(this.constructor.name, options.reduction ?? 'mean');
  }

  /** The per-element loss of a difference. */
  protected abstract of(diff: Tensor): Tensor;

  override construct(logits: Tensor, labels: Tensor): Tensor {
    return reduced(this.of(ops.Sub()(logits, labels)), this.reduction);
  }
}

/**
 * Mean squared error: (logits − labels)², reduced (`reduction: 'mean'` by default).
 *
 * @throws {@link ArgumentValueError} for an unknown reduction.
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * console.log(String(new nn.MSELoss().call(new Tensor([1, 2], 'float32'), new Tensor([1, 4], 'float32')))); // 2.0
 * ```
 */
export class MSELoss extends DifferenceLoss {
  protected of(diff: Tensor): Tensor {
    return ops.Square()(diff);
  }
}

/**
 * Mean absolute error: |logits − labels|, reduced (`reduction: 'mean'` by default), as r1.5's `nn.L1Loss`.
 *
 * @throws {@link ArgumentValueError} for an unknown reduction.
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * console.log(String(new nn.L1Loss().call(new Tensor([1, 2, 3], 'float32'), new Tensor([1, 2, 2], 'float32')))); // 0.33333334
 * ```
 */
export class L1Loss extends DifferenceLoss {
  protected of(diff: Tensor): Tensor {
    return ops.Abs()(diff);
  }
}

/**
 * Binary cross-entropy between probabilities and labels, as r1.5's `nn.BCELoss(weight=None,
 * reduction='none')`: −w·(y·log(x) + (1 − y)·log(1 − x)) through `P.BinaryCrossEntropy`.
 *
 * @throws {@link ArgumentTypeError} for a weight that is not a Tensor, or (at a call) logits or labels
 *   that are not Tensors (r1.5's text); {@link ArgumentValueError} for an unknown reduction; at a call,
 *   what {@link ops.BinaryCrossEntropy} refuses.
 * @example
 * ```ts
 * import { Tensor, nn, np } from 'mindsim';
 * const weight = new Tensor(np.array([[1.0, 2.0, 3.0], [4.0, 3.3, 2.2]]), 'float32');
 * const loss = new nn.BCELoss({ weight, reduction: 'mean' });
 * const logits = new Tensor(np.array([[0.1, 0.2, 0.3], [0.5, 0.7, 0.9]]), 'float32');
 * const labels = new Tensor(np.array([[0, 1, 0], [0, 0, 1]]), 'float32');
 * console.log(String(loss.call(logits, labels))); // 1.8952923
 * ```
 */
export class BCELoss extends Cell {
  private readonly weight: Tensor | null;
  private readonly bce: ReturnType<typeof BinaryCrossEntropy>;

  /** @param given - the per-element `weight` (logits' shape and dtype) and the `reduction` ('none'). */
  constructor(given?: { weight?: Tensor | null; reduction?: Reduction }) {
    super();
    const options = checkOptions(given, 'BCELoss');
    const weight = options.weight ?? null;
    if (weight !== null && !(weight instanceof Tensor)) throw new ArgumentTypeError(`For 'BCELoss', the 'weight' should be a Tensor or None, but got ${pythonType(weight)}.`);
    this.bce = BinaryCrossEntropy({ reduction: options.reduction ?? 'none' });
    this.weight = weight;
  }

  override construct(logits: Tensor, labels: Tensor): Tensor {
    for (const [name, v] of [['logits', logits], ['labels', labels]] as const) {
      if (!(v instanceof Tensor)) throw new ArgumentTypeError(`For 'BCELoss', the '${name}' should be 'Tensor', but got '${pythonType(v)}'`);
    }
    return this.weight ? this.bce(logits, labels, this.weight) : this.bce(logits, labels);
  }
}

/**
 * Binary cross-entropy on logits, as r1.5's `nn.BCEWithLogitsLoss(reduction='mean', weight=None,
 * pos_weight=None)`: ℓ = w · ((1 − y)·x + (1 + (p − 1)·y)·(log(e^−m + e^(−x−m)) + m)), m = max(−x, 0), the
 * numerically stable form of r1.5's `P.BCEWithLogitsLoss` kernel, built from float32 ops (r1.5 has the
 * fused kernel on GPU and Ascend only); its gradient for the logits and for the labels. weight and
 * pos_weight broadcast against the logits (ones when not given).
 *
 * @throws {@link ArgumentTypeError} for a weight or pos_weight that is a Parameter or not a Tensor (r1.5's
 *   text), or (at a call) logits or labels that are not Tensors; {@link ArgumentValueError} for an unknown reduction.
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * const loss = new nn.BCEWithLogitsLoss();
 * console.log(String(loss.call(new Tensor([0, 2], 'float32'), new Tensor([1, 0], 'float32')))); // 1.4100376
 * ```
 */
export class BCEWithLogitsLoss extends Cell {
  private readonly weight: Tensor | null;
  private readonly posWeight: Tensor | null;
  private readonly reduction: Reduction;

  /** @param given - the `reduction` ('mean'), and the optional `weight` and `posWeight` Tensors. */
  constructor(given?: { reduction?: Reduction; weight?: Tensor | null; posWeight?: Tensor | null }) {
    super();
    const options = checkOptions(given, 'BCEWithLogitsLoss');
    this.reduction = checkReduction('BCEWithLogitsLoss', options.reduction ?? 'mean');
    for (const [name, v] of [['weight', options.weight], ['pos_weight', options.posWeight]] as const) {
      if (v === undefined || v === null) continue;
      if (v instanceof Parameter) throw new ArgumentTypeError(`For 'BCEWithLogitsLoss', the '${name}' can not be a Parameter.`);
      if (!(v instanceof Tensor)) throw new ArgumentTypeError(`For 'BCEWithLogitsLoss', the '${name}' should be a Tensor or None, but got ${pythonType(v)}.`);
    }
    this.weight = options.weight ?? null;
    this.posWeight = options.posWeight ?? null;
  }

  override construct(logits: Tensor, labels: Tensor): Tensor {
    for (const [name, v] of [['logits', logits], ['labels', labels]] as const) {
      if (!(v instanceof Tensor)) throw new ArgumentTypeError(`For 'BCEWithLogitsLoss', the '${name}' should be 'Tensor', but got '${pythonType(v)}'`);
    }
    const x = logits;
    const m = ops.Maximum()(ops.Neg()(x), 0);
    const soft = ops.Add()(ops.Log()(ops.Add()(ops.Exp()(ops.Neg()(m)), ops.Exp()(ops.Sub()(ops.Neg()(x), m)))), m);
    const logWeight = this.posWeight ? ops.Add()(ops.Mul()(ops.Sub()(this.posWeight, 1), labels), 1) : null;
    let loss = ops.Add()(ops.Mul()(ops.Sub()(1, labels), x), logWeight ? ops.Mul()(logWeight, soft) : soft);
    if (this.weight) loss = ops.Mul()(loss, this.weight);
    return reduced(loss, this.reduction);
  }
}
