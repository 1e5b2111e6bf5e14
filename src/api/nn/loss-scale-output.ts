/**
 * What `TrainOneStepWithLossScaleCell.call` returns, as r1.5's `(loss, cond, scaling_sens)`.
 * @module
 */
import { Tensor } from '../tensor.js';

/**
 * The loss of a loss-scaled step, which also unpacks as r1.5's `loss, cond, scaling_sens =
 * train_network(x, y)`: `const [loss, cond, scalingSens] = step.call(x, y)`. Used as a Tensor it is the
 * loss itself (what a Cell's call returns).
 *
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * const net = new nn.WithLossCell(new nn.Dense(2, 1, { weightInit: 'ones' }), new nn.MSELoss());
 * const step = new nn.TrainOneStepWithLossScaleCell(net, new nn.SGD(net.trainableParams()), new Tensor([8], 'float32'));
 * const [loss, cond, scalingSens] = step.call(new Tensor([[1, 2]], 'float32'), new Tensor([[1]], 'float32'));
 * console.log(String(loss), String(cond), String(scalingSens)); // 4.0 False [8.]
 * ```
 */
export class LossScaleOutput extends Tensor implements Iterable<Tensor> {
  /** Whether the gradients overflowed (a Bool tensor): r1.5's `cond`. */
  declare readonly cond: Tensor;
  /** The loss scale the step used: r1.5's `scaling_sens`. */
  declare readonly scalingSens: Tensor;

  /** The loss, with the step's overflow condition and scale attached. */
  static of(loss: Tensor, cond: Tensor, scalingSens: Tensor): LossScaleOutput {
    const out = Object.setPrototypeOf(loss.alias([]), LossScaleOutput.prototype) as LossScaleOutput;
    Object.defineProperties(out, { cond: { value: cond, enumerable: true }, scalingSens: { value: scalingSens, enumerable: true } });
    return out;
  }

  /** r1.5's tuple: the loss, the overflow condition, the scale. */
  *[Symbol.iterator](): Iterator<Tensor> {
    yield this;
    yield this.cond;
    yield this.scalingSens;
  }
}
