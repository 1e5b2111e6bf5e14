/**
 * A recorded op: what it runs, on which device, its inputs and outputs, the unfinished nodes it must
 * follow, and where and when it was launched.
 * @module
 */
import type { NDArray } from '../numpy/index.js';
import type { KernelDef } from '../../kernels/index.js';
import { kernelTime, type AccessList, type BufferView, type CollectiveCall, type Device, type DeviceEvent, type KernelContext, type KernelDescriptor, type PsCall, type Stream, type WorkItem } from '../../runtime/index.js';
import type { DTypeName } from '../../kernels/index.js';
import { runNode, timedNode, type KernelCallScratch } from './launch.js';
import type { OrderingNode, Tensor } from '../tensor.js';
import type { LastGoodValues } from './recovery.js';

/**
 * How a node acts: run its kernel into new outputs; clear or read the float-status register; print;
 * or update its first input in place (Assign, AssignAdd, AssignSub: the kernel's result, or for plain
 * Assign the second input, is written into the first input's data); or take part in a collective.
 */
export type NodeAction = 'kernel' | 'npu-clear' | 'npu-get' | 'print' | 'assign' | 'collective';

/** A collective node's part: the cluster's hub, this rank, and the call it submits. */
export interface CollectiveNode {
  /** Where it is submitted: a collective hub, or the parameter servers (a Push or Pull). */
  readonly hub: { submit(rank: number, stream: Stream, call: CollectiveCall & PsCall): WorkItem };
  /** The submitting rank (a worker, for the parameter servers). */
  readonly rank: number;
  /** The call, less its buffers (made when it launches). */
  readonly call: Omit<CollectiveCall, 'buffers' | 'reads' | 'writes'> | Omit<PsCall, 'buffers' | 'reads' | 'writes'>;
}

const IN_PLACE_FIRST: readonly number[] = Object.freeze([0]);
const NO_DEPS: readonly OpNode[] = Object.freeze([]);

/**
 * An executor's count of full synchronisations: a node launched in an earlier epoch has finished.
 * Every node of one executor shares its clock.
 */
export interface SyncClock {
  epoch: number;
  /** Parameters' values at the last successful full synchronisation, for those written since. */
  readonly lastGood: LastGoodValues;
  /**
   * An op's failure found at run time (a bug, not an injected fault) that no synchronisation has
   * reported yet: the next one raises it once; the device is not poisoned.
   */
  unreported: Error | null;
  /** Argument lists its nodes' kernel calls reuse (one call runs at a time). */
  readonly scratch: KernelCallScratch;
}

/**
 * One recorded op. A kernel or Print node is its own kernel descriptor when launched (see
 * launch.ts's `launchNode`): its cost fields are set then, and the device calls its `run` or `timed`.
 */
export class OpNode implements OrderingNode, KernelDescriptor, AccessList {
  /**
   * Nodes that must finish before this one starts (unfinished ones; emptied once it is launched). A
   * node with none shares one empty list (most tiny ops have one dependency or none: no spare capacity).
   */
  deps: readonly OpNode[] = NO_DEPS;
  /** It has run on its device (or failed, or will never run): its inputs no longer need it. */
  ran = false;
  stream: Stream | null = null;
  event: DeviceEvent | null = null;
  launched = false;
  /** The synchronisation epoch it was launched in (a full synchronisation finishes everything before it). */
  epoch = -1;
  /** The id of the device work item that runs it (-1 before launch). */
  workId = -1;
  /** In-place ops: the inputs its kernel's outputs are written into, in output order. */
  updates: readonly number[] = IN_PLACE_FIRST;
  /** Collectives: what it submits to the cluster's hub. */
  collective: CollectiveNode | null = null;
  /** Its outputs' signatures are its kernel's `infer` (not given by the caller): the kernel need not infer again. */
  inferred = false;
  /** As a kernel descriptor: floating-point operations (set at launch). */
  flops = 0;
  /** As a kernel descriptor: bytes read and written (set at launch). */
  bytes = 0;
  /** As a kernel descriptor: the dtype its arithmetic runs in (set at launch). */
  dtype: DTypeName | undefined = undefined;

  constructor(
    /** The clock of the executor that recorded it. */
    readonly clock: SyncClock,
    readonly id: number,
    readonly name: string,
    readonly kernel: KernelDef<never> | null,
    readonly attrs: object,
    readonly inputs: readonly Tensor[],
    readonly outputs: Tensor[],
    readonly action: NodeAction,
    readonly device: Device,
    readonly print?: (values: NDArray[]) => void,
  ) {}

