/**
 * ApplyRMSProp and ApplyCenteredRMSProp as MindSpore r1.5 defines them (its CPU kernels' scalar path):
 * ms += (g² − ms)(1 − decay); [centered: mg += (g − mg)(1 − decay)]; moment = moment · momentum +
 * g · lr / √(ms [− mg²] + ε); var −= moment. The centered form leaves an element unchanged where
 * ms − mg² + ε is not positive, as r1.5's kernel does. Outputs the new var and state (in place).
 * @module
 */
import { optimizerKernel } from './optimizer-kernel.js';

/** The ApplyRMSProp kernel: (var, mean_square, moment, learning_rate, grad, decay, momentum, epsilon). */
export const ApplyRMSProp = optimizerKernel<Record<string, never>>({
  name: 'ApplyRMSProp',
  inputs: ['var', 'mean_square', 'moment', 'learning_rate', 'grad', 'decay', 'momentum', 'epsilon'],
  scalars: [3, 5, 6, 7],
  updates: [0, 1, 2],
  flops: 9,
  rule(i, [x, ms, mom, g], [lr, decay, momentum, eps], [xOut, msOut, momOut]) {
    const gi = g![i]!;
    const msi = ms![i]! + (gi * gi - ms![i]!) * (1 - decay!);
    const momi = mom![i]! * momentum! + (gi * lr!) / Math.sqrt(msi + eps!);
    msOut![i] = msi;
    momOut![i] = momi;
    xOut![i] = x![i]! - momi;
  },
});

/** The ApplyCenteredRMSProp kernel: (var, mean_gradient, mean_square, moment, grad, learning_rate, decay, momentum, epsilon). */
export const ApplyCenteredRMSProp = optimizerKernel<Record<string, never>>({
  name: 'ApplyCenteredRMSProp',
  inputs: ['var', 'mean_gradient', 'mean_square', 'moment', 'grad', 'learning_rate', 'decay', 'momentum', 'epsilon'],
  scalars: [5, 6, 7, 8],
  updates: [0, 1, 2, 3],
  flops: 13,
  rule(i, [x, mg, ms, mom, g], [lr, decay, momentum, eps], [xOut, mgOut, msOut, momOut]) {
    const gi = g![i]!;
    const msi = ms![i]! + (gi * gi - ms![i]!) * (1 - decay!);
    const mgi = mg![i]! + (gi - mg![i]!) * (1 - decay!);
    const denom = msi - mgi * mgi + eps!;
    msOut![i] = msi;
    mgOut![i] = mgi;
    if (denom > 0) {
      const momi = mom![i]! * momentum! + (gi * lr!) / Math.sqrt(denom);
      momOut![i] = momi;
      xOut![i] = x![i]! - momi;
    } else {
      momOut![i] = mom![i]!;
      xOut![i] = x![i]!;
    }
  },
});
