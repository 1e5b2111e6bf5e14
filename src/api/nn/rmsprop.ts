/**
 * nn.RMSProp as MindSpore r1.5 (`nn/optim/rmsprop.py`): mean squares start at one, moments (and, when
 * centered, mean gradients) at zero; each step runs ApplyRMSProp or ApplyCenteredRMSProp per Parameter
 * after weight decay and loss scale.
 * @module
 */
import { checkBool, checkFloatBound, checkOptions } from '../ops/attr-checks.js';
import * as update from '../ops/optimizers.js';
import type { Parameter, ParameterTuple } from '../parameter.js';
import type { Tensor } from '../tensor.js';
import { Optimizer, type OptimizerOptions } from './optim.js';

/** RMSProp's options (r1.5's keyword arguments and defaults). */
export interface RMSPropOptions extends OptimizerOptions {
  /** The mean square's decay (0.9). */
  readonly decay?: number;
  /** The moment's factor (0). */
  readonly momentum?: number;
  /** Added under the root (1e-10). */
  readonly epsilon?: number;
  /** r1.5's use_locking (false; a flag without effect in a simulator). */
  readonly useLocking?: boolean;
  /** Subtract the mean gradient's square (false). */
  readonly centered?: boolean;
}

/**
 * Root-mean-square propagation, as r1.5's `nn.RMSProp(params, learning_rate=0.1, decay=0.9,
 * momentum=0.0, epsilon=1e-10, use_locking=False, centered=False, loss_scale=1.0, weight_decay=0.0)`.
 *
 * @throws {@link ArgumentValueError} / {@link ArgumentTypeError} for a negative decay or momentum, an epsilon
 *   that is not positive, flags that are not booleans (r1.5's texts), and what {@link Optimizer} refuses.
 * @example
 * ```ts
 * import { Parameter, Tensor, nn } from 'mindsim';
 * const w = new Parameter(new Tensor([1, 2], 'float32'), 'w');
 * const opt = new nn.RMSProp([w], { learningRate: 0.1 });
 * opt.call(new Tensor([2, -2], 'float32'));
 * console.log(String(w.asnumpy()), opt.ms[0]!.name); // [0.8245884 2.1754117] mean_square.w
 * ```
 */
export class RMSProp extends Optimizer {
  // declared in r1.5's order (parametersAndNames lists them so)
  /** The mean gradients (`mean_grad.<name>`, zeros) when centered, else null. */
  readonly mg: ParameterTuple | null;
  /** The mean squares (`mean_square.<name>`, ones). */
  readonly ms: ParameterTuple;
  /** The moments (`moment.<name>`, zeros). */
  readonly moment: ParameterTuple;
  /** The options' decay. */
  readonly decay: number;
  /** The options' momentum. */
  readonly momentum: number;
  /** The options' epsilon. */
  readonly epsilon: number;
  /** Whether the centered form runs. */
  readonly centered: boolean;
  private readonly plain: ReturnType<typeof update.ApplyRMSProp>;
  private readonly centeredOp: ReturnType<typeof update.ApplyCenteredRMSProp>;

  /** @param params - the Parameters. @param given - r1.5's keyword arguments. */
  constructor(params: Iterable<Parameter>, given?: RMSPropOptions) {
    const options = checkOptions(given, 'RMSProp') as RMSPropOptions;
    super(params, options.learningRate ?? 0.1, options);
    try {
      this.decay = checkFloatBound(options.decay ?? 0.9, 0, '>=', 'decay', 'RMSProp');
      this.momentum = checkFloatBound(options.momentum ?? 0, 0, '>=', 'momentum', 'RMSProp');
      this.epsilon = checkFloatBound(options.epsilon ?? 1e-10, 0, '>', 'epsilon', 'RMSProp');
      const useLocking = checkBool(options.useLocking ?? false, 'use_locking', 'RMSProp');
      this.centered = checkBool(options.centered ?? false, 'centered', 'RMSProp');
      this.plain = update.ApplyRMSProp({ useLocking });
      this.centeredOp = update.ApplyCenteredRMSProp({ useLocking });
      // r1.5's order: mean_grad (when centered), then mean_square and moment
      this.mg = this.centered ? this.parameters.clone('mean_grad', 'zeros') : null;
      this.ms = this.parameters.clone('mean_square', 'ones');
      this.moment = this.parameters.clone('moment', 'zeros');
    } catch (e) {
      throw this.refused(e);
    }
  }

  protected apply(param: Parameter, i: number, grad: Tensor, lr: Tensor): Tensor {
    if (this.mg) return this.centeredOp(param, this.mg[i]!, this.ms[i]!, this.moment[i]!, grad, lr, this.decay, this.momentum, this.epsilon);
    return this.plain(param, this.ms[i]!, this.moment[i]!, lr, grad, this.decay, this.momentum, this.epsilon);
  }
}
