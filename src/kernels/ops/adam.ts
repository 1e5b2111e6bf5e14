/**
 * Adam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, gradient), as MindSpore r1.5:
 * lr_t = lr · √(1 − beta2_power) / (1 − beta1_power); m += (g − m)(1 − beta1); v += (g² − v)(1 − beta2);
 * var −= lr_t · m / (√v + epsilon) (Nesterov: lr_t · (m · beta1 + (1 − beta1) · g) / (√v + epsilon)).
 * Outputs the new var, m and v.
 * @module
 */
import { optimizerKernel } from './optimizer-kernel.js';

/** Adam's attributes. */
export interface AdamAttrs {
  /** Nesterov momentum (false). */
  readonly useNesterov?: boolean;
}

/** The Adam kernel. */
export const Adam = optimizerKernel<AdamAttrs>({
  name: 'Adam',
  inputs: ['var', 'm', 'v', 'beta1_power', 'beta2_power', 'lr', 'beta1', 'beta2', 'epsilon', 'gradient'],
  scalars: [3, 4, 5, 6, 7, 8],
  updates: [0, 1, 2],
  flops: 12,
  rule(i, [x, m, v, g], [b1p, b2p, lr, b1, b2, eps], [xOut, mOut, vOut], attrs) {
    const lrT = (lr! * Math.sqrt(1 - b2p!)) / (1 - b1p!);
    const gi = g![i]!;
    const mi = m![i]! + (gi - m![i]!) * (1 - b1!);
    const vi = v![i]! + (gi * gi - v![i]!) * (1 - b2!);
    mOut![i] = mi;
    vOut![i] = vi;
    const step = attrs.useNesterov ? mi * b1! + (1 - b1!) * gi : mi;
    xOut![i] = x![i]! - (lrT * step) / (Math.sqrt(vi) + eps!);
  },
});
