/**
 * The units the device executes: work items on FIFO streams, events, and engine pools.
 * @module
 */
import type { Schedulable } from '../sim/event-queue.js';
import type { EngineKind, WorkKind } from '../trace/records.js';
import type { AccessList } from '../trace/recorder.js';
import type { BufferView } from './memory.js';

/** What a kernel's function is given when it runs. */
export interface KernelContext {
  /** True on devices in saturation mode: results beyond the dtype's range must be clamped. */
  readonly saturate: boolean;
  /** The device's name (`Ascend:0`). */
  readonly device: string;
}

/**
 * A kernel's arithmetic: reads and writes device buffers when the simulator executes it; returns true
 * when its arithmetic overflowed (a non-finite result from finite inputs, or a saturated value).
 */
export type KernelFunction = (ctx: KernelContext) => boolean | void;

/**
 * What a launched kernel does when its time is up: its arithmetic (`run`), or where the arithmetic is
 * skipped (timing-only platforms, the null device) what its completion means besides it (`timed`).
 * Both are called as methods of this object, so one object (a recorded op) can be its own effect and
 * no closure is made per launch.
 */
export interface KernelEffect {
  /** The arithmetic; returns true on overflow. */
  run?(ctx: KernelContext): boolean | void;
  /** Called at completion instead of `run` where the arithmetic is skipped. */
  timed?(): void;
  /** @internal what it reads and writes, listed when its submission is traced (see KernelDescriptor.access) */
  readonly access?: AccessList | undefined;
}

/** Work item states. */
export const WorkState = {
  /** Submitted, not started. */
  Queued: 0,
  /** Occupying its engine. */
  Running: 1,
  /** Finished well. */
  Done: 2,
  /** Failed (a fault, a sticky error, a lost device). */
  Failed: 3,
} as const;
/** One of the {@link WorkState} values. */
export type WorkState = (typeof WorkState)[keyof typeof WorkState];

/**
 * A collective's part on one device: its work item begins when the stream reaches it (the rank
 * arrives) and ends when the collective engine says, once every participant has arrived and the
 * transfer is done.
 */
export interface Rendezvous {
  /** The item began: its rank has arrived. */
  arrived(item: WorkItem): void;
  /** The item failed before its collective ended (a fault, a lost device, a sticky error). */
  failed(item: WorkItem, error: Error): void;
  /** Why it is still waiting, for deadlock reports (`waits in AllReduce #1 of nccl_world_group for ranks 2, 3`). */
  waiting(): string;
}

/** Something that runs when a work item completes (the device sets this). */
export interface Completer {
  /** The item's time is up: apply its effects and start what follows. */
  complete(item: WorkItem): void;
}

/** One unit of work on a stream: a kernel, a copy, an event record or wait, a register op. */
export class WorkItem implements Schedulable {
  /** Queued, running, done or failed. */
  state: WorkState = WorkState.Queued;
  /** Items that must finish before this one starts (besides the previous item on its stream). */
  deps: WorkItem[] | null = null;
  /** Items blocked until this one finishes. */
  waiters: WorkItem[] | null = null;
  /** For a wait: the event waited on (while its record is still pending). */
  event: DeviceEvent | null = null;
  /** For a wait: the record item it waits for. */
  waitsOn: WorkItem | null = null;
  /** Why it failed, if it did. */
  error: Error | null = null;
  /** When it began, in simulated ns (-1 before). */
  begin = -1;
  /** When it ended, in simulated ns (-1 before). */
  end = -1;
  /** The device generation it was submitted in (a reset abandons older items). */
  generation = 0;
  /** Copy source (copies only). */
  src: BufferView | null = null;
  /** Copy destination (copies only). */
  dst: BufferView | null = null;
  /** Bytes moved (copies). */
  bytes = 0;
  /** Buffers a kernel declared it reads (traced for the race finder). */
  reads: readonly BufferView[] | null = null;
  /** Buffers a kernel declared it writes (traced for the race finder). */
  writes: readonly BufferView[] | null = null;
  /** A collective's part: told when the item begins (its rank arrives) and when it fails. */
  rendezvous: Rendezvous | null = null;
  /** An error it must end with instead of running (a collective failed by its peers). */
  forcedError: Error | null = null;
  /** A collective part whose end is scheduled. */
  ending = false;
  /** A kernel's effect: its arithmetic, or what its completion means where arithmetic is skipped. */
  effect: KernelEffect | null = null;
  /** Called once when it finishes, well or not (a host that waits without polling). */
  onFinish: (() => void)[] | null = null;

