/**
 * layerwise_parallel and parameter broadcast, as r1.5 gives them meaning: a layerwiseParallel
 * Parameter is "filtered out during parameter broadcast and parameter gradient aggregation". With
 * rank-dependent seeds and `parameterBroadcast: true`, the first (compiling) call of the training cell
 * broadcasts rank 0's Parameters; a layerwise one keeps its own value and its own gradient.
 */
import t from 'tap';
import { Parameter, Tensor, communication, launch, nn, ops, runtime, setAutoParallelContext, setSeed, type ExecutionMode } from '../../src/index.js';

/** Dense followed by a per-rank scale that is layerwise parallel (each rank keeps and trains its own). */
class ScaledDense extends nn.Cell {
  dense = new nn.Dense(3, 2, { weightInit: 'normal' });
  scale = new Parameter(new Tensor([1 + Math.random()], 'float32'), { name: 'scale', layerwiseParallel: true });
  override construct(x: Tensor): Tensor {
    return ops.Mul()(this.dense.call(x), this.scale);
  }
}

const values = async (p: Parameter) => Array.from((await p.asnumpyAsync()).data as Float32Array);

async function run(options: { broadcast: boolean; mode?: ExecutionMode; steps?: number }) {
  const sink: string[] = [];
  const result = await launch(async ({ rank }) => {
    communication.init();
    setAutoParallelContext({ parallelMode: 'data_parallel', gradientsMean: true, parameterBroadcast: options.broadcast });
    setSeed(100 + rank); // every rank draws other initial values
    const net = new ScaledDense();
    const before = await values(net.dense.weight);
    const loss = new nn.WithLossCell(net, new nn.MSELoss());
    const step = new nn.TrainOneStepCell(loss, new nn.SGD(net.trainableParams(), { learningRate: 0.05 }));
    const x = new Tensor([[rank, 1, -rank]], 'float32'); // different data on every rank
    const y = new Tensor([[1, rank]], 'float32');
    for (let s = 0; s < (options.steps ?? 3); s++) await step.call(x, y).asnumpyAsync();
    return { before, weight: await values(net.dense.weight), bias: await values(net.dense.bias!), scale: await values(net.scale) };
  }, { cluster: 'atlas800t-a2', devicesPerNode: 4, printSink: (s) => sink.push(s), ...(options.mode ? { mode: options.mode } : {}) });
  return { ...result, sink };
}

for (const mode of ['GRAPH_MODE', 'PYNATIVE_MODE'] as const) {
  t.test(`${mode}: parameterBroadcast makes rank-dependent initial values identical; the layerwise scale stays each rank's own`, async (t) => {
    const { results, cluster } = await run({ broadcast: true, mode });
    t.not(results[1]!.before.join(), results[0]!.before.join(), 'the ranks started from different weights');
    for (let r = 1; r < 4; r++) {
      t.same([results[r]!.weight, results[r]!.bias], [results[0]!.weight, results[0]!.bias], `rank ${r}'s Dense equals rank 0's`);
      t.not(results[r]!.scale.join(), results[0]!.scale.join(), `rank ${r}'s layerwise scale is its own`);
    }
    const broadcasts = cluster.platform.sim.records().filter((r): r is runtime.CollectiveRecord => r.type === 'collective' && r.phase === 'start' && r.op === 'Broadcast');
    t.equal(broadcasts.length, 1, 'one Broadcast, at the first (compiling) call');
    // the compiled cell is the TrainOneStepCell: its Parameters are the network's and the optimizer's
    // (and SGD's state, ParameterTuple attributes r1.5 inserts as Parameters: accum and stat, as many as weight and bias)
    t.equal(broadcasts[0]!.bytes, 4 * (3 * 2 + 2 + 1 + 1) + 2 * 4 * (3 * 2 + 2), "of the weight, the bias, SGD's learning rate, momentum, accum and stat (float32), not the scale");
  });
}

t.test('without the broadcast the ranks keep their own initial values; r1.5\'s suggestion is logged (no global seed)', async (t) => {
  const { results } = await run({ broadcast: false, steps: 1 });
  t.not(results[1]!.weight.join(), results[0]!.weight.join(), 'different Parameters: the same reduced gradient on different weights');
  const sink: string[] = [];
  await launch(() => {
    communication.init();
    setAutoParallelContext({ parallelMode: 'data_parallel' });
    const net = new nn.Dense(2, 1);
    net.call(new Tensor([[1, 2]], 'float32'));
  }, { cluster: 'dgx-a100', devicesPerNode: 2, printSink: (s) => sink.push(s) });
  t.same(sink, Array(2).fill(
    '[WARNING] You are suggested to use mindspore.context.set_auto_parallel_context(parameter_broadcast=True) or mindspore.common.set_seed() to share parameters among multi-devices.\n',
  ));
});

t.test('a layerwiseParallel gradient is neither reduced nor averaged; every other one is', async (t) => {
  const { results } = await launch(async ({ rank }) => {
    communication.init();
    const shared = new Parameter(new Tensor([0], 'float32'), 'shared');
    const own = new Parameter(new Tensor([0], 'float32'), { name: 'own', layerwiseParallel: true });
    const [g, o] = new nn.DistributedGradReducer([shared, own]).reduce([new Tensor([rank], 'float32'), new Tensor([rank], 'float32')]);
    return [(await g!.asnumpyAsync()).item(), (await o!.asnumpyAsync()).item()];
  }, { cluster: 'dgx-h100', devicesPerNode: 4 });
  t.same(results, [[1.5, 0], [1.5, 1], [1.5, 2], [1.5, 3]]);
});

t.test('Cell.parametersBroadcastDict: every Parameter but the layerwise ones, null when none', async (t) => {
  const net = new ScaledDense();
  t.same([...net.parametersBroadcastDict()!.keys()], ['dense.weight', 'dense.bias']);
  class OnlyLocal extends nn.Cell {
    p = new Parameter(1, { name: 'p', layerwiseParallel: true });
  }
  t.equal(new OnlyLocal().parametersBroadcastDict(), null);
});
