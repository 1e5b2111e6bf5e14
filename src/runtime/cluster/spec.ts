/**
 * A cluster is data, like a device: nodes of devices, the links inside a node (NVLink through
 * NVSwitch, HCCS meshes), a NIC per device on an inter-node fabric, and the collective library's
 * figures (its latencies and how much of a link's rate it achieves). Every figure carries its source.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';

/** A link: its rate per direction. */
export interface LinkSpec {
  /** Bytes per second in one direction. */
  readonly bandwidth: number;
}

/**
 * How a node's devices are connected:
 * - `switch`: every device has `links` links to a switch (NVSwitch): any pair at the full per-device rate;
 * - `mesh`: a full mesh, one direct link between every pair (HCCS on Atlas 800T A2);
 * - `mesh-groups`: full meshes of `groupSize` devices, the groups joined only through the NICs (Atlas
 *   800 with Ascend 910: NPUs 0-3 and 4-7).
 */
export type IntraNodeKind = 'switch' | 'mesh' | 'mesh-groups';

/** The links inside a node. */
export interface IntraNodeSpec {
  /** How the devices are connected. */
  readonly kind: IntraNodeKind;
  /** One link's rate per direction. */
  readonly link: LinkSpec;
  /** Links per device (NVLink lanes to the switches; mesh: links to peers). */
  readonly links: number;
  /** `mesh-groups`: devices per fully connected group. */
  readonly groupSize?: number;
  /** What a collective achieves of the links' rate (protocol and scheduling overhead), in (0, 1]. */
  readonly efficiency: number;
  /**
   * In-switch reduction (NVLink SHARP on NVSwitch gen 3): AllReduce bus bandwidth it reaches, bytes/s
   * (the library uses it for AllReduce inside one node when it is faster).
   */
  readonly inSwitchAllReduce?: number;
}

/** The NIC of each device and the fabric between nodes. */
export interface NetworkSpec {
  /** One NIC's rate per direction. */
  readonly nic: LinkSpec;
  /** NICs per device (0.5: two devices share one NIC). */
  readonly nicsPerDevice: number;
  /** What a collective achieves of a NIC's rate, in (0, 1]. */
  readonly efficiency: number;
  /** The fabric: non-blocking (full bisection) is what these presets have. */
  readonly fabric: 'non-blocking';
}

/** What one step of an algorithm costs, ns. */
export interface HopLatencies {
  /** Over intra-node links. */
  readonly intra: number;
  /** Across the network. */
  readonly net: number;
}

/** One protocol of the collective library: its latencies and the share of the links' rate it reaches. */
export interface ProtocolSpec {
  /** Fixed cost of one collective, ns. */
  readonly base: number;
  /** Ring (and chain) algorithms: ns per step over intra-node links and across the network. */
  readonly ring: HopLatencies;
  /** Tree algorithms (NCCL's double binary tree): ns per step. */
  readonly tree: HopLatencies;
  /** The share of the links' achieved rate this protocol moves, in (0, 1] (NCCL LL: 0.5). */
  readonly efficiency: number;
}

/** The collective library and its protocols. */
export interface LibrarySpec {
  /** `nccl` (GPU) or `hccl` (Ascend): its world group's name and its algorithms follow. */
  readonly name: 'nccl' | 'hccl' | 'mccl';
  /** The bulk protocol (NCCL's Simple). */
  readonly simple: ProtocolSpec;
  /** A low-latency protocol small messages use (NCCL's LL), if the library has one. */
  readonly lowLatency?: ProtocolSpec;
}

/** Everything that describes a cluster preset (or a cluster of your own). */
export interface ClusterSpec {
  /** The preset's name: `dgx-h100`, `atlas800-910`... */
  readonly preset: string;
  /** What the figures describe. */
  readonly description: string;
  /** The device preset of every device (`h100`, `ascend910`). */
  readonly device: string;
  /** Devices per node. */
  readonly devicesPerNode: number;
  /** The links inside a node. */
  readonly intraNode: IntraNodeSpec;
  /** NICs and the fabric between nodes. */
  readonly network: NetworkSpec;
  /** The collective library. */
  readonly library: LibrarySpec;
  /** Host memory per node, bytes (default 1 TiB). */
  readonly hostMemoryPerNode?: number;
  /** Where the figures come from. */
  readonly sources: readonly string[];
}

