/**
 * `overflow`: float16 training of a small network with dynamic loss scaling: which steps overflow,
 * how the scale backs off and grows, which steps are skipped, and which ops set the register.
 * @module
 */
import { DEVICES, table, type Scenario } from './scenario.js';
import { lossScaledTraining, summariseOps, type StepRow } from './training.js';

/** The overflow scenario's result. */
export interface OverflowResult {
  readonly device: string;
  readonly rows: readonly StepRow[];
  /** Steps whose gradients overflowed (and were skipped). */
  readonly overflowSteps: readonly number[];
  /** The scale at each step. */
  readonly scales: readonly number[];
}

/** The scenario. */
export const overflowScenario: Scenario<OverflowResult> = {
  name: 'overflow',
  description: 'float16 training with dynamic loss scaling: overflowing steps, the scale, skipped updates, the ops that set the register',
  parameters: [
    { name: 'device', description: 'device preset', kind: 'string', choices: DEVICES, default: 'ascend910' },
    { name: 'steps', description: 'training steps', kind: 'number', integer: true, default: 12 },
    { name: 'seed', description: 'global seed', kind: 'number', integer: true, min: 0, max: 4294967295, default: 1 },
    { name: 'scale', description: 'initial loss scale', kind: 'number', min: 1, max: 3.4e38, default: 2 ** 20 },
    { name: 'window', description: 'finite steps before the scale grows', kind: 'number', integer: true, default: 4 },
  ],
  run(p, progress) {
    const rows = lossScaledTraining({ device: String(p.device), steps: Number(p.steps), seed: Number(p.seed), initScale: Number(p.scale), window: Number(p.window) }, progress);
    return { device: String(p.device), rows, overflowSteps: rows.filter((r) => r.overflow).map((r) => r.step), scales: rows.map((r) => r.scale) };
  },
  format(r) {
    const body = table(
      ['step', 'loss', 'scale', 'overflow', 'skipped', 'register set by'],
      r.rows.map((x) => [x.step, x.loss.toFixed(4), x.scale, x.overflow ? 'yes' : 'no', x.skipped ? 'yes' : 'no', summariseOps(x.registerSets) || '-']),
    );
    return `overflow: float16 LeNet with dynamic loss scaling on ${r.device}\n\n${body}\n\n${r.overflowSteps.length} of ${r.rows.length} steps overflowed and were skipped: ${r.overflowSteps.join(', ') || 'none'}`;
  },
};
