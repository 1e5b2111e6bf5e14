/**
 * SGD(parameters, gradient, learning_rate, accum, momentum, stat), as MindSpore r1.5's kernel: the
 * gradient plus weight decay; with momentum, accum = gradient on the first step (stat > 0, then stat
 * becomes 0), else accum · momentum + (1 − dampening) · gradient, and the step is accum (Nesterov:
 * gradient + momentum · accum); parameters −= lr · step. Outputs the new parameters, accum and stat.
 * @module
 */
import { optimizerKernel } from './optimizer-kernel.js';

/** SGD's attributes. */
export interface SGDAttrs {
  /** Dampening of the momentum (0). */
  readonly dampening?: number;
  /** Weight decay (0). */
  readonly weightDecay?: number;
  /** Nesterov momentum (false). */
  readonly nesterov?: boolean;
}

/** The SGD kernel. */
export const SGD = optimizerKernel<SGDAttrs>({
  name: 'SGD',
  inputs: ['parameters', 'gradient', 'learning_rate', 'accum', 'momentum', 'stat'],
  scalars: [2, 4],
  updates: [0, 3, 5],
  flops: 6,
  rule(i, [p, g, acc, stat], [lr, m], [pOut, accOut, statOut], attrs) {
    let grad = g![i]! + (attrs.weightDecay ?? 0) * p![i]!;
    let a = acc![i]!;
    if (m! > 0) {
      a = stat![i]! > 0 ? grad : a * m! + (1 - (attrs.dampening ?? 0)) * grad;
      grad = attrs.nesterov ? grad + m! * a : a;
    }
    accOut![i] = a;
    statOut![i] = 0;
    pOut![i] = p![i]! - lr! * grad;
  },
});