const positive = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;
const nonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * Checks a cluster spec (a preset or one of your own).
 *
 * @throws {@link ArgumentTypeError} when it is not an object with the fields above.
 * @throws {@link ArgumentValueError} naming the first field out of range.
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const spec = runtime.defaultClusterRegistry.preset('dgx-a100')!;
 * console.log(runtime.checkClusterSpec({ ...spec, devicesPerNode: 4 }).devicesPerNode); // 4
 * ```
 */
export function checkClusterSpec(spec: ClusterSpec): ClusterSpec {
  if (spec === null || typeof spec !== 'object') throw new ArgumentTypeError(`cluster: a cluster spec must be an object, but got ${String(spec)}`);
  const bad = (field: string, value: unknown, want: string) => new ArgumentValueError(`cluster '${String(spec.preset)}': ${field} must be ${want}, but got ${String(value)}`);
  if (typeof spec.preset !== 'string' || spec.preset === '') throw bad('preset', spec.preset, 'a non-empty name');
  if (typeof spec.device !== 'string' || spec.device === '') throw bad('device', spec.device, 'a device preset name');
  if (!Number.isSafeInteger(spec.devicesPerNode) || spec.devicesPerNode < 1) throw bad('devicesPerNode', spec.devicesPerNode, 'a positive integer');
  const intra = spec.intraNode;
  if (intra === null || typeof intra !== 'object') throw new ArgumentTypeError(`cluster '${spec.preset}': intraNode must be an object`);
  if (!['switch', 'mesh', 'mesh-groups'].includes(intra.kind)) throw bad('intraNode.kind', intra.kind, "'switch', 'mesh' or 'mesh-groups'");
  if (!positive(intra.link?.bandwidth)) throw bad('intraNode.link.bandwidth', intra.link?.bandwidth, 'a positive number of bytes/s');
  if (!Number.isSafeInteger(intra.links) || intra.links < 1) throw bad('intraNode.links', intra.links, 'a positive integer');
  if (!(positive(intra.efficiency) && intra.efficiency <= 1)) throw bad('intraNode.efficiency', intra.efficiency, 'in (0, 1]');
  if (intra.kind === 'mesh-groups' && !(Number.isSafeInteger(intra.groupSize) && intra.groupSize! >= 1 && spec.devicesPerNode % intra.groupSize! === 0)) {
    throw bad('intraNode.groupSize', intra.groupSize, `a divisor of devicesPerNode (${spec.devicesPerNode})`);
  }
  if (intra.inSwitchAllReduce !== undefined && !positive(intra.inSwitchAllReduce)) throw bad('intraNode.inSwitchAllReduce', intra.inSwitchAllReduce, 'a positive number of bytes/s');
  const net = spec.network;
  if (net === null || typeof net !== 'object') throw new ArgumentTypeError(`cluster '${spec.preset}': network must be an object`);
  if (!positive(net.nic?.bandwidth)) throw bad('network.nic.bandwidth', net.nic?.bandwidth, 'a positive number of bytes/s');
  if (!positive(net.nicsPerDevice)) throw bad('network.nicsPerDevice', net.nicsPerDevice, 'a positive number');
  if (!(positive(net.efficiency) && net.efficiency <= 1)) throw bad('network.efficiency', net.efficiency, 'in (0, 1]');
  if (net.fabric !== 'non-blocking') throw bad('network.fabric', net.fabric, "'non-blocking'");
  const lib = spec.library;
  if (lib === null || typeof lib !== 'object') throw new ArgumentTypeError(`cluster '${spec.preset}': library must be an object`);
  if (lib.name !== 'nccl' && lib.name !== 'hccl' && lib.name !== 'mccl') throw bad('library.name', lib.name, "'nccl', 'hccl' or 'mccl'");
  for (const [field, proto] of [['simple', lib.simple], ['lowLatency', lib.lowLatency]] as const) {
    if (proto === undefined && field === 'lowLatency') continue;
    const where = `library.${field}`;
    if (proto === null || typeof proto !== 'object') throw new ArgumentTypeError(`cluster '${spec.preset}': ${where} must be an object`);
    if (!nonNegative(proto.base)) throw bad(`${where}.base`, proto.base, 'a number of ns >= 0');
    for (const algo of ['ring', 'tree'] as const) {
      if (!nonNegative(proto[algo]?.intra) || !nonNegative(proto[algo]?.net)) throw bad(`${where}.${algo}`, JSON.stringify(proto[algo]), 'intra and net ns >= 0');
    }
    if (!(positive(proto.efficiency) && proto.efficiency <= 1)) throw bad(`${where}.efficiency`, proto.efficiency, 'in (0, 1]');
  }
  if (spec.hostMemoryPerNode !== undefined && !positive(spec.hostMemoryPerNode)) throw bad('hostMemoryPerNode', spec.hostMemoryPerNode, 'a positive number of bytes');
  if (!Array.isArray(spec.sources)) throw bad('sources', spec.sources, 'a list of sources');
  return spec;
}

/**
 * The spec of a job that uses only the first `devices` devices of each node (a 4-NPU job on an Atlas
 * server, a 2-GPU job on a DGX): the same figures, `devicesPerNode` devices, and on `mesh-groups`
 * servers a job within one group keeps to it (HCCL: 1, 2, 4 or 8 NPUs of an Atlas 800, and a 2- or
 * 4-NPU job may not span its two meshes).
 *
 * @throws {@link ArgumentValueError} for a count that is not a positive integer up to the node's
 *   devices, or (mesh-groups) neither a divisor nor a multiple of the group size.
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const four = runtime.withDevicesPerNode(runtime.defaultClusterRegistry.preset('atlas800-910')!, 4);
 * console.log(four.devicesPerNode, four.intraNode.groupSize); // 4 4
 * ```
 */
export function withDevicesPerNode(spec: ClusterSpec, devices: number): ClusterSpec {
  if (!Number.isSafeInteger(devices) || devices < 1 || devices > spec.devicesPerNode) {
    throw new ArgumentValueError(`cluster '${spec.preset}': devicesPerNode must be an integer in [1, ${spec.devicesPerNode}], but got ${String(devices)}`);
  }
  if (devices === spec.devicesPerNode) return spec;
  const intra = spec.intraNode;
  if (intra.kind !== 'mesh-groups') return { ...spec, devicesPerNode: devices };
  const group = intra.groupSize!;
  if (devices <= group ? group % devices !== 0 : devices % group !== 0) {
    throw new ArgumentValueError(`cluster '${spec.preset}': a job of ${devices} devices per node must stay within one mesh of ${group} or use whole meshes (${group}, ${2 * group}...)`);
  }
  return { ...spec, devicesPerNode: devices, intraNode: { ...intra, groupSize: Math.min(group, devices) } };
}
