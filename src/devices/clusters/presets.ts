/**
 * Cluster presets: servers of eight accelerators, and how many nodes of them a run uses. Bandwidths
 * are bytes/s per direction; latencies ns. Each figure names its source; those no source confirmed are
 * marked UNVERIFIED and are parameters of the model (the guide docs/collectives.md lists them, and the
 * measurements they were checked against).
 * @module
 */
import type { runtime } from '../kit.js';

/**
 * NCCL's latency model of the NCCL 2.7 line MindSpore r1.5 requires (NVIDIA/nccl src/graph/tuning.cc):
 * base per protocol (LL 3.6 µs, Simple 8.4 µs) and per-hop latencies, NVLink Ring LL 0.47 / Simple
 * 3.4 µs, Tree LL 0.52 / Simple 28 µs; network Ring LL 2.7 / Simple 9.6 µs, Tree LL 5.0 / Simple 50 µs.
 * LL moves half of the payload per line (bandwidth ≤ 50 % of peak).
 */
const NCCL_2_7: runtime.LibrarySpec = {
  name: 'nccl',
  simple: { base: 8400, ring: { intra: 3400, net: 9600 }, tree: { intra: 28000, net: 50000 }, efficiency: 1 },
  lowLatency: { base: 3600, ring: { intra: 470, net: 2700 }, tree: { intra: 520, net: 5000 }, efficiency: 0.5 },
};

/**
 * DGX A100: 8 × A100 SXM4 through 6 NVSwitch gen 2, 12 NVLink 3 per GPU (25 GB/s each way per link,
 * 300 GB/s per GPU; NVIDIA "Introducing NVIDIA HGX A100"); 8 × 200 Gb/s HDR InfiniBand, one per GPU
 * (geektopia.es 2020-05-14). Achieved rates: NCCL AllReduce on 8 A100 SXM4 reaches ~200-210 GB/s bus
 * bandwidth (nccl-tests issues #149 and #178: 0.72 of 300 GB/s); HDR NICs 96 of 100 GB/s on 4 NICs
 * (nccl-tests issue #119: 0.92 kept for sustained runs).
 */
export const dgxA100: runtime.ClusterSpec = {
  preset: 'dgx-a100',
  description: 'NVIDIA DGX A100: 8 × A100 SXM4 80 GB, NVSwitch gen 2 (300 GB/s per GPU each way), 8 × HDR 200 Gb/s',
  device: 'a100',
  devicesPerNode: 8,
  hostMemoryPerNode: 2 ** 40, // 1 TB system memory (NVIDIA DGX A100 datasheet)
  intraNode: { kind: 'switch', link: { bandwidth: 25e9 }, links: 12, efficiency: 0.72 },
  network: { nic: { bandwidth: 25e9 }, nicsPerDevice: 1, efficiency: 0.92, fabric: 'non-blocking' },
  library: NCCL_2_7,
  sources: [
    'NVIDIA devblog "Introducing NVIDIA HGX A100": 12 NVLink 3 per GPU, 600 GB/s bidirectional',
    'geektopia.es 2020-05-14: DGX A100 with 8 Mellanox 200 Gb/s NICs',
    'NVIDIA/nccl-tests issue #178: 8 × A100 AllReduce busbw 208 GB/s; issue #149: ~200 GB/s',
    'NVIDIA/nccl-tests issue #119: 4 × HDR per 8 A100, busbw 84.8 GB/s average, 96 GB/s peak of 100',
    'NVIDIA/nccl src/graph/tuning.cc (NCCL 2.7): latencies',
  ],
};

/**
 * DGX H100: 8 × H100 SXM5 through 4 NVSwitch gen 3, 18 NVLink 4 per GPU (450 GB/s each way), NVLink
 * SHARP; 8 × 400 Gb/s NDR InfiniBand (ConnectX-7). Achieved: ~370 GB/s on NVLink with NCCL's protocol
 * overhead, ~480 GB/s AllReduce bus bandwidth with NVLink SHARP on 8 GPUs (nccl-tests issue #212, a
 * maintainer); 46-48 GB/s per NDR NIC (nccl-tests issue #290, a maintainer). Newer NCCL's LL base
 * latency 6.6 µs (nccl issue #1334).
 */
export const dgxH100: runtime.ClusterSpec = {
  preset: 'dgx-h100',
  description: 'NVIDIA DGX H100: 8 × H100 SXM5 80 GB, NVSwitch gen 3 (450 GB/s per GPU each way, NVLink SHARP), 8 × NDR 400 Gb/s',
  device: 'h100',
  devicesPerNode: 8,
  hostMemoryPerNode: 2 * 2 ** 40, // 2 TB system memory (DGX H100 User Guide)
  intraNode: { kind: 'switch', link: { bandwidth: 25e9 }, links: 18, efficiency: 0.82, inSwitchAllReduce: 480e9 },
  network: { nic: { bandwidth: 50e9 }, nicsPerDevice: 1, efficiency: 0.94, fabric: 'non-blocking' },
  library: { ...NCCL_2_7, lowLatency: { ...NCCL_2_7.lowLatency!, base: 6600 } },
  sources: [
    'NVIDIA "Introducing NVIDIA HGX H100": 18 NVLink 4 per GPU, 900 GB/s bidirectional; NVLink SHARP',
    'DGX H100 User Guide §1.2.3: 8 × ConnectX-7 NDR 400 Gb/s',
    'NVIDIA/nccl-tests issue #212 (sjeaugey): effective NVLink 370 GB/s; AllReduce busbw ~480 GB/s with NVLink SHARP',
    'NVIDIA/nccl-tests issue #290 (AddyLaddy): 476 GB/s on one node; 46-48 GB/s per NDR NIC',
    'NVIDIA/nccl issue #1334: newer base latencies (Ring LL 6.6 µs)',
  ],
};

