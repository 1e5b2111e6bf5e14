/**
 * Parameter servers as MindSpore r1.5 runs them (`ccsrc/ps/parameter_server.cc`, `worker.cc`): each
 * key (one Parameter) lives on server `key % servers`; a worker's Push sends its gradient (and, the
 * first time, the initial weight) over its host link and the network to that server; once every worker
 * has pushed a key's gradient for an iteration, the server sums them (in worker order, float32),
 * divides by the worker count and runs the optimizer kernel on its CPU (ApplyMomentum, Adam); a
 * worker's Pull of that iteration then brings the new weight back. Pushes and Pulls are work items on
 * the worker's communication stream and the server's update a kernel on its CPU: all in the trace.
 * A server's NIC carries one transfer at a time, in arrival order.
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import { ktensor, type KSignature, type KTensor, type KernelDef } from '../../kernels/index.js';
import type { Device } from '../device/device.js';
import { copyTime } from '../device/spec.js';
import type { BufferView } from '../device/memory.js';
import type { Stream, WorkItem } from '../device/work.js';
import type { Simulator } from '../sim/simulator.js';
import type { Topology } from './topology.js';
import type { CollectiveHub } from './hub.js';

/** What each input of the server's optimizer kernel is: the weight, its state, the gradient, or a pushed value. */
export type PsSlot = 'weight' | 'state' | 'gradient' | 'pushed';

/** The optimizer a key's server runs. */
export interface PsUpdate {
  /** The kernel (ApplyMomentum, Adam). */
  readonly kernel: KernelDef<never>;
  /** Its attributes. */
  readonly attrs: object;
  /** Each kernel input's slot, in the kernel's order. */
  readonly slots: readonly PsSlot[];
  /** The kernel outputs written back: into the weight, then the states, in order. */
  readonly updates: readonly number[];
}

/** One worker's Push or Pull of a key. */
export interface PsCall {
  /** `Push` or `Pull`. */
  readonly op: 'Push' | 'Pull';
  /** The key (its Parameter's). */
  readonly key: number;
  /** The server's optimizer. */
  readonly update: PsUpdate;
  /** The weight's dtype and shape. */
  readonly weight: KSignature;
  /** Push: bytes of the gradient and the pushed values (the weight's are added the first time). */
  readonly bytes: number;
  /** Push: its inputs on the device, in the order of the update's slots but the weight and states: the gradient and the pushed values; then the weight (sent the first time). Pull: one output, the weight. */
  readonly buffers?: () => PsBuffers;
  /** The buffers it reads and writes (for the race finder). */
  readonly reads?: readonly BufferView[];
  /** The buffers it writes. */
  readonly writes?: readonly BufferView[];
}

/** A parameter server: its CPU device and the node whose host it runs on. */
export interface PsServer {
  /** Its CPU device (the server's updates run there). */
  readonly device: Device;
  /** Its node. */
  readonly node: number;
}

/** A Push's device buffers (Push: its inputs; Pull: its output). */
export interface PsBuffers {
  /** What it reads. */
  readonly inputs: KTensor[];
  /** What it writes. */
  readonly outputs: KTensor[];
}

/** A key on its server. */
interface KeyState {
  readonly server: number;
  /** Whether a Push has brought the initial weight. */
  initialised: boolean;
  /** The weight's bytes. */
  readonly bytes: number;
  weight: KTensor | null;
  states: KTensor[];
  /** Per iteration: each worker's pushed gradient and values (by worker), and how many pushed. */
  readonly pushes: Map<number, { parts: (KTensor[] | undefined)[]; count: number }>;
  /** Updates applied (iteration i is readable once version > i). */
  version: number;
  /** Pulls waiting for an update: the worker, its iteration, its item and where it arrived. */
  readonly waiting: { worker: number; iteration: number; item: WorkItem }[];
}

