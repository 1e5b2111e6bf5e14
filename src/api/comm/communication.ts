/**
 * MindSpore r1.5's `mindspore.communication`: `init`, the rank and group queries, `createGroup` and
 * `destroyGroup`, with r1.5's rules and messages. A rank of `launch` has its rank environment set (as
 * RANK_ID and the rank table, or mpirun, give a MindSpore process); outside `launch`, HCCL's `init()`
 * refuses (no RANK_ID) and NCCL's makes a world of one, as a GPU process started without mpirun.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, MindsimError } from '../../errors/index.js';
import { CollectiveHub, Topology, type ClusterSpec } from '../../runtime/index.js';
import { currentContext, type ExecutionContext } from '../execution-context.js';
import { pythonType } from '../python-type.js';
import { HCCL_WORLD_COMM_GROUP, NCCL_WORLD_COMM_GROUP, worldGroupOf, type CommState } from './state.js';

export { HCCL_WORLD_COMM_GROUP, NCCL_WORLD_COMM_GROUP } from './state.js';
export { perf, formatPerf, PERF_COLLECTIVES, type PerfOptions, type PerfRow, type PerfCollective } from './perf.js';

const runtimeError = (message: string) => new MindsimError(message, 'RuntimeError');
type Backend = NonNullable<CommState['backend']>;

/** A world of one rank on the context's own device (NCCL without mpirun). */
function soloComm(ctx: ExecutionContext): CommState {
  const device = ctx.currentDevice();
  const spec: ClusterSpec = {
    preset: `single-${device.spec.preset}`,
    description: `one ${device.spec.preset}`,
    device: device.spec.preset,
    devicesPerNode: 1,
    intraNode: { kind: 'switch', link: { bandwidth: device.spec.deviceLinkBandwidth }, links: 1, efficiency: 1 },
    network: { nic: { bandwidth: device.spec.hostLinkBandwidth }, nicsPerDevice: 1, efficiency: 1, fabric: 'non-blocking' },
    library: { name: 'nccl', simple: { base: 0, ring: { intra: 0, net: 0 }, tree: { intra: 0, net: 0 }, efficiency: 1 } },
    sources: [],
  };
  const topology = new Topology(spec, 1);
  const hub = new CollectiveHub(topology, ctx.getSimulator(), [{ device }], NCCL_WORLD_COMM_GROUP);
  return { hub, topology, rank: 0, launched: false, inited: false, backend: null, created: new Map() };
}

/**
 * Initialises distributed communication, as MindSpore r1.5's `init(backend_name=None)`: HCCL on
 * Ascend, NCCL on GPU (the default by device target).
 *
 * @throws {@link ArgumentTypeError} "Backend name must be a string, but got {type}".
 * A rank of a launched CPU cluster (`cpu-hosts`) initialises MCCL, MindSpore's own CPU collectives
 * (MindSpore 2.1 and later; r1.5 has no CPU collectives and refuses the CPU target elsewhere).
 *
 * @throws {@link MindsimError} (RuntimeError) for a CPU target outside a launched CPU cluster ("Device
 *   target CPU is not supported in parallel initialization, please use Ascend or GPU."), HCCL off Ascend ("Device target should be
 *   'Ascend' to init hccl, but got {target}"), HCCL outside `launch` ("Environment variables RANK_ID has
 *   not been exported"), NCCL off GPU, or an unknown backend ("Backend name {name} is not supported.").
 * @example
 * ```ts
 * import { communication, launch } from 'mindsim';
 * const { results } = await launch(() => {
 *   communication.init();
 *   return [communication.getRank(), communication.getGroupSize()];
 * }, { cluster: 'dgx-a100' });
 * console.log(results.length, results[5]); // 8 [ 5, 8 ]
 * ```
 */
