/**
 * Optimizers as MindSpore's: each step applies its update primitive (ApplyMomentum, SGD, Adam) to
 * every Parameter, a memory side effect that writes the Parameter and its state in place.
 * @module
 */
import { checkOptions, valueTypeError } from '../ops/attr-checks.js';
import { pythonType } from '../python-type.js';
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import * as ops from '../ops/index.js';
import * as update from '../ops/optimizers.js';
import { Parameter, ParameterTuple } from '../parameter.js';
import { Tensor } from '../tensor.js';
import { currentContext } from '../execution-context.js';
import { NDArray, array as npArray } from '../numpy/index.js';
import { Cell } from './cell.js';
import { LearningRateSchedule } from './learning-rate-schedule.js';
import { updateOnServer } from '../parallel/ps.js';

/**
 * A learning rate as r1.5 takes it: a number or a 0-d Tensor (fixed), or one rate per step — a list
 * (see `piecewiseConstantLr`, `exponentialDecayLr`, `cosineDecayLr`...), a 1-d Tensor, or a
 * {@link LearningRateSchedule} computing it from the global step.
 */
export type LearningRate = number | Tensor | readonly number[] | LearningRateSchedule;

/** What every optimizer takes besides its own settings. */
export interface OptimizerOptions {
  /** The learning rate (each optimizer has its default). */
  readonly learningRate?: LearningRate;
  /** L2 weight decay added to the gradients (0). */
  readonly weightDecay?: number;
  /** The loss scale the gradients are divided by (1). */
  readonly lossScale?: number;
}

/** A learning rate as a float32 Tensor: 0-d (fixed) or 1-d (one per step), with r1.5's checks. */
function learningRateOf(lr: unknown, name: string): Tensor {
  if (typeof lr === 'number') {
    if (!(lr >= 0)) throw new ArgumentValueError(`For '${name}', the 'learning_rate' must be >= 0, but got ${lr}.`);
    return new Tensor(lr, 'float32');
  }
  if (lr instanceof Tensor) {
    if (lr.shape.length > 1) throw new ArgumentValueError(`For '${name}', the dim of \`Tensor\` type Learning rate should be a 0 or 1,but got ${lr.shape.length}.`); // r1.5's text, naming the optimizer
    if (lr.shape.length === 1 && lr.size < 2) {
      currentContext().printSink('[WARNING] If use `Tensor` type dynamic learning rate, please make sure that the numberof elements in the tensor is greater than 1.\n');
    }
    return lr.dtype.name === 'float32' ? new Tensor(lr.asnumpy()) : new Tensor(lr.asnumpy(), 'float32');
  }
  if (Array.isArray(lr)) {
    if (lr.length === 0 || !lr.every((v) => typeof v === 'number')) throw new ArgumentTypeError(`For '${name}', a list learning rate must hold numbers (one per step), but got ${pythonType(lr)}.`);
    return new Tensor(npArray(lr as number[], 'float32'));
  }
  throw new ArgumentTypeError(`For '${name}', learning rate should be int, float, Tensor, Iterable or LearningRateSchedule, but got ${pythonType(lr)}.`); // r1.5's text, naming the optimizer
}

/** The base of the optimizers: the Parameters, the learning rate, weight decay and loss scale. */
export abstract class Optimizer extends Cell {
  /** The Parameters it updates. */
  readonly parameters: ParameterTuple;
  /** The learning rate: a float32 Parameter (one value, or one per step when {@link Optimizer.dynamicLr}), or the schedule it was given. */
  readonly learningRate: Parameter | LearningRateSchedule;
  /** Whether the rate changes each step (a list or a 1-d Tensor was given), as r1.5's `dynamic_lr`. */
  readonly dynamicLr: boolean;
  /** The steps taken, an int32 [1] Parameter named `global_step` (only with a dynamic rate, as r1.5). */
  readonly globalStep: Parameter | null;
  /** L2 weight decay. */
  readonly weightDecay: number;
  /** Gradients are divided by it. */
  readonly lossScale: number;
  /** Whether weight decay applies to each Parameter (r1.5's filter: no 'beta' or 'gamma' in its name). */
  readonly decayFlags: readonly boolean[];
  /** r1.5's weight_decay · loss_scale as a float32 tensor, made at the first decayed step. */
  private scaledDecay: Tensor | null = null;
  /** r1.5's reciprocal_scale (float32 1 / loss_scale), made at the first scaled step. */
  private reciprocalScale: Tensor | null = null;
  /** The host's copy of the global step (it picks the rate of each step). */
  private stepIndex = 0;
  /** Each Parameter given and its name as given (see {@link Optimizer.refused}). */
  private readonly givenNames: readonly (readonly [Parameter, string])[];