/**
 * The parameter servers of a launch (`launch(program, { ps: { servers } })` makes one): the workers'
 * Pushes and Pulls are submitted to it, as collectives are to a {@link CollectiveHub}.
 *
 * @throws {@link ArgumentValueError} without a server, or for a Push or Pull of a rank that is no worker.
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const c = new runtime.Cluster('dgx-a100');
 * const hub = new runtime.ParameterServerHub(c.topology, c.platform.sim, [c.device(0), c.device(1)], [{ device: c.platform.device('CPU:0'), node: 0 }]);
 * console.log(hub.workerCount, hub.servers[0]!.device.name); // 2 CPU:0
 * ```
 */
export class ParameterServerHub {
  private readonly keys = new Map<number, KeyState>();
  /** Per worker and key: Pushes and Pulls issued so far (a worker's n-th Push of a key is iteration n). */
  private readonly issued = new Map<string, number>();
  /** When each server's NIC is free again. */
  private readonly nicFree: number[];

  /**
   * @param workers - each worker's device (worker w is rank w of the topology).
   * @param servers - each server's CPU device and node.
   */
  constructor(
    private readonly topology: Topology,
    private readonly sim: Simulator,
    private readonly workers: readonly Device[],
    readonly servers: readonly PsServer[],
    /** Costs only: no values travel and the servers compute nothing. */
    private readonly timingOnly = false,
  ) {
    if (servers.length < 1) throw new ArgumentValueError(`ParameterServerHub: at least one server, but got ${servers.length}`);
    this.nicFree = servers.map(() => 0);
  }

  /** How many workers push each key. */
  get workerCount(): number {
    return this.workers.length;
  }

  /** Submits worker `worker`'s Push or Pull on `stream` of its device; returns its work item. */
  submit(worker: number, stream: Stream, call: PsCall): WorkItem {
    const device = this.workers[worker];
    if (!device) throw new ArgumentValueError(`ParameterServerHub: worker ${worker} is not one of the ${this.workers.length} workers`);
    const counter = `${call.op} ${worker} ${call.key}`;
    const iteration = this.issued.get(counter) ?? 0;
    this.issued.set(counter, iteration + 1);
    const key = this.keyState(call.key, call.weight.shape.reduce((a, b) => a * b, 1) * call.weight.dtype.itemsize);
    let out: (() => KTensor) | null = null;
    const access = { ...(call.reads ? { reads: call.reads } : {}), ...(call.writes ? { writes: call.writes } : {}) };
    if (call.op === 'Push') {
      let parts: KTensor[] = [];
      const item: WorkItem = device.collective(stream, 'Push', {
        arrived: () => {
          if (!this.timingOnly && call.buffers) parts = call.buffers().inputs.map((t) => ktensor(t.dtype, t.shape, t.data.slice() as never));
          const first = !key.initialised;
          key.initialised = true; // the first Push to arrive carries the initial weight
          device.endCollective(item, this.toServer(worker, key.server, call.bytes + (first ? key.bytes : 0)));
        },
        failed: () => {},
        waiting: () => `Push of key ${call.key} to server ${key.server}`,
      }, () => {
        this.received(call, key, worker, iteration, parts);
        return false;
      }, access);
      return item;
    }
    const item: WorkItem = device.collective(stream, 'Pull', {
      arrived: () => {
        if (!this.timingOnly && call.buffers) out = () => call.buffers!().outputs[0]!;
        if (key.version > iteration) this.answer(key, worker, item);
        else key.waiting.push({ worker, iteration, item });
      },
      failed: () => {},
      waiting: () => `Pull of key ${call.key} (iteration ${iteration}) from server ${key.server}: ${key.pushes.get(iteration)?.count ?? 0} of ${this.workers.length} workers pushed`,
    }, () => {
      if (out) out().data.set(key.weight!.data as never);
      return false;
    }, access);
    return item;
  }

  /** Bytes of a key's weight. */
  private weightBytes(key: KeyState): number {
    return key.bytes;
  }

  private keyState(key: number, bytes: number): KeyState {
    let k = this.keys.get(key);
    if (!k) this.keys.set(key, (k = { server: key % this.servers.length, initialised: false, bytes, weight: null, states: [], pushes: new Map(), version: 0, waiting: [] }));
    return k;
  }

