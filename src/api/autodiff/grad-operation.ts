/**
 * Reverse-mode differentiation as MindSpore's `GradOperation`: the function runs forward with a tape,
 * then the tape is walked backwards and each op's gradient rule records the ops of its gradients.
 * They run on the device like any op: they are in the trace, ordered by their data.
 * @module
 */
import { checkOptions } from '../ops/attr-checks.js';
import { ArgumentTypeError, NotImplementedYetError } from '../../errors/index.js';
import { describeValue } from '../../kernels/index.js';
import { withTape, type TapeEntry } from '../graph/tape.js';
import { Cell } from '../nn/cell.js';
import * as ops from '../ops/index.js';
import { Parameter, ParameterTuple } from '../parameter.js';
import { Tensor } from '../tensor.js';
import { BPROPS } from './bprop.js';
import { currentContext } from '../execution-context.js';
import { lossReplicas } from '../parallel/planner.js';

/** Primitives whose outputs carry no gradient back (comparisons, masks, status, side effects): zero gradients. */
export const NON_DIFFERENTIABLE: ReadonlySet<string> = new Set([
  'Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual', 'LogicalAnd', 'LogicalOr', 'LogicalNot', 'Fill', 'Zeros', 'Ones', 'Shape', 'DType', 'OneHot', 'IsFinite', 'IsNan', 'Argmax', 'OnesLike', 'ZerosLike', 'Print', 'Assign', 'BatchNormMovingUpdate', 'AssignAdd',
  'AssignSub', 'ScatterAdd', 'ScatterSub', 'ScatterUpdate', 'NPUAllocFloatStatus', 'NPUClearFloatStatus', 'NPUGetFloatStatus', 'FloatStatus', 'ApplyMomentum', 'SGD', 'Adam', 'ApplyRMSProp', 'ApplyCenteredRMSProp', 'UniformReal', 'StandardNormal', 'Floor', 'Ceil', 'FloorDiv',
]);

/**
 * Primitives with no gradient rule yet: the gradient ops themselves (their gradients are second-order
 * gradients, which mindsim does not model), and Send, Receive and NeighborExchange (pipeline
 * parallel's, not modelled).
 * Differentiating through one is a NotImplementedYetError.
 */
export const NO_GRADIENT: ReadonlySet<string> = new Set(['ReluGrad', 'SigmoidGrad', 'TanhGrad', 'BiasAddGrad', 'SliceGrad', 'Conv2DBackpropFilter', 'MaxPoolGrad', 'AvgPoolGrad', 'BatchNormGrad', 'LayerNormGrad', 'BinaryCrossEntropyGrad', 'GeLUGrad', 'StridedSliceGrad', 'DropoutGrad', 'Send', 'Receive', 'NeighborExchange']);

/** GradOperation's options (MindSpore's `get_all`, `get_by_list`, `sens_param`). */
export interface GradOperationOptions {
  /** Gradients of every input (a tuple), not only of the first. */
  readonly getAll?: boolean;
  /** Gradients of the given Parameters. */
  readonly getByList?: boolean;
  /** The last argument is the output's sensitivity (the gradient to start from); else ones. */
  readonly sensParam?: boolean;
}

/** What a differentiated function returns: a gradient, a tuple of them, or both tuples. */
export type Gradients = Tensor | Tensor[] | [Tensor[], Tensor[]];

/** A function or a Cell to differentiate. */
export type Differentiable = Cell | ((...inputs: Tensor[]) => Tensor);

/**
 * The tensors of a tape that depend on one of `targets` (the targets included): only their gradients
 * lead to a target's, so a gradient rule need not compute the others (MindSpore's compiler drops them
 * from the gradient graph as dead code: the gradient of a network's input images is never computed
 * when only its Parameters' are asked for).
 */
function dependents(tape: readonly TapeEntry[], targets: readonly Tensor[]): Set<Tensor> {
  const reach = new Set<Tensor>(targets);
  for (const entry of tape) if (entry.inputs.some((t) => reach.has(t))) for (const o of entry.outputs) reach.add(o);
  return reach;
}

/**
 * Walks the tape backwards from `outputs` with gradients `sens`; returns the gradient of every tensor
 * that received one (accumulated over its uses) on the way to `targets`: only gradients that lead to a
 * target's are computed (a rule is told which of its inputs need one).
 *
 * @throws {@link NotImplementedYetError} for an op on the path without a gradient rule.
 */
