/**
 * Learning-rate schedules as lists, as r1.5's `mindspore.nn.dynamic_lr`: each function returns one rate
 * per step (float64, the same arithmetic as r1.5's Python: `x ** y` is `Math.pow`, `math.e ** y` is
 * `Math.pow(Math.E, y)`; V8's pow can be one ulp from glibc's, so the pow-based schedules agree with
 * r1.5's within 2 ulps, the others bit for bit), to give an optimizer as its learning rate.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { pythonTypeName } from '../python-type.js';

const positiveInt = (v: unknown, name: string): number => {
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  const text = `\`${name}\` should be an int and must > 0, but got \`${String(v)}\` with type \`${pythonTypeName(v)}\`.`;
  throw typeof v === 'number' && Number.isInteger(v) ? new ArgumentValueError(text) : new ArgumentTypeError(text);
};
const positiveFloat = (v: unknown, name: string): number => {
  if (typeof v !== 'number') throw new ArgumentTypeError(`\`${name}\` should be a float and must > 0, but got \`${String(v)}\` with type \`${pythonTypeName(v)}\`.`);
  if (!(v > 0)) throw new ArgumentValueError(`\`${name}\` should be a float and must > 0, but got \`${v}\` with type \`${pythonTypeName(v)}\`.`);
  return v;
};
const nonNegativeFloat = (v: unknown, name: string): number => {
  if (typeof v !== 'number') throw new ArgumentTypeError(`${name} must be float.`);
  if (!(v >= 0)) throw new ArgumentValueError(`\`${name}\` should be a float and must >= 0, but got \`${v}\` with type \`${pythonTypeName(v)}\`.`);
  return v;
};
const bool = (v: unknown, name: string): boolean => {
  if (typeof v !== 'boolean') throw new ArgumentTypeError(`The type of \`${name}\` should be bool, but got ${String(v)} with type ${pythonTypeName(v)}.`);
  return v;
};
const steps = (totalStep: number, stepPerEpoch: number, f: (epoch: number, i: number) => number): number[] => {
  positiveInt(totalStep, 'total_step');
  positiveInt(stepPerEpoch, 'step_per_epoch');
  return Array.from({ length: totalStep }, (_, i) => f(Math.floor(i / stepPerEpoch), i));
};

/**
 * `learningRates[k]` until step `milestone[k]`, as r1.5's `piecewise_constant_lr`.
 *
 * @throws {@link ArgumentValueError} for lists of different lengths or milestones that decrease; {@link ArgumentTypeError} for non-numbers.
 * @example
 * ```ts
 * import { nn } from 'mindsim';
 * console.log(JSON.stringify(nn.piecewiseConstantLr([2, 5, 10], [0.1, 0.05, 0.01]))); // [0.1,0.1,0.05,0.05,0.05,0.01,0.01,0.01,0.01,0.01]
 * ```
 */
export function piecewiseConstantLr(milestone: readonly number[], learningRates: readonly number[]): number[] {
  if (!Array.isArray(milestone)) throw new ArgumentTypeError(`The type of \`milestone\` should be one of ['tuple', 'list'], but got ${pythonTypeName(milestone)}.`);
  if (!Array.isArray(learningRates)) throw new ArgumentTypeError(`The type of \`learning_rates\` should be one of ['tuple', 'list'], but got ${pythonTypeName(learningRates)}.`);
  if (milestone.length !== learningRates.length) throw new ArgumentValueError('The size of `milestone` must be same with the size of `learning_rates`.');
  const lr: number[] = [];
  let last = 0;
  milestone.forEach((item, i) => {
    positiveInt(item, `milestone[${i}]`);
    if (typeof learningRates[i] !== 'number') throw new ArgumentTypeError(`\`learning_rates[${i}]\` must be float, but got ${pythonTypeName(learningRates[i])}.`);
    if (item < last) throw new ArgumentValueError(`The value of milestone[${i}] must be greater than milestone[${i - 1}]`);
    for (let k = last; k < item; k++) lr.push(learningRates[i]!);
    last = item;
  });
  return lr;
}

function decayChecks(learningRate: number, decayRate: number, decayEpoch: number, isStair: boolean): void {
  positiveInt(decayEpoch, 'decay_epoch');
  positiveFloat(learningRate, 'learning_rate');
  positiveFloat(decayRate, 'decay_rate');
  bool(isStair, 'is_stair');
}

/**
 * learning_rate · decay_rate^(epoch / decay_epoch) (floored with `isStair`), as r1.5's `exponential_decay_lr`.
 *
 * @throws {@link ArgumentValueError} / {@link ArgumentTypeError} for r1.5's refusals (non-positive values, a non-bool isStair).
 * @example
 * ```ts
 * import { nn } from 'mindsim';
 * console.log(JSON.stringify(nn.exponentialDecayLr(0.1, 0.9, 6, 2, 1))); // [0.1,0.1,0.09000000000000001,0.09000000000000001,0.08100000000000002,0.08100000000000002]
 * ```
 */
export function exponentialDecayLr(learningRate: number, decayRate: number, totalStep: number, stepPerEpoch: number, decayEpoch: number, isStair = false): number[] {
  decayChecks(learningRate, decayRate, decayEpoch, isStair);
  return steps(totalStep, stepPerEpoch, (e) => learningRate * Math.pow(decayRate, isStair ? Math.floor(e / decayEpoch) : e / decayEpoch));
}

