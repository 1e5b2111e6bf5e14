/**
 * The optimizer primitives: ApplyMomentum, SGD and Adam update a Parameter and its state in place, as
 * memory side effects (MindSpore's `side_effect_mem`): ordered after earlier reads and writes of what
 * they update, and before later ones.
 * @module
 */
import { kernelRegistry, type AdamAttrs, type ApplyMomentumAttrs, type KernelDef, type SGDAttrs } from '../../kernels/index.js';
import { record } from '../graph/executor.js';
import { currentContext } from '../execution-context.js';
import { alignOptimizerState } from '../parallel/planner.js';
import type { Tensor } from '../tensor.js';
import { tensors, type Input } from './inputs.js';
import { primitive, type Primitive } from './primitive.js';
import { checkBool, checkOptions } from './attr-checks.js';

function update(name: string, updates: readonly number[], attrs: object, args: readonly Input[]): Tensor {
  const kernel = kernelRegistry.find('*', name) as KernelDef<never>;
  alignOptimizerState(currentContext(), args); // semi/auto parallel: the state is sliced as its Parameter is
  return record(name, tensors(name, args), { kernel, attrs, action: 'assign', inPlace: true, sideEffectMem: true, updates })[0]!;
}

/**
 * ApplyMomentum(options)(variable, accumulation, learningRate, gradient, momentum): accumulation =
 * accumulation · momentum + gradient, variable −= lr · accumulation, in place; returns the variable.
 *
 * @example
 * ```ts
 * import { Parameter, Tensor, ops } from 'mindsim';
 * const w = new Parameter(new Tensor([1, 2], 'float32'), 'w');
 * const acc = new Parameter(new Tensor([0, 0], 'float32'), 'acc');
 * ops.ApplyMomentum()(w, acc, 0.1, new Tensor([1, -1], 'float32'), 0.9);
 * console.log(String(w.asnumpy()), String(acc.asnumpy())); // [0.9 2.1] [ 1. -1.]
 * ```
 */
export const ApplyMomentum = (given?: ApplyMomentumAttrs): Primitive<[Tensor, Tensor, Input, Tensor, Input], Tensor> => {
  const options = checkOptions(given, 'ApplyMomentum');
  return primitive('ApplyMomentum', (variable, accumulation, lr, gradient, momentum) => update('ApplyMomentum', [0, 1], options, [variable, accumulation, lr, gradient, momentum]), {
    mem: true,
    args: 'variable:tensor accumulation:tensor learning_rate:input gradient:tensor momentum:input',
  });
};

/**
 * SGD(options)(parameters, gradient, learningRate, accum, momentum, stat): stochastic gradient descent
 * with optional momentum, dampening, weight decay and Nesterov, as MindSpore r1.5; updates parameters,
 * accum and stat in place; returns the parameters.
 *
 * @example
 * ```ts
 * import { Parameter, Tensor, ops } from 'mindsim';
 * const p = new Parameter(new Tensor([1, 2], 'float32'), 'p');
 * const accum = new Parameter(new Tensor([0, 0], 'float32'), 'accum');
 * const stat = new Parameter(new Tensor([1, 1], 'float32'), 'stat');
 * ops.SGD()(p, new Tensor([0.5, -0.5], 'float32'), 0.1, accum, 0, stat);
 * console.log(String(p.asnumpy())); // [0.95 2.05]
 * ```
 */
export const SGD = (given?: SGDAttrs): Primitive<[Tensor, Tensor, Input, Tensor, Input, Tensor], Tensor> => {
  const options = checkOptions(given, 'SGD');
  return primitive('SGD', (parameters, gradient, lr, accum, momentum, stat) => update('SGD', [0, 3, 5], options, [parameters, gradient, lr, accum, momentum, stat]), {
    mem: true,
    args: 'parameters:tensor gradient:tensor learning_rate:input accum:tensor momentum:input stat:tensor',
  });
};

/**
 * Adam(options)(var, m, v, beta1Power, beta2Power, lr, beta1, beta2, epsilon, gradient): one Adam step
 * as MindSpore r1.5, updating var, m and v in place; returns var.
 *
 * @example
 * ```ts
 * import { Parameter, Tensor, ops } from 'mindsim';
 * const w = new Parameter(new Tensor([1], 'float32'), 'w');
 * const m = new Parameter(new Tensor([0], 'float32'), 'm');
 * const v = new Parameter(new Tensor([0], 'float32'), 'v');
 * ops.Adam()(w, m, v, 0.9, 0.999, 0.01, 0.9, 0.999, 1e-8, new Tensor([2], 'float32'));
 * console.log(String(w.asnumpy())); // [0.99]
 * ```
 */
