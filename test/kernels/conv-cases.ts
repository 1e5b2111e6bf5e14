/**
 * Generated Conv2D cases for the kernel tests: geometry, pad mode, groups and dtype, half of them built
 * for the 3-wide fast path; shared by the reference tests and the SIMD variant tests.
 */
import fc from 'fast-check';
import { DTYPES, convGeometry, type DType, type KTensor } from '../../src/kernels/index.js';
import { floatTensor } from './reference.js';

const FLOAT_DTYPES = [DTYPES.float16, DTYPES.bfloat16, DTYPES.float32, DTYPES.float64];

export const convCase = fc.record({
  N: fc.integer({ min: 1, max: 2 }),
  group: fc.constantFrom(1, 1, 2),
  Cg: fc.integer({ min: 1, max: 3 }),
  Og: fc.constantFrom(1, 2, 6, 8),
  H: fc.integer({ min: 1, max: 8 }),
  W: fc.integer({ min: 1, max: 8 }),
  KH: fc.integer({ min: 1, max: 3 }),
  KW: fc.constantFrom(1, 2, 3, 3),
  stride: fc.constantFrom(1, 1, 2, 3),
  dilation: fc.constantFrom(1, 1, 2),
  padMode: fc.constantFrom('same', 'valid', 'pad') as fc.Arbitrary<'same' | 'valid' | 'pad'>,
  pad: fc.tuple(fc.nat(2), fc.nat(2), fc.nat(2), fc.nat(2)),
  dtype: fc.constantFrom(...FLOAT_DTYPES),
});
/** Cases the 3-wide fast path takes (3-wide kernels, no groups, no dilation, 8 or 16 output channels), mixed in half the time. */
export const convCases = fc.oneof(convCase, convCase.map((c) => ({ ...c, KW: 3, group: 1, dilation: 1, Og: c.Og === 1 ? 16 : 8 })));

/** Shapes, attributes and geometry of a generated Conv2D case, or null when the geometry does not fit. */
export function convSetup(c: { N: number; group: number; Cg: number; Og: number; H: number; W: number; KH: number; KW: number; stride: number; dilation: number; padMode: 'same' | 'valid' | 'pad'; pad: [number, number, number, number] }) {
  const O = c.Og * c.group;
  const attrs = { padMode: c.padMode, pad: c.padMode === 'pad' ? c.pad : 0, stride: c.stride, dilation: c.dilation, group: c.group } as const;
  const xs = [c.N, c.Cg * c.group, c.H, c.W];
  const ws = [O, c.Cg, c.KH, c.KW];
  try {
    return { O, attrs, xs, ws, g: convGeometry(xs, ws, attrs, 'test') };
  } catch {
    return null;
  }
}

/**
 * Cases for the gradients: a third as {@link convCases}, a third with eight or more input channels at
 * stride 1 (dx then runs as a convolution of its own, on Conv2D's SIMD fast path and register blocks),
 * a third with four to six input channels a group at any stride (dx gathers four channels at a time).
 */
export const convGradCases = fc.oneof(convCases, convCases.map((c) => ({ ...c, Cg: c.Cg + 7, group: 1, stride: 1, KW: c.KW === 1 ? 3 : c.KW })), convCase.map((c) => ({ ...c, Cg: c.Cg + 3 })));

/** A case's input, weight and output-gradient tensors of `dtype`, their values taken from `values` in that order. */
export function convOperands(dtype: DType, setup: NonNullable<ReturnType<typeof convSetup>>, values: fc.Stream<number>): { x: KTensor; w: KTensor; dout: KTensor } {
  const { xs, ws, g } = setup;
  const ds = [g.N, g.O, g.OH, g.OW];
  const take = (shape: readonly number[]) => [...values.take(shape.reduce((a, b) => a * b, 1))];
  const x = floatTensor(dtype, xs, take(xs));
  const w = floatTensor(dtype, ws, take(ws));
  return { x, w, dout: floatTensor(dtype, ds, take(ds)) };
}