  /**
   * Orders this node after `d` (nothing to do when `d` is this node, already a dependency, finished, or
   * a node of another executor: work of a replaced machine, whose data is read to the host instead).
   */
  after(d: OrderingNode | null | undefined): void {
    if (d instanceof OpNode && d !== this && d.clock === this.clock && !d.finished) {
      const deps = this.deps;
      if (deps === NO_DEPS) {
        this.deps = [d];
        return;
      }
      for (let i = 0; i < deps.length; i++) if (deps[i] === d) return; // (a short list: a loop, not the includes builtin)
      (deps as OpNode[]).push(d);
    }
  }

  /** Its effect when its device runs it (called by the device, as a method of its descriptor). */
  run(ctx: KernelContext): boolean {
    return runNode(this, ctx);
  }

  /** Its completion where its arithmetic is skipped (timing-only). */
  timed(): void {
    timedNode(this);
  }

  /**
   * As a kernel descriptor, what it reads and writes: itself, listing its inputs' and outputs' buffers
   * when its submission is traced (for the race finder), so that no list is made per launch.
   */
  get access(): AccessList {
    return this;
  }

  /** Its inputs, read. */
  get readCount(): number {
    return this.inputs.length;
  }

  /** Its outputs, or for an in-place op its targets, written (a Print writes nothing: -1, no field). */
  get writeCount(): number {
    return this.action === 'print' ? -1 : this.action === 'assign' ? this.updates.length : this.outputs.length;
  }

  /** The buffer of its `i`th input. */
  readAt(i: number): BufferView {
    return this.inputs[i]!.data_.buffer!;
  }

  /** The buffer of its `i`th output (in-place: of its `i`th target). */
  writeAt(i: number): BufferView {
    return (this.action === 'assign' ? this.inputs[this.updates[i]!]! : this.outputs[i]!).data_.buffer!;
  }

  /** Launched: its dependencies no longer matter (keeping them would hold every earlier node alive). */
  launchedDeps(): void {
    this.deps = NO_DEPS;
  }

  /** Its estimated run time on its device, in ns (what `critical-path` weighs paths by). */
  get weight(): number {
    const cost = this.kernel?.cost(this.inputs, this.attrs as never);
    return cost ? kernelTime(this.device.spec, cost.flops, cost.bytes, cost.dtype.name, this.name) : kernelTime(this.device.spec, 0, 0);
  }

  /** Whether running it before or after `other` can make a difference (see {@link sharedBy}). */
  conflictsWith(other: OpNode): boolean {
    return sharedBy(this, other) !== null;
  }

  /** Launched, and a full synchronisation has waited for it since. */
  get finished(): boolean {
    return this.ran || (this.launched && this.epoch < this.clock.epoch);
  }
}


/** How a node uses its device's float-status register: overflowing kernels set it; clears write; gets read. */
function registerUse(n: OpNode): 'set' | 'write' | 'read' | null {
  if (!n.device.spec.floatStatusRegister) return null;
  if (n.action === 'npu-clear') return 'write';
  if (n.action === 'npu-get') return 'read';
  // any kernel may overflow and set it, but NPUAllocFloatStatus, which only makes a buffer
  return n.kernel && n.kernel.name !== 'NPUAllocFloatStatus' && (n.action === 'kernel' || n.action === 'assign') ? 'set' : null;
}

/** The data a node writes: its outputs, and for in-place ops (Assign, NPUGetFloatStatus) its first input. */
function writes(n: OpNode): object[] {
  const out: object[] = n.outputs.map((t) => t.data_);
  if (n.action === 'assign') for (const k of n.updates) out.push(n.inputs[k]!.data_);
  if (n.action === 'npu-get') out.push(n.inputs[0]!.data_);
  return out;
}

/**
 * What two nodes both touch, one writing (`'the float-status register of Ascend:0'`, `'Parameter w'`,
 * `'a tensor'`), or null when they are independent: either order computes the same.
 */
export function sharedBy(a: OpNode, b: OpNode): string | null {
  const ra = registerUse(a);
  const rb = registerUse(b);
  if (ra && rb && a.device === b.device && !(ra === rb && ra !== 'write')) return `the float-status register of ${a.device.name}`;
  const wa = writes(a);
  const wb = writes(b);
  const name = (d: object, n: OpNode) => {
    const t = [...n.inputs, ...n.outputs].find((x) => x.data_ === d);
    return t && 'name' in t && typeof t.name === 'string' ? `Parameter ${t.name}` : 'a tensor';
  };
  for (const d of wa) if (wb.includes(d) || b.inputs.some((t) => t.data_ === d)) return name(d, a);
  for (const d of wb) if (a.inputs.some((t) => t.data_ === d)) return name(d, b);
  return null;
}
