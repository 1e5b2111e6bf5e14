/**
 * Learning rates as r1.5 takes them: the list schedules (nn.piecewiseConstantLr, exponentialDecayLr,
 * naturalExpDecayLr, inverseDecayLr, cosineDecayLr, polynomialDecayLr, warmupLr) bit for bit against
 * MindSpore's own functions (test/fixtures/dynamic-lr.json), and optimizers given a list, a 1-d Tensor
 * or a 0-d Tensor: the step's rate picked by the global step (an int32 Parameter moved on each step),
 * and r1.5's refusals.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ExecutionContext, Parameter, Tensor, nn, np } from '../../src/index.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/dynamic-lr.json', import.meta.url), 'utf8')) as { generator: string; cases: { fn: string; args: unknown[]; lr: number[] }[] };

// Python's `x ** y` is the C library's pow, correctly rounded in glibc; V8's Math.pow is not always
// (one ulp off in about 1 % of calls here): the schedules built on pow agree within 2 ulps, the rest bit for bit
const POW = new Set(['exponentialDecayLr', 'naturalExpDecayLr', 'polynomialDecayLr']);
t.test(`the schedules equal MindSpore's (${fixture.generator})`, async (t) => {
  const fns = nn as unknown as Record<string, (...a: unknown[]) => number[]>;
  const byFn = new Map<string, number>();
  let exact = 0;
  let values = 0;
  for (const c of fixture.cases) {
    const got = fns[c.fn]!(...c.args);
    const ok = got.length === c.lr.length && got.every((v, i) => v === c.lr[i] || (POW.has(c.fn) && Math.abs(v - c.lr[i]!) <= 2 * Number.EPSILON * Math.abs(c.lr[i]!)));
    if (!ok) t.fail(`${c.fn}(${JSON.stringify(c.args)}): ${JSON.stringify(got)} vs ${JSON.stringify(c.lr)}`);
    else byFn.set(c.fn, (byFn.get(c.fn) ?? 0) + 1);
    exact += got.filter((v, i) => v === c.lr[i]).length;
    values += got.length;
  }
  t.equal([...byFn.values()].reduce((a, b) => a + b, 0), fixture.cases.length, `every case (${[...byFn].map(([f, n]) => `${f} ${n}`).join(', ')}); ${exact} of ${values} values bit for bit`);
});

t.test('an optimizer with a dynamic rate uses the global step', async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    const w = new Parameter(new Tensor([1], 'float32'), 'w');
    const opt = new nn.SGD([w], { learningRate: [0.5, 0.25, 0.125] });
    t.equal(opt.dynamicLr, true);
    t.same([...(opt.learningRate as Parameter).shape], [3]);
    for (let k = 0; k < 3; k++) opt.call(new Tensor([1], 'float32'));
    t.same(Array.from(w.asnumpy().data as Float32Array), [1 - 0.5 - 0.25 - 0.125], 'each step its own rate');
    t.same(Array.from(opt.globalStep!.asnumpy().data as Int32Array), [3], 'global_step counts the steps');
    t.throws(() => opt.call(new Tensor([1], 'float32')), { name: 'ArgumentValueError', message: /the dynamic learning rate has 3 values, but step 4 needs one/ });
    const fixed = new nn.Momentum([new Parameter(new Tensor([1], 'float32'), 'v')], new Tensor(0.1, 'float32'), 0.9);
    t.equal(fixed.dynamicLr, false, 'a 0-d Tensor is a fixed rate');
    t.equal(fixed.globalStep, null, 'no global_step, as r1.5');
    const schedule = new nn.Momentum([new Parameter(new Tensor([1], 'float32'), 'u')], nn.cosineDecayLr(0.01, 0.1, 4, 1, 4), 0.9);
    t.same(Array.from((schedule.learningRate as Parameter).asnumpy().data as Float32Array), nn.cosineDecayLr(0.01, 0.1, 4, 1, 4).map(Math.fround), 'a schedule list, as float32');
    const net = new nn.Dense(2, 1);
    const names = new nn.TrainOneStepCell(new nn.WithLossCell(net, new nn.MSELoss()), new nn.Momentum(net.trainableParams(), [0.1, 0.1], 0.9)).parametersAndNames().map(([n]) => n);
    t.ok(names.includes('global_step') && names.includes('learning_rate'), 'global_step and learning_rate are Parameters of the training cell (checkpointed as r1.5)');
  });
});

t.test("r1.5's refusals and warning", async (t) => {
  const w = () => [new Parameter(new Tensor([1], 'float32'), 'w')];
  t.throws(() => new nn.Momentum(w(), new Tensor(np.ones([2, 2]), 'float32'), 0.9), { name: 'ArgumentValueError', message: "For 'Momentum', the dim of `Tensor` type Learning rate should be a 0 or 1,but got 2." });
  t.throws(() => new nn.Momentum(w(), 'a' as never, 0.9), { name: 'ArgumentTypeError', message: "For 'Momentum', learning rate should be int, float, Tensor, Iterable or LearningRateSchedule, but got <class 'str'>." });
  t.throws(() => new nn.Momentum(w(), -1, 0.9), { name: 'ArgumentValueError' });
  const printed: string[] = [];
  new ExecutionContext({ printSink: (s) => printed.push(s) }).run(() => new nn.Momentum(w(), new Tensor([0.1], 'float32'), 0.9));
  t.match(printed.join(''), /If use `Tensor` type dynamic learning rate, please make sure/, 'a one-element rate Tensor: the warning');
  t.throws(() => nn.piecewiseConstantLr([2, 1], [0.1, 0.2]), { message: 'The value of milestone[1] must be greater than milestone[0]' });
  t.throws(() => nn.piecewiseConstantLr([2], [0.1, 0.2]), { message: 'The size of `milestone` must be same with the size of `learning_rates`.' });
  t.throws(() => nn.cosineDecayLr(0.2, 0.1, 4, 1, 1), { message: 'The `max_lr` should be greater than the `min_lr`.' });
  t.throws(() => nn.exponentialDecayLr(0.1, 0.9, 0, 1, 1), { name: 'ArgumentValueError', message: /`total_step` should be an int and must > 0/ });
  t.throws(() => nn.exponentialDecayLr(0.1, 0.9, 4, 1, 1, 1 as never), { name: 'ArgumentTypeError', message: /`is_stair` should be bool/ });
});