export function init(backendName?: string): void {
  const ctx = currentContext();
  if (ctx.ps.serverOrScheduler) return; // r1.5: a PS server or scheduler initialises nothing
  const target = ctx.getContext('deviceTarget');
  if (backendName === undefined || backendName === null) {
    // CPU: r1.5 has no collectives there; a rank of a launched CPU cluster gets MindSpore >= 2.1's MCCL
    if (target === 'CPU' && ctx.comm?.launched) backendName = 'mccl';
    else if (target !== 'Ascend' && target !== 'GPU') throw runtimeError(`Device target ${target} is not supported in parallel initialization, please use Ascend or GPU.`);
    else backendName = target === 'Ascend' ? 'hccl' : 'nccl';
  }
  if (typeof backendName !== 'string') throw new ArgumentTypeError(`Backend name must be a string, but got ${pythonType(backendName)}`);
  if (backendName === 'hccl') {
    if (target !== 'Ascend') throw runtimeError(`Device target should be 'Ascend' to init hccl, but got ${target}`);
    if (!ctx.comm?.launched) throw runtimeError('Environment variables RANK_ID has not been exported');
  } else if (backendName === 'nccl') {
    if (target !== 'GPU') throw runtimeError(`Device target should be 'GPU' to init nccl, but got ${target}`);
    ctx.comm ??= soloComm(ctx);
  } else if (backendName === 'mccl' && ctx.comm?.launched && ctx.comm.hub.worldGroup === 'mccl_world_group') {
    if (target !== 'CPU') throw runtimeError(`Device target should be 'CPU' to init mccl, but got ${target}`);
  } else {
    throw runtimeError(`Backend name ${backendName} is not supported.`);
  }
  const comm = ctx.comm!;
  comm.inited = true;
  comm.backend = backendName;
}

/**
 * Ends HCCL communication (r1.5's `release()` calls HCCL's finaliser only).
 *
 * @example
 * ```ts
 * import { communication } from 'mindsim';
 * communication.release(); // nothing to end outside a launched rank
 * console.log('released'); // released
 * ```
 */
export function release(): void {
  const comm = currentContext().comm;
  if (comm?.backend === 'hccl') comm.inited = false;
}

/** The context's state, after r1.5's checks: the group is a string, communication is inited. */
function inited(group: unknown): CommState & { backend: Backend } {
  if (typeof group !== 'string') throw new ArgumentTypeError(`Group name must be a string, but got ${pythonType(group)}`);
  const comm = currentContext().comm;
  if (!comm?.inited || !comm.backend) throw runtimeError('Distributed Communication has not been inited');
  return comm as CommState & { backend: Backend };
}


/** The members of a group this rank may use, or r1.5's error for an unknown one. */
function members(comm: CommState & { backend: Backend }, group: string, what: 'id' | 'size'): readonly number[] {
  const name = worldGroupOf(comm, group);
  const list = name === comm.hub.worldGroup ? comm.hub.group(name) : comm.created.get(name);
  if (!list) {
    if (comm.backend === 'nccl') throw runtimeError(`Failed to get MPI group by group name ${group}`);
    throw runtimeError(what === 'id' ? 'Get rank id error.' : 'Get rank size error.');
  }
  return list;
}

const ncclRefuses = (comm: CommState, what: string) => {
  if (comm.backend === 'nccl') throw runtimeError(`Nccl doesn't support ${what} now.`);
};

/** HCCL in PYNATIVE_MODE ignores the group of `get_rank`/`get_group_size` (r1.5's `_hccl_management`). */
const pynativeHccl = (comm: CommState) => comm.backend === 'hccl' && currentContext().getContext('mode') === 'PYNATIVE_MODE';

/**
 * This rank's number in a group (default the world).
 *
 * @throws {@link ArgumentTypeError} "Group name must be a string, but got {type}".
 * @throws {@link MindsimError} (RuntimeError) "Distributed Communication has not been inited", or an
 *   unknown group ("Get rank id error." on HCCL; "Failed to get MPI group by group name {group}" on NCCL).
 * @example
 * ```ts
 * import { communication, launch } from 'mindsim';
 * const { results } = await launch(() => {
 *   communication.init();
 *   return communication.getRank();
 * }, { cluster: 'atlas800-910' });
 * console.log(results.join(' ')); // 0 1 2 3 4 5 6 7
 * ```
 */
export function getRank(group: string = HCCL_WORLD_COMM_GROUP): number {
  if (typeof group === 'string' && currentContext().ps.serverOrScheduler) return 0; // r1.5 on a PS server or scheduler
  const comm = inited(group);
  if (pynativeHccl(comm)) return comm.rank;
  return members(comm, group, 'id').indexOf(comm.rank);
}

/**
 * The number of ranks in a group (default the world).
 *
 * @throws as {@link getRank} ("Get rank size error." for an unknown HCCL group).
 * @example
 * ```ts
 * import { communication, launch } from 'mindsim';
 * const { results } = await launch(() => {
 *   communication.init();
 *   return communication.getGroupSize();
 * }, { cluster: 'dgx-h100', nodes: 2 });
 * console.log(results[0]); // 16
 * ```
 */