export const Adam = (given?: AdamAttrs): Primitive<[Tensor, Tensor, Tensor, Input, Input, Input, Input, Input, Input, Tensor], Tensor> => {
  const options = checkOptions(given, 'Adam');
  return primitive('Adam', (x, m, v, b1p, b2p, lr, b1, b2, eps, gradient) => update('Adam', [0, 1, 2], options, [x, m, v, b1p, b2p, lr, b1, b2, eps, gradient]), {
    mem: true,
    args: 'var:tensor m:tensor v:tensor beta1_power:input beta2_power:input lr:input beta1:input beta2:input epsilon:input gradient:tensor',
  });
};

/**
 * ApplyRMSProp({ useLocking })(var, meanSquare, moment, learningRate, grad, decay, momentum, epsilon):
 * one RMSProp step as r1.5's `P.ApplyRMSProp`, updating var, mean_square and moment in place; returns var.
 *
 * @throws {@link ArgumentTypeError} for a use_locking that is not a bool; {@link DTypeError} /
 *   {@link ShapeError} for state of another dtype or shape than var.
 * @example
 * ```ts
 * import { Parameter, Tensor, ops } from 'mindsim';
 * const w = new Parameter(new Tensor([1], 'float32'), 'w');
 * const ms = new Parameter(new Tensor([1], 'float32'), 'ms');
 * const mom = new Parameter(new Tensor([0], 'float32'), 'mom');
 * ops.ApplyRMSProp()(w, ms, mom, 0.1, new Tensor([2], 'float32'), 0.9, 0, 1e-10);
 * console.log(String(w.asnumpy()), String(ms.asnumpy())); // [0.8245884] [1.3000001]
 * ```
 */
export const ApplyRMSProp = (given?: { useLocking?: boolean }): Primitive<[Tensor, Tensor, Tensor, Input, Tensor, Input, Input, Input], Tensor> => {
  checkBool(checkOptions(given, 'ApplyRMSProp').useLocking ?? false, 'use_locking', 'ApplyRMSProp');
  return primitive('ApplyRMSProp', (x, ms, mom, lr, grad, decay, momentum, eps) => update('ApplyRMSProp', [0, 1, 2], {}, [x, ms, mom, lr, grad, decay, momentum, eps]), {
    mem: true,
    args: 'var:tensor mean_square:tensor moment:tensor learning_rate:input grad:tensor decay:input momentum:input epsilon:input',
  });
};

/**
 * ApplyCenteredRMSProp({ useLocking })(var, meanGradient, meanSquare, moment, grad, learningRate, decay,
 * momentum, epsilon): one centered RMSProp step as r1.5's `P.ApplyCenteredRMSProp` (the square of the
 * mean gradient subtracted from the mean square), in place; returns var.
 *
 * @throws as {@link ApplyRMSProp}.
 * @example
 * ```ts
 * import { Parameter, Tensor, ops } from 'mindsim';
 * const state = (v: number, name: string) => new Parameter(new Tensor([v], 'float32'), name);
 * const w = state(1, 'w');
 * ops.ApplyCenteredRMSProp()(w, state(0, 'mg'), state(1, 'ms'), state(0, 'mom'), new Tensor([2], 'float32'), 0.1, 0.9, 0, 1e-10);
 * console.log(String(w.asnumpy())); // [0.82182586]
 * ```
 */
export const ApplyCenteredRMSProp = (given?: { useLocking?: boolean }): Primitive<[Tensor, Tensor, Tensor, Tensor, Tensor, Input, Input, Input, Input], Tensor> => {
  checkBool(checkOptions(given, 'ApplyCenteredRMSProp').useLocking ?? false, 'use_locking', 'ApplyCenteredRMSProp');
  return primitive('ApplyCenteredRMSProp', (x, mg, ms, mom, grad, lr, decay, momentum, eps) => update('ApplyCenteredRMSProp', [0, 1, 2, 3], {}, [x, mg, ms, mom, grad, lr, decay, momentum, eps]), {
    mem: true,
    args: 'var:tensor mean_gradient:tensor mean_square:tensor moment:tensor grad:tensor learning_rate:input decay:input momentum:input epsilon:input',
  });
};
