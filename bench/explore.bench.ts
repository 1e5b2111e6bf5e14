/**
 * The ordering explorer: schedules explored per second on a 32-op program of tiny tensors on Ascend
 * (four independent chains, Parameter writes and reads, a guarded float-status check); baseline in the
 * same run: the program run once per call with no exploration. Issue 6's target: >= 1,000 schedules/s.
 * Also prints exhaustive enumeration counts for small graphs against their linear extensions.
 */
import { fileURLToPath } from 'node:url';
import { Tensor, ops, setContext, type Tensor as T } from '../src/index.js';
import { explore, linearExtensions } from '../src/testing.js';
import { closeWorkerPool, exploreModule } from '../sim/campaign.js';
import { type GroupResult, type Measured, runGroup } from './harness.js';
import { fromSeconds } from './peers.js';
import { program32 } from './explore-program.js';

/** n independent Adds summed by AddN: n! orders, all equivalent (overflow flags commute). */
function small(n: number): () => T {
  return () => {
    const x = new Tensor([1], 'float32');
    const outs = Array.from({ length: n }, () => ops.Add()(x, x));
    return ops.AddN()(outs);
  };
}

/** n Adds inside an unguarded float-status window (clear, then get with no Depend on the Adds). */
function window(n: number): () => T {
  return () => {
    const x = new Tensor([1], 'float32');
    const status = ops.NPUAllocFloatStatus()();
    const cleared = ops.NPUClearFloatStatus()(status);
    const outs = Array.from({ length: n }, () => ops.Add()(x, x));
    ops.NPUGetFloatStatus()(ops.depend(status, cleared));
    return ops.AddN()(outs);
  };
}


/**
 * `mindsim explore`'s campaign of the 32-op module (random policy) in this thread (1 worker) and on 2
 * worker threads of a warm pool, two timings each. The first campaign on a pool starts its threads cold
 * (thread start, module import, JIT warm-up): it is timed apart and printed, and a second warm-up
 * campaign lets the threads' code settle before the timed ones.
 */
async function campaigns(runs: number): Promise<Measured[]> {
  const module = fileURLToPath(new URL('./explore-program.js', import.meta.url));
  const rows: Measured[] = [];
  for (const workers of [1, 2]) {
    const cold = performance.now();
    await exploreModule(module, { runs: 200, workers }); // starts the pool's threads
    if (workers > 1) console.log(`  (a first campaign of 200 runs on ${workers} cold worker threads: ${Math.round(performance.now() - cold)} ms; later campaigns reuse the warm pool)`);
    await exploreModule(module, { runs: 4000, seed: 1, workers }); // warms the threads' code
    const seconds: number[] = [];
    for (let k = 0; k < 2; k++) {
      const t0 = performance.now();
      const report = await exploreModule(module, { runs, seed: 100_000 * k, workers });
      seconds.push((performance.now() - t0) / 1000);
      if (!report.ok) throw new Error('the 32-op program has no failing order');
    }
    rows.push({ name: `mindsim explore (module), ${workers} worker${workers > 1 ? 's' : ''}, ${runs} runs`, ...fromSeconds(seconds, runs) });
  }
  await closeWorkerPool();
  return rows;
}

/**
 * The machine's own scaling, in the same run: wall time of one thread and of two threads each running
 * the same throughput-bound loop (a 256³ matmul, six times). What two workers can gain here is bounded
 * by it (two vCPUs that share a core's resources give well under 2x).
 */
async function machineScaling(): Promise<number> {
  const { Worker } = await import('node:worker_threads');
  const code = `const { parentPort } = require('node:worker_threads'); const n = 256; const a = new Float64Array(n * n).fill(1.5), b = new Float64Array(n * n).fill(0.5), c = new Float64Array(n * n);
    for (let r = 0; r < 6; r++) for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) { const x = a[i * n + k]; for (let j = 0; j < n; j++) c[i * n + j] += x * b[k * n + j]; }
    parentPort.postMessage(c[0]);`;
  const wall = async (threads: number) => {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: threads }, () => new Promise((done) => new Worker(code, { eval: true }).once('message', done))));
    return performance.now() - t0;
  };
  await wall(2);
  const one = Math.min(await wall(1), await wall(1));
  const two = Math.min(await wall(2), await wall(2));
  return (2 * one) / two;
}

export async function exploreBenchmarks(): Promise<GroupResult[]> {
  setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' });
  const ok = () => true;
  const result = runGroup('ordering explorer, 32-op program of tiny tensors (Ascend)', 'schedules', [
    { name: 'baseline: the program once, no exploration', units: 1, fn: () => void program32().asnumpy() },
    { name: 'explore random, 50 schedules', units: 50, fn: () => void explore(program32, { policy: 'random', runs: 50, property: ok }) },
    { name: 'explore pct (depth 3), 50 schedules', units: 50, fn: () => void explore(program32, { policy: 'pct', depth: 3, runs: 50, property: ok }) },
  ]);
  const campaign = runGroup('explore campaigns of the 32-op program module (random policy)', 'schedules', [
    { name: 'explore(), this thread, 50 schedules', units: 50, fn: () => void explore(program32, { policy: 'random', runs: 50, property: ok }) },
    ...(await campaigns(36_000)),
  ], 'explore(), this thread, 50 schedules');
  console.log(`\nthis machine: two threads of a throughput-bound loop do ${(await machineScaling()).toFixed(2)}x the work of one (the bound for 2 workers)`);
  console.log('\nexhaustive enumeration: runs with and without reduction against linear extensions');
  const graphs = [
    ['n independent Adds + AddN, n = 3', small(3)], ['n = 5', small(5)], ['n = 7', small(7)],
    ['n Adds in an unguarded status window, n = 2', window(2)], ['n = 3', window(3)], ['n = 4', window(4)],
  ] as const;
  for (const [name, program] of graphs) {
    let extensions = 0;
    const full = explore(program, { policy: 'exhaustive', reduce: false, runs: 100_000, property: (r) => void (extensions ||= linearExtensions(r.ops)) });
    const reduced = explore(program, { policy: 'exhaustive', property: ok });
    console.log(`  ${name.padEnd(44)} linear extensions ${String(extensions).padStart(5)}  runs without reduction ${String(full.runs).padStart(5)}  with ${reduced.runs}`);
  }
  return [result, campaign];
}
