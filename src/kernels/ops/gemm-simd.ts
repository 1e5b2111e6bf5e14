/**
 * MatMul's float64-accumulating GEMM (gemm.ts's `gemmWide`) in WebAssembly SIMD, bit-identical to it.
 * Blocked as GotoBLAS does: K in blocks of {@link KC}, N in blocks of {@link NC}; each block of B is
 * packed once into float64 column panels four wide (float32 operands promoted once, exactly), each block
 * of A into float64 row panels {@link MR} high; the micro-kernel keeps an MR×4 block of C in `f64x2`
 * registers across its K block. C lives in a float64 buffer between K blocks, so every element is still
 * `0 + a₀b₀ + a₁b₁ + …` in float64, k ascending, rounded once when the caller stores it: exactly the
 * scalar loop's arithmetic (products exact or rounded to float64 alike, the same additions in the same
 * order), two lanes per instruction. Padding rows and columns are zeros whose results are never read.
 * With float32 operands (exact products) the micro-kernel's multiply-adds are fused where the engine
 * has relaxed SIMD (module.ts), with the same bits; float64 operands always multiply, then add.
 * @module
 */
import { I32, V128, mulAdd, op } from '../wasm/assembler.js';
import { SimdModule, ensureMemory } from '../wasm/module.js';
import type { FloatValues } from '../float-output.js';

/** Rows of C per micro-kernel call. */
export const MR = 4;
/** Columns of a B panel (two `f64x2` vectors). */
const NR = 4;
/** K block: a row panel of A (MR × KC float64) stays in L1, a B block in L2. */
export const KC = 256;
/** N block: KC × NC float64 of packed B (512 KiB). */
export const NC = 256;

// kernel(a, b, c, k, panels, ldc): byte addresses in the imported memory.
//   a      → A row panel, k-major: a[kk * MR + r]
//   b      → the first B column panel, k-major: b[kk * NR + j]; panels follow each other (k * NR apart)
//   c      → C[0][0] of this row panel, rows ldc bytes apart; C += A · B over the K block
const P_A = 0, P_B = 1, P_C = 2, P_K = 3, P_PANELS = 4, P_LDC = 5;
const L_AP = 6, L_KK = 7, L_ROW = 8; // MR row addresses
const L_ACC = L_ROW + MR; // MR * 2 accumulators
const L_B0 = L_ACC + 2 * MR, L_B1 = L_B0 + 1, L_AV = L_B1 + 1;

function kernelCode(fused: boolean): number[] {
  const code: number[] = [];
  code.push(...op.loop); // over column panels
  for (let r = 0; r < MR; r++) {
    code.push(...op.localGet(P_C), ...op.localGet(P_LDC), ...op.i32Const(r), ...op.i32Mul, ...op.i32Add, ...op.localSet(L_ROW + r));
    for (let h = 0; h < 2; h++) code.push(...op.localGet(L_ROW + r), ...op.v128Load(16 * h), ...op.localSet(L_ACC + 2 * r + h));
  }
  code.push(...op.localGet(P_A), ...op.localSet(L_AP), ...op.localGet(P_K), ...op.localSet(L_KK));
  code.push(...op.loop); // over k
  code.push(...op.localGet(P_B), ...op.v128Load(0), ...op.localSet(L_B0));
  code.push(...op.localGet(P_B), ...op.v128Load(16), ...op.localSet(L_B1));
  for (let r = 0; r < MR; r++) {
    code.push(...op.localGet(L_AP), ...op.v128Load64Splat(8 * r), ...op.localSet(L_AV));
    for (let h = 0; h < 2; h++) {
      const acc = L_ACC + 2 * r + h;
      code.push(...mulAdd(fused, op.localGet(acc), op.localGet(L_AV), op.localGet(h === 0 ? L_B0 : L_B1)), ...op.localSet(acc));
    }
  }
  code.push(...op.localGet(L_AP), ...op.i32Const(8 * MR), ...op.i32Add, ...op.localSet(L_AP));
  code.push(...op.localGet(P_B), ...op.i32Const(8 * NR), ...op.i32Add, ...op.localSet(P_B));
  code.push(...op.localGet(L_KK), ...op.i32Const(1), ...op.i32Sub, ...op.localTee(L_KK), ...op.brIf(0), ...op.end);
  for (let r = 0; r < MR; r++) {
    for (let h = 0; h < 2; h++) code.push(...op.localGet(L_ROW + r), ...op.localGet(L_ACC + 2 * r + h), ...op.v128Store(16 * h));
  }
  code.push(...op.localGet(P_C), ...op.i32Const(8 * NR), ...op.i32Add, ...op.localSet(P_C));
  code.push(...op.localGet(P_PANELS), ...op.i32Const(1), ...op.i32Sub, ...op.localTee(P_PANELS), ...op.brIf(0), ...op.end);
  return code;
}

