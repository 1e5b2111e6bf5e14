/**
 * Every elementwise kernel, and the remaining kernels, against plain references over random shapes
 * (with broadcasting), dtypes and values including 0, -0, subnormals, ±inf, NaN and the float16
 * overflow boundaries 65504 and 65520.
 */
import t from 'tap';
import fc from 'fast-check';
import {
  AddN, ArgMax, BiasAdd, BiasAddGrad, Cast, DTYPES, ELEMENTWISE, LogSoftmax, Select, Softmax, SoftmaxCrossEntropyWithLogits,
  broadcastShapes, ktensor, numberToBFloat16Bits, numberToFloat16Bits, type DType, type KTensor,
} from '../../src/kernels/index.js';
import { assertProperty } from '../helpers/property.js';
import { broadcastIndex, floatTensor, ravel, roundCompute, storeFloat, unravel, valueAt } from './reference.js';

const FLOATS = [DTYPES.float16, DTYPES.bfloat16, DTYPES.float32, DTYPES.float64];
const special = fc.constantFrom(0, -0, 1, -1, 0.5, 2, 1e-40, 6e-8, 65504, 65520, -65520, 3e38, Infinity, -Infinity, NaN);
const value = fc.oneof({ weight: 3, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) }, { weight: 2, arbitrary: special });

const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
const half = (d: DType) => d.itemsize === 2;

/** Float references: the value computed in double, then rounded as the kernel rounds (see reference.ts). */
const FLOAT_REF: Record<string, (x: number, y: number, d: DType) => number> = {
  Add: (x, y) => x + y,
  Sub: (x, y) => x - y,
  Mul: (x, y) => x * y,
  RealDiv: (x, y) => x / y,
  // r1.5's CPU Div: 0 / 0 is NaN, x / 0 is +inf for x > 0 and -inf otherwise (NaN too)
  Div: (x, y) => (y === 0 ? (x === 0 ? NaN : x > 0 ? Infinity : -Infinity) : x / y),
  Maximum: (x, y, d) => (Number.isNaN(x) ? x : Number.isNaN(y) ? y : x > y || (half(d) && x === y) ? x : y),
  Minimum: (x, y, d) => (Number.isNaN(x) ? x : Number.isNaN(y) ? y : x < y || (half(d) && x === y) ? x : y),
  Pow: (x, y) => (x === 1 || (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) ? 1 : x ** y),
  Neg: (x) => -x,
  Abs: (x) => Math.abs(x),
  Square: (x) => x * x,
  Sqrt: (x) => Math.sqrt(x),
  // the square root rounded to float32 first (float64: exact), then its reciprocal
  Rsqrt: (x, _y, d) => 1 / (d.name === 'float64' ? Math.sqrt(x) : Math.fround(Math.sqrt(x))),
  Reciprocal: (x) => 1 / x,
  ReLU6: (x) => (x > 0 ? Math.min(x, 6) : 0),
  Exp: (x) => Math.exp(x),
  Sin: (x) => Math.sin(x),
  Cos: (x) => Math.cos(x),
  Floor: (x) => Math.floor(x),
  Ceil: (x) => Math.ceil(x),
  FloorDiv: (x, y) => Math.floor(x / y),
  Log: (x) => Math.log(x),
  ReLU: (x) => (x > 0 || Number.isNaN(x) ? x : 0),
  Sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  Tanh: (x) => Math.tanh(x),
  ReluGrad: (dy, y) => (y > 0 ? dy : 0),
  SigmoidGrad: (y, dy) => dy * y * (1 - y),
  TanhGrad: (y, dy) => dy * (1 - y * y),
  // r1.5's CPU GeLU and GeLUGrad (arithmetic_self / eltwise_grad kernels): float32 steps; float64 exact
  GeLU: (x, _y, d) => {
    if (d.name === 'float64') return 0.5 * x * (1 + Math.tanh(0.7978845608 * (x + 0.044715 * x ** 3)));
    const f = Math.fround;
    const [a, b] = [f(0.7978845608), f(0.044715)];
    const inner = f(a * f(x + f(f(f(b * x) * x) * x)));
    return f(x * f(1 + f(Math.tanh(inner)))) / 2;
  },
  GeLUGrad: (dy, x, d) => {
    const t = Math.tanh(0.7978845608 * (x + 0.044715 * x * x * x));
    const slope = 0.7978845608 + 0.1070322244 * x * x;
    if (d.name === 'float64') return (dy * (1 + t + x * (1 - t * t) * slope)) / 2;
    const f = Math.fround;
    const [tf, sf] = [f(t), f(slope)];
    return dy * f(f(f(1 + tf) + f(f(x * f(1 - f(tf * tf))) * sf)) / 2);
  },
};
const BOOL_REF: Record<string, (x: number, y: number) => boolean> = {
  Equal: (x, y) => x === y,
  Less: (x, y) => x < y,
  LessEqual: (x, y) => x <= y,
  Greater: (x, y) => x > y,
  GreaterEqual: (x, y) => x >= y,
  NotEqual: (x, y) => x !== y,
  IsFinite: (x) => Number.isFinite(x),
  IsNan: (x) => Number.isNaN(x),
};

