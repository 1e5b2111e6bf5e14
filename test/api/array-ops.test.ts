/**
 * ExpandDims, Squeeze, Concat, Split and Tile against numpy's expand_dims, squeeze, concatenate,
 * split and tile (random shapes and dtypes, every target), and r1.5's refusals.
 */
import t from 'tap';
import fc from 'fast-check';
import { ExecutionContext, Tensor, np, ops, type Tensor as T } from '../../src/index.js';
import { assertProperty } from '../helpers/property.js';

const DTYPES = ['float32', 'float16', 'int32', 'int64', 'bool'] as const;
const values = (x: T): string => String(x.asnumpy().data.length === 0 ? '' : Array.from(x.asnumpy().data as ArrayLike<number | bigint>).join(','));

/** numpy's index arithmetic, written out: the element of `shape` at flat index i. */
const unravel = (i: number, shape: readonly number[]): number[] => {
  const idx: number[] = [];
  for (let k = shape.length - 1; k >= 0; k--) {
    idx.unshift(i % shape[k]!);
    i = Math.floor(i / shape[k]!);
  }
  return idx;
};
const ravel = (idx: readonly number[], shape: readonly number[]): number => idx.reduce((acc, v, k) => acc * shape[k]! + v, 0);

t.test('Concat, Split and Tile move every element where numpy does', async (t) => {
  for (const deviceTarget of ['CPU', 'GPU', 'Ascend'] as const) {
    new ExecutionContext({ deviceTarget }).run(() => {
      assertProperty(t, `${deviceTarget} shape ops`, fc.property(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), fc.nat(), fc.constantFrom(...DTYPES), fc.integer({ min: 1, max: 3 }),
        (shape, axisSeed, dtype, extra) => {
          const axis = axisSeed % shape.length;
          const n = shape.reduce((a, b) => a * b, 1);
          const make = (s: number[], offset: number) => new Tensor(np.array(Array.from({ length: s.reduce((a, b) => a * b, 1) }, (_, i) => (dtype === 'bool' ? (i + offset) % 3 === 0 : i + offset)) as never, dtype).reshape(s));
          const a = make(shape, 0);
          const bShape = shape.map((d, k) => (k === axis ? extra : d));
          const b = make(bShape, 100);
          const joined = ops.Concat({ axis })([a, b]);
          const outShape = shape.map((d, k) => (k === axis ? d + extra : d));
          if (joined.shape.join() !== outShape.join()) return false;
          const av = a.asnumpy().data as ArrayLike<unknown>;
          const bv = b.asnumpy().data as ArrayLike<unknown>;
          const jv = joined.asnumpy().data as ArrayLike<unknown>;
          for (let i = 0; i < jv.length; i++) {
            const idx = unravel(i, outShape);
            const fromA = idx[axis]! < shape[axis]!;
            const want = fromA ? av[ravel(idx, shape)] : bv[ravel(idx.map((v, k) => (k === axis ? v - shape[axis]! : v)), bShape)];
            if (jv[i] !== want) return false;
          }
          // Split undoes a Concat of equal parts
          const [p, q] = ops.Split({ axis, outputNum: 2 })(ops.Concat({ axis })([a, a]));
          if (values(p!) !== values(a) || values(q!) !== values(a)) return false;
          // Tile: element i of the result is element (i mod shape) of the input
          const m = shape.map((_, k) => (k === axis ? extra : 1));
          const tiled = ops.Tile()(a, [2, ...m]);
          const tShape = [2, ...shape.map((d, k) => d * m[k]!)];
          const tv = tiled.asnumpy().data as ArrayLike<unknown>;
          for (let i = 0; i < tv.length; i++) {
            const idx = unravel(i, tShape).slice(1).map((v, k) => v % shape[k]!);
            if (tv[i] !== av[ravel(idx, shape)]) return false;
          }
          return tv.length === 2 * n * extra;
        },
      ), 100);
    });
  }
});

t.test('ExpandDims and Squeeze as numpy, and r1.5 refusals', async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    const x = new Tensor(np.zeros([2, 3]), 'float32');
    t.same(ops.ExpandDims()(x, -1).shape, [2, 3, 1]);
    t.same(ops.ExpandDims()(x, -3).shape, [1, 2, 3]);
    t.same(ops.Squeeze({ axis: 0 })(new Tensor(np.zeros([1, 3, 1]), 'float32')).shape, [3, 1]);
    t.throws(() => ops.ExpandDims()(x, 3), { name: 'ArgumentValueError', message: "For 'ExpandDims', the 'axis' must be in range [-3, 2], but got 3." });
    t.throws(() => ops.ExpandDims()(x, 0.5 as never), { name: 'ArgumentTypeError' });
    t.throws(() => ops.Squeeze({ axis: 1 })(x), { name: 'ShapeError', message: /For 'Squeeze', the shape of input_x at axis 1 must be 1, but got 3/ });
    t.throws(() => ops.Concat()([x, new Tensor(np.zeros([2, 2]), 'float32')]), { name: 'ShapeError', message: /For 'Concat', input 1 of shape \(2, 2\) does not match \(2, 3\) outside axis 0/ });
    t.throws(() => ops.Concat()([x, new Tensor(np.zeros([2, 3]), 'int32')]), { name: 'DTypeError' });
    t.throws(() => ops.Concat()(x as never), { name: 'ArgumentTypeError', message: /For 'Concat', the input 'input_x' must be a tuple or list of Tensors/ });
    t.throws(() => ops.Split({ outputNum: 4 })(x), { name: 'ShapeError', message: /must be divisible by output_num 4/ });
    t.throws(() => ops.Split({ outputNum: 0 }), { name: 'ArgumentValueError', message: /`output_num` in `Split` should be an int and must > 0/ });
    t.throws(() => ops.Tile()(x, [2]), { name: 'ShapeError', message: /the length of 'multiples' 1 must be at least the input's rank 2/ });
    t.throws(() => ops.Tile()(x, [1, 0]), { name: 'ArgumentValueError', message: /`multiples\[1\]` in `Tile`/ });
  });
});