  /**
   * @throws {@link ArgumentTypeError} when `params` holds something that is not a Parameter, or the rate is of another kind.
   * @throws {@link ArgumentValueError} for an empty list, a negative learning rate or weight decay, a loss scale ≤ 0, or a rate Tensor of more than one dimension.
   */
  constructor(params: Iterable<Parameter>, learningRate: LearningRate, given: OptimizerOptions | undefined) {
    super(false);
    const name = this.constructor.name;
    const options = checkOptions(given, name);
    const list0 = params as unknown;
    if (typeof list0 !== 'object' || list0 === null || typeof (list0 as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new ArgumentTypeError(`For '${name}', the argument 'parameters' must be a list of Parameters, but got ${pythonType(list0)}.`);
    }
    const list = [...params];
    if (list.length === 0) throw new ArgumentValueError(`For '${name}', the argument 'parameters' must not be empty.`);
    list.forEach((p, i) => {
      if (!(p instanceof Parameter)) throw new ArgumentTypeError(`For '${name}', parameters[${i}] must be a Parameter, but got ${typeof p}.`);
    });
    const rate = learningRate instanceof LearningRateSchedule ? learningRate : learningRateOf(learningRate, name);
    this.weightDecay = options.weightDecay ?? 0;
    this.lossScale = options.lossScale ?? 1;
    if (!(this.weightDecay >= 0)) throw new ArgumentValueError(`For '${name}', the 'weight_decay' must be >= 0, but got ${this.weightDecay}.`);
    if (!(this.lossScale > 0)) throw new ArgumentValueError(`For '${name}', the 'loss_scale' must be > 0, but got ${this.lossScale}.`);
    this.givenNames = list.map((q) => [q, q.name] as const); // before the tuple renames duplicates
    this.parameters = new ParameterTuple(list);
    this.decayFlags = list.map((p) => !p.name.includes('beta') && !p.name.includes('gamma'));
    this.dynamicLr = rate instanceof LearningRateSchedule || rate.shape.length === 1;
    this.learningRate = rate instanceof LearningRateSchedule ? rate : new Parameter(rate, 'learning_rate');
    this.globalStep = this.dynamicLr ? new Parameter(new Tensor(new NDArray(Int32Array.of(0), [1], 'int32')), { name: 'global_step', requiresGrad: false }) : null;
  }

  /**
   * A subclass's refusal after this constructor ran (its own checks, its state's clones): the
   * Parameters the tuple renamed (duplicate names get r1.5's `_0`, `_1`...) get their names back, so
   * a refused optimizer changes nothing; returns `e` to throw.
   */
  protected refused(e: unknown): unknown {
    for (const [p, name] of this.givenNames) p.name = name;
    return e;
  }

  /**
   * The learning rate of this step, as r1.5's `get_lr()`: the rate itself, or with a dynamic rate the
   * global step's entry (the global step then moves on, as r1.5's AssignAdd does).
   *
   * @throws {@link ArgumentValueError} when a dynamic rate has no entry for this step.
   * @example
   * ```ts
   * import { Parameter, Tensor, nn } from 'mindsim';
   * const opt = new nn.Momentum([new Parameter(new Tensor([1], 'float32'), 'w')], [0.1, 0.05], 0.9);
   * console.log(String(opt.getLr()), String(opt.getLr()), String(opt.globalStep!.asnumpy())); // [0.1] [0.05] [2]
   * ```
   */
  getLr(): Tensor {
    const rate = this.learningRate;
    if (rate instanceof LearningRateSchedule) {
      const lr = rate.call(this.globalStep!);
      this.advanceGlobalStep();
      return lr;
    }
    if (!this.dynamicLr) return rate;
    const n = rate.shape[0]!;
    const k = this.stepIndex;
    if (k >= n) throw new ArgumentValueError(`For '${this.constructor.name}', the dynamic learning rate has ${n} values, but step ${k + 1} needs one (give a rate for every step).`);
    this.stepIndex++;
    const lr = ops.Slice()(rate, [k], [1]);
    this.advanceGlobalStep();
    return lr;
  }

  /** r1.5's `assignadd(global_step, 1)` after a dynamic rate is read. */
  private advanceGlobalStep(): void {
    ops.AssignAdd()(this.globalStep!, new Tensor(new NDArray(Int32Array.of(1), [1], 'int32')));
  }

  /**
   * A gradient as the update uses it, as r1.5's `decay_weight` then `scale_grad`: weight decay (times
   * the loss scale, as r1.5 stores it) added for Parameters its filter picks (no 'beta' or 'gamma' in
   * the name), then multiplied by the float32 reciprocal of the loss scale.
   */
  protected prepared(grad: Tensor, param: Parameter, i: number): Tensor {
    // the float32 constants are made once (not a new tensor and Cast per Parameter and step)
    const as = (t: Tensor, like: Tensor) => (t.dtype === like.dtype ? t : ops.Cast()(t, like.dtype));
    let g = grad;
    if (this.weightDecay > 0 && this.decayFlags[i]) {
      this.scaledDecay ??= new Tensor(this.weightDecay * this.lossScale, 'float32');
      g = ops.AddN()([ops.Mul()(param, as(this.scaledDecay, param)), g]);
    }
    if (this.lossScale !== 1) {
      this.reciprocalScale ??= new Tensor(1 / this.lossScale, 'float32');
      g = ops.Mul()(g, as(this.reciprocalScale, g));
    }
    return g;
  }

  /** One step: `grads` in the order of {@link Optimizer.parameters}; returns a handle ordered after every update. */
  override call(...grads: Tensor[]): Tensor {
    if (grads.length !== this.parameters.length) {
      throw new ArgumentValueError(`For '${this.constructor.name}', expected ${this.parameters.length} gradients, but got ${grads.length}.`);
    }
    const lr = this.getLr();
    const done = [...this.parameters].map((p, i) => this.apply(p, i, this.prepared(grads[i]!, p, i), lr));
    return done.reduce((all, u) => ops.depend(all, u));
  }

  /** Applies the update to Parameter `i` with this step's learning rate. */
  protected abstract apply(param: Parameter, i: number, grad: Tensor, lr: Tensor): Tensor;
}

/**
 * Momentum SGD with ApplyMomentum: moments start at zero.
 *
 * @example
 * ```ts
 * import { Parameter, Tensor, nn } from 'mindsim';
 * const w = new Parameter(new Tensor([1, 2], 'float32'), 'w');
 * const opt = new nn.Momentum([w], 0.1, 0.9);
 * opt.call(new Tensor([1, 1], 'float32'));
 * opt.call(new Tensor([1, 1], 'float32'));
 * console.log(String(w.asnumpy()), opt.moments[0]!.name); // [0.71      1.7099999] moments.w
 * ```
 */
export class Momentum extends Optimizer {
  /** The momentum factor, a float32 0-d Parameter named `momentum` (r1.5 keeps it so; checkpoints hold it). */
  readonly momentum: Parameter;
  /** The moment of each Parameter (`moments.<name>`). */
  readonly moments: ParameterTuple;
  /** Nesterov momentum. */
  readonly useNesterov: boolean;
  private readonly primitive: ReturnType<typeof update.ApplyMomentum>;