/** The logical kernels take Bool only: checked on every combination of truth values. */
const LOGICAL = ['LogicalAnd', 'LogicalOr', 'LogicalNot'];

t.test('the logical kernels: truth tables, and only Bool inputs', async (t) => {
  const b = (v: number[]) => ktensor(DTYPES.bool, [v.length], Uint8Array.from(v));
  const x = b([0, 0, 1, 1]);
  const y = b([0, 1, 0, 1]);
  const data = (k: KTensor) => Array.from(k.data as Uint8Array);
  t.same(data(ELEMENTWISE.LogicalAnd!.compute([x, y], {}).outputs[0]!), [0, 0, 0, 1]);
  t.same(data(ELEMENTWISE.LogicalOr!.compute([x, y], {}).outputs[0]!), [0, 1, 1, 1]);
  t.same(data(ELEMENTWISE.LogicalNot!.compute([x], {}).outputs[0]!), [1, 1, 0, 0]);
  for (const name of LOGICAL) t.throws(() => ELEMENTWISE[name]!.infer(name === 'LogicalNot' ? [{ dtype: DTYPES.float32, shape: [2] }] : [{ dtype: DTYPES.float32, shape: [2] }, { dtype: DTYPES.float32, shape: [2] }], {}), { name: 'DTypeError' });
});

const shapePair = fc
  .array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 })
  .chain((base) => fc.tuple(fc.constant(base), fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length })).map(([b, ones]) => [b, b.map((d, i) => (ones[i] ? 1 : d))] as const));

function tensors(dtype: DType, shapes: readonly (readonly number[])[], values: fc.Stream<number>): KTensor[] {
  return shapes.map((s) => floatTensor(dtype, s, [...values.take(s.reduce((a, b) => a * b, 1))]));
}

t.test('every float elementwise kernel equals its reference on every float dtype', async (t) => {
  const names = [...Object.keys(FLOAT_REF), ...Object.keys(BOOL_REF)];
  t.equal(new Set([...names, ...LOGICAL]).size, Object.keys(ELEMENTWISE).length, 'every elementwise kernel has a reference (the logical ones: below)');
  assertProperty(
    t,
    'elementwise',
    fc.property(fc.constantFrom(...names), fc.constantFrom(...FLOATS), shapePair, fc.infiniteStream(value), (name, dtype, [s1, s2], values) => {
      const kernel = ELEMENTWISE[name]!;
      const unary = ['Neg', 'Abs', 'Square', 'Sqrt', 'Rsqrt', 'Reciprocal', 'ReLU6', 'Exp', 'Log', 'ReLU', 'Sigmoid', 'Tanh', 'GeLU', 'Sin', 'Cos', 'Floor', 'Ceil', 'IsFinite', 'IsNan'].includes(name);
      const shapes = unary ? [s1] : [s1, s2];
      const inputs = tensors(dtype, shapes, values);
      const out = kernel.compute(inputs, {}).outputs[0]!;
      const shape = broadcastShapes(shapes, name);
      for (let i = 0; i < out.data.length; i++) {
        const idx = unravel(i, shape);
        const [x, y] = shapes.map((s, k) => valueAt(inputs[k]!, broadcastIndex(idx, s)));
        if (name in BOOL_REF) {
          if (out.data[i] !== (BOOL_REF[name]!(x!, y ?? 0) ? 1 : 0)) return false;
        } else {
          const ref = ktensor(dtype, [1]);
          storeFloat(ref, 0, roundCompute(FLOAT_REF[name]!(x!, y ?? 0, dtype), dtype));
          if (!same(valueAt(out, i), valueAt(ref, 0))) return false;
        }
      }
      return true;
    }),
    600,
  );
});

