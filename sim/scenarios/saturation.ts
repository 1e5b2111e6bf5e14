/**
 * `saturation`: the same loss-scaled float16 training on Ascend 910 (saturation mode: overflow clamps
 * to ±65504, the data looks finite), Ascend 910B (INF/NaN mode) and a GPU, each with the check its
 * target uses and, on Ascend, also with a GPU-style IsFinite check: IsFinite misses what the register
 * catches on the 910.
 * @module
 */
import type { nn } from '../../src/index.js';
import { table, targetOf, type Scenario } from './scenario.js';
import { lossScaledTraining } from './training.js';

/** One configuration's outcome. */
export interface SaturationRow {
  readonly device: string;
  readonly overflowMode: string;
  readonly check: nn.OverflowCheck;
  /** Steps the check reported overflow in. */
  readonly detected: readonly number[];
  /** Steps in which a kernel overflowed (the register was set; Ascend only, else the detected steps). */
  readonly overflowed: readonly number[];
  /** Overflowed steps the check did not report. */
  readonly missed: readonly number[];
}

/** The configurations compared. */
const CONFIGS: readonly { device: string; mode: string; check: nn.OverflowCheck }[] = [
  { device: 'ascend910', mode: 'saturation', check: 'register' },
  { device: 'ascend910', mode: 'saturation', check: 'is-finite' },
  { device: 'ascend910b', mode: 'INF/NaN', check: 'register' },
  { device: 'ascend910b', mode: 'INF/NaN', check: 'is-finite' },
  { device: 'v100', mode: 'INF/NaN', check: 'float-status' },
];

/** The scenario. */
export const saturationScenario: Scenario<{ rows: readonly SaturationRow[] }> = {
  name: 'saturation',
  description: 'Ascend 910 (saturation), 910B (INF/NaN) and a GPU: an IsFinite check misses overflows in saturation mode, the register catches them',
  parameters: [
    { name: 'steps', description: 'training steps per configuration', kind: 'number', integer: true, default: 8 },
    { name: 'seed', description: 'global seed', kind: 'number', integer: true, min: 0, max: 4294967295, default: 1 },
    { name: 'scale', description: 'initial loss scale', kind: 'number', min: 1, max: 3.4e38, default: 2 ** 20 },
  ],
  run(p, progress) {
    const rows = CONFIGS.map((c, k) => {
      const steps = lossScaledTraining(
        { device: c.device, steps: Number(p.steps), seed: Number(p.seed), initScale: Number(p.scale), window: 1000, check: c.check },
        (f, label) => progress?.((k + f) / CONFIGS.length, `${c.device} ${c.check}: ${label}`),
      );
      const detected = steps.filter((s) => s.overflow).map((s) => s.step);
      const overflowed = targetOf(c.device) === 'Ascend' ? steps.filter((s) => s.registerSets.length > 0).map((s) => s.step) : detected;
      return { device: c.device, overflowMode: c.mode, check: c.check, detected, overflowed, missed: overflowed.filter((s) => !detected.includes(s)) };
    });
    return { rows };
  },
  format({ rows }) {
    const list = (xs: readonly number[]) => (xs.length ? xs.join(',') : '-');
    const body = table(
      ['device', 'overflow mode', 'check', 'kernels overflowed in steps', 'detected in steps', 'missed'],
      rows.map((r) => [r.device, r.overflowMode, r.check, list(r.overflowed), list(r.detected), list(r.missed)]),
    );
    const missed = rows.filter((r) => r.missed.length > 0);
    const verdict = missed.length
      ? missed.map((r) => `${r.device} with ${r.check}: ${r.missed.length} overflowing step(s) went unseen (saturated values look finite); the optimizer applied their gradients`).join('\n')
      : 'every check saw every overflow';
    return `saturation: one float16 training program, several devices and checks\n\n${body}\n\n${verdict}`;
  },
};