  /** @throws {@link ArgumentValueError} for a negative momentum (and what {@link Optimizer} refuses). */
  constructor(
    params: Iterable<Parameter>,
    learningRate: LearningRate,
    momentum: number,
    given?: OptimizerOptions & { useNesterov?: boolean },
  ) {
    const options = checkOptions(given, 'Momentum');
    super(params, learningRate, options);
    try {
      if (typeof momentum !== 'number' || !(momentum >= 0)) throw new ArgumentValueError(`For 'Momentum', the 'momentum' must be >= 0, but got ${String(momentum)}.`);
      this.momentum = new Parameter(new Tensor(momentum, 'float32'), 'momentum');
      this.moments = this.parameters.clone('moments', 'zeros');
      this.useNesterov = options.useNesterov ?? false;
      this.primitive = update.ApplyMomentum({ useNesterov: this.useNesterov });
    } catch (e) {
      throw this.refused(e);
    }
  }

  protected apply(param: Parameter, i: number, grad: Tensor, lr: Tensor): Tensor {
    // a parameter-server Parameter: its server runs ApplyMomentum (r1.5 pushes lr, the gradient, momentum)
    const remote = updateOnServer(param, 'ApplyMomentum', { useNesterov: this.useNesterov }, [lr, grad, this.momentum]);
    return remote ?? this.primitive(param, this.moments[i]!, lr, grad, this.momentum);
  }
}

/**
 * Stochastic gradient descent with the SGD primitive (momentum, dampening, Nesterov as MindSpore's).
 *
 * @example
 * ```ts
 * import { Parameter, Tensor, nn } from 'mindsim';
 * const w = new Parameter(new Tensor([1, 2], 'float32'), 'w');
 * new nn.SGD([w], { learningRate: 0.5 }).call(new Tensor([1, -1], 'float32'));
 * console.log(String(w.asnumpy())); // [0.5 2.5]
 * ```
 */
export class SGD extends Optimizer {
  /** The momentum factor, a float32 0-d Parameter named `momentum`, as r1.5's. */
  readonly momentum: Parameter;
  /** The momentum buffers (`accum.<name>`). */
  readonly accum: ParameterTuple;
  /** The first-step flags (`stat.<name>`, ones). */
  readonly stat: ParameterTuple;
  private readonly primitive: ReturnType<typeof update.SGD>;

