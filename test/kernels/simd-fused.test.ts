/**
 * The WebAssembly SIMD kernels with relaxed SIMD's fused multiply-add (f64x2.relaxed_madd) give the
 * same bits as with a multiply then an add: MatMul and BatchMatMul on float32 operands (float64 operands
 * stay unfused), Conv2D and both its gradients. Node 20 runs relaxed SIMD behind a V8 flag, set here
 * before any kernel module compiles; later Nodes have it on.
 */
import t from 'tap';
import fc from 'fast-check';
import {
  BatchMatMul, Conv2D, Conv2DBackpropFilter, Conv2DBackpropInput, DTYPES, MatMul, relaxedSimdAvailable, setConvSimd, setMatMulSimd, setRelaxedSimd, type KTensor,
} from '../../src/kernels/index.js';
import { ArgumentTypeError } from '../../src/errors/index.js';
import { gemmSimd } from '../../src/kernels/ops/gemm-simd.js';
import { simdConv } from '../../src/kernels/ops/conv2d-simd.js';
import { assertProperty } from '../helpers/property.js';
import { enableRelaxedSimd } from '../../sim/relaxed-simd.js';
import { floatTensor } from './reference.js';
import { convGradCases, convOperands, convSetup } from './conv-cases.js';

enableRelaxedSimd(); // Node 20: V8's flag, before any kernel module compiles

const special = fc.constantFrom(0, -0, 1, -1, 1e-40, 1e-45, 3e38, -3e38, 65504, Infinity, -Infinity, NaN);
const value = fc.oneof(
  { weight: 10, arbitrary: fc.double({ min: -8, max: 8, noNaN: true }) },
  { weight: 3, arbitrary: fc.double({ min: -3e38, max: 3e38, noNaN: true }) },
  { weight: 1, arbitrary: special },
);

/** The same bits in every element (any NaN matching any NaN: payloads are not part of a result). */
function sameBits(a: KTensor, b: KTensor): boolean {
  if (a.data.length !== b.data.length) return false;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i] as number, y = b.data[i] as number;
    if (!Object.is(x, y) && !(Number.isNaN(x) && Number.isNaN(y))) return false;
  }
  return true;
}

/** `run` with fused multiply-adds allowed, then not. */
function bothWays<T>(run: () => T): [T, T] {
  const previous = setRelaxedSimd(true);
  try {
    const fused = run();
    setRelaxedSimd(false);
    return [fused, run()];
  } finally {
    setRelaxedSimd(previous);
  }
}

t.test('relaxed SIMD is available here and chosen only where allowed and the products are exact', async (t) => {
  t.ok(relaxedSimdAvailable(), 'this engine validates f64x2.relaxed_madd');
  const previous = setRelaxedSimd(true);
  t.teardown(() => void setRelaxedSimd(previous));
  t.equal(gemmSimd(true)?.fused, true, 'MatMul on float32 operands: fused');
  t.equal(gemmSimd(false)?.fused, false, 'MatMul on float64 operands: multiply, then add');
  t.equal(simdConv()?.fused, true, 'convolutions: fused');
  setRelaxedSimd(false);
  t.equal(gemmSimd(true)?.fused, false, 'switched off: MatMul multiplies, then adds');
  t.equal(simdConv()?.fused, false, 'switched off: so do the convolutions');
  // the switches take booleans only, and a refused setting leaves them as they were
  for (const [name, set] of [['setRelaxedSimd', setRelaxedSimd], ['setMatMulSimd', setMatMulSimd], ['setConvSimd', setConvSimd]] as const) {
    t.throws(() => set('no' as never), new ArgumentTypeError(`${name}: expected true or false, but got string 'no'`), name);
    t.equal(set(true), name === 'setRelaxedSimd' ? false : true, `${name}: the setting stayed`);
  }
});

