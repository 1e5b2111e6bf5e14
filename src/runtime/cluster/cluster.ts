/**
 * A simulated cluster: one platform (one simulator, one clock) holding a device per rank, the
 * cluster's topology and its collective hub.
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import type { Device } from '../device/device.js';
import { defaultRegistry } from '../device/registry.js';
import { Platform, type PlatformOptions } from '../platform.js';
import { CollectiveHub, DEFAULT_COLLECTIVE_TIMEOUT_NS } from './hub.js';
import { defaultClusterRegistry, type ClusterRegistry } from './registry.js';
import { withDevicesPerNode, type ClusterSpec } from './spec.js';
import { Topology } from './topology.js';

/** Options of a {@link Cluster}: the platform's, and the collectives' timeout. */
export interface ClusterOptions extends PlatformOptions {
  /** How long a collective waits for a failed peer before it fails, simulated ns (default 1800 s). */
  readonly collectiveTimeoutNs?: number;
  /** Where preset names resolve (the built-in presets by default). */
  readonly clusterRegistry?: ClusterRegistry;
  /** Use only the first devices of each node (see {@link withDevicesPerNode}); all by default. */
  readonly devicesPerNode?: number;
}

/**
 * A cluster of `nodes` nodes of a preset (or of a spec of your own): rank r runs on device
 * `<family>:r` of one platform.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const c = new runtime.Cluster('dgx-h100', 2);
 * console.log(c.size, c.device(9).name, c.device(9).spec.preset, c.hub.worldGroup); // 16 GPU:9 h100 nccl_world_group
 * ```
 */
export class Cluster {
  /** The cluster's figures. */
  readonly spec: ClusterSpec;
  /** Nodes, ranks and links. */
  readonly topology: Topology;
  /** The one machine every rank runs on. */
  readonly platform: Platform;
  /** The collective hub. */
  readonly hub: CollectiveHub;
  private readonly devices: Device[];

  /**
   * @throws {@link ArgumentValueError} for an unknown preset, a malformed spec, a bad node count or
   *   timeout, or a device preset that does not exist.
   */
  constructor(cluster: string | ClusterSpec, nodes = 1, options: ClusterOptions = {}) {
    const { collectiveTimeoutNs, clusterRegistry, devicesPerNode, ...platformOptions } = options;
    const resolved = (clusterRegistry ?? defaultClusterRegistry).resolve(cluster);
    this.spec = devicesPerNode === undefined ? resolved : withDevicesPerNode(resolved, devicesPerNode);
    const timeout = collectiveTimeoutNs ?? DEFAULT_COLLECTIVE_TIMEOUT_NS;
    if (!(timeout > 0) || !Number.isFinite(timeout)) throw new ArgumentValueError(`cluster: collectiveTimeoutNs must be a positive number of ns, but got ${String(collectiveTimeoutNs)}`);
    const deviceSpec = (platformOptions.registry ?? defaultRegistry).resolve(this.spec.device).spec;
    this.topology = new Topology(this.spec, nodes, deviceSpec.latency.launch);
    // one host memory for every node's host memory (each rank stages its copies there)
    this.platform = new Platform({ hostMemoryBytes: nodes * (this.spec.hostMemoryPerNode ?? 2 ** 40), ...platformOptions });
    this.devices = Array.from({ length: this.topology.size }, (_, r) => this.platform.device(`${this.spec.device}:${r}`));
    const world = `${this.spec.library.name}_world_group`; // hccl_world_group, nccl_world_group, mccl_world_group
    this.hub = new CollectiveHub(this.topology, this.platform.sim, this.devices.map((device) => ({ device })), world, timeout);
  }

  /** World size. */
  get size(): number {
    return this.topology.size;
  }

  /**
   * The device of a rank.
   *
   * @throws {@link ArgumentValueError} for a rank outside the cluster.
   */
  device(rank: number): Device {
    const d = this.devices[rank];
    if (!d) throw new ArgumentValueError(`cluster: rank ${String(rank)} is not in the cluster (0..${this.size - 1})`);
    return d;
  }
}
