/**
 * How long a collective takes on a cluster, as an alpha-beta model per algorithm. A plan is a list of
 * stages run one after the other; a stage costs a fixed latency, then moves bytes through link
 * resources (each rank's intra-node port and NICs), each at a solo rate. Alone, a stage takes
 * `latency + max(bytes / rate)`; when collectives share a resource, the transfer engine slows them.
 *
 * NCCL (GPU clusters): Ring (every collective), Tree (AllReduce across nodes) and NVLink SHARP
 * (AllReduce inside one node), each with the Simple and the low-latency protocol; the fastest plan
 * wins, as NCCL's tuner picks. Latency = base + hops · per-hop latency, where a Ring AllReduce takes
 * 2(p − 1) steps (2(k − 1) of them across nodes, for k nodes), AllGather and ReduceScatter p − 1 (k − 1).
 * Every plan starts with the device's kernel launch latency (measured times, like nccl-tests', include it).
 * HCCL (Ascend clusters): Mesh inside a fully connected group (every peer at once over its own link),
 * and hierarchical across groups: Mesh ReduceScatter, then Ring (or recursive halving-doubling when
 * the group count is a power of two) over the NICs on 1/m of the data, then Mesh AllGather.
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import type { ProtocolSpec } from './spec.js';
import { resourceIndex, type Topology } from './topology.js';

/** The collectives the model times. */
export type CollectiveKind = 'AllReduce' | 'AllGather' | 'ReduceScatter' | 'Broadcast' | 'AlltoAll' | 'Send' | 'Exchange';

/** Bytes through one resource at a solo rate. */
export interface ResourceUse {
  /** The resource (see `resourceIndex`). */
  readonly resource: number;
  /** Bytes it moves through the resource. */
  readonly bytes: number;
  /** Bytes/s it gets there when alone. */
  readonly rate: number;
}

/** One stage: a fixed latency, then its resource uses in parallel. */
export interface TransferStage {
  /** Fixed cost, ns. */
  readonly latency: number;
  /** What it moves. */
  readonly uses: readonly ResourceUse[];
}

/** How a collective runs: its algorithm, protocol and stages. */
export interface TransferPlan {
  /** `ring`, `tree`, `nvls`, `mesh`, `hierarchical-ring`, `hierarchical-rhd`, `direct`. */
  readonly algorithm: string;
  /** `simple` or `ll` (NCCL's low-latency protocol). */
  readonly protocol: string;
  /** Run one after the other. */
  readonly stages: readonly TransferStage[];
}

/** nccl-tests' bus-bandwidth factor: busbw = algbw × factor (p ranks). */
export function busFactor(kind: CollectiveKind, p: number): number {
  if (p <= 1) return kind === 'Broadcast' || kind === 'Send' ? 1 : 0;
  switch (kind) {
    case 'AllReduce':
      return (2 * (p - 1)) / p;
    case 'AllGather':
    case 'ReduceScatter':
    case 'AlltoAll':
      return (p - 1) / p;
    default:
      return 1;
  }
}

/** A stage's duration alone, ns (not rounded). */
export function stageTime(stage: TransferStage): number {
  let t = 0;
  for (const u of stage.uses) if (u.bytes > 0) t = Math.max(t, (u.bytes / u.rate) * 1e9);
  return stage.latency + t;
}

/** A plan's duration alone, ns (not rounded). */
export function soloTime(plan: TransferPlan): number {
  return plan.stages.reduce((t, s) => t + stageTime(s), 0);
}

/** The protocols a library offers, named: its bulk protocol and its low-latency one. */
function protocols(t: Topology): (ProtocolSpec & { readonly protocol: string })[] {
  const { simple, lowLatency } = t.spec.library;
  return lowLatency ? [{ ...simple, protocol: 'simple' }, { ...lowLatency, protocol: 'll' }] : [{ ...simple, protocol: 'simple' }];
}

/** Both directions of a rank's resource of one side. */
function both(uses: ResourceUse[], rank: number, side: 'intra' | 'nic', bytes: number, rate: number): void {
  if (bytes <= 0) return;
  uses.push({ resource: resourceIndex(rank, `${side}-tx`), bytes, rate }, { resource: resourceIndex(rank, `${side}-rx`), bytes, rate });
}

