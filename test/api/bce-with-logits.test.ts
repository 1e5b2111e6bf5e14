/**
 * nn.BCEWithLogitsLoss against MindSpore's own (test/fixtures/bce-with-logits.json, MindSpore 2.10.0 CPU):
 * each reduction, with and without weight and pos_weight; the loss and the gradients for logits and
 * labels on every target. mindsim builds the loss from float32 ops (the stable form of r1.5's kernel) and
 * differentiates them op by op; r1.5's bprop writes the logits' gradient with the sigmoid directly:
 * ((1 + (p − 1)·y)·σ(x) − p·y)·dout·w. So the loss and the labels' gradient agree within 8 float32 ulps of
 * their scale, the logits' gradient within 32 (20 seen: the exp/log chain's roundings where σ(x) is one
 * rounding).
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ExecutionContext, Parameter, Tensor, nn, ops, type Tensor as T } from '../../src/index.js';
import { tensor, values, ulpsOfScale } from '../helpers/ms-fixtures.js';

interface Case { shape: number[]; reduction: 'mean' | 'sum' | 'none'; weight: number[] | null; posWeight: number[] | null; logits: number[]; labels: number[]; y: number[]; yShape: number[]; dy: number[]; dx: number[][] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/bce-with-logits.json', import.meta.url), 'utf8')) as { generator: string; cases: Case[] };

t.test(`BCEWithLogitsLoss as MindSpore's (${fixture.generator})`, async (t) => {
  let worst = 0;
  let worstLogits = 0;
  for (const deviceTarget of ['CPU', 'GPU', 'Ascend'] as const) {
    new ExecutionContext({ deviceTarget }).run(() => {
      for (const c of fixture.cases) {
        const net = new nn.BCEWithLogitsLoss({
          reduction: c.reduction,
          weight: c.weight ? tensor(c.weight, c.shape) : null,
          posWeight: c.posWeight ? tensor(c.posWeight, c.shape.slice(-1)) : null,
        });
        const f = (x: T, y: T) => net.call(x, y);
        const ins = [tensor(c.logits, c.shape), tensor(c.labels, c.shape)];
        const y = f(ins[0]!, ins[1]!);
        const grads = ops.GradOperation({ getAll: true, sensParam: true })(f)(...ins, tensor(c.dy, c.yShape)) as T[];
        t.same(y.shape, c.yShape);
        const [loss, dlogits, dlabels] = [ulpsOfScale(values(y), c.y), ...grads.map((g, k) => ulpsOfScale(values(g), c.dx[k]!))] as [number, number, number];
        worst = Math.max(worst, loss, dlabels);
        worstLogits = Math.max(worstLogits, dlogits);
      }
    });
  }
  t.ok(worst <= 8, `loss and the labels' gradient within 8 ulps of scale (worst ${worst})`);
  t.ok(worstLogits <= 32, `the logits' gradient within 32 ulps of scale (worst ${worstLogits})`);
  t.throws(() => new nn.BCEWithLogitsLoss({ weight: new Parameter(new Tensor([1], 'float32'), 'w') }), { name: 'ArgumentTypeError', message: "For 'BCEWithLogitsLoss', the 'weight' can not be a Parameter." });
  t.throws(() => new nn.BCEWithLogitsLoss({ reduction: 'avg' as never }), { name: 'ArgumentValueError' });
});
