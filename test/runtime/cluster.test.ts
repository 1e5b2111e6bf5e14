/**
 * Clusters as data: presets and specs checked; the cost model's formulas; links shared by concurrent
 * transfers slow each other (and speed up again), disjoint ones do not.
 */
import t from 'tap';
import { ArgumentValueError, runtime } from '../../src/index.js';

const preset = (name: string) => runtime.defaultClusterRegistry.preset(name)!;

t.test('presets are data with sources; specs are checked field by field', async (t) => {
  t.same(runtime.defaultClusterRegistry.names(), ['atlas800-910', 'atlas800t-a2', 'cpu-hosts', 'dgx-a100', 'dgx-h100']);
  for (const name of runtime.defaultClusterRegistry.names()) {
    const spec = preset(name);
    t.ok(spec.sources.length >= 2, `${name}: ${spec.sources.length} sources`);
    t.equal(runtime.defaultRegistry.preset(spec.device)?.preset, spec.device, `${name}: its device preset exists`);
  }
  const bad: [Partial<runtime.ClusterSpec>, RegExp][] = [
    [{ devicesPerNode: 0 }, /devicesPerNode must be a positive integer, but got 0/],
    [{ intraNode: { ...preset('dgx-a100').intraNode, efficiency: 1.5 } }, /intraNode\.efficiency must be in \(0, 1\], but got 1\.5/],
    [{ intraNode: { ...preset('atlas800-910').intraNode, groupSize: 3 } }, /intraNode\.groupSize must be a divisor of devicesPerNode \(8\), but got 3/],
    [{ network: { ...preset('dgx-a100').network, nic: { bandwidth: -1 } } }, /network\.nic\.bandwidth must be a positive number of bytes\/s, but got -1/],
    [{ library: { ...preset('dgx-a100').library, name: 'mpi' as never } }, /library\.name must be 'nccl', 'hccl' or 'mccl', but got mpi/],
  ];
  for (const [change, message] of bad) t.throws(() => runtime.checkClusterSpec({ ...preset('dgx-a100'), ...change }), { name: 'ArgumentValueError', message });
  t.throws(() => new runtime.Cluster('dgx-z'), { message: /unknown cluster 'dgx-z' \(presets: atlas800-910, atlas800t-a2, cpu-hosts, dgx-a100, dgx-h100\)/ });
  t.throws(() => new runtime.Cluster('dgx-a100', 513), { message: /513 nodes make 4104 ranks; at most 4096/ });
  t.throws(() => runtime.defaultClusterRegistry.add(preset('dgx-a100')), ArgumentValueError, 'a preset name is taken once');
  const mine: runtime.ClusterSpec = { ...preset('dgx-h100'), preset: 'my-4x-h100', devicesPerNode: 4 };
  const c = new runtime.Cluster(mine, 3);
  t.same([c.size, c.topology.nodeOf(5), c.topology.localRankOf(5), c.device(11).name], [12, 1, 1, 'GPU:11'], 'a cluster of your own');
});

t.test('the formulas: Ring on a switch, Mesh and hierarchical HCCL, Send', async (t) => {
  const n = 2 ** 28;
  const a100 = new runtime.Topology(preset('dgx-a100'), 1, 4000);
  const ring = runtime.planCollective(a100, 'AllGather', [0, 1, 2, 3, 4, 5, 6, 7], n);
  const simple = preset('dgx-a100').library.simple;
  // AllGather Ring: base + 7 NVLink steps, (p-1)/p · n through each GPU's NVLink port at 12 × 25 GB/s × 0.72
  t.same([ring.algorithm, ring.protocol], ['ring', 'simple']);
  t.equal(runtime.soloTime(ring), 4000 + simple.base + 7 * simple.ring.intra + ((7 / 8) * n / (12 * 25e9 * 0.72)) * 1e9);
  const a2 = new runtime.Topology(preset('atlas800t-a2'), 1);
  const mesh = runtime.planCollective(a2, 'AllReduce', [0, 1, 2, 3, 4, 5, 6, 7], n);
  const hccl = preset('atlas800t-a2').library.simple;
  // HCCL Mesh AllReduce: 2α + 2n/p β: each of 7 links carries n/8 in each of two phases
  t.equal(mesh.algorithm, 'mesh');
  t.ok(Math.abs(runtime.soloTime(mesh) - (hccl.base + 2 * hccl.ring.intra + ((2 * n) / 8 / (28e9 * 0.8)) * 1e9)) < 1e-3);
  const two = new runtime.Topology(preset('atlas800t-a2'), 2);
  const hier = runtime.planCollective(two, 'AllReduce', Array.from({ length: 16 }, (_, i) => i), n);
  t.equal(hier.algorithm, 'hierarchical-rhd', 'two servers (a power of two): recursive halving-doubling between them');
  t.equal(hier.stages.length, 3, 'Mesh ReduceScatter, inter-server AllReduce on 1/8 of the data, Mesh AllGather');
  t.equal(runtime.planCollective(new runtime.Topology(preset('atlas800t-a2'), 3), 'AllReduce', Array.from({ length: 24 }, (_, i) => i), n).algorithm, 'hierarchical-ring', 'three servers: ring');
  const send = runtime.planCollective(new runtime.Topology(preset('dgx-a100'), 2), 'Send', [3, 12], n);
  t.same(send.stages[0]!.uses.map((u) => u.resource), [runtime.resourceIndex(3, 'nic-tx'), runtime.resourceIndex(12, 'nic-rx')], 'across nodes a Send uses the NICs');
  t.throws(() => runtime.planCollective(a100, 'AllReduce', [0, 8], 8), /rank 8 is not in the cluster \(0\.\.7\)/);
});

