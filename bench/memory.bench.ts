/**
 * Memory over long runs: device bytes (simulated, exact) and host heap (after a forced GC) at 1k, 100k
 * and 1M steps of the TensorFlow.js-style loop `next = tidy(() => Add(x, 1)); x.dispose(); x = next`
 * on every target, and after 1k, 10k and 100k LeNet forward passes with no scope in user code. In the
 * same run, the limit: the plain `x = Add(x, 1)` loop (nothing disposed: every result stays, as in
 * TensorFlow.js), LeNet forwards with `keepCellOutputs` (every output stays) and each device's capacity.
 */
import { ExecutionContext, Tensor, memory, models, ops, tidy, type DeviceTarget } from '../src/index.js';
import { heapMiB, type GroupResult } from './harness.js';

const STEPS = [1_000, 100_000, 1_000_000];
const TARGETS: readonly DeviceTarget[] = ['CPU', 'GPU', 'Ascend'];

const bytes = (): number => memory().numBytes;

function tidyLoop(target: DeviceTarget): string[] {
  return new ExecutionContext({ deviceTarget: target, mode: 'PYNATIVE_MODE', platform: { record: 0 } }).run(() => {
    const add = ops.Add();
    let x = new Tensor(new Float32Array(1024), 'float32'); // 4 KiB results
    const rows: string[] = [];
    let done = 0;
    const started = Date.now();
    for (const n of STEPS) {
      for (; done < n; done++) {
        const next = tidy(() => add(x, 1));
        x.dispose();
        x = next;
      }
      const inFlight = bytes();
      x.asnumpy(); // a read: a full synchronisation
      rows.push(`${target.padEnd(6)} tidy loop   ${String(n).padStart(9)} steps: device ${String(inFlight).padStart(7)} B with work in flight, ${bytes()} B after a read, heap ${heapMiB()} MiB, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const value = x.asnumpy().data[0];
    if (value !== STEPS[STEPS.length - 1]) throw new Error(`tidy loop computed ${value}`);
    return rows;
  });
}

function plainLoop(target: DeviceTarget): string {
  return new ExecutionContext({ deviceTarget: target, mode: 'PYNATIVE_MODE', platform: { record: 0 } }).run(() => {
    const add = ops.Add();
    let x = new Tensor(new Float32Array(1024), 'float32');
    const first = 1_000;
    for (let i = 0; i < first; i++) x = add(x, 1);
    const capacity = memory().devices[`${target}:0`]!.capacity;
    return `${target.padEnd(6)} plain loop  ${String(first).padStart(9)} steps: device ${bytes()} B (grows ${(bytes() / first).toFixed(0)} B a step: out of ${(capacity / 2 ** 30).toFixed(0)} GiB after ~${Math.floor(capacity / (bytes() / first)).toLocaleString('en')} steps)`;
  });
}

function lenetForwards(target: DeviceTarget): string[] {
  const rows: string[] = [];
  for (const keepCellOutputs of [false, true]) {
    new ExecutionContext({ deviceTarget: target, mode: 'GRAPH_MODE', seed: 1, platform: { record: 0 }, keepCellOutputs }).run(() => {
      const net = new models.LeNet();
      const { images } = models.syntheticImages({ n: 1, seed: 7 });
      let done = 0;
      let out = net.call(images);
      const outBytes = out.size * 4;
      for (const n of keepCellOutputs ? [1_000, 10_000] : [1_000, 10_000, 100_000]) {
        for (done++; done < n; done++) out = net.call(images);
        out.asnumpy(); // nothing in flight
        const why = keepCellOutputs ? `keepCellOutputs: each call's output, ${outBytes} B, stays` : 'no scope in user code: outputs two calls back leave the device';
        rows.push(`${target.padEnd(6)} LeNet fwd   ${String(n).padStart(9)} calls: device ${String(bytes()).padStart(7)} B, heap ${heapMiB()} MiB (${why})`);
      }
    });
  }
  return rows;
}

export function memoryBenchmarks(): GroupResult[] {
  console.log('\nmemory over long runs (device bytes are simulated allocations; heap after a forced GC)');
  for (const target of TARGETS) {
    for (const row of tidyLoop(target)) console.log(`  ${row}`);
    console.log(`  ${plainLoop(target)}`);
    for (const row of lenetForwards(target)) console.log(`  ${row}`);
  }
  return [];
}
