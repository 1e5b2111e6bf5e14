/**
 * Slice and SliceGrad against an element-by-element reference (x[b0:b0+s0, b1:b1+s1, ...] in numpy's
 * terms): random shapes up to rank 4, every dtype class, and SliceGrad as Slice's exact transpose.
 */
import fc from 'fast-check';
import t from 'tap';
import { kernels } from '../../src/index.js';

const { DTYPES, Slice, SliceGrad, ktensor } = kernels;

const blockArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 }).chain((shape) =>
  fc.tuple(fc.constant(shape), fc.tuple(...shape.map((d) => fc.integer({ min: 0, max: d }).chain((b) => fc.tuple(fc.constant(b), fc.integer({ min: 0, max: d - b })))))),
);

t.test('Slice equals element-by-element indexing; SliceGrad puts the block back in zeros', async (t) => {
  let runs = 0;
  fc.assert(fc.property(blockArb, fc.constantFrom('float32', 'int32', 'float16', 'int64'), ([shape, bs], dtypeName) => {
    const dtype = DTYPES[dtypeName as 'float32'];
    const n = shape.reduce((a, b) => a * b, 1);
    const x = ktensor(dtype, shape);
    for (let i = 0; i < n; i++) (x.data as unknown as (number | bigint)[])[i] = dtype.name === 'int64' ? BigInt(i + 1) : dtype.name === 'float16' ? i % 7 : i + 1;
    const begin = bs.map(([b]) => b);
    const size = bs.map(([, s]) => s);
    const out = Slice.compute([x], { begin, size }).outputs[0]!;
    // reference: walk the block's coordinates
    const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
    const m = size.reduce((a, b) => a * b, 1);
    for (let k = 0; k < m; k++) {
      let rest = k;
      let src = 0;
      for (let d = shape.length - 1; d >= 0; d--) {
        const c = rest % size[d]!;
        rest = Math.floor(rest / size[d]!);
        src += (begin[d]! + c) * strides[d]!;
      }
      if (out.data[k] !== x.data[src]) return false;
    }
    const back = SliceGrad.compute([out, x], { begin }).outputs[0]!;
    const again = Slice.compute([back], { begin, size }).outputs[0]!;
    const total = (a: ArrayLike<number | bigint>) => Array.from(a, Number).reduce((s, v) => s + v, 0);
    runs++;
    return Array.from(again.data as ArrayLike<number>).join() === Array.from(out.data as ArrayLike<number>).join() && total(back.data as ArrayLike<number>) === total(out.data as ArrayLike<number>);
  }), { numRuns: 300 });
  t.equal(runs, 300);
  t.throws(() => Slice.infer([{ dtype: DTYPES.float32, shape: [2, 3] }], { begin: [1, 0], size: [2, 3] }), /must select a block of \(2, 3\)/);
});
