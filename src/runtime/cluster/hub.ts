/**
 * The collective hub of a cluster: it matches each rank's collectives into instances (a rank's n-th
 * collective on a group meets the other members' n-th; a Send meets the Receive of the same pair and
 * tag), checks they agree, starts an instance when its last rank arrives (its work item reaches the
 * head of its stream), times it on the cluster's links, runs its arithmetic at its end, and fails it
 * clearly when ranks disagree or a peer has failed.
 * @module
 */
import { ArgumentValueError, CollectiveMismatchError, CollectiveTimeoutError } from '../../errors/index.js';
import { routeMismatch, runCollective, type CollectiveAttrs, type CollectivePart, type Route } from '../../kernels/index.js';
import type { Device } from '../device/device.js';
import type { BufferView } from '../device/memory.js';
import type { Rendezvous, Stream, WorkItem } from '../device/work.js';
import type { SimulatorCore } from '../sim/core.js';
import { type CollectiveKind, type TransferPlan, planCollective, planExchange } from './cost.js';
import type { Topology } from './topology.js';
import { TransferEngine } from './transfers.js';

/** One rank's call of a collective. */
export interface CollectiveCall {
  /** The primitive's name (`AllReduce`, `Send`, `Receive`), for traces and messages. */
  readonly op: string;
  /** What it computes (Send and Receive both say `Send`). */
  readonly attrs: CollectiveAttrs;
  /** The group's name. */
  readonly group: string;
  /** What must agree across the ranks, in words (`AllReduce(op='sum') Float32 (4,)`). */
  readonly signature: string;
  /** The bytes the cost model moves (see `planCollective`). */
  readonly bytes: number;
  /** Send/Receive: the peer's world rank and the tag. */
  readonly peer?: CollectivePeer;
  /**
   * Exchange (NeighborExchange, AllSwap): what this rank sends to and receives from which member (its
   * place in the group), in elements, and each element's size in bytes. Ranks' routes must agree.
   */
  readonly route?: Route;
  /** Exchange: bytes per element. */
  readonly itemsize?: number;
  /** This rank's buffers, read at the collective's end (absent when nothing is computed). */
  readonly buffers?: () => CollectivePart;
  /** Device buffers it reads (for traces and the race finder). */
  readonly reads?: readonly BufferView[];
  /** Device buffers it writes. */
  readonly writes?: readonly BufferView[];
}

/** A point-to-point call's other end. */
export interface CollectivePeer {
  /** Its world rank. */
  readonly rank: number;
  /** The tag that pairs a Send with its Receive. */
  readonly tag: number;
}

/** What the hub is told of each rank. */
export interface HubRank {
  /** The rank's device. */
  readonly device: Device;
}

/** One collective: its members (world ranks, in group order), their calls and items. */
class Instance {
  readonly calls: (CollectiveCall | undefined)[];
  readonly items: (WorkItem | undefined)[];
  readonly arrivedAt: number[];
  arrived = 0;
  started = -1;
  failure: Error | null = null;
  /** A member whose failure makes the others time out, and why. */
  lost: { rank: number; why: string } | null = null;
  flags: boolean[] | null = null;
  plan: TransferPlan | null = null;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly members: readonly number[],
  ) {
    this.calls = new Array(members.length).fill(undefined);
    this.items = new Array(members.length).fill(undefined);
    this.arrivedAt = new Array(members.length).fill(-1);
  }

  /** Members that have not arrived. */
  missing(): number[] {
    return this.members.filter((_, i) => this.arrivedAt[i]! < 0);
  }
}

/** The simulated timeout a collective waits for a failed peer by default: 1800 s (HCCL's and PyTorch's order of magnitude). */
export const DEFAULT_COLLECTIVE_TIMEOUT_NS = 1800e9;

/**
 * Matches, times and runs the collectives of a cluster's ranks.
 */
export class CollectiveHub {
  private readonly engine: TransferEngine;
  private readonly groups = new Map<string, readonly number[]>();
  private readonly sequence = new Map<string, number>();
  private readonly instances = new Map<string, Instance>();
  private readonly dead = new Map<number, string>();
  /** The plan of the collective started last (what the library chose). */
  lastPlan: TransferPlan | null = null;
  /** Errors the hub made itself (their failing items must not be taken for new failures). */
  private readonly ownErrors = new WeakSet<Error>();

