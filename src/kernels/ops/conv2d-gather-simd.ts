/**
 * The convolution kernels' gather in WebAssembly SIMD (`gather4`, a function of conv2d-simd.ts's module,
 * switched with the other convolution SIMD paths by `setConvSimd`), and what its callers share: for
 * each element of a list, four sums side by side in two f64x2 registers, over an outer loop (`og`
 * steps) and the element's taps; each step exactly `fround(acc + d · w)` for a scalar d (splat) and
 * four lanes w — float32 operands promoted, the product exact, the sum rounded to float64, demoted to
 * float32 and promoted back, as `Math.fround` does. The input gradient (conv2d-input-gather.ts), the
 * forward blocks (conv2d-blocks-simd.ts) and the weight gradient (conv2d-filter-gather.ts) are each
 * this gather with their own elements, outer loop and taps, listed with {@link GatherLists}.
 * @module
 */
import { I32, V128, mulAdd, op, type WasmFunction } from '../wasm/assembler.js';
import { ensureMemory } from '../wasm/module.js';
import type { FloatValues } from '../float-output.js';

// gather4(out, starts, tapsD, tapsW, elements, dFirst, wFirst, og, dStride, wStride): byte addresses.
//   out      → the results, four float32 a element ([e][q])
//   starts   → i32 per element (and one past): its first tap's index
//   tapsD    → i32 per tap: its scalar's byte offset from the current scalar base
//   tapsW    → i32 per tap: its four lanes' byte offset from the current lane base
//   elements → elements (at least one); og → outer steps (at least one)
//   dFirst   → the first outer step's scalar base; dStride → bytes to the next step's
//   wFirst   → the first outer step's lane base; wStride → bytes to the next step's
const P_OUT = 0, P_STARTS = 1, P_TD = 2, P_TW = 3, P_PLANE = 4, P_D = 5, P_W = 6, P_OG = 7, P_DS = 8, P_WS = 9;
const L_E = 10, L_TS = 11, L_TE = 12, L_TP = 13, L_TQ = 14, L_O = 15, L_DP = 16, L_WP = 17, L_WA = 18; // i32
const L_A01 = 19, L_A23 = 20, L_DV = 21, L_ZERO = 22; // v128 (L_ZERO is never written: all zeros)

/**
 * Given the code pushing `acc` and two f64x2 factors: acc + a · b rounded to float32 and demoted, as
 * `fround(acc + a · b)` (the product of promoted float32 values is exact, so the multiply-add may be
 * fused) — every SIMD convolution step; promote it back to go on summing.
 */
export function roundedMulAdd(fused: boolean, acc: readonly number[], a: readonly number[], b: readonly number[]): number[] {
  return [...mulAdd(fused, acc, a, b), ...op.f32x4DemoteF64x2Zero];
}

/** acc = fround(acc + D · promote(w at WA + offset)), two lanes. */
function step(fused: boolean, acc: number, offset: number): number[] {
  const w = [...op.localGet(L_WA), ...op.v128Load64Zero(offset), ...op.f64x2PromoteLowF32x4];
  return [...roundedMulAdd(fused, op.localGet(acc), op.localGet(L_DV), w), ...op.f64x2PromoteLowF32x4, ...op.localSet(acc)];
}

function gatherKernel(fused: boolean): number[] {
  const c: number[] = [];
  const set = (local: number, ...value: (readonly number[])[]) => c.push(...value.flat(), ...op.localSet(local));
  c.push(...op.loop); // elements
  // this element's taps: [ts, te) as byte offsets into the tap tables
  set(L_TS, op.localGet(P_STARTS), op.localGet(L_E), op.i32Const(4), op.i32Mul, op.i32Add, op.i32Load(0), op.i32Const(4), op.i32Mul);
  set(L_TE, op.localGet(P_STARTS), op.localGet(L_E), op.i32Const(4), op.i32Mul, op.i32Add, op.i32Load(4), op.i32Const(4), op.i32Mul);
  set(L_A01, op.localGet(L_ZERO));
  set(L_A23, op.localGet(L_ZERO));
  set(L_DP, op.localGet(P_D));
  set(L_WP, op.localGet(P_W));
  set(L_O, op.localGet(P_OG));
  c.push(...op.loop); // outer steps
  set(L_TP, op.localGet(L_TS));
  c.push(...op.block, ...op.loop); // taps (maybe none)
  c.push(...op.localGet(L_TP), ...op.localGet(L_TE), ...op.i32GeU, ...op.brIf(1));
  set(L_DV, op.localGet(L_DP), op.localGet(P_TD), op.localGet(L_TP), op.i32Add, op.i32Load(0), op.i32Add, op.v128Load32Splat(0), op.f64x2PromoteLowF32x4);
  set(L_WA, op.localGet(L_WP), op.localGet(P_TW), op.localGet(L_TP), op.i32Add, op.i32Load(0), op.i32Add);
  c.push(...step(fused, L_A01, 0), ...step(fused, L_A23, 8));
  set(L_TP, op.localGet(L_TP), op.i32Const(4), op.i32Add);
  c.push(...op.br(0), ...op.end, ...op.end);
  set(L_DP, op.localGet(L_DP), op.localGet(P_DS), op.i32Add);
  set(L_WP, op.localGet(L_WP), op.localGet(P_WS), op.i32Add);
  c.push(...op.localGet(L_O), ...op.i32Const(1), ...op.i32Sub, ...op.localTee(L_O), ...op.brIf(0), ...op.end);
  // the element's four results ([e][q], float32)
  set(L_TQ, op.localGet(P_OUT), op.localGet(L_E), op.i32Const(16), op.i32Mul, op.i32Add);
  c.push(...op.localGet(L_TQ), ...op.localGet(L_A01), ...op.f32x4DemoteF64x2Zero, ...op.v128Store64Lane0(0));
  c.push(...op.localGet(L_TQ), ...op.localGet(L_A23), ...op.f32x4DemoteF64x2Zero, ...op.v128Store64Lane0(8));
  set(L_E, op.localGet(L_E), op.i32Const(1), op.i32Add);
  c.push(...op.localGet(L_E), ...op.localGet(P_PLANE), ...op.i32Sub, ...op.brIf(0), ...op.end);
  return c;
}

