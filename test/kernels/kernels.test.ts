import t from 'tap';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AddN, ArgMax, BatchMatMul, BiasAdd, BiasAddGrad, Cast, Conv2D, Conv2DBackpropFilter, Conv2DBackpropInput,
  DTYPES, ELEMENTWISE, ELEMENTWISE_ARITY, FloatStatus, LogSoftmax, MatMul, NPUClearFloatStatus, NPUGetFloatStatus, ReduceMax,
  ReduceMean, ReduceSum, Select, Softmax, SoftmaxCrossEntropyWithLogits, broadcastShapes, convGeometry,
  kernelRegistry, ktensor, setConvSimd, setMatMulSimd, type DType, type KTensor,
} from '../../src/kernels/index.js';
import { DTypeError } from '../../src/errors/index.js';
import { NDArray } from '../../src/api/numpy/index.js';
import { assertProperty } from '../helpers/property.js';
import { repoRoot } from '../helpers/fixtures.js';
import { broadcastIndex, floatTensor, naiveMatMul, ravel, roundCompute, storeFloat, unravel, valueAt } from './reference.js';
import { convCases, convGradCases, convOperands, convSetup } from './conv-cases.js';

const FLOAT_DTYPES = [DTYPES.float16, DTYPES.bfloat16, DTYPES.float32, DTYPES.float64];
const special = fc.constantFrom(0, -0, 1, -1, 0.5, 1e-40, 6e-8, 65504, 65520, -65520, 3e38, Infinity, -Infinity, NaN);
const floatValue = fc.oneof({ weight: 4, arbitrary: fc.double({ min: -1e4, max: 1e4, noNaN: true }) }, { weight: 1, arbitrary: special });

/** Broadcast-compatible shape pairs: a base shape and a second shape with some axes set to 1 or dropped. */
const shapePair = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 })
  .chain((base) =>
    fc.tuple(
      fc.constant(base),
      fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }),
      fc.integer({ min: 0, max: base.length }),
    ).map(([b, ones, drop]) => [b, b.map((d, i) => (ones[i] ? 1 : d)).slice(drop)] as const),
  );