/** A rank's rate to one intra-node peer chain: the whole port on a switch, one link on a mesh. */
function intraChainRate(t: Topology): number {
  const intra = t.spec.intraNode;
  return intra.kind === 'switch' ? t.intraCapacity : intra.link.bandwidth * intra.efficiency;
}

/** NCCL's ring (and tree, which moves the same bytes with fewer steps): per-rank bytes split between links inside and NICs out. */
function ringUses(t: Topology, segments: readonly number[][], busBytes: number, efficiency: number): ResourceUse[] {
  const uses: ResourceUse[] = [];
  const multi = segments.length > 1;
  for (const seg of segments) {
    const m = seg.length;
    for (const r of seg) {
      if (m > 1) both(uses, r, 'intra', multi ? (busBytes * (m - 1)) / m : busBytes, intraChainRate(t) * efficiency);
      if (multi) both(uses, r, 'nic', busBytes / m, t.nicCapacity * efficiency);
    }
  }
  return uses;
}

function ncclPlans(t: Topology, kind: CollectiveKind, ranks: readonly number[], bytes: number): TransferPlan[] {
  const p = ranks.length;
  const segments = t.segments(ranks);
  const k = segments.length;
  const busBytes = busFactor(kind, p) * bytes;
  const plans: TransferPlan[] = [];
  for (const h of protocols(t)) {
    if (kind === 'AlltoAll') {
      // every pair at once: the links to the peers on the node, the NICs to the rest
      const uses: ResourceUse[] = [];
      for (const seg of segments) {
        for (const r of seg) {
          both(uses, r, 'intra', ((seg.length - 1) / p) * bytes, t.intraCapacity * h.efficiency);
          both(uses, r, 'nic', ((p - seg.length) / p) * bytes, t.nicCapacity * h.efficiency);
        }
      }
      plans.push({ algorithm: 'direct', protocol: h.protocol, stages: [{ latency: h.base + (k > 1 ? h.ring.net : h.ring.intra), uses }] });
      continue;
    }
    const steps = kind === 'AllReduce' ? 2 * (p - 1) : p - 1;
    const netSteps = k > 1 ? (kind === 'AllReduce' ? 2 * (k - 1) : k - 1) : 0;
    const ringLatency = h.base + (steps - netSteps) * h.ring.intra + netSteps * h.ring.net;
    const chainBytes = kind === 'Broadcast' ? bytes : busBytes;
    plans.push({ algorithm: 'ring', protocol: h.protocol, stages: [{ latency: ringLatency, uses: ringUses(t, segments, chainBytes, h.efficiency) }] });
    if (kind === 'AllReduce' && k > 1) {
      const ppn = Math.max(...segments.map((x) => x.length));
      const treeLatency = h.base + 2 * ((ppn - 1) * h.tree.intra + Math.ceil(Math.log2(k)) * h.tree.net);
      plans.push({ algorithm: 'tree', protocol: h.protocol, stages: [{ latency: treeLatency, uses: ringUses(t, segments, busBytes, h.efficiency) }] });
    }
    const sharp = t.spec.intraNode.inSwitchAllReduce;
    if (kind === 'AllReduce' && k === 1 && sharp !== undefined && t.spec.intraNode.kind === 'switch' && h.protocol === 'simple') {
      // NVLink SHARP: the switch reduces, so the wire carries less than the bus bytes
      const uses: ResourceUse[] = [];
      for (const r of ranks) both(uses, r, 'intra', busBytes * (t.intraCapacity / sharp), t.intraCapacity);
      plans.push({ algorithm: 'nvls', protocol: h.protocol, stages: [{ latency: h.base + 2 * h.ring.intra, uses }] });
    }
  }
  return plans;
}

/** HCCL's Mesh inside one fully connected group: every peer at once, one link each (at most the port's capacity). */
function meshRate(t: Topology, m: number): number {
  const intra = t.spec.intraNode;
  return Math.min(t.intraCapacity, Math.max(1, m - 1) * intra.link.bandwidth * intra.efficiency);
}

/** Mesh stages of every segment at once: `perRank(m)` bytes per rank of a segment of m, `steps` intra steps. */
function meshStage(t: Topology, segments: readonly number[][], perRank: (m: number) => number, steps: number): TransferStage {
  const uses: ResourceUse[] = [];
  for (const seg of segments) for (const r of seg) both(uses, r, 'intra', perRank(seg.length), meshRate(t, seg.length));
  return { latency: steps * t.spec.library.simple.ring.intra, uses };
}

