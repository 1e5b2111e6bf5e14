/**
 * Tensor's r1.5 methods against numpy's semantics (computed here in plain JavaScript): shapes of the
 * reshaping methods, reductions over random axes (sum within float32 summation error, max/min/mean
 * exact or within it), all/any on bools, item's indexing, clip, argmax, astype's rounding; and the
 * refusals r1.5 gives.
 */
import fc from 'fast-check';
import t from 'tap';
import { ExecutionContext, NDArray, Tensor, np } from '../../src/index.js';

const values = (x: Tensor): number[] => Array.from(x.asnumpy().data as ArrayLike<number | bigint>, Number);

/** numpy's reduction of a C-ordered array over `axes` (keepdims), in float64. */
function reduceRef(data: number[], shape: number[], axes: number[], f: (a: number, b: number) => number, init: number): { out: number[]; shape: number[] } {
  const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const size = outShape.reduce((a, b) => a * b, 1);
  const out = new Array<number>(size).fill(init);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const outStrides = outShape.map((_, i) => outShape.slice(i + 1).reduce((a, b) => a * b, 1));
  data.forEach((v, flat) => {
    let at = 0;
    shape.forEach((_, i) => {
      const idx = Math.floor(flat / strides[i]!) % shape[i]!;
      if (!axes.includes(i)) at += idx * outStrides[i]!;
    });
    out[at] = f(out[at]!, v);
  });
  return { out, shape: outShape };
}

t.test('reductions over random axes equal numpy', async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).chain((shape) =>
          fc.tuple(
            fc.constant(shape),
            fc.array(fc.integer({ min: -50, max: 50 }), { minLength: shape.reduce((a, b) => a * b, 1), maxLength: shape.reduce((a, b) => a * b, 1) }),
            fc.subarray(shape.map((_, i) => i)),
            fc.boolean(),
          ),
        ),
        ([shape, ints, axes, keep]) => {
          const data = ints.map((v) => v / 4); // exact in float32, sums exact too
          const x = new Tensor(np.array(data, 'float32').reshape(shape));
          const axisArg = axes.length === 0 ? undefined : axes;
          const all = axes.length === 0 ? shape.map((_, i) => i) : axes;
          const sum = reduceRef(data, shape, all, (a, b) => a + b, 0);
          const max = reduceRef(data, shape, all, Math.max, -Infinity);
          const min = reduceRef(data, shape, all, Math.min, Infinity);
          const count = all.reduce((n, i) => n * shape[i]!, 1);
          const want = (r: { shape: number[] }) => (keep ? r.shape : r.shape.filter((_, i) => !all.includes(i)));
          const got = { s: x.sum(axisArg, keep), m: x.max(axisArg, keep), n: x.min(axisArg, keep), a: x.mean(axisArg, keep) };
          return (
            JSON.stringify([values(got.s), got.s.shape]) === JSON.stringify([sum.out, want(sum)]) &&
            JSON.stringify(values(got.m)) === JSON.stringify(max.out) &&
            JSON.stringify(values(got.n)) === JSON.stringify(min.out) &&
            values(got.a).every((v, i) => Math.abs(v - sum.out[i]! / count) <= 1e-6 * Math.max(1, Math.abs(v)))
          );
        },
      ),
      { numRuns: 150 },
    );
    t.pass('sum, max, min, mean over random axes, with and without keepdims');
  });
});

t.test('shape methods, item, clip, argmax, astype, fill, copy, all/any', async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    const x = new Tensor(np.arange(24).reshape([2, 3, 4]), 'float32');
    t.same(x.reshape(4, -1).shape, [4, 6]);
    t.same(x.reshape([24]).shape, [24]);
    t.same(x.transpose().shape, [4, 3, 2]);
    t.same(values(x.transpose(2, 0, 1)).slice(0, 6), [0, 4, 8, 12, 16, 20], "transpose(2, 0, 1) as numpy's");
    t.same(x.swapaxes(-1, 0).shape, [4, 3, 2]);
    t.same(x.flatten().shape, [24]);
    t.same(new Tensor(np.ones([1, 2, 1])).squeeze().shape, [2]);
    t.same(new Tensor(np.ones([2])).expandDims(-1).shape, [2, 1]);
    t.same([values(x.item(23)), values(x.item(-1)), values(x.item([1, 2, 3]))], [[23], [23], [23]]);
    t.same(values(new Tensor([-3, 0.25, 9], 'float32').clip(-1, null)), [-1, 0.25, 9]);
    t.same(values(new Tensor([[3, 9, 1], [8, 2, 7]], 'float32').argmax()), [1], 'argmax of the flattened tensor');
    t.same(values(new Tensor([2.5, -2.5, 1.7], 'float32').astype('int32')), [2, -2, 1], 'truncation toward zero');
    t.equal(new Tensor([1, 2], 'float16').fill(3).dtype.msName, 'Float16');
    const c = x.copy();
    t.not(c, x);
    t.same(values(c), values(x));
    t.same(values(new Tensor([[true, true], [false, true]]).all()), [0]);
    t.same(values(new Tensor([[true, true], [false, true]]).all(0)), [0, 1]);
    t.same(values(new Tensor([[false, false], [false, true]]).any(1, true)), [0, 1]);
    t.same(new Tensor([[false, false], [false, true]]).any(1, true).shape, [2, 1]);
  });
});

t.test("r1.5's refusals", async (t) => {
  const x = new Tensor([[1, 2], [3, 4]], 'float32');
  t.throws(() => x.item(), { name: 'ArgumentValueError', message: 'can only convert an array of size 1 to a Python scalar' });
  t.throws(() => x.item(4), { name: 'ArgumentValueError', message: 'index 4 is out of bounds for size 4' });
  t.throws(() => x.item([0]), { message: 'incorrect number of indices for array' });
  t.throws(() => x.all(), { name: 'DTypeError', message: "For 'ReduceAll', the 'x' should be Bool, but got Float32." });
  t.throws(() => x.clip(null, null), { message: 'One of max or min must be given.' });
  t.throws(() => x.reshape('a' as never), { name: 'ArgumentTypeError' });
  t.throws(() => x.reshape(3, 3), { name: 'ShapeError' });
  t.throws(() => x.swapaxes(0, 2), { name: 'ArgumentValueError' });
  t.throws(() => x.astype('float8' as never), { name: 'DTypeError', message: /data type 'float8' not understood/ });
  t.throws(() => x.squeeze(0), { name: 'ShapeError', message: /at axis 0 must be 1/ });
  t.notOk('clip' in NDArray.prototype, 'the methods are installed on Tensor only, not on host arrays');
});