  /** @throws {@link ArgumentValueError} for a negative momentum or dampening, or Nesterov without momentum. */
  constructor(params: Iterable<Parameter>, given?: OptimizerOptions & { momentum?: number; dampening?: number; nesterov?: boolean }) {
    const options = checkOptions(given, new.target.name);
    super(params, options.learningRate ?? 0.1, options);
    try {
      const momentum = options.momentum ?? 0;
      const dampening = options.dampening ?? 0;
      if (!(momentum >= 0) || !(dampening >= 0)) throw new ArgumentValueError(`For 'SGD', the 'momentum' and 'dampening' must be >= 0, but got ${momentum} and ${dampening}.`);
      if (options.nesterov && (momentum <= 0 || dampening !== 0)) throw new ArgumentValueError("For 'SGD', if 'nesterov' is true, 'momentum' must be > 0 and 'dampening' must be 0.");
      this.momentum = new Parameter(new Tensor(momentum, 'float32'), 'momentum');
      this.accum = this.parameters.clone('accum', 'zeros');
      this.stat = this.parameters.clone('stat', 'ones');
      this.primitive = update.SGD({ dampening, nesterov: options.nesterov ?? false });
    } catch (e) {
      throw this.refused(e);
    }
  }

  protected apply(param: Parameter, i: number, grad: Tensor, lr: Tensor): Tensor {
    return this.primitive(param, grad, lr, this.accum[i]!, this.momentum, this.stat[i]!);
  }
}

/**
 * Adam with the Adam primitive; beta1_power and beta2_power are Parameters advanced every step.
 *
 * @example
 * ```ts
 * import { Parameter, Tensor, nn } from 'mindsim';
 * const w = new Parameter(new Tensor([1], 'float32'), 'w');
 * new nn.Adam([w], { learningRate: 0.01 }).call(new Tensor([2], 'float32'));
 * console.log(String(w.asnumpy())); // [0.99]
 * ```
 */
export class Adam extends Optimizer {
  /** First moments (`moment1.<name>`). */
  readonly moment1: ParameterTuple;
  /** Second moments (`moment2.<name>`). */
  readonly moment2: ParameterTuple;
  /** beta1 to the power of the step. */
  readonly beta1Power: Parameter;
  /** beta2 to the power of the step. */
  readonly beta2Power: Parameter;
  /** Nesterov's variant. */
  readonly useNesterov: boolean;
  private readonly primitive: ReturnType<typeof update.Adam>;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private powers: [Tensor, Tensor] | null = null;