export function getGroupSize(group: string = HCCL_WORLD_COMM_GROUP): number {
  if (typeof group === 'string' && currentContext().ps.serverOrScheduler) return 1; // r1.5 on a PS server or scheduler
  const comm = inited(group);
  if (pynativeHccl(comm)) return comm.topology.size;
  return members(comm, group, 'size').length;
}

/**
 * This rank's number among the group's ranks on its server (HCCL).
 *
 * @throws as {@link getRank}; RuntimeError "Nccl doesn't support get_local_rank_id now." on NCCL.
 * @example
 * ```ts
 * import { communication, launch } from 'mindsim';
 * const { results } = await launch(() => {
 *   communication.init();
 *   return communication.getLocalRank();
 * }, { cluster: 'atlas800-910', nodes: 2 });
 * console.log(results[9]); // 1
 * ```
 */
export function getLocalRank(group: string = HCCL_WORLD_COMM_GROUP): number {
  const comm = inited(group);
  ncclRefuses(comm, 'get_local_rank_id');
  const node = comm.topology.nodeOf(comm.rank);
  return members(comm, group, 'id').filter((r) => comm.topology.nodeOf(r) === node).indexOf(comm.rank);
}

/**
 * The number of the group's ranks on this rank's server (HCCL).
 *
 * @throws as {@link getRank}; RuntimeError "Nccl doesn't support get_local_rank_size now." on NCCL.
 * @example
 * ```ts
 * import { communication, launch } from 'mindsim';
 * const { results } = await launch(() => {
 *   communication.init();
 *   return communication.getLocalRankSize();
 * }, { cluster: 'atlas800t-a2', nodes: 2 });
 * console.log(results[0]); // 8
 * ```
 */
export function getLocalRankSize(group: string = HCCL_WORLD_COMM_GROUP): number {
  const comm = inited(group);
  ncclRefuses(comm, 'get_local_rank_size');
  const node = comm.topology.nodeOf(comm.rank);
  return members(comm, group, 'size').filter((r) => comm.topology.nodeOf(r) === node).length;
}

function checkRankId(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new ArgumentTypeError(`${what} should be int, but got type ${pythonType(value)}`);
  return value;
}

function notWorld(comm: CommState, group: string): void {
  if (comm.backend === 'hccl' && worldGroupOf(comm, group) === comm.hub.worldGroup) throw new ArgumentValueError("Group cannot be 'hccl_world_group'. ");
}

/**
 * The world rank of a group's rank (HCCL; not for the world group).
 *
 * @throws {@link ArgumentTypeError} "group_rank_id should be int, but got type {type}"; then as
 *   {@link getRank}; ValueError "Group cannot be 'hccl_world_group'. "; RuntimeError on NCCL.
 * @example
 * ```ts
 * import { communication, launch } from 'mindsim';
 * const { results } = await launch(({ rank }) => {
 *   communication.init();
 *   if (rank % 2 === 0) return -1; // only the members create a group
 *   communication.createGroup('odd', [1, 3, 5, 7]);
 *   return communication.getWorldRankFromGroupRank('odd', 2);
 * }, { cluster: 'atlas800-910' });
 * console.log(results[1]); // 5
 * ```
 */
export function getWorldRankFromGroupRank(group: string, groupRankId: number): number {
  checkRankId(groupRankId, 'group_rank_id');
  const comm = inited(group);
  ncclRefuses(comm, 'get_world_rank_from_group_rank');
  notWorld(comm, group);
  const list = members(comm, group, 'id');
  const world = list[groupRankId];
  if (world === undefined) throw runtimeError(`Get world rank error: group ${group} has ranks 0..${list.length - 1}, but got ${groupRankId}.`);
  return world;
}

/**
 * A world rank's number in a group (HCCL; not for the world group).
 *
 * @throws {@link ArgumentTypeError} "world_rank_id should be int, but got type {type}"; then as
 *   {@link getWorldRankFromGroupRank}.
 * @example
 * ```ts
 * import { communication, launch } from 'mindsim';
 * const { results } = await launch(({ rank }) => {
 *   communication.init();
 *   if (rank % 2 === 0) return -1;
 *   communication.createGroup('odd', [1, 3, 5, 7]);
 *   return communication.getGroupRankFromWorldRank(7, 'odd');
 * }, { cluster: 'atlas800-910' });
 * console.log(results[1]); // 3
 * ```
 */