/** `gather4`, its multiply-adds fused or not: its signature, locals and code (assembled when the module is). */
export function gatherFunction(fused: boolean): WasmFunction {
  return { params: Array<number>(10).fill(I32), results: [], locals: [[9, I32], [4, V128]], code: gatherKernel(fused), export: 'gather4' };
}

/** Where a staged gather's lists and regions lie in the module's memory (byte addresses). */
export interface GatherLayout {
  /** Each element's first tap (and one past the last element's). */
  readonly starts: number;
  /** Each tap's scalar operand offset. */
  readonly tapsD: number;
  /** Each tap's four-lane operand offset. */
  readonly tapsW: number;
  /** The regions asked for, in order. */
  readonly regions: readonly number[];
}

/**
 * The tap lists of a `gather4` call, built element by element: element e's taps are those added
 * between its `element()` and the next; each tap is the byte offset of its scalar operand (from the
 * call's `dFirst`) and of its four lanes (from `wFirst`).
 */
export class GatherLists {
  private readonly firsts: number[] = [];
  private readonly scalars: number[] = [];
  private readonly lanes: number[] = [];

  /** Starts the next element. */
  element(): void {
    this.firsts.push(this.scalars.length);
  }

  /** Adds a tap to the current element. */
  tap(scalar: number, lane: number): void {
    this.scalars.push(scalar);
    this.lanes.push(lane);
  }

  /**
   * Writes the lists into `memory` from address 0 and lays out regions of the given byte sizes after
   * them (16-byte aligned), growing the memory to hold everything; returns the addresses.
   */
  stage(memory: WebAssembly.Memory, regions: readonly number[]): GatherLayout {
    const up = (bytes: number) => Math.ceil(bytes / 16) * 16;
    const elements = this.firsts.length, taps = this.scalars.length;
    const tapsD = up(4 * (elements + 1));
    const tapsW = up(tapsD + 4 * taps);
    let end = up(tapsW + 4 * taps);
    const at: number[] = [];
    for (const bytes of regions) {
      at.push(end);
      end = up(end + bytes);
    }
    ensureMemory(memory, end);
    const starts = new Int32Array(memory.buffer, 0, elements + 1);
    starts.set(this.firsts);
    starts[elements] = taps;
    new Int32Array(memory.buffer, tapsD, taps).set(this.scalars);
    new Int32Array(memory.buffer, tapsW, taps).set(this.lanes);
    return { starts: 0, tapsD, tapsW, regions: at };
  }
}

/**
 * Copies a gather's results ([e][q], four a element) into four planes of `dst`: lane q of element e to
 * `dst[first + q · stride + e]`.
 */
export function unpackLanes(results: Float32Array, dst: FloatValues, first: number, stride: number, elements: number): void {
  for (let q = 0; q < 4; q++) {
    const at = first + q * stride;
    for (let e = 0; e < elements; e++) dst[at + e] = results[4 * e + q]!;
  }
}

/**
 * Four consecutive channels c … c + 3 of `src` ([n][channel][position], `channels` a sample, `positions`
 * a plane) side by side into `dst` ([n][position][q]): the four-lane operand of the weight gradient's
 * rows and gather.
 */
export function packFourChannels(src: FloatValues, dst: Float32Array, samples: number, channels: number, c: number, positions: number): void {
  for (let n = 0; n < samples; n++) {
    for (let q = 0; q < 4; q++) {
      const from = (n * channels + c + q) * positions;
      for (let p = 0, at = 4 * n * positions + q; p < positions; p++, at += 4) dst[at] = src[from + p]!;
    }
  }
}
