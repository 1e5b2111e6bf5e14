/**
 * The LearningRateSchedule classes against MindSpore's own (test/fixtures/lr-schedules.json, MindSpore
 * 2.10.0 CPU, the same cells as r1.5's): every schedule at steps 0-9, staircases too; and Momentum
 * stepping with ExponentialDecayLR: each step's rate from the global step, which then moves on.
 * Exponential, natural-exponential and warm-up schedules and the staircases of Pow agree within 1
 * float32 ulp (V8's Math.pow against glibc's powf); InverseDecayLR within 1 (2.10 turns a Python scalar
 * divided by a tensor into a product with the reciprocal, r1.5 into RealDiv, which mindsim follows);
 * CosineDecayLR within 4 (cosf against V8's cos, and its four scalar operations); the rest bit for bit.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ExecutionContext, Parameter, Tensor, nn } from '../../src/index.js';
import { values } from '../helpers/ms-fixtures.js';

interface Case { schedule: string; args: (number | boolean)[]; values: number[] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/lr-schedules.json', import.meta.url), 'utf8')) as {
  generator: string; cases: Case[]; momentum: { grads: number[][]; trained: number[][] };
};
const SCHEDULES: Record<string, new (...args: never[]) => nn.LearningRateSchedule> = {
  ExponentialDecayLR: nn.ExponentialDecayLR, NaturalExpDecayLR: nn.NaturalExpDecayLR, InverseDecayLR: nn.InverseDecayLR,
  CosineDecayLR: nn.CosineDecayLR, PolynomialDecayLR: nn.PolynomialDecayLR, WarmUpLR: nn.WarmUpLR,
};
const ulps = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / 2 ** (Math.floor(Math.log2(Math.abs(b))) - 23));

t.test(`schedules equal MindSpore's (${fixture.generator})`, async (t) => {
  for (const deviceTarget of ['CPU', 'GPU', 'Ascend'] as const) {
    new ExecutionContext({ deviceTarget }).run(() => {
      for (const c of fixture.cases) {
        const schedule = new SCHEDULES[c.schedule]!(...(c.args as never[]));
        const got = c.values.map((_, step) => values(schedule.call(new Tensor([step], 'int32')))[0]!);
        const bound = c.schedule === 'CosineDecayLR' ? 4 : c.schedule === 'WarmUpLR' ? 0 : 1;
        const worst = Math.max(...got.map((g, i) => ulps(g, c.values[i]!)));
        t.ok(worst <= bound, `${deviceTarget} ${c.schedule}(${c.args.join(', ')}): worst ${worst} ulps (bound ${bound})`);
      }
    });
  }
});

t.test('an optimizer with a schedule', async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    const w = new Parameter(new Tensor([1, -2, 3], 'float32'), 'w');
    const opt = new nn.Momentum([w], new nn.ExponentialDecayLR(0.1, 0.9, 2), 0.9);
    t.ok(opt.dynamicLr && opt.learningRate instanceof nn.ExponentialDecayLR);
    const trained = fixture.momentum.grads.map((g) => {
      opt.call(new Tensor(g, 'float32'));
      return values(w);
    });
    const worst = Math.max(...trained.flatMap((row, k) => row.map((v, i) => ulps(v, fixture.momentum.trained[k]![i]!))));
    t.ok(worst <= 1, `three Momentum steps with ExponentialDecayLR within 1 ulp of MindSpore's (${worst})`);
    t.same(values(opt.globalStep!), [3], 'the global step moved on each step');
    t.same(opt.parametersAndNames().map(([n]) => n), ['w', 'global_step', 'momentum', 'moments.w'], 'no learning_rate Parameter: the schedule computes it');
    t.throws(() => new nn.ExponentialDecayLR(0.1, 0.9, 0), { name: 'ArgumentValueError', message: /`decay_steps` in `ExponentialDecayLR` should be an int and must > 0/ });
    t.throws(() => new nn.CosineDecayLR(0.2, 0.1, 4), { name: 'ArgumentValueError', message: 'The `max_lr` should be greater than the `min_lr`.' });
  });
});