function sameFloat(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

function sameTensor(a: KTensor, b: KTensor): boolean {
  if (a.data.length !== b.data.length) return false;
  for (let i = 0; i < a.data.length; i++) if (!sameFloat(valueAt(a, i), valueAt(b, i))) return false;
  return true;
}

t.test('elementwise binary ops with broadcasting equal a per-element reference, every float dtype', async (t) => {
  const ops: [string, (x: number, y: number) => number][] = [
    ['Add', (x, y) => x + y],
    ['Sub', (x, y) => x - y],
    ['Mul', (x, y) => x * y],
    ['RealDiv', (x, y) => x / y],
  ];
  assertProperty(
    t,
    'binary broadcast',
    fc.property(shapePair, fc.constantFrom(...FLOAT_DTYPES), fc.constantFrom(...ops), fc.boolean(), fc.infiniteStream(floatValue), (shapes, dtype, [name, fn], swap, values) => {
      const [s1, s2] = swap ? [shapes[1], shapes[0]] : [shapes[0], shapes[1]];
      const n1 = s1.reduce((a, b) => a * b, 1);
      const n2 = s2.reduce((a, b) => a * b, 1);
      const vals = [...values.take(n1 + n2)];
      const x = floatTensor(dtype, s1, vals.slice(0, n1));
      const y = floatTensor(dtype, s2, vals.slice(n1));
      const out = ELEMENTWISE[name]!.compute([x, y], {}).outputs[0]!;
      const shape = broadcastShapes([s1, s2], name);
      const ref = ktensor(dtype, shape);
      for (let i = 0; i < ref.data.length; i++) {
        const idx = unravel(i, shape);
        storeFloat(ref, i, roundCompute(fn(valueAt(x, broadcastIndex(idx, s1)), valueAt(y, broadcastIndex(idx, s2))), dtype));
      }
      return out.shape.join() === shape.join() && sameTensor(out, ref);
    }),
  );
});

t.test('every elementwise kernel, over lengths on both sides of its 8-element steps, in place or not, equals itself one element at a time', async (t) => {
  const names = Object.keys(ELEMENTWISE);
  assertProperty(
    t,
    'elementwise lengths',
    fc.property(fc.constantFrom(...names), fc.constantFrom(DTYPES.float32, DTYPES.float64, DTYPES.float16, DTYPES.int32), fc.integer({ min: 0, max: 41 }), fc.boolean(), fc.infiniteStream(floatValue), (name, dtype, n, inPlace, values) => {
      const kernel = ELEMENTWISE[name]!;
      const arity = ELEMENTWISE_ARITY[name]!;
      const make = () => (dtype.kind === 'float' ? floatTensor(dtype, [n], [...values.take(n)]) : ktensor(dtype, [n], Int32Array.from([...values.take(n)], (v) => Math.trunc(v) | 0)));
      const inputs = Array.from({ length: arity }, make);
      let whole;
      try {
        whole = kernel.compute(inputs, {}).outputs[0]!;
      } catch (e) {
        if (e instanceof DTypeError && /inputs are not supported/.test(e.message)) return true; // a dtype the op refuses (checked elsewhere)
        throw e;
      }
      // element by element: the same kernel on one-element slices
      for (let i = 0; i < n; i++) {
        const one = kernel.compute(inputs.map((x) => ktensor(x.dtype, [1], x.data.slice(i, i + 1) as never)), {}).outputs[0]!;
        if (!sameFloat(Number(one.data[0]), Number(whole.data[i]))) return false;
      }
      if (!inPlace || whole.dtype !== inputs[0]!.dtype) return true;
      const copy = ktensor(inputs[0]!.dtype, [n], inputs[0]!.data.slice() as never);
      const aliased = [copy, ...inputs.slice(1)];
      kernel.compute(aliased, {}, { out: copy }); // the output is the first input
      return sameTensor(copy, whole);
    }),
    300,
  );
});

t.test('integer elementwise ops wrap like two’s complement; int64 is exact', async (t) => {
  const i8 = ktensor(DTYPES.int8, [3], new Int8Array([127, -128, 100]));
  t.same(Array.from(ELEMENTWISE.Add!.compute([i8, i8], {}).outputs[0]!.data as Int8Array), [-2, 0, -56]);
  t.same(Array.from(ELEMENTWISE.Neg!.compute([i8], {}).outputs[0]!.data as Int8Array), [-127, -128, -100]);
  const i64 = ktensor(DTYPES.int64, [2], new BigInt64Array([2n ** 62n, -3n]));
  t.same(Array.from(ELEMENTWISE.Mul!.compute([i64, i64], {}).outputs[0]!.data as BigInt64Array), [0n, 9n]);
  t.same(Array.from(ELEMENTWISE.RealDiv!.compute([i64, ktensor(DTYPES.int64, [2], new BigInt64Array([0n, 2n]))], {}).outputs[0]!.data as BigInt64Array), [0n, -1n]);
});

t.test('overflow: reported for non-finite results from finite inputs, saturated in saturation mode', async (t) => {
  const h = (v: number[]) => floatTensor(DTYPES.float16, [v.length], v);
  const add = ELEMENTWISE.Add!;
  t.equal(add.compute([h([65504, 1]), h([65504, 1])], {}, { detectOverflow: true }).overflow, true, '65504 + 65504 overflows float16');
  t.equal(add.compute([h([1000, 1]), h([1000, 1])], {}, { detectOverflow: true }).overflow, false);
  t.equal(add.compute([h([Infinity]), h([1])], {}, { detectOverflow: true }).overflow, false, 'inf from an inf input is not a new overflow');
  const sat = add.compute([h([65504, -65504, 1]), h([65504, -65504, 1])], {}, { saturate: true });
  t.equal(sat.overflow, true);
  t.same([0, 1, 2].map((i) => valueAt(sat.outputs[0]!, i)), [65504, -65504, 2]);
  const nan = ELEMENTWISE.Log!.compute([floatTensor(DTYPES.float32, [2], [-1, 1])], {}, { saturate: true });
  t.same([valueAt(nan.outputs[0]!, 0), valueAt(nan.outputs[0]!, 1)], [0, 0], 'NaN saturates to 0');
  const big = ELEMENTWISE.Exp!.compute([floatTensor(DTYPES.float32, [1], [100])], {}, { detectOverflow: true });
  t.equal(big.overflow, true, 'exp(100) overflows float32');
  const cast = Cast.compute([floatTensor(DTYPES.float32, [2], [70000, 1])], { dtype: 'float16' }, { saturate: true });
  t.equal(cast.overflow, true);
  t.equal(valueAt(cast.outputs[0]!, 0), 65504, 'saturating cast to float16');
  t.equal(Cast.compute([floatTensor(DTYPES.float32, [1], [70000])], { dtype: 'float16' }).outputs[0]!.data[0], 0x7c00, 'IEEE cast gives inf');
});

t.test('reductions over random axes equal a naive reference', async (t) => {
  assertProperty(
    t,
    'reduce',
    fc.property(
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
      fc.constantFrom(DTYPES.float16, DTYPES.float32, DTYPES.float64),
      fc.constantFrom('ReduceSum', 'ReduceMean', 'ReduceMax'),
      fc.boolean(),
      fc.infiniteStream(floatValue),
      fc.infiniteStream(fc.boolean()),
      (shape, dtype, op, keepDims, values, pick) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const x = floatTensor(dtype, shape, [...values.take(n)]);
        const axes = shape.map((_, i) => i).filter(() => pick.next().value);
        const kernel = { ReduceSum, ReduceMean, ReduceMax }[op as 'ReduceSum']!;
        const out = kernel.compute([x], { axis: axes, keepDims }).outputs[0]!;
        const all = axes.length === 0 ? shape.map((_, i) => i) : axes;
        const outShape = shape.map((d, i) => (all.includes(i) ? 1 : d));
        const acc = new Array<number>(outShape.reduce((a, b) => a * b, 1)).fill(op === 'ReduceMax' ? -Infinity : 0);
        for (let i = 0; i < n; i++) {
          const o = ravel(unravel(i, shape).map((v, d) => (all.includes(d) ? 0 : v)), outShape);
          const v = valueAt(x, i);
          // the first of equal values stays (+0 and -0 are equal), NaN wins
          if (op === 'ReduceMax') acc[o] = Number.isNaN(acc[o]!) || Number.isNaN(v) ? NaN : v > acc[o]! ? v : acc[o]!;
          else acc[o] = roundCompute(acc[o]! + v, dtype);
        }
        const count = n / acc.length;
        const ref = ktensor(dtype, keepDims ? outShape : shape.filter((_, i) => !all.includes(i)));
        acc.forEach((v, i) => storeFloat(ref, i, op === 'ReduceMean' ? roundCompute(v / count, dtype) : v));
        return sameTensor(out, ref);
      },
    ),
  );
});