const gemm = new SimdModule<{ kernel: (a: number, b: number, c: number, k: number, panels: number, ldc: number) => void }>((fused) => [
  { params: [I32, I32, I32, I32, I32, I32], results: [], locals: [[2 + MR, I32], [2 * MR + 3, V128]], code: kernelCode(fused), export: 'kernel' },
]);

/**
 * Turns the WebAssembly SIMD path of MatMul and BatchMatMul (float32 and float64) on or off (on by
 * default where available). Results are identical either way; off, the JavaScript loop runs instead
 * (about a third of the speed at 512³).
 *
 * @returns the previous setting.
 * @throws {@link ArgumentTypeError} when `on` is not a boolean (the setting stays).
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * const previous = kernels.setMatMulSimd(false);
 * kernels.setMatMulSimd(previous);
 * ```
 */
export function setMatMulSimd(on: boolean): boolean {
  return gemm.set(on, 'setMatMulSimd');
}

/**
 * The compiled micro-kernel, or null where SIMD is off or unavailable: fused where `fusable` (float32
 * operands) and relaxed SIMD runs (module.ts's `SimdModule.get`).
 */
export function gemmSimd(fusable: boolean) {
  return gemm.get(fusable);
}

/** Below this many multiply-adds the packing costs more than SIMD saves. */
const MIN_WORK = 4096;

/**
 * C = A · B summed in float64 per element (k ascending) and stored into C, in SIMD; returns false (and
 * does nothing) where the SIMD path is off, unavailable or not worth it, for the caller's scalar loop.
 */
export function gemmWideSimd(A: FloatValues, B: FloatValues, C: FloatValues, M: number, N: number, K: number): boolean {
  if (M * N * K < MIN_WORK || M < 2 || N < 2) return false;
  // float32 operands make exact float64 products, so their multiply-adds may be fused (same bits)
  const simd = gemmSimd(A instanceof Float32Array && B instanceof Float32Array);
  if (!simd) return false;
  const Mp = Math.ceil(M / MR) * MR;
  const Np = Math.ceil(N / NR) * NR;
  const kc = Math.min(KC, K);
  const nc = Math.min(NC, Np);
  // float64 layout: C (Mp × Np), packed A block (Mp × kc), packed B block (kc × nc)
  const cOff = 0, aOff = cOff + Mp * Np, bOff = aOff + Mp * kc;
  ensureMemory(simd.memory, (bOff + kc * nc) * 8);
  const mem = new Float64Array(simd.memory.buffer);
  mem.fill(0, cOff, cOff + Mp * Np);
  for (let p0 = 0; p0 < K; p0 += kc) {
    const kb = Math.min(kc, K - p0);
    packA(A, mem, aOff, M, Mp, K, p0, kb);
    for (let j0 = 0; j0 < Np; j0 += nc) {
      const nb = Math.min(nc, Np - j0);
      packB(B, mem, bOff, N, p0, kb, j0, nb);
      for (let i = 0; i < Mp; i += MR) {
        simd.exports.kernel((aOff + i * kb) * 8, bOff * 8, (cOff + i * Np + j0) * 8, kb, nb / NR, Np * 8);
      }
    }
  }
  for (let i = 0; i < M; i++) {
    const row = cOff + i * Np;
    for (let j = 0; j < N; j++) C[i * N + j] = mem[row + j]!;
  }
  return true;
}

/** Rows [0, Mp) of A's columns [p0, p0 + kb) into row panels: mem[off + i * kb + kk * MR + r] (zeros past M). */
function packA(A: FloatValues, mem: Float64Array, off: number, M: number, Mp: number, K: number, p0: number, kb: number): void {
  for (let i = 0; i < Mp; i += MR) {
    const panel = off + i * kb;
    for (let r = 0; r < MR; r++) {
      const row = i + r;
      if (row >= M) {
        for (let kk = 0; kk < kb; kk++) mem[panel + kk * MR + r] = 0;
        continue;
      }
      const src = row * K + p0;
      for (let kk = 0; kk < kb; kk++) mem[panel + kk * MR + r] = A[src + kk]!;
    }
  }
}

/** B's rows [p0, p0 + kb), columns [j0, j0 + nb) into column panels: mem[off + (j / NR) * kb * NR + kk * NR + j % NR]. */
function packB(B: FloatValues, mem: Float64Array, off: number, N: number, p0: number, kb: number, j0: number, nb: number): void {
  for (let kk = 0; kk < kb; kk++) {
    const src = (p0 + kk) * N;
    for (let j = 0; j < nb; j++) {
      const col = j0 + j;
      mem[off + (j >> 2) * kb * NR + kk * NR + (j & 3)] = col < N ? B[src + col]! : 0;
    }
  }
}
