/**
 * A cluster's shape: which node and which mesh group each rank is on, and the link resources a
 * collective's traffic passes through (each rank's intra-node port and its NICs, each direction), with
 * their capacities.
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import { checkClusterSpec, type ClusterSpec } from './spec.js';

/** The four link resources of each rank, in this order: intra-node send, receive; NIC send, receive. */
export const RESOURCE_KINDS = Object.freeze(['intra-tx', 'intra-rx', 'nic-tx', 'nic-rx'] as const);
/** One of {@link RESOURCE_KINDS}. */
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** The index of a rank's resource of a kind. */
export function resourceIndex(rank: number, kind: ResourceKind): number {
  return rank * 4 + RESOURCE_KINDS.indexOf(kind);
}

/** The largest cluster mindsim builds (MindSpore's limit on ranks: 4096). */
export const MAX_RANKS = 4096;

/**
 * A cluster of `nodes` nodes of a spec.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const t = new runtime.Topology(runtime.defaultClusterRegistry.preset('atlas800-910')!, 2);
 * console.log(t.size, t.nodeOf(9), t.localRankOf(9), t.meshGroupOf(9)); // 16 1 1 2
 * ```
 */
export class Topology {
  /** World size. */
  readonly size: number;
  /** Each resource's capacity in bytes/s (see {@link resourceIndex}). */
  readonly capacities: Float64Array;
  /** A rank's intra-node port capacity (all its links), bytes/s, as achieved by the library. */
  readonly intraCapacity: number;
  /** A rank's NIC capacity (all its NICs), bytes/s, as achieved by the library. */
  readonly nicCapacity: number;

  /**
   * @throws {@link ArgumentValueError} for a node count that is not a positive integer, or more than
   *   {@link MAX_RANKS} ranks.
   */
  constructor(
    /** The cluster's figures. */
    readonly spec: ClusterSpec,
    /** How many nodes. */
    readonly nodes: number,
    /** What launching a collective's kernel on a device costs, ns (its device preset's launch latency). */
    readonly launchLatency = 0,
  ) {
    checkClusterSpec(spec);
    if (!Number.isSafeInteger(nodes) || nodes < 1) throw new ArgumentValueError(`cluster '${spec.preset}': nodes must be a positive integer, but got ${String(nodes)}`);
    this.size = nodes * spec.devicesPerNode;
    if (!(launchLatency >= 0) || !Number.isFinite(launchLatency)) throw new ArgumentValueError(`cluster '${spec.preset}': launchLatency must be a number of ns >= 0, but got ${String(launchLatency)}`);
    if (this.size > MAX_RANKS) throw new ArgumentValueError(`cluster '${spec.preset}': ${nodes} nodes make ${this.size} ranks; at most ${MAX_RANKS} are supported (MindSpore's limit)`);
    const intra = spec.intraNode;
    this.intraCapacity = intra.links * intra.link.bandwidth * intra.efficiency;
    this.nicCapacity = spec.network.nicsPerDevice * spec.network.nic.bandwidth * spec.network.efficiency;
    this.capacities = new Float64Array(this.size * 4);
    for (let r = 0; r < this.size; r++) {
      this.capacities.fill(this.intraCapacity, r * 4, r * 4 + 2);
      this.capacities.fill(this.nicCapacity, r * 4 + 2, r * 4 + 4);
    }
  }

  /** The node a rank is on. */
  nodeOf(rank: number): number {
    return Math.floor(rank / this.spec.devicesPerNode);
  }

  /** A rank's place on its node (its local rank). */
  localRankOf(rank: number): number {
    return rank % this.spec.devicesPerNode;
  }

  /** The fully connected group a rank's device is in, numbered across the cluster (its node for `switch` and `mesh`). */
  meshGroupOf(rank: number): number {
    const g = this.spec.intraNode.kind === 'mesh-groups' ? this.spec.intraNode.groupSize! : this.spec.devicesPerNode;
    return Math.floor(rank / g);
  }

  /** Whether two ranks reach each other over intra-node links (same node; same mesh group on `mesh-groups`). */
  intraConnected(a: number, b: number): boolean {
    return this.meshGroupOf(a) === this.meshGroupOf(b);
  }

  /** The ranks of a group split by what connects them inside: lists of ranks per mesh group (per node on switches), in rank order. */
  segments(ranks: readonly number[]): number[][] {
    const by = new Map<number, number[]>();
    for (const r of ranks) {
      const g = this.meshGroupOf(r);
      let list = by.get(g);
      if (!list) by.set(g, (list = []));
      list.push(r);
    }
    return [...by.values()];
  }
}