t.test('integer elementwise kernels wrap as two’s complement in every integer dtype', async (t) => {
  const INTS = [DTYPES.int8, DTYPES.int16, DTYPES.int32, DTYPES.uint8];
  const ops: Record<string, (x: number, y: number) => number> = {
    Add: (x, y) => x + y,
    Sub: (x, y) => x - y,
    Mul: (x, y) => Number(BigInt(x) * BigInt(y) % 2n ** 32n),
    RealDiv: (x, y) => (y === 0 ? 0 : Math.trunc(x / y)),
    Div: (x, y) => (y === 0 ? (x === 0 ? 0 : x > 0 ? 2147483647 : -2147483648) : Math.trunc(x / y)),
    Maximum: Math.max,
    Minimum: Math.min,
    Neg: (x) => -x,
    Abs: Math.abs,
    Square: (x) => Number(BigInt(x) * BigInt(x) % 2n ** 32n),
    ReLU: (x) => (x > 0 ? x : 0),
    ReLU6: (x) => (x < 0 ? 0 : x > 6 ? 6 : x),
  };
  assertProperty(
    t,
    'integers',
    fc.property(fc.constantFrom(...Object.keys(ops)), fc.constantFrom(...INTS), fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: 2, maxLength: 12 }), (name, dtype, raw) => {
      const half = raw.length >> 1;
      const mk = (vals: number[]) => {
        const s = dtype.allocate(vals.length) as Int32Array;
        vals.forEach((v, i) => (s[i] = v));
        return ktensor(dtype, [vals.length], s);
      };
      const x = mk(raw.slice(0, half));
      const y = mk(raw.slice(half, 2 * half));
      const unary = ['Neg', 'Abs', 'Square', 'ReLU', 'ReLU6'].includes(name);
      const out = ELEMENTWISE[name]!.compute(unary ? [x] : [x, y], {}).outputs[0]!;
      const expect = dtype.allocate(half) as Int32Array;
      for (let i = 0; i < half; i++) expect[i] = ops[name]!(x.data[i] as number, y.data[i] as number);
      return Array.from(out.data as Int32Array).join() === Array.from(expect).join();
    }),
  );
});

t.test('Select, ArgMax, AddN, BiasAdd and BiasAddGrad equal their references', async (t) => {
  assertProperty(
    t,
    'select',
    fc.property(fc.constantFrom(...FLOATS), shapePair, fc.infiniteStream(value), fc.infiniteStream(fc.boolean()), (dtype, [s1, s2], values, bits) => {
      const cond = ktensor(DTYPES.bool, s2, Uint8Array.from([...bits.take(s2.reduce((a, b) => a * b, 1))], Number));
      const [x, y] = tensors(dtype, [s1, s1], values) as [KTensor, KTensor];
      const out = Select.compute([cond, x, y], {}).outputs[0]!;
      const shape = broadcastShapes([s2, s1, s1], 'Select');
      return Array.from({ length: out.data.length }, (_, i) => unravel(i, shape)).every((idx, i) =>
        Object.is(out.data[i], (cond.data[broadcastIndex(idx, s2)] ? x : y).data[broadcastIndex(idx, s1)]),
      );
    }),
  );
  assertProperty(
    t,
    'argmax',
    fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }), fc.constantFrom(...FLOATS), fc.infiniteStream(value), fc.nat(2), (shape, dtype, values, a) => {
      const axis = a % shape.length;
      const [x] = tensors(dtype, [shape], values) as [KTensor];
      const out = ArgMax.compute([x], { axis }).outputs[0]!;
      const outShape = shape.filter((_, i) => i !== axis);
      for (let j = 0; j < out.data.length; j++) {
        const base = unravel(j, outShape);
        let best = 0;
        let bestV = NaN;
        for (let k = 0; k < shape[axis]!; k++) {
          const idx = [...base.slice(0, axis), k, ...base.slice(axis)];
          const v = valueAt(x, ravel(idx, shape));
          if (k === 0) bestV = v;
          else if (!Number.isNaN(bestV) && (Number.isNaN(v) || v > bestV)) {
            best = k;
            bestV = v;
          }
        }
        if (out.data[j] !== best) return false;
      }
      return true;
    }),
  );
  assertProperty(
    t,
    'addn and bias',
    fc.property(fc.constantFrom(...FLOATS), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.infiniteStream(value), (dtype, k, C, S, values) => {
      const shape = [2, C, S];
      const xs = tensors(dtype, [shape, shape, shape, shape].slice(0, k), values);
      const sum = AddN.compute(xs, {}).outputs[0]!;
      const [b] = tensors(dtype, [[C]], values) as [KTensor];
      const biased = BiasAdd.compute([xs[0]!, b], {}).outputs[0]!;
      const grad = BiasAddGrad.compute([xs[0]!], {}).outputs[0]!;
      const gref = new Array<number>(C).fill(0);
      for (let i = 0; i < sum.data.length; i++) {
        let acc = valueAt(xs[0]!, i);
        for (let m = 1; m < k; m++) acc = roundCompute(acc + valueAt(xs[m]!, i), dtype);
        const r = ktensor(dtype, [2]);
        storeFloat(r, 0, acc);
        const c = unravel(i, shape)[1]!;
        storeFloat(r, 1, roundCompute(valueAt(xs[0]!, i) + valueAt(b, c), dtype));
        gref[c] = roundCompute(gref[c]! + valueAt(xs[0]!, i), dtype);
        if (!same(valueAt(sum, i), valueAt(r, 0)) || !same(valueAt(biased, i), valueAt(r, 1))) return false;
      }
      const gr = ktensor(dtype, [C]);
      gref.forEach((v, c) => storeFloat(gr, c, v));
      return gref.every((_, c) => same(valueAt(grad, c), valueAt(gr, c)));
    }),
  );
});