/**
 * HCCL's latencies: no primary source gives them (UNVERIFIED; parameters of the model): a base of
 * 15 µs per collective, 3 µs per HCCS step, 10 µs per RoCE step.
 */
const HCCL: runtime.LibrarySpec = {
  name: 'hccl',
  simple: { base: 15000, ring: { intra: 3000, net: 10000 }, tree: { intra: 3000, net: 10000 }, efficiency: 1 },
};

/**
 * Atlas 800 training server (9000/9010): 8 × Ascend 910 in two groups of 4 (NPU 0-3, 4-7), a full HCCS
 * mesh inside each group (3 ports per NPU, 240 Gb/s = 30 GB/s per port; direction not stated:
 * UNVERIFIED, taken per direction), the groups joined through the NICs; 1 × 100 GbE RoCE v2 per NPU.
 * Achieved shares (0.8 of HCCS, 0.9 of RoCE) are UNVERIFIED.
 */
export const atlas800910: runtime.ClusterSpec = {
  preset: 'atlas800-910',
  description: 'Huawei Atlas 800 (9000): 8 × Ascend 910 in two HCCS meshes of 4 (3 × 30 GB/s per NPU), 8 × 100 GbE RoCE',
  device: 'ascend910',
  devicesPerNode: 8,
  intraNode: { kind: 'mesh-groups', link: { bandwidth: 30e9 }, links: 3, groupSize: 4, efficiency: 0.8 },
  network: { nic: { bandwidth: 12.5e9 }, nicsPerDevice: 1, efficiency: 0.9, fabric: 'non-blocking' },
  library: HCCL,
  sources: [
    'Hot Chips 2019 Ascend 910 slides (via vengineer.hatenablog.com 2019/09/06): HCCS 240 Gb/s per port, 3 ports',
    'Huawei Cloud CCE "Ascend HCCS-Interconnected NPU Affinity": NPUs 0-3 and 4-7 are two HCCS groups',
    'MindSpore r1.5 docs distributed_training_ascend.md; hiascend ascend-deployer: 100 GbE RoCE per NPU',
  ],
};

/**
 * Atlas 800T A2: 8 × Ascend 910B in a full HCCS mesh, 7 links per NPU at 56 GB/s bidirectional
 * (28 GB/s each way); 8 × 200 Gb/s RoCE, one per NPU. Achieved shares (0.8, 0.9) are UNVERIFIED.
 */
export const atlas800tA2: runtime.ClusterSpec = {
  preset: 'atlas800t-a2',
  description: 'Huawei Atlas 800T A2: 8 × Ascend 910B in a full HCCS mesh (7 × 28 GB/s each way per NPU), 8 × 200 Gb/s RoCE',
  device: 'ascend910b',
  devicesPerNode: 8,
  intraNode: { kind: 'mesh', link: { bandwidth: 28e9 }, links: 7, efficiency: 0.8 },
  network: { nic: { bandwidth: 25e9 }, nicsPerDevice: 1, efficiency: 0.9, fabric: 'non-blocking' },
  library: HCCL,
  sources: [
    'ArthurChiao, "GPU advanced notes 2" (2023-09-16) and "GPU data sheets" (2023-10-25): 910B HCCS 7 × 56 GB/s, 392 GB/s per NPU',
    'hiascend ascend-deployer: 8 × 200 Gb/s RoCE per Atlas 800T A2',
  ],
};

/**
 * Hosts training on their CPUs, one process each, over 25 Gb/s Ethernet: MindSpore's CPU data parallel
 * with MCCL, its own collectives over TCP (MindSpore 2.1 and later; r1.5 has no CPU collectives). The
 * latencies are UNVERIFIED estimates of TCP messaging (tens of µs per hop); the NIC's efficiency an
 * UNVERIFIED estimate for TCP.
 */
export const cpuHosts: runtime.ClusterSpec = {
  preset: 'cpu-hosts',
  description: 'hosts of one CPU training process each (the cpu preset), 25 Gb/s Ethernet, MCCL rings (MindSpore >= 2.1; not in r1.5)',
  device: 'cpu',
  devicesPerNode: 1,
  intraNode: { kind: 'switch', link: { bandwidth: 30e9 }, links: 1, efficiency: 1 },
  network: { nic: { bandwidth: 3.125e9 }, nicsPerDevice: 1, efficiency: 0.8, fabric: 'non-blocking' },
  library: { name: 'mccl', simple: { base: 30000, ring: { intra: 2000, net: 25000 }, tree: { intra: 2000, net: 25000 }, efficiency: 1 } },
  sources: [
    'MindSpore r2.1 tutorial "Distributed Parallel Training Base Sample (CPU)": data parallel on CPUs, launched as a dynamic cluster',
    'MindSpore communication.init docs (2.x): "mccl" for CPU hardware platforms (MindSpore Collective Communication Library)',
    'UNVERIFIED: TCP per-hop latency and efficiency on 25 Gb/s Ethernet',
  ],
};
