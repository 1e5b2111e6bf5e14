/**
 * Gather, UnsortedSegmentSum and nn.Embedding against MindSpore's own results (fixtures from
 * scripts/gen_mindspore_fixtures.py, MindSpore 2.10.0 CPU): forward and gradient bit for bit on every
 * target and mode (the gradients add repeated indices in index order, as MindSpore's CPU kernels do;
 * fixtures with repeats included); then r1.5's index rules (negative indices count from the end, as
 * r1.5's CPU Gather; beyond the range zeros, as its GPU Gather; UnsortedSegmentSum drops ids out of
 * range, as r1.5's CPU kernel) and nn.Embedding (Gather and one-hot lookups agree; padding_idx).
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ExecutionContext, Tensor, nn, np, ops, type Tensor as T } from '../../src/index.js';
import { tensor, values, onEveryTarget } from '../helpers/ms-fixtures.js';

interface Case { op: 'Gather' | 'UnsortedSegmentSum'; shape: number[]; axis?: number; indices?: number[]; indicesShape?: number[]; ids?: number[]; numSegments?: number; x: number[]; y: number[]; yShape: number[]; dy: number[]; dx: number[] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/gather.json', import.meta.url), 'utf8')) as { generator: string; cases: Case[] };

t.test(`${fixture.cases.length} cases equal MindSpore's (${fixture.generator})`, async (t) => {
  onEveryTarget((deviceTarget, mode) => {
    let ok = 0;
    for (const c of fixture.cases) {
      const f = c.op === 'Gather'
        ? (x: T) => ops.Gather()(x, new Tensor(np.array(c.indices!, 'int32').reshape(c.indicesShape!)), c.axis!)
        : (x: T) => ops.UnsortedSegmentSum()(x, new Tensor(c.ids!, 'int32'), c.numSegments!);
      const x = tensor(c.x, c.shape);
      const y = f(x);
      const dx = ops.GradOperation({ sensParam: true })(f)(x, tensor(c.dy, c.yShape)) as T;
      const got = JSON.stringify([values(y), [...y.shape], values(dx)]);
      if (got === JSON.stringify([c.y, c.yShape, c.dx])) ok++;
      else t.fail(`${deviceTarget} ${mode} ${c.op} ${JSON.stringify(c.shape)}: ${got}`);
    }
    t.equal(ok, fixture.cases.length, `${deviceTarget} ${mode}: forward and gradient bit for bit`);
  });
});

t.test("r1.5's index rules", async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    const p = new Tensor(np.arange(6).reshape([3, 2]), 'float32');
    t.same(values(ops.Gather()(p, new Tensor([-1, 3, 0], 'int32'), 0)), [4, 5, 0, 0, 0, 1], 'negative from the end; beyond the range zeros');
    t.same(values(ops.Gather()(p, new Tensor(1, 'int32'), 1)), [1, 3, 5], 'a scalar index drops the axis');
    t.same(values(ops.UnsortedSegmentSum()(new Tensor([1, 2, 4], 'float32'), new Tensor([0, 7, 0], 'int32'), 2)), [5, 0], 'an id out of range dropped');
    t.throws(() => ops.Gather()(p, new Tensor([0], 'float32'), 0), { name: 'DTypeError', message: /'input_indices' should be one of \[Int32, Int64\]/ });
    t.throws(() => ops.Gather()(p, new Tensor([0], 'int32'), 2), { name: 'ShapeError', message: /'axis' must be in range \[-2, 2\)/ });
    t.throws(() => ops.UnsortedSegmentSum()(p, new Tensor([0, 1], 'int32'), 2), { name: 'ShapeError', message: /must be a prefix of the shape of 'x'/ });
  });
});

t.test('nn.Embedding: names, Gather and one-hot lookups agree, padding_idx, gradients reach the table', async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    const table = new Tensor(np.arange(12).reshape([4, 3]), 'float32');
    const a = new nn.Embedding(4, 3, { embeddingTable: table });
    const b = new nn.Embedding(4, 3, { embeddingTable: table, useOneHot: true });
    const ids = new Tensor([[1, 3], [0, 1]], 'int32');
    t.same(a.call(ids).shape, [2, 2, 3]);
    t.same(values(a.call(ids)), values(b.call(ids)), 'the same rows either way');
    t.same(a.parametersAndNames().map(([n]) => n), ['embedding_table']);
    t.same(values(new nn.Embedding(4, 3, { embeddingTable: table, paddingIdx: 1 }).embeddingTable).slice(3, 6), [0, 0, 0]);
    const g = ops.GradOperation({ getByList: true })((x: T) => ops.ReduceSum()(a.call(x)), [a.embeddingTable])(ids) as T[];
    t.same(values(g[0]!), [1, 1, 1, 2, 2, 2, 0, 0, 0, 1, 1, 1], 'each row counted as often as looked up');
    t.throws(() => new nn.Embedding(4.5, 3), { name: 'ArgumentTypeError' });
    t.throws(() => new nn.Embedding(4, 3, { paddingIdx: 9 }), { name: 'ArgumentValueError' });
  });
});
