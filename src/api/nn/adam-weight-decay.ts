/**
 * nn.AdamWeightDecay as MindSpore r1.5 (`nn/optim/adam.py`): Adam without bias correction and with
 * decoupled weight decay, built from float32 ops exactly as r1.5's `_update_run_op` builds it (so every
 * step rounds as MindSpore's does), then written back with Assign.
 * @module
 */
import { ArgumentTypeError } from '../../errors/index.js';
import { pythonTypeName } from '../python-type.js';
import { checkFloatBound, checkFloatRange, checkOptions } from '../ops/attr-checks.js';
import * as ops from '../ops/index.js';
import type { Parameter, ParameterTuple } from '../parameter.js';
import { Tensor } from '../tensor.js';
import { Optimizer, type LearningRate, type OptimizerOptions } from './optim.js';

/** AdamWeightDecay's options (r1.5's keyword arguments and defaults). */
export interface AdamWeightDecayOptions extends Omit<OptimizerOptions, 'lossScale'> {
  /** The first moment's decay, in (0, 1) (0.9). */
  readonly beta1?: number;
  /** The second moment's decay, in (0, 1) (0.999). */
  readonly beta2?: number;
  /** Added to the root of the second moment (1e-6). */
  readonly eps?: number;
}

/** r1.5's `_check_param_value(beta1, beta2, eps, prim_name)`. */
export function checkAdamParams(beta1: unknown, beta2: unknown, eps: unknown, prim: string): void {
  for (const [name, v] of [['beta1', beta1], ['beta2', beta2], ['eps', eps]] as const) {
    if (typeof v !== 'number') throw new ArgumentTypeError(`For '${prim}', the type of \`${name}\` should be float, but got ${String(v)} with type ${pythonTypeName(v)}.`);
  }
  checkFloatRange(beta1, 0, 1, 'neither', 'beta1', prim);
  checkFloatRange(beta2, 0, 1, 'neither', 'beta2', prim);
  checkFloatBound(eps, 0, '>', 'eps', prim);
}

/** The float32 values of one Adam-family step of Parameter i (r1.5's `_update_run_op` prologue). */
export interface AdamMoments {
  /** The Parameter, as float32. */
  readonly p: Tensor;
  /** The gradient, as float32. */
  readonly g: Tensor;
  /** β₁m + (1 − β₁)g. */
  readonly nextM: Tensor;
  /** β₂v + (1 − β₂)g². */
  readonly nextV: Tensor;
}

/**
 * The optimizers r1.5 builds from float32 ops in its `_update_run_op` (AdamWeightDecay, Lamb): their
 * betas and eps as float32 [1] tensors, the moments `<prefix>_m` / `<prefix>_v`, the shared moment
 * update and the write-back of the Parameter and its moments; the gradients are neither decayed nor
 * unscaled first (the decay is in the update, as r1.5).
 */
export abstract class AdamFamily extends Optimizer {
  /** The first moments (`<prefix>_m.<name>`). */
  readonly moments1: ParameterTuple;
  /** The second moments (`<prefix>_v.<name>`). */
  readonly moments2: ParameterTuple;
  /** β₁ (float32 [1]). */
  protected readonly beta1: Tensor;
  /** β₂ (float32 [1]). */
  protected readonly beta2: Tensor;
  /** eps (float32 [1]). */
  protected readonly eps: Tensor;
  /** 1 as a float32 [1] tensor (r1.5's `num_one`). */
  protected readonly one = new Tensor([1], 'float32');

  /** @param prim - the optimizer's name (for messages). @param prefix - the moments' name prefix. */
  constructor(params: Iterable<Parameter>, learningRate: LearningRate, options: AdamWeightDecayOptions, prim: string, prefix: string) {
    super(params, learningRate, { weightDecay: options.weightDecay });
    try {
      const [beta1, beta2, eps] = [options.beta1 ?? 0.9, options.beta2 ?? 0.999, options.eps ?? 1e-6];
      checkAdamParams(beta1, beta2, eps, prim);
      const f32 = (v: number): Tensor => new Tensor([v], 'float32'); // r1.5: Tensor(np.array([x]).astype(np.float32))
      [this.beta1, this.beta2, this.eps] = [f32(beta1), f32(beta2), f32(eps)];
      this.moments1 = this.parameters.clone(`${prefix}_m`, 'zeros');
      this.moments2 = this.parameters.clone(`${prefix}_v`, 'zeros');
    } catch (e) {
      throw this.refused(e);
    }
  }

