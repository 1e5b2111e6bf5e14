/**
 * nn.Lamb as MindSpore r1.5 (`nn/optim/lamb.py`): layer-wise adaptive moments, built from float32 ops as
 * r1.5's `_update_run_op` builds them on GPU and CPU (its Ascend path fuses the same arithmetic into
 * LambNextMV / LambUpdateWithLR kernels; mindsim runs the composite on every target).
 * @module
 */
import { checkOptions } from '../ops/attr-checks.js';
import * as ops from '../ops/index.js';
import { Parameter, type ParameterTuple } from '../parameter.js';
import { Tensor } from '../tensor.js';
import { checkAdamParams } from './adam-weight-decay.js';
import { Optimizer, type OptimizerOptions } from './optim.js';

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
export class Lamb extends Optimizer {
  /** The first moments (`lamb_m.<name>`). */
  readonly moments1: ParameterTuple;
  /** The second moments (`lamb_v.<name>`). */
  readonly moments2: ParameterTuple;
  /** The steps taken (float32 [1], `global_step`) with a fixed rate; null with a dynamic one (the optimizer's). */
  readonly lambStep: Parameter | null;
  private readonly beta1: Tensor;
  private readonly beta2: Tensor;
  private readonly eps: Tensor;
  private step: Tensor | null = null;

  /** @param params - the Parameters. @param learningRate - the rate (required, as r1.5). @param given - r1.5's keyword arguments. */
  constructor(params: Iterable<Parameter>, learningRate: OptimizerOptions['learningRate'], given?: LambOptions) {
    const options = checkOptions(given, 'Lamb') as LambOptions;
    super(params, learningRate as never, { weightDecay: options.weightDecay });
    const [beta1, beta2, eps] = [options.beta1 ?? 0.9, options.beta2 ?? 0.999, options.eps ?? 1e-6];
    checkAdamParams(beta1, beta2, eps, 'Lamb');
    const f32 = (v: number): Tensor => new Tensor([v], 'float32');
    [this.beta1, this.beta2, this.eps] = [f32(beta1), f32(beta2), f32(eps)];
    this.moments1 = this.parameters.clone('lamb_m', 'zeros');
    this.moments2 = this.parameters.clone('lamb_v', 'zeros');
    this.lambStep = this.dynamicLr ? null : new Parameter(new Tensor([0], 'float32'), 'global_step');
  }

  /** r1.5's Lamb neither decays nor unscales the gradients: the decay is in the update. */
  protected override prepared(grad: Tensor): Tensor {
    return grad;
  }

  /** One step; with a fixed rate, `global_step` moves on after the updates (r1.5's AssignAdd). */
  override call(...grads: Tensor[]): Tensor {
    const counter = this.lambStep ?? this.globalStep!;
    this.step = counter;
    const done = super.call(...grads);
    return this.lambStep ? ops.depend(done, ops.AssignAdd()(this.lambStep, new Tensor([1], 'float32'))) : done;
  }

  protected apply(param: Parameter, i: number, grad: Tensor, lr: Tensor): Tensor {
    const f32 = (t: Tensor) => ops.Cast()(t, 'float32');
    const one = new Tensor([1], 'float32');
    const [p, m, v, g] = [f32(param), f32(this.moments1[i]!), f32(this.moments2[i]!), f32(grad)];
    const nextM = ops.Add()(ops.Mul()(this.beta1, m), ops.Mul()(ops.Sub()(one, this.beta1), g));
    const nextV = ops.Add()(ops.Mul()(this.beta2, v), ops.Mul()(ops.Sub()(one, this.beta2), ops.Square()(g)));
    const t = f32(ops.Add()(this.step!, ops.Cast()(one, this.step!.dtype)));
    const nextMm = ops.RealDiv()(nextM, ops.Sub()(one, ops.Pow()(this.beta1, t)));
    const nextVv = ops.RealDiv()(nextV, ops.Sub()(one, ops.Pow()(this.beta2, t)));
    const wNorm = norm(p);
    const gNorm = norm(g);
    const gNormHat = norm(ops.Add()(ops.Mul()(nextMm, ops.Rsqrt()(ops.Add()(nextVv, this.eps))), ops.Mul()(this.weightDecay, p)));
    const zeros = ops.ZerosLike()(wNorm);
    const ones = ops.OnesLike()(wNorm);
    let ratio = ops.Select()(ops.Greater()(wNorm, zeros), ops.Select()(ops.Greater()(gNorm, zeros), ops.RealDiv()(wNorm, gNormHat), ones), ones);
    ratio = ops.Maximum()(ops.Minimum()(ratio, new Tensor(10, 'float32')), zeros); // clip_by_value(ratio, 0, 10)
    let update = ops.RealDiv()(nextMm, ops.Add()(ops.Sqrt()(nextVv), this.eps));
    if (this.decayFlags[i]) update = ops.Add()(update, ops.Mul()(this.weightDecay, p));
    const next = ops.Sub()(p, ops.Reshape()(ops.Mul()(ops.Mul()(ratio, lr), update), p.shape));
    const written = [
      ops.Assign()(param, ops.Cast()(next, param.dtype)),
      ops.Assign()(this.moments1[i]!, ops.Cast()(nextM, this.moments1[i]!.dtype)),
      ops.Assign()(this.moments2[i]!, ops.Cast()(nextV, this.moments2[i]!.dtype)),
    ];
    return written.reduce((all, w) => ops.depend(all, w));
  }
}
