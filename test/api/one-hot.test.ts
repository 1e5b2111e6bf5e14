/**
 * OneHot as r1.5: numpy's `np.eye(depth)[indices]` moved to `axis` (out-of-range indices all off),
 * float16 and float32 values, and r1.5's refusals.
 */
import t from 'tap';
import fc from 'fast-check';
import { ExecutionContext, Tensor, np, ops } from '../../src/index.js';
import { assertProperty } from '../helpers/property.js';

t.test('every element as numpy would place it', async (t) => {
  new ExecutionContext({ deviceTarget: 'GPU' }).run(() => {
    assertProperty(t, 'OneHot', fc.property(
      fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }), fc.integer({ min: 0, max: 4 }), fc.nat(), fc.constantFrom('int32', 'int64'), fc.constantFrom('float32', 'float16'),
      (shape, depth, axisSeed, itype, vtype) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const raw = Array.from({ length: n }, (_, i) => ((i * 7) % (depth + 2)) - 1); // -1 .. depth: some out of range
        const indices = new Tensor(np.array(raw, itype).reshape(shape));
        const axis = (axisSeed % (shape.length + 2)) - 1; // -1 .. rank
        const out = ops.OneHot({ axis })(indices, depth, new Tensor(5, vtype), new Tensor(-2, vtype));
        const at = axis === -1 ? shape.length : axis;
        const want = [...shape.slice(0, at), depth, ...shape.slice(at)];
        if (out.shape.join() !== want.join() || out.dtype.name !== vtype) return false;
        const values = Array.from(out.asnumpy().astype('float32').data as Float32Array);
        const inner = shape.slice(at).reduce((a, b) => a * b, 1);
        return values.every((v, i) => {
          const o = Math.floor(i / (depth * inner));
          const d = Math.floor(i / inner) % depth;
          const k = i % inner;
          return v === (raw[o * inner + k] === d ? 5 : -2);
        });
      },
    ), 150);
  });
});

t.test("r1.5's refusals", async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    const i = new Tensor([0, 1], 'int32');
    const on = new Tensor(1, 'float32');
    const off = new Tensor(0, 'float32');
    t.throws(() => ops.OneHot({ axis: 0.5 }), { name: 'ArgumentTypeError', message: /For 'OneHot', the type of `axis` should be int/ });
    t.throws(() => ops.OneHot({ axis: 2 })(i, 3, on, off), { name: 'ShapeError', message: /the 'axis' must be in range \[-1, 1\], but got 2/ });
    t.throws(() => ops.OneHot()(i, -1, on, off), { name: 'ArgumentValueError', message: /'depth value' must be >= 0/ });
    t.throws(() => ops.OneHot()(new Tensor([0.5], 'float32'), 3, on, off), { name: 'DTypeError', message: /'indices' should be one of \[Int32, Int64\]/ });
    t.throws(() => ops.OneHot()(i, 3, on, new Tensor(0, 'float16')), { name: 'DTypeError' });
    t.throws(() => ops.OneHot()(i, 3, new Tensor([1, 2], 'float32'), off), { name: 'ShapeError', message: /must be scalars/ });
  });
});