  /** When `bytes` from worker `worker`'s device reach server `server`: its host link, then the network (the server's NIC in turn). */
  private toServer(worker: number, server: number, bytes: number): number {
    const device = this.workers[worker]!;
    const atHost = this.sim.now() + copyTime(device.spec, bytes, device.spec.hostLinkBandwidth);
    return this.overNetwork(this.topology.nodeOf(worker), server, bytes, atHost);
  }

  /** A transfer between a node's host and a server over the server's NIC (a host copy within its own node). */
  private overNetwork(node: number, server: number, bytes: number, ready: number): number {
    const s = this.servers[server]!;
    const net = this.topology.spec.network;
    if (node === s.node) return ready; // the same host
    const start = Math.max(ready, this.nicFree[server]!);
    const end = start + this.topology.spec.library.simple.ring.net + (bytes / (net.nic.bandwidth * net.efficiency)) * 1e9;
    this.nicFree[server] = end;
    return Math.ceil(end);
  }

  /** A Push arrived at its server: kept; the last worker's starts the update on the server's CPU. */
  private received(call: PsCall, key: KeyState, worker: number, iteration: number, parts: KTensor[]): void {
    if (key.weight === null && !this.timingOnly) {
      const weight = parts[parts.length - 1]!;
      key.weight = ktensor(weight.dtype, weight.shape, weight.data.slice() as never);
      key.states = call.update.slots.filter((s) => s === 'state').map(() => ktensor(weight.dtype, weight.shape));
    }
    let round = key.pushes.get(iteration);
    if (!round) key.pushes.set(iteration, (round = { parts: new Array(this.workers.length), count: 0 }));
    round.parts[worker] = parts;
    if (++round.count < this.workers.length) return;
    key.pushes.delete(iteration);
    this.update(call, key, round.parts as KTensor[][]);
  }

  /** The server's optimizer step: the mean gradient (summed in worker order, float32), the kernel on its CPU. */
  private update(call: PsCall, key: KeyState, parts: readonly KTensor[][]): void {
    const { update, weight } = call;
    const server = this.servers[key.server]!;
    const scalar: KSignature = { dtype: weight.dtype, shape: [] };
    let inputs: KSignature[] = update.slots.map((slot) => (slot === 'pushed' ? scalar : weight));
    if (!this.timingOnly) {
      const first = parts[0]!;
      const grad = ktensor(first[0]!.dtype, first[0]!.shape);
      const sum = grad.data as Float32Array;
      for (const p of parts) {
        const g = p[0]!.data as Float32Array;
        for (let i = 0; i < sum.length; i++) sum[i] = Math.fround(sum[i]! + g[i]!);
      }
      const n = Math.fround(this.workers.length);
      for (let i = 0; i < sum.length; i++) sum[i] = Math.fround(sum[i]! / n);
      let pushed = 1;
      let state = 0;
      inputs = update.slots.map((slot) => (slot === 'weight' ? key.weight! : slot === 'state' ? key.states[state++]! : slot === 'gradient' ? grad : first[pushed++]!));
    }
    const cost = update.kernel.cost(inputs, update.attrs as never);
    const applied = (): void => {
      key.version++;
      const ready = key.waiting.filter((w) => key.version > w.iteration);
      for (const w of ready) {
        key.waiting.splice(key.waiting.indexOf(w), 1);
        this.answer(key, w.worker, w.item);
      }
    };
    const item = server.device.launch(server.device.defaultStream, {
      name: update.kernel.name,
      flops: cost.flops,
      bytes: cost.bytes,
      dtype: cost.dtype.name,
      run: () => {
        const r = update.kernel.compute(inputs as KTensor[], update.attrs as never);
        const targets = [key.weight!, ...key.states];
        update.updates.forEach((_, j) => targets[j]!.data.set(r.outputs[j]!.data as never));
        return false;
      },
    });
    (item.onFinish ??= []).push(applied);
  }

  /** Sends the key's weight back to a worker: the network, then its host link. */
  private answer(key: KeyState, worker: number, item: WorkItem, bytes = this.weightBytes(key)): void {
    const device = this.workers[worker]!;
    const atHost = this.overNetwork(this.topology.nodeOf(worker), key.server, bytes, this.sim.now());
    device.endCollective(item, atHost + copyTime(device.spec, bytes, device.spec.hostLinkBandwidth));
  }
}
