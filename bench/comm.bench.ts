/**
 * Collectives: wall time of simulated collectives (timing-only), through the hub (as comm-perf runs
 * them) and through whole launched rank programs, at 8 and 1,024 ranks; and host memory per rank.
 * The limit the issue sets is printed beside each figure: an AllReduce of 1 GiB on 1,024 ranks (128
 * DGX H100 nodes) in under 1 s of wall time.
 */
import { communication, initializer, launch, ops } from '../src/index.js';
import { type GroupResult, median } from './harness.js';

const now = () => performance.now();

/** The median wall time of `runs` calls, ms. */
async function medianTime(runs: number, fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = now();
    await fn();
    times.push(now() - start);
  }
  return median(times);
}

/** A launch where every rank issues `count` AllReduces of `bytes` (timing-only) and awaits the last. */
function allReduces(nodes: number, count: number, bytes: number) {
  return () =>
    launch(async () => {
      communication.init();
      let y = initializer('zeros', [bytes / 4], 'float32'); // lazy: timing-only runs never make its data
      for (let k = 0; k < count; k++) y = ops.AllReduce()(y);
      await ops.ReduceSum()(y).asnumpyAsync(); // a scalar read: the rank waits for the last AllReduce
    }, { cluster: 'dgx-h100', nodes, timingOnly: true, record: 0 });
}

export async function commBenchmarks(): Promise<GroupResult[]> {
  const rows: GroupResult['results'] = [];
  const row = (name: string, perSecond: number) => rows.push({ name, perSecond, rme: 0, ratio: 0 });
  const viaHub = await medianTime(5, () => communication.perf({ cluster: 'dgx-h100', nodes: 128, minBytes: 2 ** 30, maxBytes: 2 ** 30 }));
  const viaLaunch = await medianTime(3, allReduces(128, 1, 2 ** 30));
  console.log(`\ncollectives on simulated clusters (dgx-h100, timing-only; limit: 1,000 ms for 1 GiB on 1,024 ranks)`);
  console.log(`  AllReduce 1 GiB, 1,024 ranks, through the hub (comm-perf)       ${viaHub.toFixed(1)} ms wall  (${(viaHub / 1000).toFixed(3)}x the limit)`);
  console.log(`  AllReduce 1 GiB, 1,024 ranks, 1,024 launched rank programs      ${viaLaunch.toFixed(1)} ms wall  (${(viaLaunch / 1000).toFixed(3)}x the limit)`);
  for (const [nodes, count] of [[1, 200], [128, 10]] as const) {
    const ms = await medianTime(3, allReduces(nodes, count, 2 ** 20));
    row(`${nodes * 8} ranks: launched AllReduces of 1 MiB`, (count / ms) * 1000);
  }
  // host memory per rank: the heap holding a finished 1,024-rank launch (its cluster and contexts), over
  // the heap before it (after the runs above warmed up the code)
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = await allReduces(128, 1, 2 ** 20)();
  gc();
  const perRank = (process.memoryUsage().heapUsed - before) / kept.results.length;
  console.log(`  host heap per rank of a 1,024-rank launch (cluster and contexts)   ${(perRank / 1024).toFixed(1)} KiB${gc.name === 'gc' ? '' : ' (run with --expose-gc for a clean figure)'}`);
  const base = rows[0]!.perSecond;
  for (const r of rows) r.ratio = r.perSecond / base;
  return [{ group: 'simulated collectives per wall second (each rank issues them in turn; baseline: 8 ranks)', unit: 'collectives', results: rows }];
}
