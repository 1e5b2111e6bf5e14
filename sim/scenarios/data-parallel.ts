/**
 * `data-parallel`: LeNet trained data-parallel as r1.5 runs it (TrainOneStepCell with a
 * DistributedGradReducer) on a simulated cluster: each step's simulated time split into compute and
 * the gradient AllReduce, then weak scaling 1 → 8 → 64 ranks in timing-only mode.
 * @module
 */
import { communication, getSimulator, launch, models, nn, runtime, setAutoParallelContext, setSeed } from '../../src/index.js';
import { TRACE, table, type Scenario } from './scenario.js';

/** One step of rank 0, in simulated ns. */
export interface DataParallelStep {
  readonly step: number;
  readonly loss: number;
  readonly stepNs: number;
  /** Time the gradient AllReduce ran (start to end of its collectives in the step). */
  readonly allReduceNs: number;
  /** The rest: forward, backward, the optimizer, launches. */
  readonly computeNs: number;
}

/** One point of the scaling curve (timing-only). */
export interface ScalingPoint {
  readonly ranks: number;
  readonly stepNs: number;
  readonly allReduceNs: number;
  /** Samples per simulated second over all ranks. */
  readonly samplesPerSecond: number;
  /** Throughput over `ranks` times the one-rank throughput. */
  readonly efficiency: number;
}

/** The scenario's result. */
export interface DataParallelResult {
  readonly cluster: string;
  readonly ranks: number;
  readonly batchPerRank: number;
  readonly steps: readonly DataParallelStep[];
  /** Whether every rank ended with the same Parameters. */
  readonly ranksAgree: boolean;
  readonly scaling: readonly ScalingPoint[];
}

