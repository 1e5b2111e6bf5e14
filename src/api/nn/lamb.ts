/**
 * nn.Lamb as MindSpore r1.5 (`nn/optim/lamb.py`): layer-wise adaptive moments, built from float32 ops as
 * r1.5's `_update_run_op` builds them on GPU and CPU (its Ascend path fuses the same arithmetic into
 * LambNextMV / LambUpdateWithLR kernels; mindsim runs the composite on every target).
 * @module
 */
import { checkOptions } from '../ops/attr-checks.js';
import * as ops from '../ops/index.js';
import { Parameter } from '../parameter.js';
import { Tensor } from '../tensor.js';
import { AdamFamily } from './adam-weight-decay.js';
import type { LearningRate, OptimizerOptions } from './optim.js';

/** Lamb's options (r1.5's keyword arguments; the learning rate has no default, as r1.5's). */
export interface LambOptions extends Omit<OptimizerOptions, 'lossScale' | 'learningRate'> {
  /** The first moment's decay, in (0, 1) (0.9). */
  readonly beta1?: number;
  /** The second moment's decay, in (0, 1) (0.999). */
  readonly beta2?: number;
  /** Added to the second moment's root (1e-6). */
  readonly eps?: number;
}

/** r1.5's `nn.Norm()`: √Σx² over every axis, a 0-d tensor. */
function norm(x: Tensor): Tensor {
  return ops.Reshape()(ops.Sqrt()(ops.ReduceSum({ keepDims: true })(ops.Square()(x))), []);
}

/**
 * LAMB, as r1.5's `nn.Lamb(params, learning_rate, beta1=0.9, beta2=0.999, eps=1e-6, weight_decay=0.0)`:
 * Adam's bias-corrected moments, an update m̂ / (√v̂ + eps) (+ weight_decay · w where r1.5's decay filter
 * applies), scaled by the trust ratio ‖w‖ / ‖m̂ / √(v̂ + eps) + weight_decay · w‖ clipped to [0, 10] (1 when
 * either norm is 0), then w −= ratio · lr · update. Its `global_step` (float32 [1]) counts the steps
 * (with a dynamic rate, the optimizer's own).
 *
 * @throws {@link ArgumentTypeError} / {@link ArgumentValueError} for betas outside (0, 1) or an eps that is not
 *   positive (r1.5's texts), and what {@link Optimizer} refuses.
 * @example
 * ```ts
 * import { Parameter, Tensor, nn } from 'mindsim';
 * const w = new Parameter(new Tensor([1, 2], 'float32'), 'w');
 * const opt = new nn.Lamb([w], 0.1);
 * opt.call(new Tensor([2, -2], 'float32'));
 * console.log(String(w.asnumpy()), opt.moments1[0]!.name); // [0.84188616 2.1581137 ] lamb_m.w
 * ```
 */
export class Lamb extends AdamFamily {
  /** The steps taken (float32 [1], `global_step`) with a fixed rate; null with a dynamic one (the optimizer's). */
  readonly lambStep: Parameter | null;
  private step: Tensor | null = null;

  /** @param params - the Parameters. @param learningRate - the rate (required, as r1.5). @param given - r1.5's keyword arguments. */
  constructor(params: Iterable<Parameter>, learningRate: LearningRate, given?: LambOptions) {
    super(params, learningRate, checkOptions(given, 'Lamb') as LambOptions, 'Lamb', 'lamb');
    this.lambStep = this.dynamicLr ? null : new Parameter(new Tensor([0], 'float32'), 'global_step');
  }

  /** One step; with a fixed rate, `global_step` moves on after the updates (r1.5's AssignAdd). */
  override call(...grads: Tensor[]): Tensor {
    this.step = this.lambStep ?? this.globalStep!;
    const done = super.call(...grads);
    return this.lambStep ? ops.depend(done, ops.AssignAdd()(this.lambStep, new Tensor([1], 'float32'))) : done;
  }

  protected apply(param: Parameter, i: number, grad: Tensor, lr: Tensor): Tensor {
    const one = this.one;
    const step = this.moments(param, i, grad);
    const { p, g } = step;
    const t = ops.Cast()(ops.Add()(this.step!, ops.Cast()(one, this.step!.dtype)), 'float32');
    const nextMm = ops.RealDiv()(step.nextM, ops.Sub()(one, ops.Pow()(this.beta1, t)));
    const nextVv = ops.RealDiv()(step.nextV, ops.Sub()(one, ops.Pow()(this.beta2, t)));
    const wNorm = norm(p);
    const gNorm = norm(g);
    const gNormHat = norm(ops.Add()(ops.Mul()(nextMm, ops.Rsqrt()(ops.Add()(nextVv, this.eps))), ops.Mul()(this.weightDecay, p)));
    const zeros = ops.ZerosLike()(wNorm);
    const ones = ops.OnesLike()(wNorm);
    let ratio = ops.Select()(ops.Greater()(wNorm, zeros), ops.Select()(ops.Greater()(gNorm, zeros), ops.RealDiv()(wNorm, gNormHat), ones), ones);
    ratio = ops.Maximum()(ops.Minimum()(ratio, new Tensor(10, 'float32')), zeros); // clip_by_value(ratio, 0, 10)
    let update = ops.RealDiv()(nextMm, ops.Add()(ops.Sqrt()(nextVv), this.eps));
    if (this.decayFlags[i]) update = ops.Add()(update, ops.Mul()(this.weightDecay, p));
    return this.written(param, i, ops.Sub()(p, ops.Reshape()(ops.Mul()(ops.Mul()(ratio, lr), update), p.shape)), step);
  }
}
