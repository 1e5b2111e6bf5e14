/**
 * The interior of Conv2D's 3-wide fast path in WebAssembly SIMD. For two adjacent output columns at a
 * time and eight output channels, each step is exactly `fround(acc + w · x)`: the float32 operands are
 * promoted to float64 (`f64x2`), the product is exact, the sum rounds to float64 and
 * `f32x4.demote_f64x2_zero` rounds it to float32, as `Math.fround` does. Two lanes per conversion halve
 * the conversions that bound the JavaScript loop. Results are bit-identical to the scalar path.
 * @module
 */
import { I32, V128, op } from '../wasm/assembler.js';
import { SimdModule } from '../wasm/module.js';

// row8(x, out, plane, pairs, w): all byte addresses/strides in the imported memory.
//   x     → input of the first interior column's kw = 0 tap
//   out   → channel 0's output at that column
//   plane → bytes between output channel planes
//   pairs → column pairs to do
//   w     → 24 float64 weights, [channel q][kw]
const P_X = 0, P_OUT = 1, P_PLANE = 2, P_PAIRS = 3, P_W = 4;
const L_W = 5; // 24 v128 weight splats: L_W + q * 3 + kw
const L_XA = 29, L_XB = 30, L_XC = 31;
const L_O = 32; // 8 i32 output addresses

function rowKernel(): number[] {
  const code: number[] = [];
  for (let j = 0; j < 24; j++) code.push(...op.localGet(P_W), ...op.f64Load(8 * j), ...op.f64x2Splat, ...op.localSet(L_W + j));
  for (let q = 0; q < 8; q++) {
    code.push(...op.localGet(P_OUT), ...op.localGet(P_PLANE), ...op.i32Const(q), ...op.i32Mul, ...op.i32Add, ...op.localSet(L_O + q));
  }
  code.push(...op.loop);
  // three pairs of inputs: (x0, x1), (x1, x2), (x2, x3) for the two columns
  for (const [local, offset] of [[L_XA, 0], [L_XB, 4], [L_XC, 8]] as const) {
    code.push(...op.localGet(P_X), ...op.v128Load64Zero(offset), ...op.f64x2PromoteLowF32x4, ...op.localSet(local));
  }
  for (let q = 0; q < 8; q++) {
    code.push(...op.localGet(L_O + q), ...op.localGet(L_O + q), ...op.v128Load64Zero(0), ...op.f64x2PromoteLowF32x4);
    for (let kw = 0; kw < 3; kw++) {
      code.push(...op.localGet(L_W + q * 3 + kw), ...op.localGet([L_XA, L_XB, L_XC][kw]!), ...op.f64x2Mul, ...op.f64x2Add, ...op.f32x4DemoteF64x2Zero);
      if (kw < 2) code.push(...op.f64x2PromoteLowF32x4);
    }
    code.push(...op.v128Store64Lane0(0));
    code.push(...op.localGet(L_O + q), ...op.i32Const(8), ...op.i32Add, ...op.localSet(L_O + q));
  }
  code.push(...op.localGet(P_X), ...op.i32Const(8), ...op.i32Add, ...op.localSet(P_X));
  code.push(...op.localGet(P_PAIRS), ...op.i32Const(1), ...op.i32Sub, ...op.localTee(P_PAIRS), ...op.brIf(0), ...op.end);
  return code;
}

const conv = new SimdModule<{ row8: (x: number, out: number, plane: number, pairs: number, w: number) => void }>(() => [
  { params: [I32, I32, I32, I32, I32], results: [], locals: [[27, V128], [8, I32]], code: rowKernel(), export: 'row8' },
]);

/**
 * Turns the WebAssembly SIMD path of Conv2D on or off (on by default where available). Results are
 * identical either way; off, the fast path runs in plain JavaScript (about half the speed).
 *
 * @returns the previous setting.
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * const previous = kernels.setConvSimd(false);
 * kernels.setConvSimd(previous);
 * ```
 */
export function setConvSimd(on: boolean): boolean {
  return conv.set(on);
}

/** The SIMD kernel (its memory and `row8`), or null where WebAssembly SIMD is unavailable or switched off. */
export function simdConv() {
  return conv.get();
}
