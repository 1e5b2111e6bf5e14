/**
 * ScatterAdd, ScatterSub and ScatterUpdate against MindSpore's own results (test/fixtures/scatter.json,
 * MindSpore 2.10.0 CPU): the returned tensor and the Parameter afterwards bit for bit on every target
 * and mode; then the in-place ordering (a read recorded before the scatter sees the old value), integer
 * dtypes, r1.5's checks, and an index out of range failing only its op.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ExecutionContext, Parameter, Tensor, np, ops } from '../../src/index.js';
import { tensor, values, onEveryTarget } from '../helpers/ms-fixtures.js';

interface Case { op: 'ScatterAdd' | 'ScatterSub' | 'ScatterUpdate'; shape: number[]; x: number[]; indices: number[]; indicesShape: number[]; updates: number[]; y: number[]; param: number[] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/scatter.json', import.meta.url), 'utf8')) as { generator: string; cases: Case[] };

t.test(`${fixture.cases.length} cases equal MindSpore's (${fixture.generator})`, async (t) => {
  onEveryTarget((deviceTarget, mode) => {
    let ok = 0;
    for (const c of fixture.cases) {
      const x = new Parameter(tensor(c.x, c.shape), 'x');
      const indices = new Tensor(np.array(c.indices, 'int32').reshape(c.indicesShape));
      const y = ops[c.op]()(x, indices, tensor(c.updates, [...c.indicesShape, ...c.shape.slice(1)]));
      const got = JSON.stringify([values(y), values(x)]);
      if (got === JSON.stringify([c.y, c.param])) ok++;
      else t.fail(`${deviceTarget} ${mode} ${c.op} ${JSON.stringify(c.shape)}: ${got}`);
    }
    t.equal(ok, fixture.cases.length, `${deviceTarget} ${mode}: output and Parameter bit for bit`);
  });
});

t.test('program order, integer dtypes, checks, and an index out of range', async (t) => {
  for (const mode of ['PYNATIVE_MODE', 'GRAPH_MODE'] as const) {
    new ExecutionContext({ deviceTarget: 'GPU', mode }).run(() => {
      const x = new Parameter(new Tensor([1, 2, 3], 'int32'), 'x');
      const before = ops.Mul()(x, 10);
      ops.ScatterAdd()(x, new Tensor([2, 2], 'int32'), new Tensor([5, 6], 'int32'));
      const after = ops.Mul()(x, 10);
      t.equal(String(before), '[10 20 30]', `${mode}: a read recorded before sees the old value`);
      t.equal(String(after), '[ 10  20 140]', `${mode}: a read recorded after sees the update`);
      const big = new Parameter(new Tensor([1n, 2n], 'int64'), 'big');
      ops.ScatterSub()(big, new Tensor([1], 'int32'), new Tensor([2n ** 40n], 'int64'));
      t.equal(String(big.asnumpy()), '[             1 -1099511627774]');
    });
  }
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    const x = new Parameter(new Tensor(np.zeros([3, 2]), 'float32'), 'x');
    t.throws(() => ops.ScatterAdd()(x, new Tensor([0], 'int64'), new Tensor(np.ones([1, 2]), 'float32')), { name: 'DTypeError', message: /'indices' should be one of \[Int32\]/ });
    t.throws(() => ops.ScatterAdd()(x, new Tensor([0], 'int32'), new Tensor(np.ones([2, 2]), 'float32')), { name: 'ShapeError', message: "For 'ScatterAdd', updates_shape = indices_shape + x_shape[1:], but got x_shape: [3, 2], indices_shape: [1], updates_shape: [2, 2]." });
    t.throws(() => ops.ScatterUpdate({ useLocking: 1 as never }), { name: 'ArgumentTypeError' });
    t.same(values(x), [0, 0, 0, 0, 0, 0], 'refusals leave the Parameter as it was');
    ops.ScatterAdd()(x, new Tensor([3], 'int32'), new Tensor(np.ones([1, 2]), 'float32'));
    const next = new Tensor([1], 'float32');
    t.throws(() => String(ops.Add()(next, 1)), { name: 'ArgumentValueError', message: /For 'ScatterAdd', the index 3 is outside the first axis of 'x' \[0, 3\)/ }, 'reported at the next synchronisation');
    t.same(values(x), [0, 0, 0, 0, 0, 0], 'the failed scatter left the Parameter at its value');
    t.equal(String(ops.Add()(next, 1)), '[2.]', 'reported once; the device still works');
  });
});
