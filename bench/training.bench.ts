/**
 * Training: steps per second of the LeNet-style network (batch 32 of 1x12x12 synthetic images,
 * Momentum) on each target, with arithmetic and in timing-only mode (shapes and simulated time kept,
 * arithmetic skipped). Baseline in the same run: the CPU target with arithmetic.
 */
import { models, nn, resetPlatform, setContext, setSeed, type DeviceTarget } from '../src/index.js';
import { type Case, type GroupResult, runGroup } from './harness.js';

const STEPS = 5;

function trainer(target: DeviceTarget, timingOnly: boolean): () => void {
  return () => {
    resetPlatform({ record: 0, timingOnly });
    setContext({ deviceTarget: target, mode: 'GRAPH_MODE' });
    setSeed(1);
    const net = new models.LeNet();
    const withLoss = new nn.WithLossCell(net, new nn.SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' }));
    const step = new nn.TrainOneStepCell(withLoss, new nn.Momentum(net.trainableParams(), 0.05, 0.9));
    const { images, labels } = models.syntheticImages({ n: 32, seed: 7 });
    for (let i = 0; i < STEPS; i++) step.call(images, labels).asnumpy();
  };
}

export function trainingBenchmarks(): GroupResult[] {
  const cases: Case[] = [];
  for (const timingOnly of [false, true]) {
    for (const target of ['CPU', 'GPU', 'Ascend'] as const) {
      cases.push({ name: `${target}${timingOnly ? ', timing-only' : ''}${!timingOnly && target === 'CPU' ? ' (baseline)' : ''}`, units: STEPS, fn: trainer(target, timingOnly) });
    }
  }
  const result = runGroup(`LeNet-style training steps (batch 32, ${STEPS} steps per run incl. setup)`, 'steps', cases);
  setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' });
  resetPlatform();
  return [result];
}