export function getGroupRankFromWorldRank(worldRankId: number, group: string): number {
  checkRankId(worldRankId, 'world_rank_id');
  const comm = inited(group);
  ncclRefuses(comm, 'get_group_rank_from_world_rank');
  notWorld(comm, group);
  const i = members(comm, group, 'id').indexOf(worldRankId);
  if (i < 0) throw runtimeError(`Get group rank error: rank ${worldRankId} is not in group ${group}.`);
  return i;
}

/**
 * Creates a group of world ranks (HCCL), as every member must (in the same order: it is the group's
 * rank order). A second creation with the same list is a no-op with a warning.
 *
 * @throws {@link ArgumentTypeError} "Rank_ids {rank_ids} should be list".
 * @throws {@link ArgumentValueError} for another list under an existing name, an empty list ("Rank_ids
 *   size {n} should be large than 0"), duplicates, a bad name ("Group name is invalid."), or ids that
 *   are not unsigned integers ("Rank id must be unsigned integer!").
 * @throws {@link MindsimError} (RuntimeError) on NCCL ("Nccl doesn't support create_group now."), or
 *   when this rank is not in the list or an id is outside the world ("Create group error, ...").
 * @example
 * ```ts
 * import { communication, launch } from 'mindsim';
 * const { results } = await launch(({ rank }) => {
 *   communication.init();
 *   if (rank < 4) communication.createGroup('first4', [0, 1, 2, 3]);
 *   return rank < 4 ? communication.getGroupSize('first4') : 0;
 * }, { cluster: 'atlas800-910' });
 * console.log(results.join(' ')); // 4 4 4 4 0 0 0 0
 * ```
 */
export function createGroup(group: string, rankIds: readonly number[]): void {
  const comm = inited(group);
  const old = comm.created.get(group) ?? (group === comm.hub.worldGroup ? comm.hub.group(group) : undefined);
  if (old && Array.isArray(rankIds)) {
    if (old.join() === rankIds.join()) {
      globalThis.process?.emitWarning?.(`'${group}' group has existed.`);
      return;
    }
    throw new ArgumentValueError(`The group ${group} has been created, the rank_list is [${old.join(', ')}], but current rank_list for the group is [${rankIds.join(', ')}]`);
  }
  ncclRefuses(comm, 'create_group');
  if (!Array.isArray(rankIds)) throw new ArgumentTypeError(`Rank_ids ${String(rankIds)} should be list`);
  if (rankIds.length === 0) throw new ArgumentValueError(`Rank_ids size ${rankIds.length} should be large than 0`);
  if (new Set(rankIds).size !== rankIds.length) throw new ArgumentValueError(`List rank_ids in Group ${group} has duplicate data!`);
  if (group === '' || group.length > 127) throw new ArgumentValueError('Group name is invalid.');
  if (rankIds.some((r) => typeof r !== 'number' || !Number.isInteger(r) || r < 0)) throw new ArgumentValueError('Rank id must be unsigned integer!');
  if (rankIds.length > 4096) throw new ArgumentValueError('Rank number is out of range.');
  if (!rankIds.includes(comm.rank) || rankIds.some((r) => r >= comm.topology.size)) {
    throw runtimeError(`Create group error, the error code is 1: rank ${comm.rank} must be one of rank_ids [${rankIds.join(', ')}], each in 0..${comm.topology.size - 1}`);
  }
  comm.hub.defineGroup(group, rankIds);
  comm.created.set(group, [...rankIds]);
}

/**
 * Destroys a group this rank created (HCCL; not the world group).
 *
 * @throws {@link ArgumentValueError} "The hccl_world_group does not support destruction."; as
 *   {@link getRank} for an unknown group; RuntimeError on NCCL.
 * @example
 * ```ts
 * import { communication, launch } from 'mindsim';
 * const { results } = await launch(() => {
 *   communication.init();
 *   communication.createGroup('all', [0, 1, 2, 3, 4, 5, 6, 7]);
 *   communication.destroyGroup('all');
 *   try { communication.getGroupSize('all'); } catch (e) { return (e as Error).message; }
 * }, { cluster: 'atlas800-910' });
 * console.log(results[0]); // Get rank size error.
 * ```
 */
export function destroyGroup(group: string): void {
  const comm = inited(group);
  ncclRefuses(comm, 'destroy_group');
  if (worldGroupOf(comm, group) === comm.hub.worldGroup) throw new ArgumentValueError('The hccl_world_group does not support destruction.');
  members(comm, group, 'size');
  comm.created.delete(group);
}