function hcclPlans(t: Topology, kind: CollectiveKind, ranks: readonly number[], bytes: number): TransferPlan[] {
  const p = ranks.length;
  const segments = t.segments(ranks);
  const s = segments.length;
  const lib = t.spec.library.simple;
  if (kind === 'AlltoAll') {
    const uses: ResourceUse[] = [];
    for (const seg of segments) {
      for (const r of seg) {
        both(uses, r, 'intra', ((seg.length - 1) / p) * bytes, meshRate(t, seg.length));
        both(uses, r, 'nic', ((p - seg.length) / p) * bytes, t.nicCapacity);
      }
    }
    return [{ algorithm: 'direct', protocol: 'simple', stages: [{ latency: lib.base + (s > 1 ? lib.ring.net : lib.ring.intra), uses }] }];
  }
  const part = (m: number) => ((m - 1) * bytes) / m; // one phase of Mesh: (m - 1)/m of the data through each rank
  if (s === 1) {
    // Mesh: AllReduce = ReduceScatter + AllGather; Broadcast = Scatter + AllGather (HCCL's Mesh formulas)
    const twoPhases = kind === 'AllReduce' || kind === 'Broadcast';
    const stage = meshStage(t, segments, (m) => (twoPhases ? 2 : 1) * part(m), twoPhases ? 2 : 1);
    return [{ algorithm: 'mesh', protocol: 'simple', stages: [{ ...stage, latency: lib.base + stage.latency }] }];
  }
  // across groups: the same local ranks of every group talk over their NICs, on 1/m of the data (ring,
  // or recursive halving-doubling when the group count is a power of two)
  const m = Math.max(...segments.map((x) => x.length));
  const rhd = (s & (s - 1)) === 0;
  const netSteps = kind === 'AllReduce' ? (rhd ? 2 * Math.log2(s) : 2 * (s - 1)) : rhd ? Math.log2(s) : s - 1;
  const slice = bytes / m;
  const netBytes = kind === 'Broadcast' ? slice : busFactor(kind, s) * slice;
  const netUses: ResourceUse[] = [];
  for (const seg of segments) for (const r of seg) both(netUses, r, 'nic', netBytes, t.nicCapacity);
  const inter: TransferStage = { latency: netSteps * lib.ring.net, uses: netUses };
  const stages: TransferStage[] =
    kind === 'AllReduce'
      ? [meshStage(t, segments, part, 1), inter, meshStage(t, segments, part, 1)]
      : kind === 'ReduceScatter'
        ? [meshStage(t, segments, part, 1), inter]
        : kind === 'AllGather'
          ? [inter, meshStage(t, segments, part, 1)]
          : [inter, meshStage(t, segments, (mm) => 2 * part(mm), 2)];
  stages[0] = { ...stages[0]!, latency: stages[0]!.latency + lib.base };
  return [{ algorithm: rhd ? 'hierarchical-rhd' : 'hierarchical-ring', protocol: 'simple', stages }];
}

/** A point-to-point send of `bytes` from one rank to another: intra-node links when connected, else NICs. */
function sendPlan(t: Topology, from: number, to: number, bytes: number): TransferPlan {
  const intra = t.intraConnected(from, to);
  const side = intra ? 'intra' : 'nic';
  const rate = intra ? intraChainRate(t) : t.nicCapacity;
  const lib = t.spec.library.simple;
  const uses: ResourceUse[] = [
    { resource: resourceIndex(from, `${side}-tx`), bytes, rate },
    { resource: resourceIndex(to, `${side}-rx`), bytes, rate },
  ];
  return { algorithm: 'direct', protocol: 'simple', stages: [{ latency: lib.base + (intra ? lib.ring.intra : lib.ring.net), uses }] };
}

/** One message of an exchange: bytes from a rank to another. */
export interface Message {
  /** The sender's world rank. */
  readonly from: number;
  /** The receiver's world rank. */
  readonly to: number;
  /** Bytes. */
  readonly bytes: number;
}