t.test('ArgMax, AddN, Select, FloatStatus', async (t) => {
  const x = floatTensor(DTYPES.float32, [2, 3], [1, 5, 5, NaN, 2, 9]);
  t.same(Array.from(ArgMax.compute([x], { axis: 1 }).outputs[0]!.data as Int32Array), [1, 0], 'first maximum; NaN wins');
  t.same(Array.from(ArgMax.compute([x], { axis: 0 }).outputs[0]!.data as Int32Array), [1, 0, 1]);
  const s = AddN.compute([x, x, x], {}).outputs[0]!;
  t.same([0, 1, 5].map((i) => valueAt(s, i)), [3, 15, 27]);
  const cond = ktensor(DTYPES.bool, [2, 1], new Uint8Array([1, 0]));
  const sel = Select.compute([cond, x, floatTensor(DTYPES.float32, [3], [7, 8, 9])], {}).outputs[0]!;
  t.same(Array.from({ length: 6 }, (_, i) => valueAt(sel, i)), [1, 5, 5, 7, 8, 9]);
  t.same(Array.from(FloatStatus.compute([x], {}).outputs[0]!.data as Float32Array), [1]);
  t.same(Array.from(FloatStatus.compute([floatTensor(DTYPES.float16, [2], [1, 2])], {}).outputs[0]!.data as Float32Array), [0]);
});

t.test('MatMul and BatchMatMul (transposes, broadcast batches) equal the naive triple loop', async (t) => {
  assertProperty(
    t,
    'matmul',
    fc.property(
      fc.record({ M: fc.integer({ min: 1, max: 9 }), K: fc.integer({ min: 1, max: 9 }), N: fc.integer({ min: 1, max: 9 }) }),
      fc.constantFrom(...FLOAT_DTYPES),
      fc.boolean(),
      fc.boolean(),
      fc.constantFrom([] as number[], [2], [3, 1]),
      fc.infiniteStream(fc.double({ min: -100, max: 100, noNaN: true })),
      ({ M, K, N }, dtype, ta, tb, batch, values) => {
        const aShape = [...batch, ...(ta ? [K, M] : [M, K])];
        const bShape = [...batch.map((d) => (d === 3 ? 1 : d)), ...(tb ? [N, K] : [K, N])];
        const na = aShape.reduce((a, b) => a * b, 1);
        const nb = bShape.reduce((a, b) => a * b, 1);
        const a = floatTensor(dtype, aShape, [...values.take(na)]);
        const b = floatTensor(dtype, bShape, [...values.take(nb)]);
        const kernel = batch.length === 0 ? MatMul : BatchMatMul;
        const out = kernel.compute([a, b], { transposeA: ta, transposeB: tb }).outputs[0]!;
        const batches = batch.reduce((x, y) => x * y, 1);
        const steps = dtype.itemsize === 2;
        for (let bi = 0; bi < batches; bi++) {
          const bBatch = batch.map((d) => (d === 3 ? 1 : d));
          const bIdx = ravel(unravel(bi, batch).map((v, k) => (bBatch[k] === 1 ? 0 : v)), bBatch);
          const A = Array.from({ length: M }, (_, i) => Array.from({ length: K }, (_, k) => valueAt(a, bi * M * K + (ta ? k * M + i : i * K + k))));
          const B = Array.from({ length: K }, (_, k) => Array.from({ length: N }, (_, j) => valueAt(b, bIdx * K * N + (tb ? j * K + k : k * N + j))));
          const C = naiveMatMul(A, B, steps);
          const ref = ktensor(dtype, [M * N]);
          C.flat().forEach((v, i) => storeFloat(ref, i, v));
          for (let i = 0; i < M * N; i++) if (!sameFloat(valueAt(out, bi * M * N + i), valueAt(ref, i))) return false;
        }
        return true;
      },
    ),
    200,
  );
});

