/**
 * Loss scaling across ranks, as r1.5's TrainOneStepWithLossScaleCell does it in data parallel: each
 * rank's overflow flag is AllReduced, so every rank skips the same steps and keeps the same loss scale.
 * On an Ascend 910 (saturation mode) an overflow on one rank leaves finite, saturated values behind:
 * only that rank's float-status register knows. Without the flag AllReduce that rank skips while the
 * others step with the saturated gradient, and the Parameters diverge; the explorer finds it.
 */
import t from 'tap';
import { Tensor, communication, launch, nn, setAutoParallelContext, setSeed, type Parameter } from '../../src/index.js';
import { explore } from '../../src/testing.js';

const STEPS = 3;
const OVERFLOW_STEP = 1;

/** Every rank trains a float16 Dense; rank 3's input overflows float16 at OVERFLOW_STEP. */
const program = (flagAllReduce: boolean | undefined) => async ({ rank }: { rank: number }) => {
  communication.init();
  setAutoParallelContext({ parallelMode: 'data_parallel', gradientsMean: true });
  setSeed(7);
  const net = new nn.Dense(4, 2, { weightInit: 'normal' }).toFloat('float16');
  const loss = new nn.WithLossCell(net, new nn.MSELoss());
  const manager = new nn.DynamicLossScaleManager(2 ** 10, 2, 100);
  const step = new nn.TrainOneStepWithLossScaleCell(loss, new nn.Momentum(net.trainableParams(), 0.01, 0.9), manager.getUpdateCell(),
    flagAllReduce === undefined ? {} : { flagAllReduce });
  const history: { skipped: boolean; scale: number }[] = [];
  for (let s = 0; s < STEPS; s++) {
    const big = rank === 3 && s === OVERFLOW_STEP ? 1e5 : 1; // 1e5 does not fit float16
    const r = await step.stepAsync(new Tensor([[big, 0.5, -1, rank]], 'float32'), new Tensor([[1, -1]], 'float32'));
    history.push({ skipped: r.skipped, scale: (await r.scale.asnumpyAsync()).item() as number });
  }
  const params: string[] = [];
  for (const p of net.trainableParams() as Parameter[]) params.push(String(await p.asnumpyAsync()));
  return { history, params, scale: (await step.scaleSense.asnumpyAsync()).item() as number };
};

const options = { cluster: 'atlas800-910', devicesPerNode: 4 };

t.test("with r1.5's flag AllReduce every rank skips the overflowing step and the scales agree", async (t) => {
  const { results } = await launch(program(undefined), options);
  for (const r of results) {
    t.same(r.history.map((h) => h.skipped), [false, true, false], 'skipped the overflowing step only');
    t.same(r.history.map((h) => h.scale), [1024, 1024, 512], 'the scale each step used: halved after the overflow');
    t.equal(r.scale, 512);
    t.same(r.params, results[0]!.params, 'identical Parameters');
  }
});

t.test('without it, only rank 3 skips: the loss scales and the Parameters diverge, step by step', async (t) => {
  const { results } = await launch(program(false), options);
  for (const rank of [0, 1, 2]) t.same(results[rank]!.history.map((h) => h.skipped), [false, false, false], `rank ${rank} never sees the overflow`);
  t.same(results[3]!.history.map((h) => h.skipped), [false, true, false], 'rank 3 skips');
  t.same([results[0]!.scale, results[3]!.scale], [1024, 512], 'the loss scales disagree');
  t.not(results[3]!.params.join(), results[0]!.params.join(), "rank 3's Parameters differ from the others'");
  t.same(results[1]!.params, results[0]!.params, 'ranks 0-2 agree among themselves');
  t.throws(() => new nn.TrainOneStepWithLossScaleCell(null as never, null as never, new Tensor(1, 'float32'), { flagAllReduce: 'no' as never }));
});

t.test('the explorer finds the divergence, and finds none with the flag AllReduce', async (t) => {
  const agree = ({ results }: { results: readonly ({ params: string[] } | undefined)[] }) => results.every((r) => r !== undefined && r.params.join() === results[0]!.params.join());
  const broken = await explore(program(false), { launch: options, policy: 'random', runs: 5, property: agree });
  t.equal(broken.ok, false);
  t.match(broken.failure!.message, /the property (failed|returned false)/);
  t.match(broken.failure!.message, /It fails with every rank in program order/, 'not an ordering bug: the decision itself differs');
  const fixed = await explore(program(undefined), { launch: options, policy: 'random', runs: 5, property: agree });
  t.same([fixed.ok, fixed.runs], [true, 5]);
});

t.test('a distributed step refuses the synchronous call in a launched rank, before doing anything', async (t) => {
  const { results } = await launch(async () => {
    communication.init();
    setAutoParallelContext({ parallelMode: 'data_parallel' });
    const net = new nn.WithLossCell(new nn.Dense(2, 1), new nn.MSELoss());
    const step = new nn.TrainOneStepWithLossScaleCell(net, new nn.SGD(net.trainableParams()), new Tensor(8, 'float32'));
    try {
      step.step(new Tensor([[1, 2]], 'float32'), new Tensor([[1]], 'float32'));
      return 'no error';
    } catch (e) {
      return (e as Error).message;
    }
  }, { cluster: 'dgx-a100', devicesPerNode: 2 });
  t.match(results[0], /use `await cell.stepAsync\(...\)`/);
});
