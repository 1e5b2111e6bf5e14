/**
 * Learning-rate schedules as MindSpore r1.5's `nn/learning_rate_schedule.py`: cells computing the rate of
 * a step from the optimizer's `global_step` with float32 ops on the device, exactly as r1.5 writes them.
 * An optimizer given one calls it each step, then moves its global step on.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { checkBool, checkFloatBound, checkPositiveInt } from '../ops/attr-checks.js';
import * as ops from '../ops/index.js';
import { Tensor } from '../tensor.js';
import { Cell } from './cell.js';

/** The base of the schedules: `call(globalStep)` gives that step's learning rate. */
export abstract class LearningRateSchedule extends Cell {
  /** The rate at `globalStep` (an int32 [1] tensor), a float32 [1] tensor. */
  abstract override construct(globalStep: Tensor): Tensor;
}

const f32 = (t: Tensor): Tensor => ops.Cast()(t, 'float32');

/** r1.5's `_check_inputs(learning_rate, decay_rate, decay_steps, is_stair, cls_name)`. */
function checkDecay(learningRate: number, decayRate: number, decaySteps: number, isStair: boolean, name: string): void {
  checkPositiveInt(decaySteps, 'decay_steps', name);
  checkFloatBound(learningRate, 0, '>', 'learning_rate', name);
  checkFloatBound(decayRate, 0, '>', 'decay_rate', name);
  checkBool(isStair, 'is_stair', name);
}

/**
 * A decay's constructor arguments, shared by three schedules. The schedules check their arguments before
 * storing any (as r1.5's do): a refused Parameter given as an argument is not renamed by being stored.
 */
abstract class Decay extends LearningRateSchedule {
  /** The initial rate. */
  readonly learningRate: number;
  /** The decay rate. */
  readonly decayRate: number;
  /** The steps one decay spans. */
  readonly decaySteps: number;
  /** Whether p is floored (a staircase). */
  readonly isStair: boolean;

  constructor(learningRate: number, decayRate: number, decaySteps: number, isStair = false) {
    super();
    checkDecay(learningRate, decayRate, decaySteps, isStair, new.target.name);
    this.learningRate = learningRate;
    this.decayRate = decayRate;
    this.decaySteps = decaySteps;
    this.isStair = isStair;
  }
}

/**
 * lr · decay_rate^p, p = step / decay_steps (floored when isStair), as r1.5's `ExponentialDecayLR`.
 *
 * @throws {@link ArgumentValueError} / {@link ArgumentTypeError} for a rate or decay rate that is not positive, decay steps that are not a positive int.
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * console.log(String(new nn.ExponentialDecayLR(0.1, 0.9, 4).call(new Tensor([2], 'int32')))); // [0.09486832]
 * ```
 */
export class ExponentialDecayLR extends Decay {
  /** The rate at `globalStep` (an int32 [1] tensor), a float32 [1] tensor. */
  override construct(globalStep: Tensor): Tensor {
    let p = ops.RealDiv()(f32(globalStep), this.decaySteps);
    if (this.isStair) p = ops.Floor()(p);
    return ops.Mul()(this.learningRate, ops.Pow()(new Tensor(this.decayRate, 'float32'), p));
  }
}

/**
 * lr · e^(−decay_rate · p), p = step (floored to a multiple of decay_steps when isStair), as r1.5's `NaturalExpDecayLR`.
 *
 * @throws as {@link ExponentialDecayLR}.
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * console.log(String(new nn.NaturalExpDecayLR(0.1, 0.9, 4, true).call(new Tensor([5], 'int32')))); // [0.00273237]
 * ```
 */
export class NaturalExpDecayLR extends Decay {
  /** The rate at `globalStep` (an int32 [1] tensor), a float32 [1] tensor. */
  override construct(globalStep: Tensor): Tensor {
    let p = f32(globalStep);
    if (this.isStair) p = ops.Mul()(ops.FloorDiv()(p, this.decaySteps), this.decaySteps);
    return ops.Mul()(this.learningRate, ops.Pow()(new Tensor(Math.E, 'float32'), ops.Mul()(-this.decayRate, p)));
  }
}

/**
 * lr / (1 + decay_rate · p), p = step / decay_steps (floored when isStair), as r1.5's `InverseDecayLR`.
 *
 * @throws as {@link ExponentialDecayLR}.
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * console.log(String(new nn.InverseDecayLR(0.1, 0.5, 2).call(new Tensor([2], 'int32')))); // [0.06666667]
 * ```
 */
export class InverseDecayLR extends Decay {
  /** The rate at `globalStep` (an int32 [1] tensor), a float32 [1] tensor. */
  override construct(globalStep: Tensor): Tensor {
    let p = ops.RealDiv()(f32(globalStep), this.decaySteps);
    if (this.isStair) p = ops.Floor()(p);
    return ops.RealDiv()(this.learningRate, ops.Add()(1, ops.Mul()(this.decayRate, p)));
  }
}

/**
 * min_lr + ½(max_lr − min_lr)(1 + cos(π · min(step, decay_steps) / decay_steps)), as r1.5's `CosineDecayLR`.
 *
 * @throws {@link ArgumentValueError} for a negative min_lr, a max_lr that is not above it, decay steps that are not a positive int.
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * console.log(String(new nn.CosineDecayLR(0.01, 0.1, 4).call(new Tensor([2], 'int32')))); // [0.055]
 * ```
 */