  /** @internal */
  constructor(
    /** Unique within its platform. */
    readonly id: number,
    /** Kernel, copy, record, wait or register op. */
    readonly kind: WorkKind,
    /** Its name in traces. */
    readonly op: string,
    /** The stream it runs on. */
    readonly stream: Stream,
    /** The engine it occupies, if any. */
    readonly engine: EngineKind | null,
    /** Simulated ns it takes once started. */
    readonly duration: number,
    /** Its arithmetic, if any. */
    readonly run: KernelFunction | null,
    private readonly completer: Completer,
  ) {}

  /** True once it finished, well or not. */
  get finished(): boolean {
    return this.state >= WorkState.Done;
  }

  /** Called by the simulator at the item's end time. */
  fire(): void {
    this.completer.complete(this);
  }
}

/**
 * A stream: a FIFO queue of work; each item starts after the previous one finished.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const platform = new runtime.Platform();
 * const gpu = platform.device('GPU:0');
 * const s = gpu.createStream();
 * console.log(s.id, s.idle); // 1 true
 * ```
 */
export class Stream {
  /** Pending items; `items[head]` is the next to start or the one running. */
  items: WorkItem[] = [];
  /** Index of the head item in `items`. */
  head = 0;
  /** The item occupying the stream (running, or waiting for an engine or a dependency). */
  running: WorkItem | null = null;
  /** The last item submitted (for event records and the legacy default stream). */
  last: WorkItem | null = null;
  /** The sticky error: set by a failed item, reported at synchronisation until the device is reset. */
  error: Error | null = null;
  /** Destroyed: no more work may be submitted. */
  destroyed = false;

  /** @internal */
  constructor(
    /** The stream's number on its device (0 is the default stream). */
    readonly id: number,
    /** The device's name. */
    readonly deviceName: string,
    /** Created non-blocking: opts out of the legacy default stream's implicit synchronisation. */
    readonly nonBlocking: boolean,
  ) {}

  /** True when nothing is pending or running. */
  get idle(): boolean {
    return this.head >= this.items.length;
  }

  /** The next item to start, if any. */
  peek(): WorkItem | undefined {
    return this.items[this.head];
  }

  /** Removes the head item; compacts the queue now and then. */
  shift(): void {
    // let the finished item go now: kept until the next compaction it would reach the old generation
    (this.items as (WorkItem | undefined)[])[this.head] = undefined;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** Forgets all pending work (device reset). */
  clear(): void {
    this.items = [];
    this.head = 0;
    this.running = null;
    this.last = null;
    this.error = null;
  }

  /** `GPU:0 stream 2` */
  toString(): string {
    return `${this.deviceName} stream ${this.id}`;
  }
}

/**
 * An event: recorded on a stream, waited on by others, queried and synchronised by the host.
 */
export class DeviceEvent {
  /** The latest record submitted. */
  lastRecord: WorkItem | null = null;
  /** Waits submitted before any record (pending-wait devices only). */
  pendingWaits: WorkItem[] = [];
  /** Destroyed: it may not be recorded or waited on. */
  destroyed = false;

  /** @internal */
  constructor(
    /** The event's number on its device. */
    readonly id: number,
    /** The device's name. */
    readonly deviceName: string,
  ) {}

  /** `e3` */
  get name(): string {
    return `e${this.id}`;
  }
}

/** A pool of identical engines (compute slots or copy engines) with a FIFO of items waiting. */
export class EnginePool {
  /** Slots in use. */
  busy = 0;
  private waiting: WorkItem[] = [];
  private head = 0;

  /** @internal */
  constructor(
    /** Which engines. */
    readonly kind: EngineKind,
    /** How many run at once. */
    readonly slots: number,
  ) {}

  /** Takes a slot if one is free. */
  tryAcquire(): boolean {
    if (this.busy < this.slots) {
      this.busy++;
      return true;
    }
    return false;
  }

  /** Queues an item until a slot frees. */
  enqueue(item: WorkItem): void {
    this.waiting.push(item);
  }

  /** Frees a slot and hands it to the next waiting item, which is returned (the slot stays taken). */
  release(): WorkItem | undefined {
    if (this.head < this.waiting.length) {
      const next = this.waiting[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting = this.waiting.slice(this.head);
        this.head = 0;
      }
      return next;
    }
    this.busy--;
    return undefined;
  }

  /** Empties the pool (device reset). */
  clear(): void {
    this.busy = 0;
    this.waiting = [];
    this.head = 0;
  }
}