t.test('MatMul and BatchMatMul: fused and unfused give the same bits (float32 and float64)', async (t) => {
  const dims = fc.record({ M: fc.integer({ min: 2, max: 11 }), K: fc.integer({ min: 1, max: 400 }), N: fc.integer({ min: 2, max: 160 }) });
  assertProperty(
    t,
    'matmul fused',
    fc.property(dims, fc.constantFrom(DTYPES.float32, DTYPES.float64), fc.boolean(), fc.infiniteStream(value), ({ M, K, N }, dtype, batched, values) => {
      const a = floatTensor(dtype, [...(batched ? [2] : []), M, K], [...values.take((batched ? 2 : 1) * M * K)]);
      const b = floatTensor(dtype, [K, N], [...values.take(K * N)]);
      const kernel = batched ? BatchMatMul : MatMul;
      const [fused, plain] = bothWays(() => kernel.compute([a, b], {}).outputs[0]!);
      return sameBits(fused, plain);
    }),
    40,
  );
  // several K and N blocks, values whose sums round at every step
  const [M, K, N] = [9, 600, 300];
  const a = floatTensor(DTYPES.float32, [M, K], Array.from({ length: M * K }, (_, i) => Math.sin(i) * 2 ** ((i % 41) - 20)));
  const b = floatTensor(DTYPES.float32, [K, N], Array.from({ length: K * N }, (_, i) => Math.cos(i) * 2 ** ((i % 37) - 18)));
  const [fused, plain] = bothWays(() => MatMul.compute([a, b], {}).outputs[0]!);
  t.ok(sameBits(fused, plain), `${M}×${K}×${N} over several blocks`);
});

t.test('Conv2D and its gradients: fused and unfused give the same bits', async (t) => {
  assertProperty(
    t,
    'conv fused',
    fc.property(convGradCases, fc.infiniteStream(value), (c, values) => {
      const setup = convSetup(c);
      if (!setup) return true;
      const { attrs, xs, ws } = setup;
      const { x, w, dout } = convOperands(DTYPES.float32, setup, values);
      const [fused, plain] = bothWays(() => [
        Conv2D.compute([x, w], attrs).outputs[0]!,
        Conv2DBackpropInput.compute([dout, w], { ...attrs, inputShape: xs }).outputs[0]!,
        Conv2DBackpropFilter.compute([dout, x], { ...attrs, filterShape: ws }).outputs[0]!,
      ]);
      return fused.every((r, i) => sameBits(r, plain[i]!));
    }),
    100,
  );
  // geometries every SIMD kernel takes: row8 (3-wide, 8+ channels), the forward and input-gradient
  // gathers (stride 2), dwRow3 and dwRow5 (rows of eight or more columns)
  const fixed = [
    { xs: [2, 8, 10, 12], ws: [16, 8, 3, 3], attrs: { padMode: 'same' } },
    { xs: [1, 6, 11, 11], ws: [8, 6, 3, 3], attrs: { padMode: 'pad', pad: [1, 1, 1, 1], stride: 2 } },
    { xs: [1, 5, 9, 14], ws: [8, 5, 3, 5], attrs: { padMode: 'valid' } },
  ] as const;
  for (const [k, c] of fixed.entries()) {
    const size = (s: readonly number[]) => s.reduce((p, q) => p * q, 1);
    const x = floatTensor(DTYPES.float32, c.xs, Array.from({ length: size(c.xs) }, (_, i) => Math.sin(i + k) * 2 ** ((i % 23) - 11)));
    const w = floatTensor(DTYPES.float32, c.ws, Array.from({ length: size(c.ws) }, (_, i) => Math.cos(3 * i + k)));
    const [fused, plain] = bothWays(() => {
      const y = Conv2D.compute([x, w], c.attrs as never).outputs[0]!;
      const dout = floatTensor(DTYPES.float32, y.shape, Array.from({ length: size(y.shape) }, (_, i) => Math.sin(7 * i)));
      return [
        y,
        Conv2DBackpropInput.compute([dout, w], { ...c.attrs, inputShape: c.xs } as never).outputs[0]!,
        Conv2DBackpropFilter.compute([dout, x], { ...c.attrs, filterShape: c.ws } as never).outputs[0]!,
      ];
    });
    t.ok(fused.every((r, i) => sameBits(r, plain[i]!)), `fixed geometry ${k}: forward, input and filter gradients`);
  }
});