/**
 * The plan of an exchange (NeighborExchange, AllSwap): every message at once, each over the links that
 * connect its two ranks (intra-node links when connected, else the NICs); one step's latency.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const t = new runtime.Topology(runtime.defaultClusterRegistry.preset('dgx-a100')!, 2);
 * const plan = runtime.planExchange(t, [{ from: 0, to: 1, bytes: 2 ** 20 }, { from: 0, to: 9, bytes: 2 ** 20 }]);
 * console.log(plan.stages[0]!.uses.length); // 4 — NVLink out and in, NIC out and in
 * ```
 */
export function planExchange(t: Topology, messages: readonly Message[]): TransferPlan {
  const uses: ResourceUse[] = [];
  let remote = false;
  for (const m of messages) {
    if (m.from === m.to || m.bytes <= 0) continue;
    const intra = t.intraConnected(m.from, m.to);
    remote ||= !intra;
    const side = intra ? 'intra' : 'nic';
    const rate = intra ? intraChainRate(t) : t.nicCapacity;
    uses.push({ resource: resourceIndex(m.from, `${side}-tx`), bytes: m.bytes, rate }, { resource: resourceIndex(m.to, `${side}-rx`), bytes: m.bytes, rate });
  }
  const lib = t.spec.library.simple;
  // several messages through one resource add up: the engine's sharing makes them take their time
  const merged = new Map<number, ResourceUse>();
  for (const u of uses) {
    const had = merged.get(u.resource);
    merged.set(u.resource, had ? { ...had, bytes: had.bytes + u.bytes } : u);
  }
  return { algorithm: 'direct', protocol: 'simple', stages: [{ latency: t.launchLatency + lib.base + (remote ? lib.ring.net : lib.ring.intra), uses: [...merged.values()] }] };
}

/** The ring plans of a list (all of it when it has none). */
function ringsOnly(plans: TransferPlan[]): TransferPlan[] {
  const rings = plans.filter((p) => p.algorithm === 'ring');
  return rings.length > 0 ? rings : plans;
}

/**
 * The plan the library would pick for a collective over `ranks` (world ranks, ascending): the fastest
 * of its candidates. `bytes`: AllReduce and Broadcast the buffer; AllGather the gathered output;
 * ReduceScatter the input; AlltoAll each rank's input; Send the message (`ranks` = [from, to]).
 *
 * @throws {@link ArgumentValueError} for no ranks, a rank outside the cluster, or negative bytes.
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const t = new runtime.Topology(runtime.defaultClusterRegistry.preset('dgx-h100')!, 1);
 * const plan = runtime.planCollective(t, 'AllReduce', [0, 1, 2, 3, 4, 5, 6, 7], 2 ** 30);
 * console.log(plan.algorithm, Math.round(runtime.soloTime(plan) / 1000), 'us'); // nvls 3930 us
 * ```
 */
export function planCollective(t: Topology, kind: CollectiveKind, ranks: readonly number[], bytes: number): TransferPlan {
  if (ranks.length === 0) throw new ArgumentValueError(`planCollective: ${kind} needs at least one rank`);
  for (const r of ranks) if (!Number.isSafeInteger(r) || r < 0 || r >= t.size) throw new ArgumentValueError(`planCollective: rank ${r} is not in the cluster (0..${t.size - 1})`);
  if (!(bytes >= 0) || !Number.isFinite(bytes)) throw new ArgumentValueError(`planCollective: bytes must be finite and >= 0, but got ${bytes}`);
  let best: TransferPlan;
  if (kind === 'Exchange') throw new ArgumentValueError('planCollective: an exchange is planned by its messages (planExchange)');
  if (kind === 'Send') best = sendPlan(t, ranks[0]!, ranks[1] ?? ranks[0]!, bytes);
  else if (ranks.length === 1) best = { algorithm: 'local', protocol: 'simple', stages: [{ latency: t.spec.library.simple.base, uses: [] }] };
  else {
    const lib = t.spec.library.name;
    // MCCL (MindSpore's CPU collectives over TCP) runs rings only
    const plans = lib === 'hccl' ? hcclPlans(t, kind, ranks, bytes) : lib === 'mccl' ? ringsOnly(ncclPlans(t, kind, ranks, bytes)) : ncclPlans(t, kind, ranks, bytes);
    best = plans[0]!;
    for (const plan of plans) if (soloTime(plan) < soloTime(best)) best = plan;
  }
  // the library's kernel launch comes first (nccl-tests' times include it)
  const [first, ...rest] = best.stages;
  return { ...best, stages: [{ ...first!, latency: first!.latency + t.launchLatency }, ...rest] };
}