  /**
   * @param timeoutNs - how long a collective waits for a failed peer before it fails.
   */
  constructor(
    /** The cluster's shape. */
    readonly topology: Topology,
    private readonly sim: SimulatorCore,
    private readonly ranks: readonly HubRank[],
    /** The world group's name (`nccl_world_group`, `hccl_world_group`). */
    readonly worldGroup: string,
    private readonly timeoutNs = DEFAULT_COLLECTIVE_TIMEOUT_NS,
  ) {
    this.engine = new TransferEngine(sim, topology.capacities);
    this.groups.set(worldGroup, ranks.map((_, r) => r));
  }

  /** The members of a group (world ranks in group-rank order), if it exists. */
  group(name: string): readonly number[] | undefined {
    return this.groups.get(name);
  }

  /**
   * Defines a group (the first definition of a name holds).
   *
   * @throws {@link ArgumentValueError} when the name exists with other ranks.
   */
  defineGroup(name: string, members: readonly number[]): void {
    const old = this.groups.get(name);
    if (old && old.join() !== members.join()) {
      throw new ArgumentValueError(`The group ${name} has been created, the rank_list is [${old.join(', ')}], but current rank_list for the group is [${members.join(', ')}]`);
    }
    this.groups.set(name, [...members]);
  }

  /** Forgets a group (its pending collectives are unaffected). */
  removeGroup(name: string): void {
    this.groups.delete(name);
  }

  /**
   * Submits rank `rank`'s next collective on `stream` of its device; returns its work item.
   *
   * @throws {@link CollectiveMismatchError} when an earlier rank called something else at this place.
   * @throws {@link ArgumentValueError} when the group is unknown or the rank is not in it.
   */
  submit(rank: number, stream: Stream, call: CollectiveCall): WorkItem {
    const inst = this.instanceFor(rank, call);
    const index = call.peer ? (call.op === 'Send' ? 0 : 1) : inst.members.indexOf(rank);
    const first = inst.calls.find((c) => c !== undefined);
    if (first && first.signature !== call.signature && !call.peer) {
      const calls = inst.members.map((r, i) => (i === index ? call : inst.calls[i]) && `rank ${r} called ${(i === index ? call : inst.calls[i])!.signature}`).filter(Boolean);
      const error = new CollectiveMismatchError(`${inst.name}: the ranks called different collectives: ${calls.join('; ')}`);
      this.fail(inst, error);
      throw error;
    }
    if (call.peer && first && first.signature !== call.signature) {
      const error = new CollectiveMismatchError(`${inst.name}: Send and Receive disagree: rank ${inst.members[0]} sends ${inst.calls[0]?.signature ?? call.signature}; rank ${inst.members[1]} receives ${inst.calls[1]?.signature ?? call.signature}`);
      this.fail(inst, error);
      throw error;
    }
    inst.calls[index] = call;
    if (call.route && !inst.calls.includes(undefined)) {
      const problem = routeMismatch(inst.calls.map((c) => c!.route ?? { sends: [], recvs: [] }));
      if (problem) {
        const error = new CollectiveMismatchError(`${inst.name}: the ranks' ${call.op} routes disagree: ${problem.replace(/participant (\d+)/g, (_, i: string) => `rank ${inst.members[Number(i)]}`).replace(/to (\d+),/, (_, i: string) => `to rank ${inst.members[Number(i)]},`)}`);
        inst.calls[index] = undefined;
        this.fail(inst, error);
        throw error;
      }
    }
    const device = this.ranks[rank]!.device;
    const rendezvous: Rendezvous = {
      arrived: (item) => this.arrive(inst, index, item),
      failed: (item, error) => this.failed(inst, index, item, error),
      waiting: () => `waits in ${inst.name} for rank${inst.missing().length === 1 ? '' : 's'} ${inst.missing().join(', ')} (arrived: ${inst.members.filter((r) => !inst.missing().includes(r)).join(', ') || 'none'})`,
    };
    const run = call.buffers ? () => this.compute(inst, index) : null;
    const item = device.collective(stream, call.op, rendezvous, run, { ...(call.reads ? { reads: call.reads } : {}), ...(call.writes ? { writes: call.writes } : {}) });
    inst.items[index] = item;
    return item;
  }