t.test('Softmax, LogSoftmax and SoftmaxCrossEntropyWithLogits equal a float64 reference closely', async (t) => {
  assertProperty(
    t,
    'softmax',
    fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom(DTYPES.float32, DTYPES.float64), fc.infiniteStream(fc.double({ min: -30, max: 30, noNaN: true })), (N, C, dtype, values) => {
      const [x, raw] = tensors(dtype, [[N, C], [N, C]], values) as [KTensor, KTensor];
      const labels = floatTensor(dtype, [N, C], Array.from({ length: N * C }, (_, i) => Math.abs(valueAt(raw, i)) / 30));
      const sm = Softmax.compute([x], {}).outputs[0]!;
      const lsm = LogSoftmax.compute([x], {}).outputs[0]!;
      const [loss, dlogits] = SoftmaxCrossEntropyWithLogits.compute([x, labels], {}).outputs as [KTensor, KTensor];
      const tol = dtype === DTYPES.float64 ? 1e-12 : 2e-5;
      for (let n = 0; n < N; n++) {
        const row = Array.from({ length: C }, (_, c) => valueAt(x, n * C + c));
        const m = Math.max(...row);
        const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
        let l = 0;
        for (let c = 0; c < C; c++) {
          const p = Math.exp(row[c]! - lse);
          const y = valueAt(labels, n * C + c);
          l -= y * (row[c]! - lse);
          if (Math.abs(valueAt(sm, n * C + c) - p) > tol) return false;
          if (Math.abs(valueAt(lsm, n * C + c) - (row[c]! - lse)) > tol * (1 + Math.abs(row[c]! - lse))) return false;
          if (Math.abs(valueAt(dlogits, n * C + c) - (p - y)) > tol) return false;
        }
        if (Math.abs(valueAt(loss, n) - l) > tol * (1 + Math.abs(l)) * C) return false;
      }
      return true;
    }),
  );
});

t.test('Cast to float16/bfloat16 equals per-element rounding from float64; saturation clamps', async (t) => {
  assertProperty(
    t,
    'cast',
    fc.property(fc.constantFrom(DTYPES.float32, DTYPES.float64), fc.constantFrom(DTYPES.float16, DTYPES.bfloat16), fc.boolean(), fc.array(value, { maxLength: 20 }), (from, to, saturate, vals) => {
      const x = floatTensor(from, [vals.length], vals);
      const r = Cast.compute([x], { dtype: to }, { saturate });
      const out = r.outputs[0]!;
      const max = to === DTYPES.float16 ? 65504 : 3.3895313892515355e38;
      let overflow = false;
      for (let i = 0; i < vals.length; i++) {
        const v = valueAt(x, i);
        const ref = ktensor(to, [1]);
        (ref.data as Uint16Array)[0] = to === DTYPES.float16 ? numberToFloat16Bits(v) : numberToBFloat16Bits(v);
        let want = valueAt(ref, 0);
        if (!Number.isFinite(want)) {
          if (Number.isFinite(v) || saturate) overflow = true;
          if (saturate) want = Number.isNaN(want) ? 0 : want > 0 ? max : -max;
        }
        if (!same(valueAt(out, i), want)) return false;
      }
      return !saturate || r.overflow === overflow;
    }),
  );
});
