/**
 * An ordinary MindSpore-style training loop under launch: each rank trains on its shard of the batch,
 * AllReduces its gradients (the mean, as data parallel's reducer does) and steps its optimizer,
 * awaiting the loss each step. Every rank ends with the same Parameters, equal to one device trained
 * on the whole batch.
 */
import t from 'tap';
import { Tensor, communication, launch, nn, np, ops, setSeed, type Parameter, type Tensor as T } from '../../src/index.js';

/** The same small regression network on every rank (seeded). */
function network(): nn.Cell {
  setSeed(3);
  return new nn.SequentialCell([new nn.Dense(4, 8, { weightInit: 'normal' }), new nn.ReLU(), new nn.Dense(8, 1, { weightInit: 'normal' })]);
}
const batch = (from: number, n: number) => {
  const x = np.array(Array.from({ length: n * 4 }, (_, i) => Math.sin((from * 4 + i) * 0.7)), 'float32').reshape(n, 4);
  const y = np.array(Array.from({ length: n }, (_, i) => Math.cos((from + i) * 0.3)), 'float32').reshape(n, 1);
  return { x: new Tensor(x), y: new Tensor(y) };
};

/** One training loop; `reduce` turns this rank's gradients into the ones it steps with. */
async function train(rankBatch: { x: T; y: T }, steps: number, reduce: (g: T) => T): Promise<{ losses: number[]; params: string[] }> {
  const net = network();
  const loss = new nn.WithLossCell(net, new nn.MSELoss());
  const params = [...net.trainableParams()];
  const grad = ops.GradOperation({ getByList: true })(loss, params);
  const opt = new nn.Momentum(params, 0.1, 0.9);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const l = loss.call(rankBatch.x, rankBatch.y);
    const grads = (grad(rankBatch.x, rankBatch.y) as T[]).map(reduce);
    opt.call(...grads);
    losses.push(Number((await l.asnumpyAsync()).item()));
  }
  return { losses, params: params.map((p: Parameter) => String(p.asnumpy())) };
}

t.test('data parallel by hand on 4 ranks: identical Parameters, equal to one device on the whole batch', async (t) => {
  const ranks = 4;
  const per = 8;
  const { results } = await launch(async ({ rank }) => {
    communication.init();
    const mean = (g: T) => ops.Mul()(ops.AllReduce()(g), 1 / ranks);
    return train(batch(rank * per, per), 5, mean);
  }, { cluster: { ...(await import('../../src/index.js')).runtime.defaultClusterRegistry.preset('dgx-a100')!, preset: 'four-a100', devicesPerNode: 4 } });
  for (let r = 1; r < ranks; r++) t.same(results[r]!.params, results[0]!.params, `rank ${r}'s Parameters equal rank 0's`);
  const single = await train(batch(0, ranks * per), 5, (g) => g);
  const close = (a: string, b: string) => {
    const xs = a.match(/-?\d+\.?\d*(e-?\d+)?/g)!.map(Number);
    const ys = b.match(/-?\d+\.?\d*(e-?\d+)?/g)!.map(Number);
    return xs.length === ys.length && xs.every((v, i) => Math.abs(v - ys[i]!) <= 1e-5 * Math.max(1, Math.abs(v)));
  };
  // the mean of the shards' MSE gradients is the whole batch's, up to float32 summation order
  single.params.forEach((p, i) => t.ok(close(p, results[0]!.params[i]!), `Parameter ${i} equals single-device training within 1e-5`));
  t.ok(results[0]!.losses.at(-1)! < results[0]!.losses[0]!, `the loss falls: ${results[0]!.losses.map((l) => l.toFixed(4)).join(' ')}`);
});
