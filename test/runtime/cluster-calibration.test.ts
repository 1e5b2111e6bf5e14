/**
 * The collective cost model against published measurements (nccl-tests results that NVIDIA's
 * maintainers and users published): bus bandwidth within 20 % for sizes from 1 MiB up, the small-size
 * latency floor within 2x. The guide docs/collectives.md lists the same sources. No HCCL measurements
 * were found; the Ascend presets' figures are parameters (see their sources).
 */
import t from 'tap';
import { communication, runtime } from '../../src/index.js';

const preset = (name: string) => runtime.defaultClusterRegistry.preset(name)!;
const MiB = 2 ** 20;
const GiB = 2 ** 30;

interface Point {
  readonly source: string;
  readonly cluster: string | runtime.ClusterSpec;
  readonly nodes: number;
  readonly collective: communication.PerfCollective;
  readonly bytes: number;
  /** Published bus bandwidth, GB/s (sizes from 1 MiB), or time in µs (the latency floor). */
  readonly busbw?: number;
  readonly timeUs?: number;
}

export const PUBLISHED: readonly Point[] = [
  { source: 'NVIDIA/nccl-tests issue #178: 8 × A100 SXM4 (NV12), all_reduce_perf -b 8 -e 12G: busbw 208 GB/s', cluster: 'dgx-a100', nodes: 1, collective: 'all_reduce', bytes: 8 * GiB, busbw: 208 },
  { source: 'NVIDIA/nccl-tests issue #149: HPE Apollo 6500, 8 × A100 SXM4 80GB, NCCL 2.18, all_reduce to 1 GiB: busbw ~200 GB/s', cluster: 'dgx-a100', nodes: 1, collective: 'all_reduce', bytes: GiB, busbw: 200 },
  { source: 'NVIDIA/nccl-tests issue #212 (NCCL maintainer): 8 × H100, AllReduce with NVLink SHARP peaks at ~480 GB/s busbw', cluster: 'dgx-h100', nodes: 1, collective: 'all_reduce', bytes: 8 * GiB, busbw: 480 },
  { source: 'NVIDIA/nccl-tests issue #290: one 8 × H100 node, all_reduce_perf: 476 GB/s (NVLink SHARP)', cluster: 'dgx-h100', nodes: 1, collective: 'all_reduce', bytes: 8 * GiB, busbw: 476 },
  { source: 'NVIDIA/nccl-tests issue #212 (NCCL maintainer): H100 NVLink 450 GB/s line rate, ~370 GB/s effective busbw for non-AllReduce collectives', cluster: 'dgx-h100', nodes: 1, collective: 'all_gather', bytes: 8 * GiB, busbw: 370 },
  { source: 'NVIDIA/nccl-tests issue #212 (NCCL maintainer): the same ~370 GB/s for ReduceScatter', cluster: 'dgx-h100', nodes: 1, collective: 'reduce_scatter', bytes: GiB, busbw: 370 },
  { source: 'NVIDIA/nccl-tests issue #290 (NCCL maintainer): NDR 400 Gb/s NICs give 46-48 GB/s each; 2 × 8 H100 with NCCL_ALGO=RING: 8 NICs per node, ≈ 376 GB/s busbw bound', cluster: 'dgx-h100', nodes: 2, collective: 'all_reduce', bytes: 8 * GiB, busbw: 376 },
  {
    source: 'NVIDIA/nccl-tests issue #119: 3 servers × 8 A100 SXM4 40GB, 4 × HDR 200 Gb/s per server, all_reduce_perf -b 8 -e 128M: busbw 96 GB/s peak (84.8 average)',
    cluster: { ...preset('dgx-a100'), preset: 'a100-4nic', network: { ...preset('dgx-a100').network, nicsPerDevice: 0.5 } },
    nodes: 3,
    collective: 'all_reduce',
    bytes: 128 * MiB,
    busbw: 96,
  },
  { source: 'NVIDIA/nccl-tests issue #331: 2 × A100 over NVLink 3.0, all_reduce of 8 bytes: 9.85 µs', cluster: { ...preset('dgx-a100'), preset: 'two-a100', devicesPerNode: 2 }, nodes: 1, collective: 'all_reduce', bytes: 8, timeUs: 9.85 },
];

t.test('the cost model against published nccl-tests measurements', async (t) => {
  for (const p of PUBLISHED) {
    const [row] = communication.perf({ cluster: p.cluster, nodes: p.nodes, collective: p.collective, minBytes: p.bytes, maxBytes: p.bytes });
    if (p.busbw !== undefined) {
      t.ok(p.bytes >= MiB, 'bandwidth points are from 1 MiB up');
      const ratio = row!.busbw / p.busbw;
      t.ok(Math.abs(ratio - 1) <= 0.2, `${p.source}: simulated ${row!.busbw.toFixed(1)} GB/s (${row!.algorithm}), ratio ${ratio.toFixed(2)}`);
    } else {
      const ratio = row!.timeUs / p.timeUs!;
      t.ok(ratio >= 0.5 && ratio <= 2, `${p.source}: simulated ${row!.timeUs.toFixed(2)} µs (${row!.algorithm}), ratio ${ratio.toFixed(2)}`);
    }
  }
});

t.test('bus bandwidth rises with size to a plateau, and never exceeds the links', async (t) => {
  for (const name of runtime.defaultClusterRegistry.names()) {
    const rows = communication.perf({ cluster: name, nodes: 2, minBytes: MiB, maxBytes: 8 * GiB, factor: 4 });
    for (let i = 1; i < rows.length; i++) t.ok(rows[i]!.busbw >= rows[i - 1]!.busbw - 1e-9, `${name}: ${rows[i]!.bytes} B ${rows[i]!.busbw.toFixed(1)} >= ${rows[i - 1]!.busbw.toFixed(1)} GB/s`);
    const spec = preset(name);
    const links = Math.max(spec.intraNode.links * spec.intraNode.link.bandwidth, spec.intraNode.inSwitchAllReduce ?? 0) / 1e9;
    t.ok(rows.at(-1)!.busbw <= links, `${name}: ${rows.at(-1)!.busbw.toFixed(1)} GB/s <= ${links} GB/s of links`);
  }
});