/**
 * learning_rate · e^(−decay_rate · epoch) (epoch floored to whole decay periods with `isStair`), as r1.5's `natural_exp_decay_lr`.
 *
 * @throws as {@link exponentialDecayLr}.
 * @example
 * ```ts
 * import { nn } from 'mindsim';
 * console.log(JSON.stringify(nn.naturalExpDecayLr(0.1, 0.9, 6, 2, 2, true))); // [0.1,0.1,0.1,0.1,0.016529888822158657,0.016529888822158657]
 * ```
 */
export function naturalExpDecayLr(learningRate: number, decayRate: number, totalStep: number, stepPerEpoch: number, decayEpoch: number, isStair = false): number[] {
  decayChecks(learningRate, decayRate, decayEpoch, isStair);
  return steps(totalStep, stepPerEpoch, (e) => learningRate * Math.pow(Math.E, -decayRate * (isStair ? Math.floor(e / decayEpoch) * decayEpoch : e)));
}

/**
 * learning_rate / (1 + decay_rate · epoch / decay_epoch) (floored with `isStair`), as r1.5's `inverse_decay_lr`.
 *
 * @throws as {@link exponentialDecayLr}.
 * @example
 * ```ts
 * import { nn } from 'mindsim';
 * console.log(JSON.stringify(nn.inverseDecayLr(0.1, 0.5, 6, 1, 1))); // [0.1,0.06666666666666667,0.05,0.04,0.03333333333333333,0.028571428571428574]
 * ```
 */
export function inverseDecayLr(learningRate: number, decayRate: number, totalStep: number, stepPerEpoch: number, decayEpoch: number, isStair = false): number[] {
  decayChecks(learningRate, decayRate, decayEpoch, isStair);
  return steps(totalStep, stepPerEpoch, (e) => (isStair ? learningRate / (1 + decayRate * Math.floor(e / decayEpoch)) : learningRate / (1 + (decayRate * e) / decayEpoch)));
}

/**
 * min_lr + ½(max_lr − min_lr)(1 + cos(π · min(epoch, decay_epoch) / decay_epoch)), as r1.5's `cosine_decay_lr`.
 *
 * @throws {@link ArgumentValueError} "The `max_lr` should be greater than the `min_lr`." and r1.5's other refusals.
 * @example
 * ```ts
 * import { nn } from 'mindsim';
 * console.log(JSON.stringify(nn.cosineDecayLr(0.01, 0.1, 6, 2, 2))); // [0.1,0.1,0.05500000000000001,0.05500000000000001,0.01,0.01]
 * ```
 */
export function cosineDecayLr(minLr: number, maxLr: number, totalStep: number, stepPerEpoch: number, decayEpoch: number): number[] {
  nonNegativeFloat(minLr, 'min_lr');
  positiveFloat(maxLr, 'max_lr');
  positiveInt(totalStep, 'total_step');
  positiveInt(stepPerEpoch, 'step_per_epoch');
  positiveInt(decayEpoch, 'decay_epoch');
  if (minLr >= maxLr) throw new ArgumentValueError('The `max_lr` should be greater than the `min_lr`.');
  const delta = 0.5 * (maxLr - minLr);
  return steps(totalStep, stepPerEpoch, (e) => minLr + delta * (1 + Math.cos((Math.PI * Math.min(e, decayEpoch)) / decayEpoch)));
}

/**
 * (learning_rate − end) · (1 − epoch / decay_epoch)^power + end, as r1.5's `polynomial_decay_lr`
 * (with `updateDecayEpoch`, the decay period grows to the next multiple past the epoch).
 *
 * @throws as {@link cosineDecayLr}.
 * @example
 * ```ts
 * import { nn } from 'mindsim';
 * console.log(JSON.stringify(nn.polynomialDecayLr(0.1, 0.01, 6, 2, 2, 0.5))); // [0.1,0.1,0.07363961030678928,0.07363961030678928,0.01,0.01]
 * ```
 */
export function polynomialDecayLr(learningRate: number, endLearningRate: number, totalStep: number, stepPerEpoch: number, decayEpoch: number, power: number, updateDecayEpoch = false): number[] {
  positiveFloat(learningRate, 'learning_rate');
  nonNegativeFloat(endLearningRate, 'end_learning_rate');
  positiveFloat(power, 'power');
  positiveInt(decayEpoch, 'decay_epoch');
  bool(updateDecayEpoch, 'update_decay_epoch');
  const delta = learningRate - endLearningRate;
  let period = decayEpoch;
  return steps(totalStep, stepPerEpoch, (e) => {
    let tmp = e;
    if (updateDecayEpoch) period = decayEpoch * Math.max(Math.ceil(e / decayEpoch), 1);
    else tmp = Math.min(e, period);
    return delta * Math.pow(1 - tmp / period, power) + endLearningRate;
  });
}

/**
 * learning_rate · min(epoch, warmup_epoch) / warmup_epoch, as r1.5's `warmup_lr`.
 *
 * @throws as {@link cosineDecayLr}.
 * @example
 * ```ts
 * import { nn } from 'mindsim';
 * console.log(JSON.stringify(nn.warmupLr(0.1, 6, 2, 2))); // [0,0,0.05,0.05,0.1,0.1]
 * ```
 */
export function warmupLr(learningRate: number, totalStep: number, stepPerEpoch: number, warmupEpoch: number): number[] {
  nonNegativeFloat(learningRate, 'learning_rate');
  positiveInt(warmupEpoch, 'warmup_epoch');
  return steps(totalStep, stepPerEpoch, (e) => (learningRate * Math.min(e, warmupEpoch)) / warmupEpoch);
}
