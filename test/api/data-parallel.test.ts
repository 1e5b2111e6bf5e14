/**
 * Data parallel as r1.5 runs it: in DATA_PARALLEL, TrainOneStepCell builds a DistributedGradReducer
 * (mean from gradientsMean, degree from the group size). LeNet on 2, 4 and 8 ranks of a DGX A100, of
 * an Atlas 800 and of CPU hosts (MCCL, MindSpore 2.1's CPU collectives, beyond r1.5): every rank ends with the same Parameters, equal to one device trained on the whole
 * batch (the concatenation of the shards). Tolerance 1e-6 relative to max(1, |w|): the ranks add their
 * shard means in float32 in another order than one device sums the whole batch, a few ulps per step
 * (measured: at most 5e-8 after 4 steps). gradientsMean: false gives the summed rule (one device with
 * sens = ranks, as Momentum is linear in the gradient). Fusion buckets follow allReduceFusionConfig.
 */
import t from 'tap';
import {
  ExecutionContext, communication, getAutoParallelContext, launch, models, nn, runtime, setAutoParallelContext, setSeed, type ExecutionMode,
} from '../../src/index.js';

const STEPS = 4;
const N = 16;

/** LeNet with its loss, Momentum and a TrainOneStepCell built in the current context's parallel mode. */
function trainer(sens = 1) {
  setSeed(5);
  const net = new models.LeNet();
  const loss = new nn.WithLossCell(net, new nn.SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' }));
  return { net, step: new nn.TrainOneStepCell(loss, new nn.Momentum(net.trainableParams(), 0.1, 0.9), sens) };
}

/** Every rank's Parameters after STEPS data-parallel steps on its shard. */
async function dataParallel(cluster: string, ranks: number, options: { gradientsMean?: boolean; mode?: ExecutionMode; deviceNum?: number; fusion?: number[] } = {}) {
  const run = await launch(async ({ rank, size }) => {
    communication.init();
    setAutoParallelContext({
      parallelMode: 'data_parallel', gradientsMean: options.gradientsMean ?? true,
      ...(options.deviceNum !== undefined ? { deviceNum: options.deviceNum } : {}), ...(options.fusion ? { allReduceFusionConfig: options.fusion } : {}),
    });
    const { images, labels } = models.syntheticImages({ n: N, seed: 3, numShards: size, shardId: rank });
    const { net, step } = trainer();
    let last = 0;
    for (let s = 0; s < STEPS; s++) last = (await step.call(images, labels).asnumpyAsync()).item() as number;
    const params: number[][] = [];
    for (const p of net.trainableParams()) params.push(Array.from((await p.asnumpyAsync()).data as Float32Array));
    return { params, last };
  }, { cluster, ...(cluster === 'cpu-hosts' ? { nodes: ranks } : { devicesPerNode: ranks }), ...(options.mode ? { mode: options.mode } : {}) });
  return run;
}

/** One device trained on the whole batch. */
function singleDevice(deviceTarget: 'GPU' | 'Ascend' | 'CPU', sens = 1, mode: ExecutionMode = 'GRAPH_MODE'): number[][] {
  return new ExecutionContext({ deviceTarget, mode }).run(() => {
    const { images, labels } = models.syntheticImages({ n: N, seed: 3 });
    const { net, step } = trainer(sens);
    for (let s = 0; s < STEPS; s++) step.call(images, labels);
    return net.trainableParams().map((p) => Array.from(p.asnumpy().data as Float32Array));
  });
}

/** The largest difference relative to max(1, |b|). */
function maxRelDiff(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((p, i) => p.forEach((v, j) => (m = Math.max(m, Math.abs(v - b[i]![j]!) / Math.max(1, Math.abs(b[i]![j]!))))));
  return m;
}

// CPU: hosts of one process each, with MCCL (MindSpore >= 2.1's CPU collectives; r1.5 has none)
for (const [cluster, target] of [['dgx-a100', 'GPU'], ['atlas800-910', 'Ascend'], ['cpu-hosts', 'CPU']] as const) {
  t.test(`LeNet data parallel on ${cluster}: identical ranks, equal to one device on the whole batch`, async (t) => {
    const single = singleDevice(target);
    for (const ranks of [2, 4, 8]) {
      const { results } = await dataParallel(cluster, ranks);
      for (let r = 1; r < ranks; r++) t.same(results[r]!.params, results[0]!.params, `${ranks} ranks: rank ${r} equals rank 0 exactly`);
      const diff = maxRelDiff(results[0]!.params, single);
      t.ok(diff <= 1e-6, `${ranks} ranks: within 1e-6 of one device (${diff.toExponential(2)})`);
      t.ok(diff > 0 || ranks === 1, 'and not trivially equal: the sums run in another order');
    }
  });
}

t.test('gradientsMean: false sums the ranks\' gradients (one device with sens = ranks)', async (t) => {
  const { results } = await dataParallel('dgx-a100', 4, { gradientsMean: false });
  const diff = maxRelDiff(results[0]!.params, singleDevice('GPU', 4));
  t.ok(diff <= 1e-6, `summed rule within 1e-6 (${diff.toExponential(2)})`);
  t.ok(maxRelDiff(results[0]!.params, singleDevice('GPU', 1)) > 1e-3, 'and far from the mean rule');
});

t.test('PYNATIVE_MODE: the mean divides by the context\'s deviceNum, 1 unless set (r1.5\'s runtime buckets)', async (t) => {
  const unset = await dataParallel('dgx-a100', 4, { mode: 'PYNATIVE_MODE' });
  t.ok(maxRelDiff(unset.results[0]!.params, singleDevice('GPU', 4, 'PYNATIVE_MODE')) <= 1e-6, 'deviceNum unset: the sum');
  const set = await dataParallel('dgx-a100', 4, { mode: 'PYNATIVE_MODE', deviceNum: 4 });
  t.ok(maxRelDiff(set.results[0]!.params, singleDevice('GPU', 1, 'PYNATIVE_MODE')) <= 1e-6, 'deviceNum 4: the mean');
});

t.test('allReduceFusionConfig splits the gradient AllReduce into r1.5\'s buckets; the numbers do not change', async (t) => {
  const count = (run: Awaited<ReturnType<typeof dataParallel>>) =>
    run.cluster.platform.sim.records().filter((r): r is runtime.CollectiveRecord => r.type === 'collective' && r.phase === 'start' && r.op === 'AllReduce');
  const fused = await dataParallel('atlas800-910', 2);
  const split = await dataParallel('atlas800-910', 2, { fusion: [1, 3] });
  t.equal(count(fused).length, STEPS, 'one fused AllReduce of all 8 gradients per step');
  t.equal(count(split).length, 3 * STEPS, '[1, 3]: Parameters 0-1, 2-3, 4-7');
  const lenet = 4 * (6 * 9 + 6 + 16 * 6 * 9 + 16 + 16 * 9 * 32 + 32 + 32 * 4 + 4);
  t.same(count(split).slice(0, 3).map((r) => r.bytes), [4 * (6 * 9 + 6), 4 * (16 * 6 * 9 + 16), 4 * (16 * 9 * 32 + 32 + 32 * 4 + 4)], 'the buckets\' bytes');
  t.equal(count(fused)[0]!.bytes, lenet, 'the fused AllReduce moves every gradient');
  t.same(split.results[0]!.params, fused.results[0]!.params, 'same Parameters');
});

t.test('the reducer\'s rules and messages', async (t) => {
  const { results } = await launch(({ rank }) => {
    const out: unknown[] = [];
    try {
      new nn.DistributedGradReducer([]);
    } catch (e) {
      out.push((e as Error).message);
    }
    communication.init();
    for (const degree of [0, -1, 1.5]) {
      try {
        new nn.DistributedGradReducer([], true, degree);
      } catch (e) {
        out.push((e as Error).message);
      }
    }
    out.push(Number(new nn.DistributedGradReducer([], true, 3).degree.asnumpy().item()), new nn.DistributedGradReducer([]).degree.asnumpy().item());
    out.push(rank);
    return out;
  }, { cluster: 'dgx-a100', devicesPerNode: 2 });
  t.match(results[0]![0], /has not been inited/);
  t.same(results[0]!.slice(1, 4), Array(3).fill("Parameter 'degree' in DistributedGradReducer should large than 0 and be int"));
  t.same(results[0]!.slice(4, 6), [Math.fround(1 / 3), 0.5], '1/degree as float32; the group size by default');
  t.equal(getAutoParallelContext('parallelMode'), 'stand_alone', 'the default context is untouched by the ranks');
});