/** Runs `steps` data-parallel LeNet steps on `ranks` ranks; rank 0's per-step times. */
async function train(cluster: string, ranks: number, steps: number, batch: number, timingOnly: boolean) {
  const perNode = runtime.defaultClusterRegistry.preset(cluster)!.devicesPerNode;
  const placement = ranks <= perNode ? { devicesPerNode: ranks } : { nodes: ranks / perNode };
  return launch(async ({ rank, size }) => {
    communication.init();
    setAutoParallelContext({ parallelMode: 'data_parallel', gradientsMean: true });
    setSeed(1);
    const net = new models.LeNet();
    const loss = new nn.WithLossCell(net, new nn.SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' }));
    const cell = new nn.TrainOneStepCell(loss, new nn.Momentum(net.trainableParams(), 0.05, 0.9));
    const { images, labels } = models.syntheticImages({ n: batch * size, seed: 11, numShards: size, shardId: rank });
    const sim = getSimulator();
    const ends: number[] = [];
    const losses: number[] = [];
    for (let s = 0; s < steps; s++) {
      if (rank === 0) sim.mark(`step ${s + 1}`);
      const value = await cell.call(images, labels).asnumpyAsync();
      losses.push(timingOnly ? NaN : Number(value.item()));
      ends.push(sim.now());
    }
    const params: string[] = [];
    if (!timingOnly) for (const p of net.trainableParams()) params.push(String(await p.asnumpyAsync()));
    return { ends, losses, params };
  }, { cluster, ...placement, timingOnly, record: 1_000_000 });
}

/** Rank 0's steps: time, and the time its gradient AllReduces ran within each. */
function stepsOf(run: Awaited<ReturnType<typeof train>>): DataParallelStep[] {
  const { ends, losses } = run.results[0]!;
  const spans: [number, number][] = [];
  const open = new Map<string, number>();
  for (const r of run.cluster.platform.sim.records()) {
    if (r.type !== 'collective' || r.op !== 'AllReduce' || !r.ranks.includes(0)) continue;
    if (r.phase === 'start') open.set(r.name, r.time);
    else spans.push([open.get(r.name) ?? r.time, r.time]);
  }
  return ends.map((end, i) => {
    const start = i === 0 ? 0 : ends[i - 1]!;
    const allReduceNs = spans.filter(([a]) => a >= start && a < end).reduce((sum, [a, b]) => sum + (b - a), 0);
    return { step: i + 1, loss: losses[i]!, stepNs: end - start, allReduceNs, computeNs: end - start - allReduceNs };
  });
}

/** The scenario. */
export const dataParallelScenario: Scenario<DataParallelResult> = {
  name: 'data-parallel',
  description: 'LeNet data parallel (r1.5 TrainOneStepCell + DistributedGradReducer): step time split into compute and AllReduce; scaling 1 -> 8 -> 64 ranks',
  parameters: [
    { name: 'cluster', description: 'cluster preset', kind: 'string', choices: runtime.defaultClusterRegistry.names(), default: 'atlas800-910' },
    { name: 'ranks', description: 'ranks of the computing run (at most one node)', kind: 'number', integer: true, default: 8 },
    { name: 'steps', description: 'training steps', kind: 'number', integer: true, default: 3 },
    { name: 'batch', description: 'samples per rank and step', kind: 'number', integer: true, default: 32 },
  ],
  check(p) {
    const spec = runtime.defaultClusterRegistry.preset(String(p.cluster))!;
    try {
      runtime.withDevicesPerNode(spec, Number(p.ranks));
      return null;
    } catch (e) {
      return `--ranks ${p.ranks} does not fit one node of ${spec.preset}: ${(e as Error).message.replace(/^cluster '[^']*': /, '')}`;
    }
  },
  async run(p, progress) {
    const cluster = String(p.cluster);
    const ranks = Number(p.ranks);
    const batch = Number(p.batch);
    const computing = await train(cluster, ranks, Number(p.steps), batch, false);
    const ranksAgree = computing.results.every((r) => r.params.join() === computing.results[0]!.params.join());
    progress?.(0.4, 'computing run');
    const perNode = runtime.defaultClusterRegistry.preset(cluster)!.devicesPerNode;
    const scaling: ScalingPoint[] = [];
    for (const n of [1, perNode, 8 * perNode]) {
      const steps = stepsOf(await train(cluster, n, 2, batch, true)).slice(1); // the second step: no first-use uploads
      const stepNs = steps[0]!.stepNs;
      const samplesPerSecond = (n * batch) / (stepNs / 1e9);
      scaling.push({ ranks: n, stepNs, allReduceNs: steps[0]!.allReduceNs, samplesPerSecond, efficiency: samplesPerSecond / (n * (scaling[0]?.samplesPerSecond ?? samplesPerSecond / n)) });
      progress?.(0.4 + 0.2 * scaling.length, `${n} ranks, timing-only`);
    }
    const result: DataParallelResult = { cluster, ranks, batchPerRank: batch, steps: stepsOf(computing), ranksAgree, scaling };
    Object.defineProperty(result, TRACE, { value: computing.cluster.platform.sim, enumerable: false });
    return result;
  },
  format(r) {
    const us = (ns: number) => `${(ns / 1e3).toFixed(1)} us`;
    return [
      `data-parallel: LeNet on ${r.ranks} ranks of ${r.cluster}, ${r.batchPerRank} samples per rank, r1.5's TrainOneStepCell + DistributedGradReducer`,
      '',
      table(['step', 'loss', 'step time', 'compute', 'AllReduce', 'AllReduce share'],
        r.steps.map((s) => [s.step, s.loss.toFixed(4), us(s.stepNs), us(s.computeNs), us(s.allReduceNs), `${((100 * s.allReduceNs) / s.stepNs).toFixed(1)}%`])),
      `every rank ends with the same Parameters: ${r.ranksAgree ? 'yes' : 'NO'}`,
      '(step 1 includes uploading the Parameters and the data)',
      '',
      'weak scaling, timing-only (no arithmetic), second step:',
      table(['ranks', 'step time', 'AllReduce', 'samples/s', 'efficiency'],
        r.scaling.map((x) => [x.ranks, us(x.stepNs), us(x.allReduceNs), Math.round(x.samplesPerSecond), `${(100 * x.efficiency).toFixed(1)}%`])),
    ].join('\n');
  },
};