  /** A rank's program ended; with an error, its peers' collectives that wait for it time out. */
  rankExited(rank: number, error: Error | null): void {
    if (!error) return;
    const why = `its program failed: ${error.message}`;
    this.dead.set(rank, why);
    for (const inst of this.instances.values()) {
      const i = inst.members.indexOf(rank);
      if (i >= 0 && inst.arrivedAt[i]! < 0 && inst.started < 0) this.lose(inst, rank, why);
    }
  }

  /**
   * When ranks wait in different collectives for each other (different groups, or Send/Receive pairs
   * that do not meet), the mismatch in words: each rank and what it called; else null.
   */
  crossedWaits(): CollectiveMismatchError | null {
    const waiting = [...this.instances.values()].filter((i) => i.started < 0 && i.failure === null && i.arrived > 0);
    const where = new Map<number, Instance>();
    for (const inst of waiting) inst.members.forEach((r, i) => inst.arrivedAt[i]! >= 0 && where.set(r, inst));
    const crossed = waiting.filter((inst) => inst.missing().some((r) => where.has(r) && where.get(r) !== inst));
    if (crossed.length === 0) return null;
    const lines = [...where].sort((a, b) => a[0] - b[0]).map(([r, inst]) => {
      const call = inst.calls[inst.members.indexOf(r)]!;
      return call.peer ? `rank ${r} waits in its ${call.op} ${inst.name}` : `rank ${r} called ${call.signature} on group ${call.group} (${inst.name})`;
    });
    return new CollectiveMismatchError(`the ranks wait in different collectives for each other (groups or orders differ, or Sends and Receives wait in a cycle): ${lines.join('; ')}`);
  }

  /** The collectives waiting for ranks, in words (for deadlock reports). */
  waiting(): string[] {
    return [...this.instances.values()].filter((i) => i.started < 0 && i.failure === null).map((i) => `${i.name} waits for rank${i.missing().length === 1 ? '' : 's'} ${i.missing().join(', ')} (arrived: ${i.members.filter((r) => !i.missing().includes(r)).join(', ') || 'none'})`);
  }

  private instanceFor(rank: number, call: CollectiveCall): Instance {
    let members: readonly number[];
    let key: string;
    if (call.peer) {
      const [from, to] = call.op === 'Send' ? [rank, call.peer.rank] : [call.peer.rank, rank];
      if (from === to) throw new ArgumentValueError(`${call.op}: rank ${rank} cannot ${call.op === 'Send' ? 'send to' : 'receive from'} itself`);
      members = [from, to];
      key = `${call.op === 'Send' ? 'Send' : 'Receive'} ${from}->${to} tag ${call.peer.tag} on ${call.group}`;
    } else {
      const g = this.groups.get(call.group);
      if (!g) throw new ArgumentValueError(`${call.op}: group '${call.group}' does not exist`);
      if (!g.includes(rank)) throw new ArgumentValueError(`${call.op}: rank ${rank} is not a member of group '${call.group}' (ranks ${g.join(', ')})`);
      members = g;
      key = `${call.group}`;
    }
    const seqKey = `${key}@${rank}`;
    const seq = (this.sequence.get(seqKey) ?? 0) + 1;
    this.sequence.set(seqKey, seq);
    const name = call.peer ? `${members[0]}->${members[1]} tag ${call.peer.tag} #${seq} of ${call.group}` : `collective #${seq} of ${call.group}`;
    const id = call.peer ? `p2p ${members.join('->')} ${call.peer.tag} ${call.group} #${seq}` : `${call.group} #${seq}`;
    let inst = this.instances.get(id);
    if (!inst) {
      inst = new Instance(id, name, members);
      this.instances.set(id, inst);
      for (const r of members) {
        const why = this.dead.get(r);
        if (why) this.lose(inst, r, why);
      }
    }
    return inst;
  }

  private arrive(inst: Instance, index: number, item: WorkItem): void {
    inst.items[index] = item; // an idle stream starts it while it is being submitted
    inst.arrivedAt[index] = this.sim.now();
    inst.arrived++;
    const device = this.ranks[inst.members[index]!]!.device;
    if (inst.failure) {
      device.endCollective(item, this.sim.now(), inst.failure);
      return;
    }
    if (inst.lost) {
      device.endCollective(item, this.sim.now() + this.timeoutNs, this.timeoutError(inst, index, inst.lost));
      return;
    }
    if (inst.arrived === inst.members.length) this.start(inst);
  }

