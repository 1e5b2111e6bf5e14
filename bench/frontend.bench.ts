/**
 * The front end: chains of tiny ops.Add through the whole stack (record, schedule onto a simulated
 * device, simulate, synchronise at the end) in the default context (its trace kept, as a user's program
 * has it), on each target, in both modes; one row with the trace off (`record: 0`). In the same run:
 * TensorFlow.js's CPU backend running the same chain of tf.add (the peer) and the adds as bare kernel
 * calls (the floor of the stack's cost).
 */
import { Tensor, getSimulator, kernels, np, ops, resetPlatform, setContext, tidy } from '../src/index.js';
import { type GroupResult, heapMiB, median, runGroup } from './harness.js';
import { tf, tfjsCase, tfjsReady, useBackend } from './peers.js';

const N = 20_000;
const PEER = 'tfjs-cpu, tf.add chain';

export async function frontendBenchmarks(): Promise<GroupResult[]> {
  await tfjsReady();
  const one = kernels.ktensor(kernels.DTYPES.float32, [4], new Float32Array(4).fill(1));
  const chain = (deviceTarget: 'CPU' | 'GPU' | 'Ascend', mode: 'GRAPH_MODE' | 'PYNATIVE_MODE', record?: number, timingOnly = false) => () => {
    resetPlatform({ ...(record === undefined ? {} : { record }), timingOnly });
    setContext({ deviceTarget, mode });
    const add = ops.Add();
    const c = new Tensor(np.ones([4]).astype('float32'));
    let x = c;
    for (let i = 0; i < N; i++) x = add(x, c);
    if (timingOnly) getSimulator().run(); // nothing to read back: let the device finish
    else x.asnumpy();
  };
  useBackend('cpu');
  const tfOne = tf.ones([4]);
  const rows = [
    tfjsCase(PEER, 'cpu', N, () => {
      let x = tfOne;
      for (let i = 0; i < N; i++) {
        const next = tf.add(x, tfOne);
        if (x !== tfOne) x.dispose();
        x = next;
      }
      return x;
    }),
    {
      name: 'bare kernel calls',
      units: N,
      fn: () => {
        let x = one;
        for (let i = 0; i < N; i++) x = kernels.ELEMENTWISE.Add!.compute([x, one], {}).outputs[0]!;
      },
    },
    { name: 'CPU PYNATIVE, trace off (record: 0)', units: N, fn: chain('CPU', 'PYNATIVE_MODE', 0) },
    { name: 'CPU PYNATIVE, default context, timing-only', units: N, fn: chain('CPU', 'PYNATIVE_MODE', undefined, true) },
  ];
  for (const target of ['CPU', 'GPU', 'Ascend'] as const) {
    for (const mode of ['PYNATIVE_MODE', 'GRAPH_MODE'] as const) rows.push({ name: `${target} ${mode.replace('_MODE', '')}, default context`, units: N, fn: chain(target, mode) });
  }
  const result = runGroup(`tiny ops.Add chains, ${N} ops per run`, 'ops', rows, PEER);
  flatness();
  resetPlatform();
  setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' });
  return [result];
}

/** Where the per-op cost and the heap are measured from 1k to 10M ops. */
const MILESTONES = [1_000, 10_000, 100_000, 1_000_000, 10_000_000];
/**
 * Machines made before the measured one: V8 optimises the op path again for each of the first few
 * (paths first taken on a new machine, objects of new shapes) and settles by about the fourth here.
 */
const WARM_MACHINES = 4;

/**
 * One long chain in the default context (its trace ring kept), written the TensorFlow.js way so that
 * device memory stays flat: the op rate of each stretch up to 1k, 10k, 100k, 1M and 10M ops; then the
 * same chain again for the host heap after a forced GC at each milestone (a forced GC shrinks V8's young
 * generation, which slows the stretch after it: the rates come from a chain without one). Both chains
 * run on machines made after {@link WARM_MACHINES} others, tfjs-cpu's rate on the same loop after a
 * warm-up of its own; the stretches up to 100k ops are medians over six machines (a GC pause landing
 * in a short stretch is not its per-op cost); the second machine's first stretches are printed apart.
 */
function flatness(): void {
  useBackend('cpu');
  const tfOne = tf.ones([4]);
  const tfLoop = (steps: number): number => {
    let y = tf.ones([4]);
    const started = performance.now();
    for (let i = 0; i < steps; i++) {
      const next = tf.add(y, tfOne);
      y.dispose();
      y = next;
    }
    y.dispose();
    return steps / ((performance.now() - started) / 1000);
  };
  tfLoop(50_000); // warm-up
  const tfRate = tfLoop(200_000);
  tfOne.dispose();
  const chain = (report: (done: number, rate: number) => void, milestones = MILESTONES) => {
    resetPlatform();
    setContext({ deviceTarget: 'CPU', mode: 'PYNATIVE_MODE' });
    const add = ops.Add();
    const c = new Tensor(np.ones([4]).astype('float32'));
    let x = new Tensor(np.zeros([4]).astype('float32'));
    let done = 0;
    for (const n of milestones) {
      const started = performance.now();
      const from = done;
      for (; done < n; done++) {
        const next = tidy(() => add(x, c));
        x.dispose();
        x = next;
      }
      x.asnumpy(); // everything launched has run
      report(n, (n - from) / ((performance.now() - started) / 1000));
    }
    const value = x.asnumpy().data[0];
    if (value !== done) throw new Error(`the chain computed ${String(value)}, not ${done}`);
  };
  chain(() => undefined, [50_000]); // warm-up
  // a second machine's first ops: V8 drops code it had optimised for the first machine's objects and
  // paths never taken before, and optimises it again (printed apart: it is the JIT, not the per-op cost)
  const second: number[] = [];
  chain((_, rate) => second.push(rate), MILESTONES.slice(0, 2));
  for (let k = 0; k < WARM_MACHINES - 2; k++) chain(() => undefined, [20_000]); // until the code settles
  // a stretch of 1,000-90,000 ops lasts 2-150 ms, so one GC pause landing in it can halve its rate:
  // those stretches are the median of six machines' (five short chains and the long one)
  const SHORT = MILESTONES.filter((n) => n <= 100_000);
  const stretches: number[][] = SHORT.map(() => []);
  for (let k = 0; k < 5; k++) chain((n, rate) => stretches[SHORT.indexOf(n)]!.push(rate), SHORT);
  const rates: number[] = [];
  chain((_, rate) => rates.push(rate));
  SHORT.forEach((_, i) => (rates[i] = median([...stretches[i]!, rates[i]!])));
  const heaps: string[] = [];
  chain(() => void heaps.push(heapMiB()));
  console.log(`\ndefault context, CPU PYNATIVE, one tidy/dispose chain of 10M ops on a machine made after ${WARM_MACHINES} others, the stretches to 100k the median of six machines' (tfjs-cpu on the same loop: ${(tfRate / 1000).toFixed(0)} k ops/s)`);
  MILESTONES.forEach((n, i) => {
    console.log(`  up to ${n.toLocaleString('en').padStart(10)} ops: ${(rates[i]! / 1000).toFixed(0).padStart(5)} k ops/s  ${(rates[i]! / tfRate).toFixed(2)}x tfjs-cpu  heap ${heaps[i]} MiB`);
  });
  console.log(`  the second machine of the process, while V8 optimises again: ${second.map((r, i) => `up to ${MILESTONES[i]!.toLocaleString('en')} ops ${(r / 1000).toFixed(0)} k ops/s`).join(', ')}`);
}
