/**
 * `npm run bench`: every benchmark group, with rates and ratios to each group's baseline.
 * Usage: npm run bench [-- group-name-filter]
 */
import { conversionBenchmarks } from './conversion.bench.js';
import { printingBenchmarks } from './printing.bench.js';
import { runtimeBenchmarks } from './runtime.bench.js';
import { kernelBenchmarks } from './kernels.bench.js';
import { layerBenchmarks } from './layers.bench.js';
import { frontendBenchmarks } from './frontend.bench.js';
import { exploreBenchmarks } from './explore.bench.js';
import { trainingBenchmarks } from './training.bench.js';
import { commBenchmarks } from './comm.bench.js';
import { parallelBenchmarks } from './parallel.bench.js';
import { memoryBenchmarks } from './memory.bench.js';
import { report } from './harness.js';
import { kernels } from '../src/index.js';
import { enableRelaxedSimd } from '../sim/relaxed-simd.js';

const filter = process.argv[2];
enableRelaxedSimd();
const groups: [string, () => ReturnType<typeof conversionBenchmarks> | Promise<ReturnType<typeof conversionBenchmarks>>][] = [
  ['conversion', conversionBenchmarks],
  ['printing', printingBenchmarks],
  ['runtime', runtimeBenchmarks],
  ['kernels', kernelBenchmarks],
  ['layers', layerBenchmarks],
  ['frontend', frontendBenchmarks],
  ['explore', exploreBenchmarks],
  ['training', trainingBenchmarks],
  ['comm', commBenchmarks],
  ['parallel', parallelBenchmarks],
  ['memory', memoryBenchmarks],
];
console.log(`mindsim benchmarks on node ${process.version} (${process.arch}), WebAssembly relaxed SIMD ${kernels.relaxedSimdAvailable() ? 'on' : 'off'}`);
for (const [name, run] of groups) {
  if (filter && !name.includes(filter)) continue;
  for (const result of await run()) report(result);
}