  private start(inst: Instance): void {
    const call = inst.calls.find((c) => c !== undefined)!;
    const kind: CollectiveKind = call.attrs.kind;
    inst.started = this.sim.now();
    inst.plan =
      kind === 'Exchange'
        ? planExchange(this.topology, inst.calls.flatMap((c, i) => c!.route!.sends.map((s) => ({ from: inst.members[i]!, to: inst.members[s.peer]!, bytes: s.length * (c!.itemsize ?? 1) }))))
        : planCollective(this.topology, kind, [...inst.members].sort((a, b) => a - b), call.bytes);
    this.lastPlan = inst.plan;
    this.emit(inst, 'start');
    this.engine.start(inst.plan, (end) => {
      this.emit(inst, 'end');
      inst.members.forEach((r, i) => this.ranks[r]!.device.endCollective(inst.items[i]!, end));
      this.done(inst);
    });
  }

  /** Runs the arithmetic once, at the first participant's end; each participant reports its own overflow. */
  private compute(inst: Instance, index: number): boolean {
    if (!inst.flags) {
      const parts = inst.calls.map((c) => ({ ...c!.buffers!(), ...(c!.route ? { route: c!.route } : {}) }));
      const device = this.ranks[inst.members[index]!]!.device;
      inst.flags = runCollective(inst.calls[0]!.attrs, parts, { saturate: device.spec.overflowMode === 'saturation', detectOverflow: device.spec.floatStatusRegister });
    }
    return inst.flags[index]!;
  }

  private failed(inst: Instance, index: number, item: WorkItem, error: Error): void {
    if (this.ownErrors.has(error) || inst.started >= 0) return;
    this.lose(inst, inst.members[index]!, `its part failed: ${error.message}`);
    void item;
  }

  /** A member failed: the others that wait (or will) time out. */
  private lose(inst: Instance, rank: number, why: string): void {
    if (inst.lost || inst.failure) return;
    inst.lost = { rank, why };
    inst.members.forEach((r, i) => {
      const item = inst.items[i];
      if (r === rank || !item || inst.arrivedAt[i]! < 0) return;
      this.ranks[r]!.device.endCollective(item, inst.arrivedAt[i]! + this.timeoutNs, this.timeoutError(inst, i, inst.lost!));
    });
  }

  /** Ranks disagree: every part fails now (the ones to come, at arrival). */
  private fail(inst: Instance, error: Error): void {
    this.ownErrors.add(error);
    inst.failure = error;
    inst.members.forEach((r, i) => {
      const item = inst.items[i];
      if (item && inst.arrivedAt[i]! >= 0) this.ranks[r]!.device.endCollective(item, this.sim.now(), error);
    });
  }

  private timeoutError(inst: Instance, index: number, lost: { rank: number; why: string }): Error {
    const me = inst.members[index]!;
    const seconds = this.timeoutNs / 1e9;
    const op = inst.calls[index]?.op ?? 'collective';
    const error =
      this.topology.spec.library.name === 'hccl'
        ? new CollectiveTimeoutError(`EI0002: The wait execution of the Notify register times out. Reason: The Notify register has not received the Notify record from remote rank [${lost.rank}]. (${op}, ${inst.name}, on rank ${me}, after ${seconds} s; rank ${lost.rank}: ${lost.why})`)
        : new CollectiveTimeoutError(`${this.topology.spec.library.name.toUpperCase()} error: remote process exited or there was a network error (${op}, ${inst.name}, on rank ${me}: rank ${lost.rank}: ${lost.why}; timed out after ${seconds} s)`);
    this.ownErrors.add(error);
    return error;
  }

  private done(inst: Instance): void {
    this.instances.delete(inst.id);
  }

  private emit(inst: Instance, phase: 'start' | 'end'): void {
    if (!this.sim.tracing) return;
    const call = inst.calls.find((c) => c !== undefined)!;
    this.sim.emit({
      type: 'collective',
      time: this.sim.now(),
      phase,
      name: inst.name,
      op: call.op,
      group: call.group,
      ranks: [...inst.members],
      items: inst.items.map((it) => it!.id),
      devices: inst.members.map((r) => this.ranks[r]!.device.name),
      algorithm: inst.plan ? `${inst.plan.algorithm}/${inst.plan.protocol}` : undefined,
      bytes: call.bytes,
    });
  }
}