/** Runs transfers from given start times; returns their end times. */
function ends(capacities: number[], transfers: { at: number; plan: runtime.TransferPlan }[]): number[] {
  const sim = new runtime.Simulator();
  const engine = new runtime.TransferEngine(sim, Float64Array.from(capacities));
  const out: number[] = [];
  transfers.forEach(({ at, plan }, i) => sim.schedule(at, () => engine.start(plan, (end) => (out[i] = end))));
  sim.run();
  return out;
}
const plan = (resources: number[], bytes: number, rate: number): runtime.TransferPlan => ({ algorithm: 'test', protocol: 'simple', stages: [{ latency: 0, uses: resources.map((resource) => ({ resource, bytes, rate })) }] });

t.test('links shared by concurrent transfers slow each other, and speed up again when one ends', async (t) => {
  // 1e9 bytes at 1e9 bytes/s: 1 s alone
  t.same(ends([1e9], [{ at: 0, plan: plan([0], 1e9, 1e9) }]), [1e9], 'alone: bytes / rate');
  t.same(ends([1e9], [{ at: 0, plan: plan([0], 1e9, 1e9) }, { at: 0, plan: plan([0], 1e9, 1e9) }]), [2e9, 2e9], 'two on one link: each at half speed');
  // the second starts halfway: both at half speed until the first ends, then the second alone
  t.same(ends([1e9], [{ at: 0, plan: plan([0], 1e9, 1e9) }, { at: 0.5e9, plan: plan([0], 1e9, 1e9) }]), [1.5e9, 2e9]);
  t.same(ends([1e9, 1e9], [{ at: 0, plan: plan([0], 1e9, 1e9) }, { at: 0, plan: plan([1], 1e9, 1e9) }]), [1e9, 1e9], 'disjoint links: no slowdown');
  t.same(ends([2e9], [{ at: 0, plan: plan([0], 1e9, 1e9) }, { at: 0, plan: plan([0], 1e9, 1e9) }]), [1e9, 1e9], 'within capacity: both at full speed');
  // a transfer over two links is held back by the busier one
  t.same(ends([1e9, 1e9], [{ at: 0, plan: plan([0, 1], 1e9, 1e9) }, { at: 0, plan: plan([1], 1e9, 1e9) }]), [2e9, 2e9]);
});

t.test('collectives on a cluster: concurrent ones over the same NICs take longer than alone', async (t) => {
  const time = (groups: number[][]) => {
    const c = new runtime.Cluster('dgx-a100', 2, { timingOnly: true });
    groups.forEach((g, i) => c.hub.defineGroup(`g${i}`, g));
    groups.forEach((g, i) => g.forEach((r) => c.hub.submit(r, c.device(r).createStream(), { op: 'AllReduce', attrs: { kind: 'AllReduce', op: 'sum' }, group: `g${i}`, signature: 's', bytes: 2 ** 30 })));
    c.platform.sim.run();
    return c.platform.sim.now();
  };
  const alone = time([[0, 8]]);
  const sharing = time([[0, 8], [0, 8]].map((g, i) => (i === 0 ? g : [0, 8]))); // two collectives, the same two GPUs' NICs
  const disjoint = time([[0, 8], [1, 9]]);
  t.ok(sharing > 1.8 * alone, `two AllReduces on the same NICs: ${sharing} ns vs ${alone} ns alone`);
  t.ok(Math.abs(disjoint - alone) < 1000, `on other GPUs' NICs: ${disjoint} ns`);
});
