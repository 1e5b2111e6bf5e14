/**
 * The matrix-multiply core shared by MatMul and BatchMatMul: C[M×N] = A[M×K] · B[K×N], row-major, each
 * C element summed over k in ascending order. Two accumulation rules, each in its own monomorphic loop:
 * `wide` sums in float64 and rounds once when stored (float32 and float64 outputs); `steps` rounds to
 * float32 after every multiply-add (float16 and bfloat16 inputs: a float32 accumulator, as on devices).
 * A 4×4 register block keeps sixteen accumulators in locals across the whole k loop. `gemmWide` hands
 * products worth it to the WebAssembly SIMD kernel (gemm-simd.ts), which gives the same bits.
 * @module
 */
import type { FloatValues } from '../float-output.js';
import { gemmWideSimd } from './gemm-simd.js';

/** Packs rows i..i+3 of A (K columns) k-major into pa: pa[4k + r] = A[i + r, k]. */
function packRows(A: FloatValues, i: number, K: number, pa: FloatValues): void {
  for (let k = 0; k < K; k++) {
    pa[4 * k] = A[i * K + k]!;
    pa[4 * k + 1] = A[(i + 1) * K + k]!;
    pa[4 * k + 2] = A[(i + 2) * K + k]!;
    pa[4 * k + 3] = A[(i + 3) * K + k]!;
  }
}

/** C = A · B, summed in float64 per element (k ascending), stored (and so rounded) into C. */
export function gemmWide(A: FloatValues, B: FloatValues, C: FloatValues, M: number, N: number, K: number): void {
  if (gemmWideSimd(A, B, C, M, N, K)) return;
  const pa = new Float64Array(4 * K);
  let i = 0;
  for (; i + 3 < M; i += 4) {
    packRows(A, i, K, pa);
    let j = 0;
    for (; j + 3 < N; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0, bk = j; k < K; k++, bk += N) {
        const b0 = B[bk]!, b1 = B[bk + 1]!, b2 = B[bk + 2]!, b3 = B[bk + 3]!;
        const a0 = pa[4 * k]!, a1 = pa[4 * k + 1]!, a2 = pa[4 * k + 2]!, a3 = pa[4 * k + 3]!;
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      let o = i * N + j;
      C[o] = c00; C[o + 1] = c01; C[o + 2] = c02; C[o + 3] = c03; o += N;
      C[o] = c10; C[o + 1] = c11; C[o + 2] = c12; C[o + 3] = c13; o += N;
      C[o] = c20; C[o + 1] = c21; C[o + 2] = c22; C[o + 3] = c23; o += N;
      C[o] = c30; C[o + 1] = c31; C[o + 2] = c32; C[o + 3] = c33;
    }
    for (; j < N; j++) for (let r = i; r < i + 4; r++) C[r * N + j] = dotWide(A, B, r, j, N, K);
  }
  for (; i < M; i++) for (let j = 0; j < N; j++) C[i * N + j] = dotWide(A, B, i, j, N, K);
}

function dotWide(A: FloatValues, B: FloatValues, i: number, j: number, N: number, K: number): number {
  let acc = 0;
  for (let k = 0; k < K; k++) acc += A[i * K + k]! * B[k * N + j]!;
  return acc;
}

/** C = A · B with a float32 accumulator: one float32 rounding after every multiply-add (k ascending). */
export function gemmSteps(A: FloatValues, B: FloatValues, C: FloatValues, M: number, N: number, K: number): void {
  const f = Math.fround;
  const pa = new Float32Array(4 * K);
  let i = 0;
  for (; i + 3 < M; i += 4) {
    packRows(A, i, K, pa);
    let j = 0;
    for (; j + 3 < N; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0, bk = j; k < K; k++, bk += N) {
        const b0 = B[bk]!, b1 = B[bk + 1]!, b2 = B[bk + 2]!, b3 = B[bk + 3]!;
        const a0 = pa[4 * k]!, a1 = pa[4 * k + 1]!, a2 = pa[4 * k + 2]!, a3 = pa[4 * k + 3]!;
        c00 = f(c00 + a0 * b0); c01 = f(c01 + a0 * b1); c02 = f(c02 + a0 * b2); c03 = f(c03 + a0 * b3);
        c10 = f(c10 + a1 * b0); c11 = f(c11 + a1 * b1); c12 = f(c12 + a1 * b2); c13 = f(c13 + a1 * b3);
        c20 = f(c20 + a2 * b0); c21 = f(c21 + a2 * b1); c22 = f(c22 + a2 * b2); c23 = f(c23 + a2 * b3);
        c30 = f(c30 + a3 * b0); c31 = f(c31 + a3 * b1); c32 = f(c32 + a3 * b2); c33 = f(c33 + a3 * b3);
      }
      let o = i * N + j;
      C[o] = c00; C[o + 1] = c01; C[o + 2] = c02; C[o + 3] = c03; o += N;
      C[o] = c10; C[o + 1] = c11; C[o + 2] = c12; C[o + 3] = c13; o += N;
      C[o] = c20; C[o + 1] = c21; C[o + 2] = c22; C[o + 3] = c23; o += N;
      C[o] = c30; C[o + 1] = c31; C[o + 2] = c32; C[o + 3] = c33;
    }
    for (; j < N; j++) for (let r = i; r < i + 4; r++) C[r * N + j] = dotSteps(A, B, r, j, N, K);
  }
  for (; i < M; i++) for (let j = 0; j < N; j++) C[i * N + j] = dotSteps(A, B, i, j, N, K);
}

function dotSteps(A: FloatValues, B: FloatValues, i: number, j: number, N: number, K: number): number {
  let acc = 0;
  for (let k = 0; k < K; k++) acc = Math.fround(acc + A[i * K + k]! * B[k * N + j]!);
  return acc;
}

/** The transpose of a row-major R×C matrix. */
export function transpose(X: FloatValues, R: number, C: number): FloatValues {
  const out = X instanceof Float64Array ? new Float64Array(R * C) : new Float32Array(R * C);
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) out[c * R + r] = X[r * C + c]!;
  return out;
}
