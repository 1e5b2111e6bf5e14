/**
 * Relaxed SIMD for mindsim's own processes (the command line, `npm start`, the benchmarks) on Node 20,
 * where V8 runs it behind a flag (Node 22 and later have it on): the kernels' fused multiply-add, which
 * gives the same bits, a fifth to a third faster for MatMul here. V8's flags are the process's, so the library never
 * sets it for a program that imports it; a command that owns its process may. Set before any kernel
 * module compiles; nothing happens where the engine validates it already.
 * @module
 */
import v8 from 'node:v8';
import { kernels } from '../src/index.js';

/** Turns on V8's `--experimental-wasm-relaxed-simd` unless relaxed SIMD already validates. */
export function enableRelaxedSimd(): void {
  if (!kernels.relaxedSimdAvailable()) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
}