t.test('MatMul and BatchMatMul in WebAssembly SIMD (blocked over K and N, padded edges) equal the JavaScript loop bit for bit', async (t) => {
  const previous = setMatMulSimd(true);
  t.teardown(() => void setMatMulSimd(previous));
  const dims = fc.record({ M: fc.integer({ min: 2, max: 13 }), K: fc.integer({ min: 1, max: 600 }), N: fc.integer({ min: 2, max: 300 }) });
  const value = fc.oneof(
    { weight: 20, arbitrary: fc.integer({ min: -100000, max: 100000 }).map((v) => v / 997) },
    { weight: 5, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
    { weight: 1, arbitrary: special },
  );
  assertProperty(
    t,
    'matmul-simd',
    fc.property(dims, fc.constantFrom(DTYPES.float32, DTYPES.float64), fc.boolean(), fc.boolean(), fc.boolean(), fc.infiniteStream(value), ({ M, K, N }, dtype, ta, batched, specials, values) => {
      const pick = (n: number) => [...values.take(n)].map((v) => (specials || Number.isFinite(v) ? v : 1));
      const batch = batched ? [2] : [];
      const a = floatTensor(dtype, [...batch, ...(ta ? [K, M] : [M, K])], pick((batched ? 2 : 1) * M * K));
      const b = floatTensor(dtype, [K, N], pick(K * N));
      const kernel = batched ? BatchMatMul : MatMul;
      const fast = kernel.compute([a, b], { transposeA: ta }).outputs[0]!;
      setMatMulSimd(false);
      const slow = kernel.compute([a, b], { transposeA: ta }).outputs[0]!;
      setMatMulSimd(true);
      for (let i = 0; i < fast.data.length; i++) if (!sameFloat(valueAt(fast, i), valueAt(slow, i))) return false;
      return true;
    }),
    60,
  );
  // a product large enough to take several K and N blocks, checked against the naive loop too
  const [M, K, N] = [9, 530, 270];
  const av = Array.from({ length: M * K }, (_, i) => ((i * 7919) % 1000) / 37 - 13);
  const bv = Array.from({ length: K * N }, (_, i) => ((i * 104729) % 1000) / 53 - 9);
  const out = MatMul.compute([floatTensor(DTYPES.float32, [M, K], av), floatTensor(DTYPES.float32, [K, N], bv)], {}).outputs[0]!;
  const A = Array.from({ length: M }, (_, i) => Array.from({ length: K }, (_, k) => Math.fround(av[i * K + k]!)));
  const B = Array.from({ length: K }, (_, k) => Array.from({ length: N }, (_, j) => Math.fround(bv[k * N + j]!)));
  const C = naiveMatMul(A, B, false).flat();
  t.ok(C.every((v, i) => Object.is(Math.fround(v), valueAt(out, i))), `${M}×${K}×${N} equals the naive loop`);
});

/** Conv2D reference: per output element, input channel → kernel row → kernel column, one rounding per step. */
function naiveConv(x: KTensor, w: KTensor, attrs: Parameters<typeof Conv2D.compute>[1]): KTensor {
  const g = convGeometry(x.shape, w.shape, attrs, 'ref');
  const out = ktensor(x.dtype, [g.N, g.O, g.OH, g.OW]);
  for (let n = 0; n < g.N; n++) for (let o = 0; o < g.O; o++) for (let oh = 0; oh < g.OH; oh++) for (let ow = 0; ow < g.OW; ow++) {
    let acc = 0;
    const grp = Math.floor(o / g.Og);
    for (let ci = 0; ci < g.Cg; ci++) for (let kh = 0; kh < g.KH; kh++) for (let kw = 0; kw < g.KW; kw++) {
      const ih = oh * g.sh - g.pt + kh * g.dh;
      const iw = ow * g.sw - g.pl + kw * g.dw;
      if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
      const c = grp * g.Cg + ci;
      acc = roundCompute(acc + valueAt(w, ravel([o, ci, kh, kw], w.shape)) * valueAt(x, ravel([n, c, ih, iw], x.shape)), x.dtype);
    }
    storeFloat(out, ravel([n, o, oh, ow], out.shape), acc);
  }
  return out;
}

for (const simd of [true, false]) t.test(`Conv2D (pad modes, stride, dilation, groups, fast and general paths; SIMD ${simd ? 'on' : 'off'}) equals the ordered reference exactly`, async (t) => {
  const previous = setConvSimd(simd);
  t.teardown(() => void setConvSimd(previous));
  let fastCases = 0;
  assertProperty(
    t,
    'conv2d',
    fc.property(convCases, fc.infiniteStream(fc.double({ min: -4, max: 4, noNaN: true })), (c, values) => {
      const setup = convSetup(c);
      if (!setup) return true; // a geometry that does not fit: an error, checked elsewhere
      const { O, attrs, xs, ws } = setup;
      if (c.KW === 3 && c.group === 1 && c.dilation === 1 && O >= 8) fastCases++;
      const x = floatTensor(c.dtype, xs, [...values.take(xs.reduce((a, b) => a * b, 1))]);
      const w = floatTensor(c.dtype, ws, [...values.take(ws.reduce((a, b) => a * b, 1))]);
      return sameTensor(Conv2D.compute([x, w], attrs).outputs[0]!, naiveConv(x, w, attrs));
    }),
    300,
  );
  t.ok(fastCases >= 60, `${fastCases} of 300 random cases took the 3-wide fast path (at least 60: half the cases are built for it)`);
  // and a fixed set that always does: 3-wide kernels, 8 and 16 output channels, every pad mode
  const f32 = DTYPES.float32;
  const fixed = [
    { xs: [1, 3, 5, 7], ws: [8, 3, 3, 3], attrs: { padMode: 'same' } },
    { xs: [2, 2, 4, 9], ws: [16, 2, 2, 3], attrs: { padMode: 'valid' } },
    { xs: [1, 1, 3, 4], ws: [8, 1, 3, 3], attrs: { padMode: 'pad', pad: [1, 0, 2, 1] } },
    { xs: [1, 2, 6, 6], ws: [8, 2, 3, 3], attrs: { padMode: 'same', stride: [2, 1], dilation: [2, 1] } },
  ] as const;
  for (const [k, c] of fixed.entries()) {
    const x = floatTensor(f32, c.xs, Array.from({ length: c.xs.reduce((a: number, b: number) => a * b, 1) }, (_, i) => Math.sin(i + k)));
    const w = floatTensor(f32, c.ws, Array.from({ length: c.ws.reduce((a: number, b: number) => a * b, 1) }, (_, i) => Math.cos(3 * i + k)));
    t.ok(sameTensor(Conv2D.compute([x, w], c.attrs as never).outputs[0]!, naiveConv(x, w, c.attrs as never)), `fast-path geometry ${k}`);
  }
  const x = floatTensor(DTYPES.float32, [1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const w = floatTensor(DTYPES.float32, [8, 1, 3, 3], Array.from({ length: 72 }, (_, i) => (i === 0 ? Infinity : 1)));
  t.ok(sameTensor(Conv2D.compute([x, w], { padMode: 'same' }).outputs[0]!, naiveConv(x, w, { padMode: 'same' })), 'padding taps are skipped, not multiplied (inf · 0 would be NaN)');
  const tiny = floatTensor(DTYPES.float32, [1, 1, 1, 2], [1e-30, 1e-30]);
  const neg = floatTensor(DTYPES.float32, [8, 1, 1, 3], Array.from({ length: 24 }, () => -1e-30));
  const r = Conv2D.compute([tiny, neg], { padMode: 'same' }).outputs[0]!;
  t.ok(Object.is(valueAt(r, 0), -0), 'an accumulator that underflowed to -0 keeps its sign next to the padding');
});

t.test('the seed example: ones [1, 3, 16, 50] with a ones weight prints golden/example-7.txt', async (t) => {
  const x = ktensor(DTYPES.float32, [1, 3, 16, 50], new Float32Array(2400).fill(1));
  const w = ktensor(DTYPES.float32, [64, 3, 3, 3], new Float32Array(1728).fill(1));
  const out = Conv2D.compute([x, w], { padMode: 'same' }).outputs[0]!;
  const printed = new NDArray(out.data, out.shape, out.dtype).toString() + '\n';
  t.equal(printed, fs.readFileSync(path.join(repoRoot, 'test/fixtures/golden/example-7.txt'), 'utf8'));
  t.same([out.data[0], out.data[1], out.data[51]], [12, 18, 27]);
});

/**
 * Conv2D's gradient references: every (output element, tap) pair in the order n → o → oh → ow → ci →
 * kh → kw, each multiply-add rounded to the compute dtype in its input (dx) or weight (dw) element.
 */
function naiveConvGrads(dout: KTensor, x: KTensor, w: KTensor, attrs: Parameters<typeof Conv2D.compute>[1]): { dx: KTensor; dw: KTensor } {
  const g = convGeometry(x.shape, w.shape, attrs, 'ref');
  const dx = new Array<number>(x.data.length).fill(0);
  const dw = new Array<number>(w.data.length).fill(0);
  for (let n = 0; n < g.N; n++) for (let o = 0; o < g.O; o++) for (let oh = 0; oh < g.OH; oh++) for (let ow = 0; ow < g.OW; ow++) {
    const d = valueAt(dout, ravel([n, o, oh, ow], dout.shape));
    const grp = Math.floor(o / g.Og);
    for (let ci = 0; ci < g.Cg; ci++) for (let kh = 0; kh < g.KH; kh++) for (let kw = 0; kw < g.KW; kw++) {
      const ih = oh * g.sh - g.pt + kh * g.dh;
      const iw = ow * g.sw - g.pl + kw * g.dw;
      if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
      const xi = ravel([n, grp * g.Cg + ci, ih, iw], x.shape);
      const wi = ravel([o, ci, kh, kw], w.shape);
      dx[xi] = roundCompute(dx[xi]! + d * valueAt(w, wi), x.dtype);
      dw[wi] = roundCompute(dw[wi]! + d * valueAt(x, xi), x.dtype);
    }
  }
  const out = (shape: number[], values: number[]) => {
    const t = ktensor(x.dtype, shape);
    values.forEach((v, i) => storeFloat(t, i, v));
    return t;
  };
  return { dx: out([...x.shape], dx), dw: out([...w.shape], dw) };
}

for (const simd of [true, false]) t.test(`Conv2D gradients (pad modes, stride, dilation, groups, every float dtype; SIMD ${simd ? 'on' : 'off'}) equal the ordered reference exactly`, async (t) => {
  const previous = setConvSimd(simd);
  t.teardown(() => void setConvSimd(previous));
  assertProperty(
    t,
    'conv backprop order',
    fc.property(convGradCases, fc.infiniteStream(fc.double({ min: -4, max: 4, noNaN: true })), (c, values) => {
      const setup = convSetup(c);
      if (!setup) return true;
      const { attrs, xs, ws } = setup;
      const { x, w, dout } = convOperands(c.dtype, setup, values);
      const ref = naiveConvGrads(dout, x, w, attrs);
      const dx = Conv2DBackpropInput.compute([dout, w], { ...attrs, inputShape: xs }).outputs[0]!;
      const dw = Conv2DBackpropFilter.compute([dout, x], { ...attrs, filterShape: ws }).outputs[0]!;
      return sameTensor(dx, ref.dx) && sameTensor(dw, ref.dw);
    }),
    300,
  );
});

/** Conv2DBackpropFilter cases with rows wide enough for its SIMD rows: 3- and 5-wide kernels, float32 (strides drawn in the test). */
const wideFilterCases = fc.record({
  N: fc.integer({ min: 1, max: 2 }),
  group: fc.constantFrom(1, 1, 2),
  Cg: fc.integer({ min: 1, max: 3 }),
  Og: fc.constantFrom(4, 5, 8),
  H: fc.integer({ min: 1, max: 4 }),
  W: fc.integer({ min: 10, max: 60 }),
  KH: fc.integer({ min: 1, max: 3 }),
  KW: fc.constantFrom(3, 5),
  stride: fc.constant(1),
  dilation: fc.constant(1),
  padMode: fc.constantFrom('same', 'valid', 'pad') as fc.Arbitrary<'same' | 'valid' | 'pad'>,
  pad: fc.tuple(fc.nat(2), fc.nat(2), fc.nat(2), fc.nat(2)),
  dtype: fc.constant(DTYPES.float32),
});

for (const simd of [true, false]) t.test(`Conv2DBackpropFilter on wide rows (SIMD ${simd ? 'on' : 'off'}) equals the ordered reference exactly`, async (t) => {
  const previous = setConvSimd(simd);
  t.teardown(() => void setConvSimd(previous));
  assertProperty(
    t,
    'conv backprop filter, wide rows',
    fc.property(wideFilterCases, fc.infiniteStream(fc.double({ min: -4, max: 4, noNaN: true })), fc.nat(), (c, values, stride) => {
      // height strides 1-2 (dw walks rows by them) and width strides 1-3 (the rows' columns step by them)
      const setup = convSetup({ ...c, stride: 1 });
      if (!setup) return true;
      const attrs = { ...setup.attrs, stride: [1 + (stride % 2), 1 + (Math.floor(stride / 2) % 3)] as [number, number] };
      let g;
      try {
        g = convGeometry(setup.xs, setup.ws, attrs, 'test');
      } catch {
        return true;
      }
      const x = floatTensor(c.dtype, setup.xs, [...values.take(setup.xs.reduce((a, b) => a * b, 1))]);
      const ds = [g.N, g.O, g.OH, g.OW];
      const dout = floatTensor(c.dtype, ds, [...values.take(ds.reduce((a, b) => a * b, 1))]);
      const w = ktensor(c.dtype, setup.ws);
      const ref = naiveConvGrads(dout, x, w, attrs);
      return sameTensor(Conv2DBackpropFilter.compute([dout, x], { ...attrs, filterShape: setup.ws }).outputs[0]!, ref.dw);
    }),
    150,
  );
  // signed zeros and infinities next to the padding: the SIMD rows add no padding tap either
  const x = floatTensor(DTYPES.float32, [1, 1, 1, 12], [-1e-30, ...Array.from({ length: 10 }, (_, i) => (i === 4 ? Infinity : -1e-30)), -1e-30]);
  const dout = floatTensor(DTYPES.float32, [1, 4, 1, 12], Array.from({ length: 48 }, (_, i) => (i % 5 === 0 ? 0 : 1e-30)));
  const attrs = { padMode: 'same' } as const;
  const ref = naiveConvGrads(dout, x, ktensor(DTYPES.float32, [4, 1, 1, 3]), attrs);
  t.ok(sameTensor(Conv2DBackpropFilter.compute([dout, x], { ...attrs, filterShape: [4, 1, 1, 3] }).outputs[0]!, ref.dw), 'underflows, −0 and inf · 0 as the reference has them');
});

t.test('Conv2D gradients equal float64 finite sums, and are the adjoint of Conv2D', async (t) => {
  assertProperty(
    t,
    'conv backprop',
    fc.property(convCases, fc.infiniteStream(fc.double({ min: -2, max: 2, noNaN: true })), (c, values) => {
      const setup = convSetup(c);
      if (!setup) return true;
      const { attrs, xs, ws, g } = setup;
      const f64 = DTYPES.float64;
      const x = floatTensor(f64, xs, [...values.take(xs.reduce((a, b) => a * b, 1))]);
      const w = floatTensor(f64, ws, [...values.take(ws.reduce((a, b) => a * b, 1))]);
      const ds = [g.N, g.O, g.OH, g.OW];
      const dout = floatTensor(f64, ds, [...values.take(ds.reduce((a, b) => a * b, 1))]);
      const dx = Conv2DBackpropInput.compute([dout, w], { ...attrs, inputShape: xs }).outputs[0]!;
      const dw = Conv2DBackpropFilter.compute([dout, x], { ...attrs, filterShape: ws }).outputs[0]!;
      // <dout, conv(x, w)> = <dx, x> = <dw, w> (the gradients are adjoints of the forward map)
      const y = Conv2D.compute([x, w], attrs).outputs[0]!;
      const dot = (a: KTensor, b: KTensor) => Array.from({ length: a.data.length }, (_, i) => valueAt(a, i) * valueAt(b, i)).reduce((s, v) => s + v, 0);
      const ref = dot(dout, y);
      const close = (v: number) => Math.abs(v - ref) <= 1e-9 * (1 + Math.abs(ref));
      return close(dot(dx, x)) && close(dot(dw, w));
    }),
    200,
  );
});

t.test('softmax, log-softmax and the cross-entropy loss', async (t) => {
  const x = floatTensor(DTYPES.float32, [2, 3], [1, 2, 3, 1000, 1000, -Infinity]);
  const s = Softmax.compute([x], {}).outputs[0]!;
  const e = [Math.exp(-2), Math.exp(-1), 1].map(Math.fround);
  const sum = Math.fround(Math.fround(e[0]! + e[1]!) + e[2]!);
  t.same([0, 1, 2].map((i) => valueAt(s, i)), e.map((v) => Math.fround(v / sum)));
  t.same([3, 4, 5].map((i) => valueAt(s, i)), [0.5, 0.5, 0], 'stable for large logits');
  const ls = LogSoftmax.compute([x], { axis: 1 }).outputs[0]!;
  t.ok(Math.abs(valueAt(ls, 2) - Math.log(valueAt(s, 2))) < 1e-6);
  const labels = floatTensor(DTYPES.float32, [2, 3], [0, 0, 1, 1, 0, 0]);
  const [loss, grad] = SoftmaxCrossEntropyWithLogits.compute([floatTensor(DTYPES.float32, [2, 3], [1, 2, 3, 0, 0, 0]), labels], {}).outputs as [KTensor, KTensor];
  t.ok(Math.abs(valueAt(loss, 0) - (Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3)) < 1e-6);
  t.ok(Math.abs(valueAt(loss, 1) - Math.log(3)) < 1e-6);
  t.ok(Math.abs(valueAt(grad, 3) - (1 / 3 - 1)) < 1e-6, 'dlogits = softmax - labels');
});

t.test('BiasAdd and BiasAddGrad', async (t) => {
  const x = floatTensor(DTYPES.float32, [2, 3, 2], Array.from({ length: 12 }, (_, i) => i));
  const b = floatTensor(DTYPES.float32, [3], [100, 200, 300]);
  const y = BiasAdd.compute([x, b], {}).outputs[0]!;
  t.same(Array.from({ length: 12 }, (_, i) => valueAt(y, i)), [100, 101, 202, 203, 304, 305, 106, 107, 208, 209, 310, 311]);
  const g = BiasAddGrad.compute([x], {}).outputs[0]!;
  t.same([0, 1, 2].map((i) => valueAt(g, i)), [0 + 1 + 6 + 7, 2 + 3 + 8 + 9, 4 + 5 + 10 + 11]);
});

t.test('NPU float-status kernels act on the register the device passes in', async (t) => {
  let register = 1;
  const reg = { read: () => register, clear: () => void (register = 0) };
  const status = ktensor(DTYPES.float32, [8]);
  NPUGetFloatStatus.compute([status], {}, { register: reg } as never);
  t.equal((status.data as Float32Array)[0], 1, 'get copies the register into its input, in place');
  NPUClearFloatStatus.compute([status], {}, { register: reg } as never);
  t.equal(register, 0);
  t.throws(() => NPUGetFloatStatus.infer([{ dtype: DTYPES.float32, shape: [4] }], {}), { name: 'ShapeError' });
  t.throws(() => NPUGetFloatStatus.infer([{ dtype: DTYPES.int32, shape: [8] }], {}), { name: 'DTypeError' });
});

t.test('bad input: clear errors of the right kind', async (t) => {
  const f = (shape: number[], dtype: DType = DTYPES.float32) => ktensor(dtype, shape);
  t.throws(() => ELEMENTWISE.Add!.compute([f([2, 3]), f([4])], {}), { name: 'ShapeError', message: 'Add: operands could not be broadcast together with shapes (2,3) (4,)' });
  t.throws(() => ELEMENTWISE.Add!.compute([f([2]), f([2], DTYPES.float16)], {}), { name: 'DTypeError', message: /one dtype, but got Float32 and Float16/ });
  t.throws(() => ELEMENTWISE.Sqrt!.compute([f([2], DTYPES.int32)], {}), { name: 'DTypeError', message: 'Sqrt: Int32 inputs are not supported' });
  t.throws(() => MatMul.compute([f([2, 3]), f([4, 2])], {}), { name: 'ShapeError', message: /inner dimensions differ/ });
  t.throws(() => Conv2D.compute([f([1, 3, 4, 4]), f([8, 2, 3, 3])], {}), { name: 'ShapeError' });
  t.throws(() => Conv2D.compute([f([1, 3, 4, 4]), f([8, 3, 3, 3])], { padMode: 'same', pad: 1 }), { message: /pad must be zero when pad_mode is 'same'/ });
  t.throws(() => Conv2D.compute([f([1, 3, 2, 2]), f([8, 3, 3, 3])], { padMode: 'valid' }), { name: 'ShapeError', message: /does not fit/ });
  t.throws(() => ReduceSum.compute([f([2, 3])], { axis: 2 }), { name: 'ShapeError', message: /axis 2 is out of range/ });
  t.throws(() => ELEMENTWISE.Add!.compute([f([2]), f([2])], {}, { out: f([3]) }), { name: 'ArgumentTypeError' });
  t.throws(() => kernelRegistry.lookup('CPU', 'FloatStatus'), { name: 'DeviceError', message: "no kernel 'FloatStatus' is registered for device kind 'CPU'" });
});

t.test('kernels write into the caller’s output buffer when given one', async (t) => {
  const a = floatTensor(DTYPES.float32, [4], [1, 2, 3, 4]);
  const out = ktensor(DTYPES.float32, [4]);
  const r = ELEMENTWISE.Mul!.compute([a, a], {}, { out });
  t.equal(r.outputs[0], out);
  t.same(Array.from(out.data as Float32Array), [1, 4, 9, 16]);
  const m = ktensor(DTYPES.float32, [2, 2]);
  t.equal(MatMul.compute([floatTensor(DTYPES.float32, [2, 2], [1, 0, 0, 1]), floatTensor(DTYPES.float32, [2, 2], [5, 6, 7, 8])], {}, { out: m }).outputs[0], m);
  t.same(Array.from(m.data as Float32Array), [5, 6, 7, 8]);
});

t.test('costs: flops and bytes as the device models need them', async (t) => {
  const s = (shape: number[]) => ({ dtype: DTYPES.float32, shape });
  t.match(MatMul.cost([s([64, 32]), s([32, 16])], {}), { flops: 2 * 64 * 32 * 16, bytes: 4 * (64 * 32 + 32 * 16 + 64 * 16) });
  t.match(Conv2D.cost([s([8, 64, 56, 56]), s([64, 64, 3, 3])], { padMode: 'same' }), { flops: 2 * 8 * 64 * 56 * 56 * 64 * 9 });
  t.match(ELEMENTWISE.Add!.cost([s([1000]), s([1])], {}), { flops: 1000, bytes: 4 * (1000 + 1 + 1000) });
  t.ok(kernelRegistry.names('Ascend').includes('NPUGetFloatStatus') && !kernelRegistry.names('GPU').includes('NPUGetFloatStatus'));
  t.ok(kernelRegistry.names('GPU').includes('FloatStatus'));
});
