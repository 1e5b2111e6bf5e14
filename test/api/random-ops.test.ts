/**
 * UniformReal, StandardNormal and Dropout: r1.5's CPU streams (libstdc++'s, test/fixtures/r15-random.json
 * from scripts/r15_random_oracle.cpp) through the whole stack on every target and mode; r1.5's seed rules
 * (seed2 wins; the same seeds give the same values at every call; a Dropout's generator moves on;
 * nn.Dropout's seeds from the global seed and repeat after setSeed); Dropout's output, mask and
 * gradient; the checks.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ExecutionContext, Tensor, kernels, nn, np, ops, setSeed, type Tensor as T } from '../../src/index.js';
import { values, onEveryTarget } from '../helpers/ms-fixtures.js';

interface Case { op: string; seed: number; keepProb?: number; values: number[] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/r15-random.json', import.meta.url), 'utf8')) as { generator: string; cases: Case[] };
const oracle = (op: string, seed: number): Case => fixture.cases.find((c) => c.op === op && c.seed === seed)!;

t.test(`r1.5's CPU streams through the stack (${fixture.generator})`, async (t) => {
  onEveryTarget((deviceTarget, mode) => {
    const where = `${deviceTarget} ${mode}`;
    const uniform = ops.UniformReal({ seed: 1 });
    t.same(values(uniform([5, 8])), oracle('UniformReal', 1).values.map(Math.fround), `${where}: UniformReal seed 1`);
    t.same(values(uniform([5, 8])), oracle('UniformReal', 1).values.map(Math.fround), `${where}: the same values again (r1.5's CPU kernel re-seeds)`);
    t.same(values(ops.UniformReal({ seed: 9, seed2: 5489 })([7])), oracle('UniformReal', 5489).values.map(Math.fround), `${where}: seed2 wins`);
    const normal = values(ops.StandardNormal({ seed2: 1 })([40]));
    t.same(normal, oracle('StandardNormal', 1).values.map(Math.fround), `${where}: StandardNormal seed 1`);
    const mask = oracle('DropoutMask', 3);
    const [y, m] = ops.Dropout(0.5, 3, 0)(new Tensor(np.arange(-32, 32), 'float32'));
    t.same(values(m!), mask.values, `${where}: Dropout's mask is the Bernoulli stream of seed 3`);
    t.same(values(y!), mask.values.map((k, i) => (k ? (i - 32) * 2 : i < 32 ? -0 : 0)), `${where}: kept values doubled, dropped ones ±0`);
  });
});

t.test("Dropout's generator moves on; its gradient is the mask's", async (t) => {
  new ExecutionContext({ deviceTarget: 'GPU' }).run(() => {
    const dropout = ops.Dropout(0.25, 0, 11);
    const x = new Tensor(np.ones([64]), 'float32');
    const first = values(dropout(x)[1]!);
    const second = values(dropout(x)[1]!);
    const gen = new kernels.RandomState(11);
    t.same(first, Array.from(kernels.stdBernoulliMask(gen, 0.25, 64)), 'the first call: seed 11');
    t.same(second, Array.from(kernels.stdBernoulliMask(gen, 0.25, 64)), 'the second call continues the stream');
    t.same(first, oracle('DropoutMask', 11).values);
    const f = (v: T) => dropout(v)[0]!;
    const dy = new Tensor(np.arange(64), 'float32');
    const grad = values(ops.GradOperation({ sensParam: true })(f)(x, dy) as T);
    const third = Array.from(kernels.stdBernoulliMask(gen, 0.25, 64));
    t.same(grad, third.map((k, i) => k * i * 4), 'dy · mask / keep_prob, with the mask of the call it differentiates');
  });
});

t.test("nn.Dropout: r1.5's seeds, training and eval, checks", async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    setSeed(1);
    const a = new nn.Dropout(0.5);
    const b = new nn.Dropout(0.5);
    t.same([a.seed0, a.seed1, b.seed0, b.seed1], [1, 0, 1, 533697028], "r1.5's _get_graph_seed(0, 'dropout') pairs");
    const x = new Tensor(np.ones([32]), 'float32');
    const once = values(a.setTrain().call(x));
    setSeed(1);
    t.same(values(new nn.Dropout(0.5).setTrain().call(x)), once, 'the same masks after setSeed(1) again');
    t.same(values(a.setTrain(false).call(x)), values(x), 'eval mode: the input');
    t.same(values(new nn.Dropout(1).setTrain().call(x)), values(x), 'keep_prob 1: the input');
    t.throws(() => new nn.Dropout(0), { name: 'ArgumentValueError', message: "For 'Dropout', the 'keep_prob' should be a number in range (0, 1], but got 0." });
    t.throws(() => ops.Dropout(1.5), { name: 'ArgumentValueError', message: /`keep_prob` in `Dropout` should be in range of \(0, 1\]/ });
    t.throws(() => ops.Dropout(0.5)(new Tensor([1, 2], 'int32')), { name: 'DTypeError' });
    t.throws(() => ops.UniformReal({ seed: -1 }), { name: 'ArgumentValueError', message: '`seed` in `UniformReal` should be an int and must >= 0, but got `-1` with type `int`.' });
    t.throws(() => ops.StandardNormal()([2, 0]), { name: 'ArgumentValueError', message: /`shape\[1\]` in `StandardNormal` should be an int and must > 0/ });
  });
});
