/**
 * ApplyMomentum(variable, accumulation, learning_rate, gradient, momentum): accumulation =
 * accumulation · momentum + gradient; variable −= lr · accumulation (Nesterov: variable −= lr · gradient
 * + lr · momentum · accumulation), as MindSpore r1.5. Outputs the new variable and accumulation.
 * @module
 */
import { optimizerKernel } from './optimizer-kernel.js';

/** ApplyMomentum's attributes. */
export interface ApplyMomentumAttrs {
  /** Nesterov momentum (false). */
  readonly useNesterov?: boolean;
}

/** The ApplyMomentum kernel. */
export const ApplyMomentum = optimizerKernel<ApplyMomentumAttrs>({
  name: 'ApplyMomentum',
  inputs: ['variable', 'accumulation', 'learning_rate', 'gradient', 'momentum'],
  scalars: [2, 4],
  updates: [0, 1],
  flops: 4,
  rule(i, [v, acc, g], [lr, m], [vOut, accOut], attrs) {
    const a = acc![i]! * m! + g![i]!;
    accOut![i] = a;
    vOut![i] = attrs.useNesterov ? v![i]! - lr! * g![i]! - lr! * m! * a : v![i]! - lr! * a;
  },
});
