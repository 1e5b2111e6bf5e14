/**
 * ExpandDims, Squeeze, Concat, Split, Tile and OneHot against MindSpore's own results
 * (test/fixtures/shape-ops.json, MindSpore 2.10.0 CPU; until now they were checked against numpy): the
 * outputs, their shapes and the gradients bit for bit on every target and mode — but Tile's gradient,
 * which sums the copies' gradients: MindSpore's ReduceSum adds them in its own order, mindsim in index
 * order, so within the summation bound k²·2⁻²⁴·max|dy| for k copies; OneHot with indices out of range
 * (a row of off values, as MindSpore).
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { Tensor, np, ops, type Tensor as T } from '../../src/index.js';
import { onEveryTarget } from '../helpers/ms-fixtures.js';

interface Case { op: string; spec: Record<string, number | number[]>; x: number[]; shape: number[]; dtype: string; y: number[][]; yShapes: number[][]; dy?: number[][]; dx?: number[] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/shape-ops.json', import.meta.url), 'utf8')) as { generator: string; cases: Case[] };
const values = (x: T): number[] => Array.from(x.asnumpy().astype('float32').data as Float32Array);

function apply(c: Case): (x: T) => T | T[] {
  const s = c.spec;
  switch (c.op) {
    case 'ExpandDims':
      return (x) => ops.ExpandDims()(x, s.axis as number);
    case 'Squeeze':
      return (x) => ops.Squeeze({ axis: s.axis as number | number[] })(x);
    case 'Concat':
      return (x) => ops.Concat({ axis: s.axis as number })(Array.from({ length: s.n as number }, (_, i) => ops.Mul()(x, i + 1)));
    case 'Split':
      return (x) => ops.Split({ axis: s.axis as number, outputNum: s.outputNum as number })(x);
    case 'Tile':
      return (x) => ops.Tile()(x, s.multiples as number[]);
    default:
      return (x) => ops.OneHot({ axis: s.axis as number })(x, s.depth as number, new Tensor(2.5, 'float32'), new Tensor(-1, 'float32'));
  }
}

t.test(`${fixture.cases.length} cases equal MindSpore's (${fixture.generator})`, async (t) => {
  onEveryTarget((deviceTarget, mode) => {
    let ok = 0;
    for (const c of fixture.cases) {
      const f = apply(c);
      const x = new Tensor(np.array(c.x, c.dtype as never).reshape(c.shape));
      const out = f(x);
      const ys = Array.isArray(out) ? out : [out];
      const got: unknown[] = [ys.map(values), ys.map((y) => [...y.shape])];
      const want: unknown[] = [c.y, c.yShapes];
      if (c.dx && c.op === 'Tile') {
        const sens = new Tensor(np.array(c.dy![0]!, 'float32').reshape(c.yShapes[0]!));
        const dx = values(ops.GradOperation({ sensParam: true })(f as (x: T) => T)(x, sens) as T);
        const copies = (c.spec.multiples as number[]).reduce((a, b) => a * b, 1);
        const bound = copies * copies * 2 ** -24 * Math.max(...c.dy![0]!.map(Math.abs));
        got.push(dx.every((v, i) => Math.abs(v - c.dx![i]!) <= bound));
        want.push(true);
      } else if (c.dx) {
        const sens = c.dy!.map((d, k) => new Tensor(np.array(d, 'float32').reshape(c.yShapes[k]!)));
        // several outputs (Split): the gradient of Σ sum(y_k · dy_k), which is the sens tuple's, exactly
        const dx = Array.isArray(out)
          ? (ops.GradOperation()((v: T) => ops.AddN()((f(v) as T[]).map((y, k) => ops.ReduceSum()(ops.Mul()(y, sens[k]!)))))(x) as T)
          : (ops.GradOperation({ sensParam: true })(f as (x: T) => T)(x, sens[0]!) as T);
        got.push(values(dx));
        want.push(c.dx);
      }
      if (JSON.stringify(got) === JSON.stringify(want)) ok++;
      else t.fail(`${deviceTarget} ${mode} ${c.op} ${JSON.stringify(c.spec)}: ${JSON.stringify(got)}`);
    }
    t.equal(ok, fixture.cases.length, `${deviceTarget} ${mode}: outputs, shapes and gradients bit for bit`);
  });
});