  /**
   * `useLocking` is r1.5's lock around the update (kept for ports; updates here never race).
   * @throws {@link ArgumentValueError} for betas outside (0, 1) or eps ≤ 0.
   * @throws {@link ArgumentTypeError} when useLocking or useNesterov is not a boolean (r1.5's check_value_type).
   */
  constructor(params: Iterable<Parameter>, given?: OptimizerOptions & { beta1?: number; beta2?: number; eps?: number; useLocking?: boolean; useNesterov?: boolean }) {
    const options = checkOptions(given, new.target.name);
    for (const [key, name] of [['useLocking', 'use_locking'], ['useNesterov', 'use_nesterov']] as const) {
      if (options[key] !== undefined && typeof options[key] !== 'boolean') throw valueTypeError(new.target.name, name, 'bool', options[key]);
    }
    super(params, options.learningRate ?? 1e-3, options);
    try {
      this.beta1 = options.beta1 ?? 0.9;
      this.beta2 = options.beta2 ?? 0.999;
      this.eps = options.eps ?? 1e-8;
      for (const [name, b] of [['beta1', this.beta1], ['beta2', this.beta2]] as const) {
        if (!(b > 0 && b < 1)) throw new ArgumentValueError(`For 'Adam', the '${name}' must be in range (0.0, 1.0), but got ${b}.`);
      }
      if (!(this.eps > 0)) throw new ArgumentValueError(`For 'Adam', the 'eps' must be > 0, but got ${this.eps}.`);
      this.moment1 = this.parameters.clone('moment1', 'zeros');
      this.moment2 = this.parameters.clone('moment2', 'zeros');
      this.beta1Power = new Parameter(new Tensor(1, 'float32'), 'beta1_power');
      this.beta2Power = new Parameter(new Tensor(1, 'float32'), 'beta2_power');
      this.useNesterov = options.useNesterov ?? false;
      this.primitive = update.Adam({ useNesterov: this.useNesterov });
    } catch (e) {
      throw this.refused(e);
    }
  }

  override call(...grads: Tensor[]): Tensor {
    // this step's powers: beta^t, written back for the next step
    this.powers = [
      ops.Assign()(this.beta1Power, ops.Mul()(this.beta1Power, this.beta1)),
      ops.Assign()(this.beta2Power, ops.Mul()(this.beta2Power, this.beta2)),
    ];
    return super.call(...grads);
  }

  protected apply(param: Parameter, i: number, grad: Tensor, lr: Tensor): Tensor {
    const [b1p, b2p] = this.powers!;
    // a parameter-server Parameter: its server runs Adam (r1.5 pushes the powers, lr, betas, eps, the gradient)
    const f32 = (v: number) => new Tensor(v, 'float32');
    const remote = updateOnServer(param, 'Adam', { useNesterov: this.useNesterov }, [b1p, b2p, lr, f32(this.beta1), f32(this.beta2), f32(this.eps), grad]);
    return remote ?? this.primitive(param, this.moment1[i]!, this.moment2[i]!, b1p, b2p, lr, this.beta1, this.beta2, this.eps, grad);
  }
}
