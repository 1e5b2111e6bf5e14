/**
 * The program the overflow scenarios train: the LeNet-style network in float16 (float32 master
 * weights) with dynamic loss scaling, on a fresh simulated machine.
 * @module
 */
import { amp, getSimulator, models, nn, resetPlatform, setContext, setSeed } from '../../src/index.js';
import { targetOf, type Progress } from './scenario.js';

/** One training step as the scenarios report it. */
export interface StepRow {
  /** 1-based. */
  readonly step: number;
  /** The loss. */
  readonly loss: number;
  /** The loss scale the step used. */
  readonly scale: number;
  /** Whether the check found an overflow. */
  readonly overflow: boolean;
  /** Whether the optimizer step was skipped. */
  readonly skipped: boolean;
  /** Float-status register sets during the step (Ascend): which ops overflowed, in order. */
  readonly registerSets: readonly string[];
}

/** Settings of a loss-scaled training run. */
export interface TrainingSettings {
  readonly device: string;
  readonly steps: number;
  readonly seed: number;
  readonly initScale: number;
  readonly window: number;
  readonly check?: nn.OverflowCheck;
}

/** Trains and returns one row per step (the platform's trace covers the whole run). */
export function lossScaledTraining(s: TrainingSettings, progress?: Progress): StepRow[] {
  resetPlatform({ record: 2_000_000 });
  setContext({ deviceTarget: targetOf(s.device), device: s.device, mode: 'GRAPH_MODE', schedule: { policy: 'critical-path' } });
  setSeed(s.seed);
  const net = new models.LeNet();
  net.toFloat('float16');
  const withLoss = new nn.WithLossCell(new amp.OutputTo32(net), new nn.SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' }));
  const manager = new nn.DynamicLossScaleManager(s.initScale, 2, s.window);
  const cell = new nn.TrainOneStepWithLossScaleCell(withLoss, new nn.Momentum(net.trainableParams(), 0.05, 0.9), manager.getUpdateCell(), s.check ? { check: s.check } : {});
  const { images, labels } = models.syntheticImages({ n: 32, seed: s.seed + 7 });
  const sim = getSimulator();
  const rows: StepRow[] = [];
  let seen = 0;
  for (let i = 1; i <= s.steps; i++) {
    sim.mark(`step ${i}`); // the timeline marks where each step begins
    const r = cell.step(images, labels);
    const loss = Number(r.loss.asnumpy().item());
    const records = sim.records();
    const sets = records.slice(seen).flatMap((x) => (x.type === 'register' && x.action === 'set' ? [x.op] : []));
    seen = records.length;
    rows.push({ step: i, loss, scale: Number(r.scale.asnumpy().item()), overflow: r.overflow.asnumpy().item() === true, skipped: r.skipped, registerSets: sets });
    progress?.(i / s.steps, `step ${i}/${s.steps}`);
  }
  return rows;
}

/** Ops that set the register, each with its count: `Conv2DBackpropFilter x3, MatMul`. */
export function summariseOps(ops: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const op of ops) counts.set(op, (counts.get(op) ?? 0) + 1);
  return [...counts].map(([op, n]) => (n > 1 ? `${op} x${n}` : op)).join(', ');
}
