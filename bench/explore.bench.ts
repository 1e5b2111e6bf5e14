/**
 * The ordering explorer: schedules explored per second on a 32-op program of tiny tensors on Ascend
 * (four independent chains, Parameter writes and reads, a guarded float-status check); baseline in the
 * same run: the program run once per call with no exploration. Issue 6's target: >= 1,000 schedules/s.
 * Also prints exhaustive enumeration counts for small graphs against their linear extensions.
 */
import { Parameter, Tensor, ops, setContext, type Tensor as T } from '../src/index.js';
import { explore, linearExtensions } from '../src/testing.js';
import { type GroupResult, runGroup } from './harness.js';

/** 32 ops: 4 chains of 6, an Assign and two reads of a Parameter, and a float-status check (5 ops). */
function program32(): T {
  const x = new Tensor([1, 2, 3, 4], 'float32');
  const p = new Parameter(new Tensor([0, 0, 0, 0], 'float32'), 'p');
  let status = ops.NPUAllocFloatStatus()();
  const clear = ops.NPUClearFloatStatus()(status);
  const input = ops.depend(x, clear);
  const chains: T[] = [];
  for (let c = 0; c < 4; c++) {
    let v = input;
    for (let k = 0; k < 6; k++) v = k % 2 ? ops.Mul()(v, 0.5) : ops.Add()(v, x);
    chains.push(v);
    status = ops.depend(status, v);
  }
  const before = ops.Add()(p, x);
  ops.Assign()(p, chains[0]!);
  const after = ops.Add()(p, x);
  const got = ops.NPUGetFloatStatus()(status);
  status = ops.depend(status, got);
  void before;
  void after;
  return ops.ReduceSum()(status);
}

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


export function exploreBenchmarks(): GroupResult[] {
  setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' });
  const ok = () => true;
  const result = runGroup('ordering explorer, 32-op program of tiny tensors (Ascend)', 'schedules', [
    { name: 'baseline: the program once, no exploration', units: 1, fn: () => void program32().asnumpy() },
    { name: 'explore random, 50 schedules', units: 50, fn: () => void explore(program32, { policy: 'random', runs: 50, property: ok }) },
    { name: 'explore pct (depth 3), 50 schedules', units: 50, fn: () => void explore(program32, { policy: 'pct', depth: 3, runs: 50, property: ok }) },
  ]);
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
  return [result];
}
