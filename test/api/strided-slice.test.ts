/**
 * StridedSlice against MindSpore's own results (test/fixtures/strided-slice.json, MindSpore 2.10.0 CPU:
 * random specs with out-of-range begin/end, negative strides and every mask), forward and gradient bit
 * for bit on every target and mode; then r1.5's checks and texts.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ExecutionContext, Tensor, np, ops, type Tensor as T } from '../../src/index.js';
import { tensor, values, onEveryTarget } from '../helpers/ms-fixtures.js';

interface Case { shape: number[]; begin: number[]; end: number[]; strides: number[]; masks: number[]; x: number[]; y: number[]; yShape: number[]; dy: number[]; dx: number[] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/strided-slice.json', import.meta.url), 'utf8')) as { generator: string; cases: Case[] };

t.test(`${fixture.cases.length} cases equal MindSpore's (${fixture.generator})`, async (t) => {
  onEveryTarget((deviceTarget, mode) => {
    let ok = 0;
    for (const c of fixture.cases) {
      const [beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask] = c.masks;
      const op = ops.StridedSlice({ beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask });
      const f = (x: T) => op(x, c.begin, c.end, c.strides);
      const x = tensor(c.x, c.shape);
      const y = f(x);
      const dx = ops.GradOperation({ sensParam: true })(f)(x, tensor(c.dy, c.yShape)) as T;
      const got = JSON.stringify([values(y), [...y.shape], values(dx)]);
      if (got === JSON.stringify([c.y, c.yShape, c.dx])) ok++;
      else t.fail(`${deviceTarget} ${mode} ${JSON.stringify([c.shape, c.begin, c.end, c.strides, c.masks])}: ${got}`);
    }
    t.equal(ok, fixture.cases.length, `${deviceTarget} ${mode}: forward and gradient bit for bit`);
  });
});

t.test("r1.5's docstring example, dtypes and refusals", async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    const x = new Tensor(np.array([[[1, 1, 1], [2, 2, 2]], [[3, 3, 3], [4, 4, 4]], [[5, 5, 5], [6, 6, 6]]]), 'int32');
    t.equal(String(ops.StridedSlice()(x, [1, 0, 2], [3, 1, 3], [1, 1, 1])), '[[[3]]\n\n [[5]]]');
    t.equal(String(ops.StridedSlice()(x, [1, 0, 0], [2, 1, 3], [1, 1, 1])), '[[[3 3 3]]]');
    t.equal(String(ops.StridedSlice()(new Tensor([1n, 2n, 3n], 'int64'), [-1], [-4], [-1])), '[3 2 1]', 'int64 backwards');
    t.throws(() => ops.StridedSlice({ ellipsisMask: 3 }), { name: 'ArgumentValueError', message: "For 'StridedSlice', only support one ellipsis in the index, but got 0." });
    t.throws(() => ops.StridedSlice({ beginMask: -1 }), { name: 'ArgumentValueError', message: '`begin_mask` in `StridedSlice` should be an int and must >= 0, but got `-1` with type `int`.' });
    t.throws(() => ops.StridedSlice()(x, [0], [1], [0]), { name: 'ArgumentValueError', message: "For 'StridedSlice', the 'strides' cannot contain 0, but got 'strides': (0,)." });
    t.throws(() => ops.StridedSlice()(x, [0, 0], [1], [1]), { name: 'ArgumentValueError', message: /must be the same as 'strides'/ });
    t.throws(() => ops.StridedSlice()(x, [0.5], [1], [1]), { name: 'ArgumentTypeError', message: /must be a tuple of int/ });
    t.throws(() => ops.StridedSlice({ shrinkAxisMask: 1 })(x, [3], [4], [1]), { name: 'ShapeError', message: /'begin' should be in \[-3, 3\) when 'shrink_axis_mask' is greater than 0/ });
  });
});