export class CosineDecayLR extends LearningRateSchedule {
  /** The floor. */
  readonly minLr: number;
  /** The start. */
  readonly maxLr: number;
  /** The steps to reach the floor. */
  readonly decaySteps: number;
  private readonly delta: number;

  constructor(minLr: number, maxLr: number, decaySteps: number) {
    super();
    if (typeof minLr !== 'number') throw new ArgumentTypeError('The min_lr must be float.');
    checkFloatBound(minLr, 0, '>=', 'min_lr', 'CosineDecayLR');
    checkFloatBound(maxLr, 0, '>', 'max_lr', 'CosineDecayLR');
    checkPositiveInt(decaySteps, 'decay_steps', 'CosineDecayLR');
    if (minLr >= maxLr) throw new ArgumentValueError('The `max_lr` should be greater than the `min_lr`.');
    this.minLr = minLr; // stored once checked (see Decay)
    this.maxLr = maxLr;
    this.decaySteps = decaySteps;
    this.delta = 0.5 * (maxLr - minLr);
  }

  /** The rate at `globalStep` (an int32 [1] tensor), a float32 [1] tensor. */
  override construct(globalStep: Tensor): Tensor {
    const p = f32(ops.Minimum()(globalStep, this.decaySteps));
    return ops.Add()(this.minLr, ops.Mul()(this.delta, ops.Add()(1, ops.Cos()(ops.RealDiv()(ops.Mul()(Math.PI, p), this.decaySteps)))));
  }
}

/**
 * (lr − end_lr)(1 − p)^power + end_lr, p = min(step, decay_steps) / decay_steps (or, with
 * updateDecaySteps, decay_steps stretched to the next multiple past the step), as r1.5's `PolynomialDecayLR`.
 *
 * @throws {@link ArgumentValueError} / {@link ArgumentTypeError} for what r1.5 refuses.
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * console.log(String(new nn.PolynomialDecayLR(0.1, 0.01, 4, 0.5).call(new Tensor([2], 'int32')))); // [0.07363961]
 * ```
 */
export class PolynomialDecayLR extends LearningRateSchedule {
  /** The start. */
  readonly learningRate: number;
  /** The end. */
  readonly endLearningRate: number;
  /** The steps to reach the end. */
  readonly decaySteps: number;
  /** The polynomial's power. */
  readonly power: number;
  /** Stretch decay_steps past the end instead of holding the end rate. */
  readonly updateDecaySteps: boolean;

  constructor(learningRate: number, endLearningRate: number, decaySteps: number, power: number, updateDecaySteps = false) {
    super();
    checkFloatBound(learningRate, 0, '>', 'learning_rate', 'PolynomialDecayLR');
    if (typeof endLearningRate !== 'number') throw new ArgumentTypeError('end_learning_rate must be float.');
    checkFloatBound(endLearningRate, 0, '>=', 'end_learning_rate', 'PolynomialDecayLR');
    checkPositiveInt(decaySteps, 'decay_steps', 'PolynomialDecayLR');
    checkBool(updateDecaySteps, 'update_decay_steps', 'PolynomialDecayLR');
    checkFloatBound(power, 0, '>', 'power', 'PolynomialDecayLR');
    this.learningRate = learningRate; // stored once checked (see Decay)
    this.endLearningRate = endLearningRate;
    this.decaySteps = decaySteps;
    this.power = power;
    this.updateDecaySteps = updateDecaySteps;
  }

  /** The rate at `globalStep` (an int32 [1] tensor), a float32 [1] tensor. */
  override construct(globalStep: Tensor): Tensor {
    let step = f32(globalStep);
    let decay: Tensor | number = this.decaySteps;
    if (this.updateDecaySteps) decay = ops.Mul()(this.decaySteps, ops.Maximum()(ops.Ceil()(ops.RealDiv()(step, this.decaySteps)), 1));
    else step = ops.Minimum()(step, this.decaySteps);
    const p = ops.RealDiv()(step, decay);
    return ops.Add()(ops.Mul()(this.learningRate - this.endLearningRate, ops.Pow()(ops.Sub()(1, p), this.power)), this.endLearningRate);
  }
}

/**
 * lr · min(step, warmup_steps) / warmup_steps, as r1.5's `WarmUpLR`.
 *
 * @throws {@link ArgumentValueError} / {@link ArgumentTypeError} for a negative rate or warmup steps that are not a positive int.
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * console.log(String(new nn.WarmUpLR(0.1, 4).call(new Tensor([1], 'int32')))); // [0.025]
 * ```
 */
export class WarmUpLR extends LearningRateSchedule {
  /** The rate after the warm-up. */
  readonly learningRate: number;
  /** The warm-up's steps. */
  readonly warmupSteps: number;

  constructor(learningRate: number, warmupSteps: number) {
    super();
    if (typeof learningRate !== 'number') throw new ArgumentTypeError('The learning_rate must be float.');
    checkFloatBound(learningRate, 0, '>=', 'learning_rate', 'WarmUpLR');
    checkPositiveInt(warmupSteps, 'warmup_steps', 'WarmUpLR');
    this.learningRate = learningRate; // stored once checked (see Decay)
    this.warmupSteps = warmupSteps;
  }

  /** The rate at `globalStep` (an int32 [1] tensor), a float32 [1] tensor. */
  override construct(globalStep: Tensor): Tensor {
    return ops.Mul()(this.learningRate, ops.RealDiv()(f32(ops.Minimum()(globalStep, this.warmupSteps)), this.warmupSteps));
  }
}
