/**
 * Data parallel: wall time per simulated LeNet data-parallel step (r1.5's TrainOneStepCell with its
 * DistributedGradReducer, 32 samples per rank) at 8 and 64 ranks of Atlas 800 servers, computing and
 * timing-only. The peer in the same run: the same step on one device outside any cluster (stand-alone
 * TrainOneStepCell). A rank is a whole simulated program, so the ideal is N ranks costing N single
 * steps; the ratio per rank says how far the launcher, the hub and the collectives are from that.
 */
import { ExecutionContext, communication, launch, models, nn, setAutoParallelContext, setSeed } from '../src/index.js';
import { type GroupResult, median } from './harness.js';

const STEPS = 4;
const BATCH = 32;

function trainer() {
  setSeed(1);
  const net = new models.LeNet();
  const loss = new nn.WithLossCell(net, new nn.SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' }));
  return new nn.TrainOneStepCell(loss, new nn.Momentum(net.trainableParams(), 0.05, 0.9));
}

/** Wall ms per step of `ranks` data-parallel ranks (after one warm-up step), median of `runs`. */
async function perStep(ranks: number, timingOnly: boolean, runs: number): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    let start = 0;
    await launch(async ({ rank, size }) => {
      communication.init();
      setAutoParallelContext({ parallelMode: 'data_parallel', gradientsMean: true });
      const cell = trainer();
      const { images, labels } = models.syntheticImages({ n: BATCH * size, seed: 11, numShards: size, shardId: rank });
      await cell.call(images, labels).asnumpyAsync();
      if (rank === size - 1) start = performance.now(); // every rank has warmed up
      for (let s = 0; s < STEPS; s++) await cell.call(images, labels).asnumpyAsync();
    }, { cluster: 'atlas800-910', ...(ranks <= 8 ? { devicesPerNode: ranks } : { nodes: ranks / 8 }), timingOnly, record: 0 });
    times.push((performance.now() - start) / STEPS);
  }
  return median(times);
}

/** Wall ms per step of the same step on one stand-alone device. */
function singleDevice(runs: number): number {
  const times: number[] = [];
  new ExecutionContext({ platform: { record: 0 } }).run(() => {
    const cell = trainer();
    const { images, labels } = models.syntheticImages({ n: BATCH, seed: 11 });
    cell.call(images, labels).asnumpy();
    for (let r = 0; r < runs; r++) {
      const start = performance.now();
      for (let s = 0; s < STEPS; s++) cell.call(images, labels).asnumpy();
      times.push((performance.now() - start) / STEPS);
    }
  });
  return median(times);
}

export async function parallelBenchmarks(): Promise<GroupResult[]> {
  const single = singleDevice(5);
  const rows: GroupResult['results'] = [{ name: '1 device, stand-alone (the peer)', perSecond: 1000 / single, rme: 0, ratio: 1 }];
  console.log(`\ndata-parallel LeNet steps (${BATCH} samples per rank, atlas800-910; wall ms per simulated step)`);
  console.log(`  1 device, stand-alone, computing            ${single.toFixed(2)} ms`);
  for (const [ranks, timingOnly] of [[8, false], [8, true], [64, false], [64, true]] as const) {
    const ms = await perStep(ranks, timingOnly, 3);
    const what = `${ranks} ranks, ${timingOnly ? 'timing-only' : 'computing  '}`;
    console.log(`  ${what.padEnd(42)}  ${ms.toFixed(2)} ms  (${(ms / ranks).toFixed(3)} ms per rank: ${(ms / ranks / single).toFixed(2)}x one device's step)`);
    rows.push({ name: what.trim(), perSecond: 1000 / ms, rme: 0, ratio: 0 });
  }
  for (const r of rows) r.ratio = r.perSecond / rows[0]!.perSecond;
  return [{ group: 'simulated data-parallel steps per wall second (baseline: one stand-alone device)', unit: 'steps', results: rows }];
}
