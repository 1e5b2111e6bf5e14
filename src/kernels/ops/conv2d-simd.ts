/**
 * The interior of Conv2D's 3-wide fast path in WebAssembly SIMD. For two adjacent output columns at a
 * time and eight output channels, each step is exactly `fround(acc + w · x)`: the float32 operands are
 * promoted to float64 (`f64x2`), the product is exact, the sum rounds to float64 and
 * `f32x4.demote_f64x2_zero` rounds it to float32, as `Math.fround` does. Two lanes per conversion halve
 * the conversions that bound the JavaScript loop. Results are bit-identical to the scalar path. Where
 * the engine has relaxed SIMD the multiply and the add are one fused `f64x2.relaxed_madd` (the product
 * being exact, the same bits; wasm/module.ts).
 * @module
 */
import { I32, V128, op } from '../wasm/assembler.js';
import { SimdModule } from '../wasm/module.js';
import { gatherFunction, roundedMulAdd } from './conv2d-gather-simd.js';

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
const L_ACC = 40; // the running sum of the channel in hand (v128)

function rowKernel(fused: boolean): number[] {
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
    code.push(...op.localGet(L_O + q), ...op.localGet(L_O + q), ...op.v128Load64Zero(0), ...op.f64x2PromoteLowF32x4, ...op.localSet(L_ACC));
    for (let kw = 0; kw < 3; kw++) {
      code.push(...roundedMulAdd(fused, op.localGet(L_ACC), op.localGet(L_W + q * 3 + kw), op.localGet([L_XA, L_XB, L_XC][kw]!)));
      if (kw < 2) code.push(...op.f64x2PromoteLowF32x4, ...op.localSet(L_ACC));
    }
    code.push(...op.v128Store64Lane0(0));
    code.push(...op.localGet(L_O + q), ...op.i32Const(8), ...op.i32Add, ...op.localSet(L_O + q));
  }
  code.push(...op.localGet(P_X), ...op.i32Const(8), ...op.i32Add, ...op.localSet(P_X));
  code.push(...op.localGet(P_PAIRS), ...op.i32Const(1), ...op.i32Sub, ...op.localTee(P_PAIRS), ...op.brIf(0), ...op.end);
  return code;
}

// dwRow3/dwRow5(d, x, columns, step, acc): Conv2DBackpropFilter's sums over one row's interior columns
// (conv2d-filter-rows.ts): four output channels × the kernel's KW columns, each step fround(acc + d · x).
//   d       → the row's dout at the first column, packed four channels a column ([ow][q], float32)
//   x       → the input at the first column's kw = 0 tap (float32)
//   columns → columns to do (at least one)
//   step    → bytes from one column's x to the next (4 · the width stride)
//   acc     → the 4·KW float64 sums, [kw][q]: kept in 2·KW f64x2 registers (channels 0-1, 2-3)
const D_D = 0, D_X = 1, D_COLUMNS = 2, D_STEP = 3, D_ACC = 4;
const D_SUM = 5; // 2·KW v128 sums: D_SUM + 2 * kw + half; then d's two halves and the x splat

function dwRowKernel(KW: number, fused: boolean): number[] {
  const D01 = D_SUM + 2 * KW, D23 = D01 + 1, XS = D01 + 2;
  const code: number[] = [];
  for (let j = 0; j < 2 * KW; j++) code.push(...op.localGet(D_ACC), ...op.v128Load(16 * j), ...op.localSet(D_SUM + j));
  code.push(...op.loop);
  code.push(...op.localGet(D_D), ...op.v128Load64Zero(0), ...op.f64x2PromoteLowF32x4, ...op.localSet(D01));
  code.push(...op.localGet(D_D), ...op.v128Load64Zero(8), ...op.f64x2PromoteLowF32x4, ...op.localSet(D23));
  for (let kw = 0; kw < KW; kw++) {
    code.push(...op.localGet(D_X), ...op.v128Load32Splat(4 * kw), ...op.f64x2PromoteLowF32x4, ...op.localSet(XS));
    for (let half = 0; half < 2; half++) {
      const sum = D_SUM + 2 * kw + half;
      code.push(...roundedMulAdd(fused, op.localGet(sum), op.localGet(half === 0 ? D01 : D23), op.localGet(XS)), ...op.f64x2PromoteLowF32x4, ...op.localSet(sum));
    }
  }
  code.push(...op.localGet(D_D), ...op.i32Const(16), ...op.i32Add, ...op.localSet(D_D));
  code.push(...op.localGet(D_X), ...op.localGet(D_STEP), ...op.i32Add, ...op.localSet(D_X));
  code.push(...op.localGet(D_COLUMNS), ...op.i32Const(1), ...op.i32Sub, ...op.localTee(D_COLUMNS), ...op.brIf(0), ...op.end);
  for (let j = 0; j < 2 * KW; j++) code.push(...op.localGet(D_ACC), ...op.localGet(D_SUM + j), ...op.v128Store(16 * j));
  return code;
}

/** The kernel widths with a SIMD dw row. */
export const DW_ROW_WIDTHS: readonly number[] = [3, 5];

const conv = new SimdModule<{
  row8: (x: number, out: number, plane: number, pairs: number, w: number) => void;
  dwRow3: (d: number, x: number, columns: number, step: number, acc: number) => void;
  dwRow5: (d: number, x: number, columns: number, step: number, acc: number) => void;
  gather4: (out: number, starts: number, tapsD: number, tapsW: number, plane: number, dFirst: number, wFirst: number, og: number, dStride: number, wStride: number) => void;
}>((fused) => [
  { params: [I32, I32, I32, I32, I32], results: [], locals: [[27, V128], [8, I32], [1, V128]], code: rowKernel(fused), export: 'row8' },
  ...DW_ROW_WIDTHS.map((KW) => ({ params: [I32, I32, I32, I32, I32], results: [], locals: [[2 * KW + 3, V128]] as [number, number][], code: dwRowKernel(KW, fused), export: `dwRow${KW}` })),
  gatherFunction(fused),
]);

/**
 * Turns the WebAssembly SIMD paths of Conv2D, Conv2DBackpropFilter and Conv2DBackpropInput on or off
 * (on by default where available). Results are identical either way; off, the fast paths run in plain
 * JavaScript.
 *
 * @returns the previous setting.
 * @throws {@link ArgumentTypeError} when `on` is not a boolean (the setting stays).
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * const previous = kernels.setConvSimd(false);
 * kernels.setConvSimd(previous);
 * ```
 */
export function setConvSimd(on: boolean): boolean {
  return conv.set(on, 'setConvSimd');
}

/** The SIMD kernels (their memory, `row8`, `dwRow3`, `dwRow5` and `gather4`), or null where WebAssembly SIMD is unavailable or switched off. */
export function simdConv() {
  return conv.get();
}
