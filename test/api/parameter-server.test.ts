/**
 * Parameter-server training as r1.5 runs it: 1 server and 4 workers; every LeNet Parameter with
 * setParamPs; each step the workers Push their gradients (and Momentum's lr and momentum) to the
 * server, which averages them over the workers and runs ApplyMomentum on its CPU; the workers Pull the
 * new weights. The loss curve (the mean of the workers' shard losses) equals one device trained on the
 * whole batch with Momentum, within float32 summation order; the Pushes, Pulls and the server's
 * updates are in the trace.
 */
import t from 'tap';
import { ExecutionContext, Tensor, getPsContext, launch, models, nn, np, runtime, setPsContext, setSeed } from '../../src/index.js';

const STEPS = 4;
const N = 16;

function trainer() {
  setSeed(5);
  const net = new models.LeNet();
  const loss = new nn.WithLossCell(net, new nn.SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' }));
  return { net, step: new nn.TrainOneStepCell(loss, new nn.Momentum(net.trainableParams(), 0.1, 0.9)) };
}

t.test('1 server, 4 workers: LeNet trains to the loss curve of one device on the whole batch', async (t) => {
  const run = await launch(async ({ rank, size }) => {
    setPsContext({ enablePs: true });
    const role = getPsContext('msRole');
    const { net, step } = trainer();
    net.setParamPs();
    const { images, labels } = models.syntheticImages({ n: N, seed: 3, numShards: size, shardId: rank });
    const losses: number[] = [];
    for (let s = 0; s < STEPS; s++) losses.push(Number((await step.call(images, labels).asnumpyAsync()).item()));
    const weight = Array.from((await net.fc2.weight.asnumpyAsync()).data as Float32Array);
    return { role, losses, weight };
  }, { cluster: 'atlas800-910', devicesPerNode: 4, ps: { servers: 1 } });
  const single = new ExecutionContext().run(() => {
    const { net, step } = trainer();
    const { images, labels } = models.syntheticImages({ n: N, seed: 3 });
    const losses = Array.from({ length: STEPS }, () => Number(step.call(images, labels).asnumpy().item()));
    return { losses, weight: Array.from(net.fc2.weight.asnumpy().data as Float32Array) };
  });
  t.same(run.results.map((r) => r.role), Array(4).fill('MS_WORKER'));
  const curve = single.losses.map((_, s) => run.results.reduce((sum, r) => sum + r.losses[s]!, 0) / 4);
  curve.forEach((l, s) => t.ok(Math.abs(l - single.losses[s]!) < 1e-5, `step ${s + 1}: workers' mean loss ${l.toFixed(6)} vs one device ${single.losses[s]!.toFixed(6)}`));
  t.ok(single.losses[STEPS - 1]! < single.losses[0]!, 'and it trains');
  for (const r of run.results) t.same(r.weight, run.results[0]!.weight, 'every worker pulled the same weights');
  t.ok(r_close(run.results[0]!.weight, single.weight), "the pulled fc2.weight equals one device's");
  const records = run.cluster.platform.sim.records();
  const pushes = records.filter((r) => r.type === 'begin' && r.op === 'Push').length;
  const pulls = records.filter((r) => r.type === 'begin' && r.op === 'Pull').length;
  const server = records.filter((r): r is runtime.TraceRecord & { device: string } => r.type === 'begin' && r.op === 'ApplyMomentum' && 'device' in r && String(r.device).startsWith('CPU'));
  t.same([pushes, pulls], [4 * 8 * STEPS, 4 * 8 * STEPS], 'a Push and a Pull per worker, Parameter and step');
  t.equal(server.length, 8 * STEPS, "the server's ApplyMomentum per Parameter and step, on its CPU");
});

function r_close(a: number[], b: number[]): boolean {
  return a.every((v, i) => Math.abs(v - b[i]!) < 1e-5);
}

t.test('the workers\' roles and counts; the ps option is checked', async (t) => {
  await t.rejects(launch(() => 0, { cluster: 'dgx-a100', ps: { servers: 0 } }), /ps.servers must be a positive integer, but got 0/);
  const { results } = await launch(() => {
    const before = getPsContext('msRole');
    setPsContext({ enablePs: true });
    return [before, getPsContext('msRole'), getPsContext('serverNum'), getPsContext('workerNum')];
  }, { cluster: 'dgx-a100', devicesPerNode: 2, ps: { servers: 3 } });
  t.same(results[1], ['MS_NOT_PS', 'MS_WORKER', 3, 2], 'the role is read when PS is enabled');
});

t.test('Adam on the server: the same steps as one device with Adam on the mean gradient', async (t) => {
  const x = np.array(Array.from({ length: 8 * 3 }, (_, i) => Math.sin(i)), 'float32').reshape(8, 3);
  const y = np.array(Array.from({ length: 8 }, (_, i) => Math.cos(i)), 'float32').reshape(8, 1);
  const rows = (a: typeof x, from: number, n: number) => new Tensor(np.array(Array.from(a.data as Float32Array).slice(from * a.shape[1]!, (from + n) * a.shape[1]!), 'float32').reshape(n, a.shape[1]!));
  const build = () => {
    setSeed(9);
    const net = new nn.Dense(3, 1, { weightInit: 'normal' });
    return { net, step: new nn.TrainOneStepCell(new nn.WithLossCell(net, new nn.MSELoss()), new nn.Adam(net.trainableParams(), { learningRate: 0.05 })) };
  };
  const run = await launch(async ({ rank }) => {
    setPsContext({ enablePs: true });
    const { net, step } = build();
    net.setParamPs();
    for (let s = 0; s < 3; s++) await step.call(rows(x, 4 * rank, 4), rows(y, 4 * rank, 4)).asnumpyAsync();
    return Array.from((await net.weight.asnumpyAsync()).data as Float32Array);
  }, { cluster: 'dgx-h100', devicesPerNode: 2, ps: { servers: 2 } });
  const single = new ExecutionContext().run(() => {
    const { net, step } = build();
    for (let s = 0; s < 3; s++) step.call(new Tensor(x), new Tensor(y));
    return Array.from(net.weight.asnumpy().data as Float32Array);
  });
  t.ok(r_close(run.results[0]!, single) && r_close(run.results[1]!, single), `${run.results[0]} vs ${single}`);
});
