/**
 * Training wrappers: WithLossCell (a network and its loss) and TrainOneStepCell (forward, backward
 * and the optimizer's update in one call), as MindSpore's.
 * @module
 */
import { ArgumentTypeError } from '../../errors/index.js';
import { backprop } from '../autodiff/grad-operation.js';
import { stepScope } from '../memory.js';
import { withTape } from '../graph/tape.js';
import * as ops from '../ops/index.js';
import type { Tensor } from '../tensor.js';
import { Cell } from './cell.js';
import { DistributedGradReducer } from './grad-reducer.js';
import { Optimizer } from './optim.js';
import { deviceNum, parallelMode } from '../parallel/context.js';
import { currentContext } from '../execution-context.js';

/**
 * A network followed by its loss: `call(data, label)` = `loss(backbone(data), label)`.
 *
 * @throws {@link ArgumentTypeError} when the backbone or loss is not a Cell.
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * const net = new nn.WithLossCell(new nn.Dense(2, 1, { weightInit: 'ones' }), new nn.MSELoss());
 * console.log(String(net.call(new Tensor([[1, 2]], 'float32'), new Tensor([[1]], 'float32')))); // 4.0
 * ```
 */
export class WithLossCell extends Cell {
  /** @param backbone - the network. @param lossFn - the loss cell. */
  constructor(
    /** The network. */
    readonly backbone: Cell,
    /** The loss. */
    readonly lossFn: Cell,
  ) {
    super(false);
    if (!(backbone instanceof Cell) || !(lossFn instanceof Cell)) throw new ArgumentTypeError('WithLossCell: the backbone and the loss must be Cells');
  }

  override construct(data: Tensor, label: Tensor): Tensor {
    return this.lossFn.call(this.backbone.call(data), label);
  }
}

/** A forward pass's loss and the gradients of the optimizer's Parameters. */
export interface LossAndGradients {
  /** The loss. */
  readonly loss: Tensor;
  /** One gradient per Parameter, in the optimizer's order. */
  readonly grads: Tensor[];
}

/**
 * One training step: the loss network forward, gradients of the optimizer's Parameters (starting from
 * `sens`), and the optimizer's update; returns the loss, ordered after the update. In DATA_PARALLEL
 * and HYBRID_PARALLEL (set before it is built) the gradients go through a
 * {@link DistributedGradReducer} first, as r1.5 builds it: `mean` from `gradientsMean`, `degree` from
 * `deviceNum` (the group size unless set).
 *
 * @throws {@link ArgumentTypeError} when the network is not a Cell or the optimizer not an Optimizer.
 * @example
 * ```ts
 * import { Tensor, nn, setSeed } from 'mindsim';
 * setSeed(1);
 * const net = new nn.WithLossCell(new nn.Dense(2, 1), new nn.MSELoss());
 * const step = new nn.TrainOneStepCell(net, new nn.SGD(net.trainableParams(), { learningRate: 0.1 }));
 * const x = new Tensor([[1, 2]], 'float32');
 * const y = new Tensor([[1]], 'float32');
 * const losses = [0, 1, 2].map(() => Number(step.call(x, y).asnumpy().item()));
 * console.log(losses[2]! < losses[0]!); // true
 * ```
 */
export class TrainOneStepCell extends Cell {
  /**
   * @param network - the network with its loss (a WithLossCell).
   * @param optimizer - updates the Parameters it was given.
   * @param sens - the loss's sensitivity: the gradient backpropagation starts from (1).
   */
  constructor(
    /** The network with its loss. */
    readonly network: Cell,
    /** The optimizer. */
    readonly optimizer: Optimizer,
    /** The loss's sensitivity. */
    readonly sens = 1,
  ) {
    super(false);
    if (!(network instanceof Cell)) throw new ArgumentTypeError(`${new.target.name}: the network must be a Cell`);
    if (!(optimizer instanceof Optimizer)) throw new ArgumentTypeError(`${new.target.name}: the optimizer must be an nn.Optimizer`);
    const mode = parallelMode();
    this.gradReducer = mode === 'data_parallel' || mode === 'hybrid_parallel'
      ? new DistributedGradReducer(optimizer.parameters, currentContext().autoParallel.get('gradientsMean'), deviceNum())
      : null;
  }

  /** The gradient reducer of data and hybrid parallel (null otherwise: r1.5's identity). */
  readonly gradReducer: DistributedGradReducer | null;

  /** The gradients as the optimizer takes them: reduced across ranks in data and hybrid parallel. */
  protected reduced(grads: Tensor[]): Tensor[] {
    return this.gradReducer ? this.gradReducer.reduce(grads) : grads;
  }

  /**
   * One step. Its intermediate results (activations, gradients) give their device memory back at the
   * next full synchronisation; only the returned loss is kept, so a long loop holds steady memory.
   */
  override construct(...inputs: Tensor[]): Tensor {
    return stepScope('the end of a TrainOneStepCell step', () => {
      const { loss, grads } = this.lossAndGradients(inputs, (l) => ops.Mul()(ops.OnesLike()(l), this.sens));
      return ops.depend(loss, this.optimizer.call(...this.reduced(grads)));
    }, (loss) => [loss]);
  }

  /**
   * The network forward on a tape, then the gradients of the optimizer's Parameters backwards from
   * `sensOf(loss)` (zeros for a Parameter the loss does not reach), in the optimizer's order.
   */
  protected lossAndGradients(inputs: readonly Tensor[], sensOf: (loss: Tensor) => Tensor): LossAndGradients {
    const { value: loss, tape } = withTape(() => this.network.call(...inputs));
    const grads = backprop(tape, [loss], [sensOf(loss)], [...this.optimizer.parameters]);
    return { loss, grads: [...this.optimizer.parameters].map((p) => grads.get(p) ?? ops.ZerosLike()(p)) };
  }
}

/**
 * A network and its loss for evaluation, as r1.5's `nn.WithEvalCell(network, loss_fn, add_cast_fp32)`:
 * `evaluate(data, label)` gives r1.5's tuple [loss, outputs, label] (outputs and label cast to float32
 * with `addCastFp32`); `call` gives the loss alone (a mindsim Cell returns one Tensor).
 *
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * const net = new nn.WithEvalCell(new nn.Dense(2, 1, { weightInit: 'ones' }), new nn.MSELoss());
 * const [loss, out] = net.evaluate(new Tensor([[1, 2]], 'float32'), new Tensor([[1]], 'float32'));
 * console.log(String(loss), String(out)); // 4.0 [[3.]]
 * ```
 */
export class WithEvalCell extends Cell {
  /**
   * @param network - the network.
   * @param lossFn - its loss.
   * @param addCastFp32 - cast outputs and label to float32 before the loss (false).
   */
  constructor(
    /** The network. */
    readonly network: Cell,
    /** The loss. */
    readonly lossFn: Cell,
    /** Whether outputs and label are cast to float32. */
    readonly addCastFp32 = false,
  ) {
    super(false);
    if (!(network instanceof Cell) || !(lossFn instanceof Cell)) throw new ArgumentTypeError('WithEvalCell: the network and the loss must be Cells');
  }

  /** r1.5's construct: [loss, outputs, label]. */
  evaluate(data: Tensor, label: Tensor): [Tensor, Tensor, Tensor] {
    let outputs = this.network.call(data);
    let y = label;
    if (this.addCastFp32) {
      y = ops.Cast()(y, 'float32');
      outputs = ops.Cast()(outputs, 'float32');
    }
    return [this.lossFn.call(outputs, y), outputs, y];
  }

  override construct(data: Tensor, label: Tensor): Tensor {
    return this.evaluate(data, label)[0];
  }
}
