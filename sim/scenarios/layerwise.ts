/**
 * `layerwise`: what r1.5's `layerwise_parallel` means. Ranks with rank-dependent seeds train a Dense
 * whose output is multiplied by a per-rank `scale` Parameter marked layerwiseParallel, on different
 * data. Parameter broadcast makes the Dense identical on every rank at the first step and the gradient
 * AllReduce keeps it so; the scale is neither broadcast nor reduced: it stays rank-local.
 * @module
 */
import { Parameter, Tensor, communication, launch, nn, ops, setAutoParallelContext, setSeed } from '../../src/index.js';
import { TRACE, table, type Scenario } from './scenario.js';

/** One rank after a step. */
export interface LayerwiseRank {
  /** The first element of the Dense weight (shared: broadcast and reduced). */
  readonly weight0: number;
  /** Its layerwise scale (rank-local). */
  readonly scale: number;
}

/** The scenario's result. */
export interface LayerwiseResult {
  readonly ranks: number;
  /** The ranks' values before training (rank-dependent seeds). */
  readonly initial: readonly LayerwiseRank[];
  /** `steps[s][rank]`. */
  readonly steps: readonly (readonly LayerwiseRank[])[];
  /** Bytes the parameter broadcast sent (the scale is left out). */
  readonly broadcastBytes: number;
}

class ScaledDense extends nn.Cell {
  dense = new nn.Dense(3, 2, { weightInit: 'normal' });
  scale: Parameter;
  constructor(rank: number) {
    super();
    this.scale = new Parameter(new Tensor([1 + rank / 10], 'float32'), { name: 'scale', layerwiseParallel: true });
  }
  override construct(x: Tensor): Tensor {
    return ops.Mul()(this.dense.call(x), this.scale);
  }
}

/** The scenario. */
export const layerwiseScenario: Scenario<LayerwiseResult> = {
  name: 'layerwise',
  description: 'a layerwise_parallel Parameter is neither broadcast nor reduced: it stays rank-local while the rest stay identical',
  parameters: [
    { name: 'ranks', description: 'ranks (GPUs of a DGX H100)', kind: 'number', integer: true, max: 8, default: 4 },
    { name: 'steps', description: 'training steps', kind: 'number', integer: true, default: 3 },
  ],
  async run(p, progress) {
    const ranks = Number(p.ranks);
    const steps = Number(p.steps);
    const run = await launch(async ({ rank }) => {
      communication.init();
      setAutoParallelContext({ parallelMode: 'data_parallel', gradientsMean: true, parameterBroadcast: true });
      setSeed(100 + rank); // every rank starts from other values
      const net = new ScaledDense(rank);
      const read = async (): Promise<LayerwiseRank> => ({
        weight0: Number((await net.dense.weight.asnumpyAsync()).item(0, 0)),
        scale: Number((await net.scale.asnumpyAsync()).item(0)),
      });
      const initial = await read();
      const cell = new nn.TrainOneStepCell(new nn.WithLossCell(net, new nn.MSELoss()), new nn.SGD(net.trainableParams(), { learningRate: 0.05 }));
      const after: LayerwiseRank[] = [];
      for (let s = 0; s < steps; s++) {
        await cell.call(new Tensor([[rank, 1, -rank]], 'float32'), new Tensor([[1, rank]], 'float32')).asnumpyAsync();
        after.push(await read());
      }
      return { initial, after };
    }, { cluster: 'dgx-h100', devicesPerNode: ranks });
    progress?.(1, 'trained');
    const broadcastBytes = run.cluster.platform.sim.records().filter((r) => r.type === 'collective' && r.phase === 'start' && r.op === 'Broadcast').reduce((b, r) => b + (r.type === 'collective' ? r.bytes : 0), 0);
    const result: LayerwiseResult = {
      ranks,
      initial: run.results.map((r) => r.initial),
      steps: Array.from({ length: steps }, (_, s) => run.results.map((r) => r.after[s]!)),
      broadcastBytes,
    };
    Object.defineProperty(result, TRACE, { value: run.cluster.platform.sim, enumerable: false });
    return result;
  },
  format(r) {
    const row = (label: string | number, xs: readonly LayerwiseRank[]) => [label, ...xs.map((x) => `${x.weight0.toFixed(5)} / ${x.scale.toFixed(5)}`)];
    return [
      `layerwise: ${r.ranks} ranks of a DGX H100, data parallel with parameterBroadcast; each rank's Dense weight[0][0] / layerwise scale`,
      '',
      table(['after', ...Array.from({ length: r.ranks }, (_, k) => `rank ${k}`)], [row('init', r.initial), ...r.steps.map((xs, s) => row(`step ${s + 1}`, xs))]),
      '',
      `the broadcast sent ${r.broadcastBytes} bytes: the Dense and the optimizer's learning rate and state, not the scale`,
      'the weight is the same on every rank from the first step on; each scale is its rank\'s own, trained on its own data',
    ].join('\n');
  },
};
