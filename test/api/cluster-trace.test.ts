/**
 * A cluster's trace: the collective starts when its last rank arrives (the others' waiting is visible),
 * the Chrome trace has a process per rank, a communication lane per device, a collectives track and a
 * flow from every rank's arrival; the SVG timeline groups each rank's lanes.
 */
import t from 'tap';
import { Tensor, communication, launch, ops, runtime } from '../../src/index.js';
import { chromeTraceProblems } from '../helpers/chrome-trace.js';

const cluster: runtime.ClusterSpec = { ...runtime.defaultClusterRegistry.preset('atlas800t-a2')!, preset: 'four-910b', devicesPerNode: 4 };

t.test('staggered ranks: the collective starts at the last arrival; the trace shows who waited', async (t) => {
  const { cluster: c } = await launch(async ({ rank }) => {
    communication.init();
    let x = new Tensor(new Float32Array(1 << 16).fill(1), 'float32');
    for (let k = 0; k < rank * 3; k++) x = ops.Mul()(x, 1.0001); // rank r computes longer before the collective
    return (await ops.AllReduce()(x).asnumpyAsync()).size;
  }, { cluster, record: Infinity, mode: 'PYNATIVE_MODE' });
  const records = c.platform.sim.records();
  const start = records.find((r): r is runtime.CollectiveRecord => r.type === 'collective' && r.phase === 'start')!;
  const end = records.find((r): r is runtime.CollectiveRecord => r.type === 'collective' && r.phase === 'end')!;
  const arrivals = start.items.map((id) => records.find((r) => r.type === 'begin' && r.id === id)!.time);
  t.equal(start.time, Math.max(...arrivals), 'it starts when the last rank arrives');
  t.ok(arrivals[0]! < arrivals[3]!, `rank 0 arrived first (${arrivals[0]} ns) and waited for rank 3 (${arrivals[3]} ns)`);
  t.ok(end.time > start.time, `${start.algorithm}, ${end.time - start.time} ns`);
  const trace = c.platform.sim.chromeTrace();
  t.same(chromeTraceProblems(trace), []);
  const names = trace.traceEvents.filter((e) => e.name === 'process_name').map((e) => e.args!.name);
  t.same(names.filter((n) => String(n).startsWith('rank')), ['rank 0 (Ascend:0)', 'rank 1 (Ascend:1)', 'rank 2 (Ascend:2)', 'rank 3 (Ascend:3)'], 'a process per rank');
  t.ok(names.includes('collectives'), 'and a collectives process');
  t.equal(trace.traceEvents.filter((e) => e.name === 'thread_name' && String(e.args!.name).startsWith('communication')).length, 4, 'a communication lane per device');
  const slice = trace.traceEvents.find((e) => e.ph === 'X' && e.cat === 'collective' && e.name.startsWith('AllReduce collective #1'))!;
  t.equal(slice.ts, start.time / 1000, 'the collective slice starts at the last arrival');
  const flows = trace.traceEvents.filter((e) => e.cat === 'collective' && (e.ph === 's' || e.ph === 'f'));
  t.equal(flows.length, 6, 'a flow from each of the 3 early arrivals to the collective (the last arrival is its start: no arrow of zero length)');
  t.equal(new Set(flows.map((f) => f.id)).size, 3, 'one id per arrow');
  const waits = trace.traceEvents.filter((e) => e.name === 'waiting for ranks');
  t.equal(waits.length, 3, 'the three early ranks waited; the last did not');
  const svg = c.platform.sim.svgTimeline({ title: 'AllReduce on 4 ranks' });
  t.match(svg, /rank 0 · Ascend:0/);
  t.equal(svg.match(/class="rank-group"/g)?.length, 4, "each rank's lanes are a group");
  t.equal(svg.match(/class="collective"/g)?.length, 4);
  t.equal(svg.match(/class="collective-wait"/g)?.length, 3);
  t.match(svg, />waiting for ranks</);
});