export function backprop(tape: readonly TapeEntry[], outputs: readonly Tensor[], sens: readonly Tensor[], targets: readonly Tensor[]): Map<Tensor, Tensor> {
  const reach = dependents(tape, targets);
  const grads = new Map<Tensor, Tensor>();
  const add = (t: Tensor, g: Tensor) => {
    const had = grads.get(t);
    grads.set(t, had ? ops.Add()(had, g) : g);
  };
  const ctx = currentContext();
  // gradient rules run on the local blocks their forward ops left (semi-automatic parallel plans none)
  ctx.semi.backprop++;
  try {
    outputs.forEach((o, k) => {
      // semi/auto parallel: a loss every rank holds gets 1/replicas of the sensitivity on each (r1.5's lossRepeatedMean)
      const r = lossReplicas(ctx, o);
      add(o, r > 1 ? ops.RealDiv()(sens[k]!, new Tensor(r, sens[k]!.dtype)) : sens[k]!);
    });
    for (let i = tape.length - 1; i >= 0; i--) {
      const entry = tape[i]!;
      if (!entry.outputs.some((o) => grads.has(o))) continue;
      if (NON_DIFFERENTIABLE.has(entry.name)) continue;
      const needs = entry.inputs.map((t) => reach.has(t));
      if (!needs.includes(true)) continue; // no input leads to a target
      const rule = BPROPS[entry.name];
      if (!rule || NO_GRADIENT.has(entry.name)) {
        throw new NotImplementedYetError(`GradOperation: the gradient of ${entry.name} is not defined${NO_GRADIENT.has(entry.name) ? ' (it is a gradient op: second-order gradients are not modelled)' : ''}`);
      }
      const douts = entry.outputs.map((o) => grads.get(o) ?? ops.ZerosLike()(o));
      rule(entry, douts, needs).forEach((g, k) => {
        if (g) add(entry.inputs[k]!, g);
      });
    }
  } finally {
    ctx.semi.backprop--;
  }
  return grads;
}

/**
 * MindSpore's GradOperation: `GradOperation(options)(fn, params?)` returns a function that takes
 * `fn`'s inputs (and, with `sensParam`, the output's sensitivity last) and returns gradients: of the
 * first input; with `getAll` of every input; with `getByList` of the Parameters; with both, both.
 * Inputs and Parameters that do not reach the output get zeros.
 *
 * @throws {@link ArgumentTypeError} when `fn` is not a function or Cell, or `getByList` has no Parameters.
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const f = (x: Tensor, y: Tensor) => ops.ReduceSum()(ops.Mul()(ops.Mul()(x, x), y));
 * const grads = ops.GradOperation({ getAll: true })(f);
 * const [dx, dy] = grads(new Tensor([1, 2], 'float32'), new Tensor([3, 4], 'float32')) as Tensor[];
 * console.log(String(dx), String(dy)); // [ 6. 16.] [1. 4.]
 * ```
 */
export function GradOperation(options?: GradOperationOptions) {
  const { getAll = false, getByList = false, sensParam = false } = checkOptions(options, 'GradOperation');
  return (fn: Differentiable, params?: ParameterTuple | readonly Parameter[]): ((...args: Tensor[]) => Gradients) => {
    if (!(fn instanceof Cell) && typeof fn !== 'function') throw new ArgumentTypeError(`GradOperation: expected a function or a Cell, but got ${typeof fn}`);
    if (params !== undefined && params !== null && !(params instanceof ParameterTuple) && !Array.isArray(params)) {
      throw new ArgumentTypeError(`GradOperation: the Parameters must be a ParameterTuple or a list of Parameters, but got ${describeValue(params)}`);
    }
    const weights = params ? [...params] : [];
    if (getByList && (!params || weights.some((p) => !(p instanceof Parameter)))) {
      throw new ArgumentTypeError("GradOperation: with 'get_by_list' the Parameters to differentiate by must be given as a ParameterTuple or a list of Parameters");
    }
    return (...args: Tensor[]): Gradients => {
      const inputs = sensParam ? args.slice(0, -1) : args;
      if (!getAll && !getByList && !(inputs[0] instanceof Tensor)) {
        throw new ArgumentTypeError(`GradOperation: the gradient is taken with respect to the first input, which must be a Tensor, but got ${describeValue(inputs[0])}`);
      }
      const { value: out, tape } = withTape(() => (fn instanceof Cell ? fn.call(...inputs) : fn(...inputs)));
      if (!(out instanceof Tensor)) throw new ArgumentTypeError('GradOperation: the function must return a Tensor');
      const sens = sensParam ? args[args.length - 1]! : ops.OnesLike()(out);
      // what the gradients are taken for: every input, the Parameters, or else the first input
      const targets = [...(getAll ? inputs : []), ...(getByList ? weights : []), ...(!getAll && !getByList ? [inputs[0]!] : [])];
      const grads = backprop(tape, [out], [sens], targets);
      const of = (t: Tensor) => grads.get(t) ?? ops.ZerosLike()(t);
      const inputGrads = getAll ? inputs.map(of) : null;
      const paramGrads = getByList ? weights.map(of) : null;
      if (inputGrads && paramGrads) return [inputGrads, paramGrads];
      if (paramGrads) return paramGrads;
      if (inputGrads) return inputGrads;
      return of(inputs[0]!);
    };
  };
}
