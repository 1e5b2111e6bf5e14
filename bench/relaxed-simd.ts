/**
 * Relaxed SIMD for the benchmarks on Node 20, where V8 runs it behind a flag (Node 22 and later have it
 * on): the kernels' fused multiply-add, which gives the same bits, is what most users' Node runs. Set
 * before any kernel module compiles; nothing happens where the engine validates it already.
 * @module
 */
import v8 from 'node:v8';
import { relaxedSimdValidates } from '../src/kernels/wasm/module.js';

/** Turns on V8's `--experimental-wasm-relaxed-simd` unless relaxed SIMD already validates. */
export function enableRelaxedSimd(): void {
  if (!relaxedSimdValidates()) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
}