  /** r1.5 neither decays nor unscales these optimizers' gradients: the decay is in the update. */
  protected override prepared(grad: Tensor): Tensor {
    return grad;
  }

  /** The float32 Parameter and gradient and the new moments of Parameter i. */
  protected moments(param: Parameter, i: number, grad: Tensor): AdamMoments {
    const f32 = (t: Tensor) => ops.Cast()(t, 'float32');
    const [p, m, v, g] = [f32(param), f32(this.moments1[i]!), f32(this.moments2[i]!), f32(grad)];
    const nextM = ops.Add()(ops.Mul()(this.beta1, m), ops.Mul()(ops.Sub()(this.one, this.beta1), g));
    const nextV = ops.Add()(ops.Mul()(this.beta2, v), ops.Mul()(ops.Sub()(this.one, this.beta2), ops.Square()(g)));
    return { p, g, nextM, nextV };
  }

  /** Assigns the new Parameter and moments (cast to their dtypes); a handle ordered after the three. */
  protected written(param: Parameter, i: number, next: Tensor, { nextM, nextV }: AdamMoments): Tensor {
    const writes = [
      ops.Assign()(param, ops.Cast()(next, param.dtype)),
      ops.Assign()(this.moments1[i]!, ops.Cast()(nextM, this.moments1[i]!.dtype)),
      ops.Assign()(this.moments2[i]!, ops.Cast()(nextV, this.moments2[i]!.dtype)),
    ];
    return writes.reduce((all, w) => ops.depend(all, w));
  }
}

/**
 * Adam with decoupled weight decay, as r1.5's `nn.AdamWeightDecay(params, learning_rate=1e-3,
 * beta1=0.9, beta2=0.999, eps=1e-6, weight_decay=0.0)`: m = β₁m + (1 − β₁)g; v = β₂v + (1 − β₂)g²;
 * update = m / (eps + √v) (+ weight_decay · w for Parameters whose names contain neither 'beta' nor
 * 'gamma'); w −= lr · update. No bias correction, as r1.5.
 *
 * @throws {@link ArgumentTypeError} / {@link ArgumentValueError} for betas outside (0, 1), an eps that is not
 *   positive (r1.5's texts), and what {@link Optimizer} refuses.
 * @example
 * ```ts
 * import { Parameter, Tensor, nn } from 'mindsim';
 * const w = new Parameter(new Tensor([1, 2], 'float32'), 'w');
 * const opt = new nn.AdamWeightDecay([w], { learningRate: 0.1, weightDecay: 0.01 });
 * opt.call(new Tensor([2, -2], 'float32'));
 * console.log(String(w.asnumpy()), opt.moments1[0]!.name); // [0.68277514 2.314225  ] adam_m.w
 * ```
 */
export class AdamWeightDecay extends AdamFamily {
  /** @param params - the Parameters. @param given - r1.5's keyword arguments. */
  constructor(params: Iterable<Parameter>, given?: AdamWeightDecayOptions) {
    const options = checkOptions(given, 'AdamWeightDecay') as AdamWeightDecayOptions;
    super(params, options.learningRate ?? 1e-3, options, 'AdamWeightDecay', 'adam');
  }

  protected apply(param: Parameter, i: number, grad: Tensor, lr: Tensor): Tensor {
    const step = this.moments(param, i, grad);
    let update = ops.RealDiv()(step.nextM, ops.Add()(this.eps, ops.Sqrt()(step.nextV)));
    if (this.decayFlags[i]) update = ops.Add()(ops.Mul()(this.weightDecay, step.p), update);
    return this.written(param, i, ops.Sub()(step.p, ops.Reshape()(ops.Mul()(lr, update), step.p.shape)), step);
  }
}
