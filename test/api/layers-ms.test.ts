/**
 * nn.LeakyReLU and nn.L1Loss (r1.5 builds both from primitives: Mul with Maximum/Minimum; Abs of Sub
 * and a reduction) against MindSpore's own results (test/fixtures/layers.json, MindSpore 2.10.0 CPU):
 * forward and gradients bit for bit on every target and mode, but a reduction's sum: MindSpore's CPU
 * ReduceSum adds in a vectorised order, mindsim in index order, so those agree within the float32
 * summation bound n·2⁻²⁴·Σ|terms| (the case 'sum' differs by one ulp).
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { nn, ops, type Tensor as T } from '../../src/index.js';
import { tensor, values, onEveryTarget } from '../helpers/ms-fixtures.js';

interface Case { layer: 'LeakyReLU' | 'L1Loss'; alpha?: number; reduction?: 'mean' | 'sum' | 'none'; inputs: number[][]; shape: number[]; y: number[]; yShape: number[]; dy: number[]; dx: number[][] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/layers.json', import.meta.url), 'utf8')) as { generator: string; cases: Case[] };

t.test(`nn.LeakyReLU and nn.L1Loss equal MindSpore's (${fixture.generator})`, async (t) => {
  onEveryTarget((deviceTarget, mode) => {
    for (const c of fixture.cases) {
      const cell = c.layer === 'LeakyReLU' ? new nn.LeakyReLU(c.alpha) : new nn.L1Loss({ reduction: c.reduction! });
      const f = (...xs: T[]) => cell.call(...xs);
      const xs = c.inputs.map((v) => tensor(v, c.shape));
      const y = f(...xs);
      const grads = ops.GradOperation({ getAll: true, sensParam: true })(f)(...xs, tensor(c.dy, c.yShape)) as T[];
      const where = `${deviceTarget} ${mode} ${c.layer} ${c.alpha ?? c.reduction}`;
      t.same([[...y.shape], grads.map(values)], [c.yShape, c.dx], `${where}: shape and gradients bit for bit`);
      if (c.layer === 'L1Loss' && c.reduction !== 'none') {
        const terms = c.inputs[0]!.map((a, i) => Math.abs(a - c.inputs[1]![i]!));
        const bound = terms.length * 2 ** -24 * terms.reduce((s2, v) => s2 + v, 0);
        t.ok(Math.abs(values(y)[0]! - c.y[0]!) <= bound, `${where}: within the summation bound (${values(y)[0]} vs ${c.y[0]})`);
      } else t.same(values(y), c.y, `${where}: forward bit for bit`);
    }
  });
});

t.test("getActivation('leakyrelu') and r1.5's refusals", async (t) => {
  t.ok(nn.getActivation('leakyrelu') instanceof nn.LeakyReLU);
  t.throws(() => new nn.LeakyReLU('a' as never), { name: 'ArgumentTypeError' });
  t.throws(() => new nn.L1Loss({ reduction: 'avg' as never }), { name: 'ArgumentValueError', message: /'reduction' must be in \['mean', 'sum', 'none'\]/ });
});
