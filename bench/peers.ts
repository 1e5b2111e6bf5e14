/**
 * The peers and limits the benchmarks measure in the same run:
 * - TensorFlow.js's CPU backend (plain JavaScript) and its WebAssembly backend (XNNPACK, SIMD, one
 *   thread: mindsim's kernels run on one thread too), both from the npm registry (dev dependencies);
 * - single-thread OpenBLAS through numpy, where a python3 with numpy is found (`MINDSIM_BENCH_PYTHON`,
 *   else `python3`): the physical limit for the GEMM-bound kernels. Missing, its rows are left out and
 *   the report says so.
 */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type { Case } from './harness.js';

export { tf };

let ready: Promise<void> | undefined;

/** Initialises both TensorFlow.js backends once (the WebAssembly one single-threaded). */
export function tfjsReady(): Promise<void> {
  ready ??= (async () => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (!(await tf.setBackend('wasm'))) throw new Error('TensorFlow.js WebAssembly backend failed to start');
    if (!(await tf.setBackend('cpu'))) throw new Error('TensorFlow.js CPU backend failed to start');
  })();
  return ready;
}

/** Switches TensorFlow.js's backend (both are initialised by {@link tfjsReady}, so this is synchronous). */
export function useBackend(name: 'cpu' | 'wasm'): void {
  void tf.setBackend(name);
  if (tf.getBackend() !== name) throw new Error(`TensorFlow.js backend ${name} is not initialised`);
}

/** What a numpy measurement reports: seconds per call over repeated calls. */
interface NumpyTiming {
  readonly name: string;
  readonly seconds: number[];
}

/**
 * Runs `script` (Python that prints one JSON object {name: [seconds per call, ...]}) with OpenBLAS on one
 * thread; undefined (with the reason printed) where no python3 with numpy is found.
 */
export function numpyTimings(script: string): NumpyTiming[] | undefined {
  const python = process.env.MINDSIM_BENCH_PYTHON ?? 'python3';
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const run = spawnSync(python, ['-c', script], { env, encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) {
    console.log(`  (numpy/OpenBLAS rows left out: ${python} ${run.error ? run.error.message : (run.stderr.trim().split('\n').pop() ?? 'failed')}; set MINDSIM_BENCH_PYTHON to a python with numpy)`);
    return undefined;
  }
  const parsed = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number[]>;
  return Object.entries(parsed).map(([name, seconds]) => ({ name, seconds }));
}

/** Rate, relative margin of error (95 %) and the per-call time of a measured series. */
export function fromSeconds(seconds: readonly number[], units: number): { perSecond: number; rme: number } {
  const mean = seconds.reduce((a, b) => a + b, 0) / seconds.length;
  const sd = Math.sqrt(seconds.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, seconds.length - 1));
  return { perSecond: units / mean, rme: (100 * 1.96 * sd) / Math.sqrt(seconds.length) / mean };
}

/** A case that runs `fn` with TensorFlow.js on `backend`, disposing what it makes. */
export function tfjsCase(name: string, backend: 'cpu' | 'wasm', units: number, fn: () => tf.Tensor): Case {
  return {
    name,
    units,
    fn: () => {
      useBackend(backend);
      const out = fn();
      out.dataSync();
      out.dispose();
    },
  };
}
