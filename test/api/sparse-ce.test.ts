/**
 * SparseSoftmaxCrossEntropyWithLogits against MindSpore's own (test/fixtures/sparse-ce.json, MindSpore
 * 2.10.0 CPU): the mean loss and its gradient on every target and mode within 8 float32 ulps of their
 * scale (oneDNN's softmax rounds its exponentials and sums in float32 in its own order; mindsim computes
 * each exponential in double and sums in float32 in index order); r1.5's checks; a label out of range
 * fails only its op.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ExecutionContext, Tensor, np, ops, type Tensor as T } from '../../src/index.js';
import { values, ulpsOfScale, onEveryTarget } from '../helpers/ms-fixtures.js';

interface Case { shape: [number, number]; logits: number[]; labels: number[]; y: number; dy: number; dx: number[] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/sparse-ce.json', import.meta.url), 'utf8')) as { generator: string; cases: Case[] };

t.test(`loss and gradient as MindSpore's (${fixture.generator})`, async (t) => {
  let worst = 0;
  onEveryTarget(() => {
    for (const c of fixture.cases) {
      const labels = new Tensor(c.labels, 'int32');
      const f = (x: T) => ops.SparseSoftmaxCrossEntropyWithLogits()(x, labels);
      const x = new Tensor(np.array(c.logits, 'float32').reshape(c.shape));
      const y = f(x);
      const dx = ops.GradOperation({ sensParam: true })(f)(x, new Tensor(c.dy, 'float32')) as T;
      t.same(y.shape, [], 'a 0-d loss');
      worst = Math.max(worst, ulpsOfScale(values(y), [c.y]), ulpsOfScale(values(dx), c.dx));
    }
  });
  t.ok(worst <= 8, `within 8 ulps of scale (worst ${worst})`);
});

t.test("r1.5's checks; a label out of range fails its op only", async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    const logits = new Tensor(np.zeros([2, 3]), 'float32');
    t.same(values(ops.SparseSoftmaxCrossEntropyWithLogits({ isGrad: true })(logits, new Tensor([0, 2], 'int32'))).map((v) => Math.round(v * 1e6) / 1e6), [-0.333333, 0.166667, 0.166667, 0.166667, 0.166667, -0.333333]);
    t.throws(() => ops.SparseSoftmaxCrossEntropyWithLogits()(logits, new Tensor([0, 1, 2], 'int32')), { name: 'ShapeError' });
    t.throws(() => ops.SparseSoftmaxCrossEntropyWithLogits()(logits, new Tensor([0, 1], 'float32')), { name: 'DTypeError' });
    t.throws(() => ops.SparseSoftmaxCrossEntropyWithLogits({ isGrad: 1 as never }), { name: 'ArgumentTypeError' });
    const bad = ops.SparseSoftmaxCrossEntropyWithLogits()(logits, new Tensor([0, 3], 'int32'));
    t.throws(() => bad.asnumpy(), { name: 'ArgumentValueError', message: /Error label input!/ });
    t.equal(String(ops.Add()(new Tensor([1], 'float32'), 1)), '[2.]', 'the device works');
  });
});
