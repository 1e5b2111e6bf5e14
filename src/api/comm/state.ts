/**
 * What a context knows of its place in a cluster: the hub, its world rank, whether `init()` ran and
 * with which backend, and the groups this rank created (MindSpore keeps these per process).
 * @module
 */
import type { CollectiveHub, Topology } from '../../runtime/index.js';

/** A context's communication state. */
export interface CommState {
  /** The cluster's collective hub. */
  readonly hub: CollectiveHub;
  /** The cluster's shape. */
  readonly topology: Topology;
  /** This context's world rank. */
  readonly rank: number;
  /** Started by `launch` (its rank environment is set, as RANK_ID / MPI ranks are), or a world of one. */
  readonly launched: boolean;
  /** Whether `init()` ran. */
  inited: boolean;
  /** The backend `init()` chose. */
  backend: 'hccl' | 'nccl' | 'mccl' | null;
  /** The groups this rank created, by name. */
  readonly created: Map<string, readonly number[]>;
}

/** HCCL's world group (Ascend), MindSpore's `HCCL_WORLD_COMM_GROUP`. */
export const HCCL_WORLD_COMM_GROUP = 'hccl_world_group';
/** NCCL's world group (GPU), MindSpore's `NCCL_WORLD_COMM_GROUP`. */
export const NCCL_WORLD_COMM_GROUP = 'nccl_world_group';

/** MindSpore's `_get_group`: the literal `hccl_world_group` means the inited backend's world group. */
export function worldGroupOf(comm: CommState, group: string): string {
  return group === HCCL_WORLD_COMM_GROUP ? comm.hub.worldGroup : group;
}
