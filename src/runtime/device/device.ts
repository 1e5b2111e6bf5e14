/**
 * The device: streams, events, engines, memory and the host-facing runtime API (as CUDA's or ACL's),
 * over the simulator. Work runs at simulated time: an item starts when its stream, its dependencies
 * and an engine allow, and its arithmetic or data movement happens when it completes.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, DeviceError, DeviceLostError, KernelFaultError, MindsimError } from '../../errors/index.js';
import type { DTypeName } from '../../kernels/index.js';
import type { Simulator } from '../sim/simulator.js';
import type { EngineKind, WorkKind } from '../trace/records.js';
import type { AccessList, WorkEntry } from '../trace/recorder.js';
import { deadlockError } from './deadlock.js';
import { type Allocation, BufferView, MemorySpace } from './memory.js';
import { copyTime, deviceCopyTime, kernelTime, type DeviceSpec } from './spec.js';
import { DeviceEvent, EnginePool, type KernelContext, type KernelFunction, type Rendezvous, Stream, WorkItem, WorkState } from './work.js';
import { FaultPlan, checkFaultSpec, type FaultSpec } from './faults.js';

/** What a device needs of the platform it belongs to. */
export interface DeviceHost {
  /** The simulator. */
  readonly sim: Simulator;
  /** Host memory. */
  readonly host: MemorySpace;
  /** Costs and ordering only. */
  readonly timingOnly: boolean;
  /** A fresh work item id. */
  nextId(): number;
  /** Every stream of every device (deadlock reports follow waits across devices). */
  allStreams(): Stream[];
}

/** A kernel to launch: its name, its cost and, optionally, its arithmetic. */
export interface KernelDescriptor {
  /** The op's name in traces and errors. */
  readonly name: string;
  /** Floating-point operations (for the compute-bound time). */
  readonly flops?: number;
  /** Bytes read and written (for the memory-bound time). */
  readonly bytes?: number;
  /** The dtype its arithmetic runs in (selects the peak rate). */
  readonly dtype?: DTypeName | undefined;
  /**
   * The arithmetic, run at completion; returns true on overflow. Skipped in timing-only mode. Called
   * as a method of the descriptor (`this` is the descriptor), as `timed` is.
   */
  readonly run?: KernelFunction;
  /** Called at completion instead of `run` where the arithmetic is skipped (timing-only, the null device). */
  readonly timed?: () => void;
  /** Buffers it reads and writes (checked at launch: they must be live and on this device). */
  readonly buffers?: readonly BufferView[];
  /** Buffers it reads (checked as `buffers`; traced on its submit record, for the race finder). */
  readonly reads?: readonly BufferView[] | undefined;
  /** Buffers it writes (checked as `buffers`; traced on its submit record, for the race finder). */
  readonly writes?: readonly BufferView[] | undefined;
  /**
   * @internal what it reads and writes, listed by the descriptor itself when the submission is traced,
   * instead of `reads` and `writes` (no lists per launch). Not checked: the API layer's op nodes use it
   * for buffers its placement has just made live on this device.
   */
  readonly access?: AccessList | undefined;
}

/**
 * Work items a stream holds (queued or running) before the next submission blocks the host until the
 * device has worked the queue down to half, as CUDA's launch queue (about 1024 launches) does. It
 * bounds the memory of long runs of asynchronous work. The blocked stream's own timeline is unchanged
 * (its device was busy all along); work the host submits after the block starts no earlier than its end.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const platform = new runtime.Platform();
 * const gpu = platform.device('GPU:0');
 * for (let i = 0; i < runtime.LAUNCH_QUEUE_DEPTH; i++) gpu.launch(gpu.defaultStream, { name: 'k', flops: 1e6 });
 * console.log(platform.sim.now()); // 0
 * gpu.launch(gpu.defaultStream, { name: 'k', flops: 1e6 }); // the queue is full: the host waits
 * console.log(platform.sim.now() > 0); // true
 * ```
 */
export const LAUNCH_QUEUE_DEPTH = 1024;

/**
 * A simulated device. Get one from a {@link Platform} (`platform.device('Ascend:0')`).
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const platform = new runtime.Platform();
 * const gpu = platform.device('GPU:0');
 * const s = gpu.createStream();
 * gpu.launch(s, { name: 'noop', flops: 1e9 });
 * gpu.synchronizeStream(s);
 * console.log(platform.sim.now() > 0); // true
 * ```
 */
export class Device {
  /** `Ascend:0`, `GPU:1`... */
  readonly name: string;
  /** The device's memory (the host's own space on a CPU device). */
  readonly memory: MemorySpace;
  /** Stream 0, the default stream. */
  readonly defaultStream: Stream;
  /** Its streams, the default stream first. */
  protected readonly streams: Stream[] = [];
  /** Its live events. */
  protected readonly events = new Set<DeviceEvent>();
  /** Compute and copy engine pools. */
  protected readonly engines: Record<EngineKind, EnginePool>;
  /** Planned kernel and copy faults. */
  protected readonly faults = new FaultPlan();
  /** Incremented by reset: work of an older generation is abandoned. */
  protected generation = 0;

  /** How many times the device was reset: data placed on it before the latest reset is gone. */
  get resets(): number {
    return this.generation;
  }
  /** Set when the device is lost, until reset. */
  protected lostError: DeviceLostError | null = null;
  private nextStreamId = 0;
  private nextEventId = 1;
  /** What every kernel run is told (its fields never change). */
  private readonly kernelContext: KernelContext;
  /** The one entry every work record of this device is published through. */
  private readonly workEntry: WorkEntry = {
    type: 'submit', time: 0, device: '', stream: 0, id: 0, op: '', work: 'kernel', engine: undefined, bytes: undefined,
    status: undefined, waitsOn: undefined, deps: null, reads: null, writes: null, access: null,
  };

  /**
   * Devices are made by their family's factory; get them from `platform.device(name)`.
   *
   * @param spec - the model's figures.
   * @param ordinal - the device's number among its family.
   * @param platform - the machine it belongs to.
   */
  constructor(
    /** The model's figures. */
    readonly spec: DeviceSpec,
    /** The device's number among its kind. */
    readonly ordinal: number,
    /** The machine it belongs to. */
    protected readonly platform: DeviceHost,
  ) {
    this.name = `${spec.kind}:${ordinal}`;
    this.kernelContext = Object.freeze({ saturate: spec.overflowMode === 'saturation', device: this.name });
    this.memory = spec.sharesHostMemory
      ? platform.host
      : new MemorySpace(this.name, spec.memoryBytes, spec.allocationAlignment, platform.sim, 2 ** 40 * (ordinal + 1));
    this.engines = {
      compute: new EnginePool('compute', spec.computeSlots),
      h2d: new EnginePool('h2d', spec.copyEngines.h2d),
      d2h: new EnginePool('d2h', spec.copyEngines.d2h),
      d2d: new EnginePool('d2d', spec.copyEngines.d2d),
    };
    this.defaultStream = this.createStream();
  }

  /** The simulator this device runs on. */
  get sim(): Simulator {
    return this.platform.sim;
  }

  /** True after a device-lost fault, until {@link Device.reset}. */
  get lost(): boolean {
    return this.lostError !== null;
  }

  /** The device's streams (the default stream first). */
  listStreams(): readonly Stream[] {
    return this.streams;
  }

  // ------------------------------------------------------------------ memory

  /**
   * Allocates device memory.
   *
   * @throws {@link OutOfMemoryError} naming the device, the request and the usage.
   * @throws {@link DeviceLostError} when the device is lost.
   */
  allocate(bytes: number): Allocation {
    this.checkUsable('allocate');
    return this.memory.allocate(bytes);
  }

  /** Frees device memory. @throws {@link DeviceError} on a double or foreign free. */
  free(allocation: Allocation): void {
    this.memory.free(allocation);
  }

  // ------------------------------------------------------------------ streams and events

  /**
   * Creates a stream. `nonBlocking` streams do not synchronise with a GPU's legacy default stream.
   *
   * @throws {@link DeviceLostError} when the device is lost.
   */
  createStream(options: { nonBlocking?: boolean } = {}): Stream {
    if (this.streams.length > 0) this.checkUsable('createStream');
    const s = new Stream(this.nextStreamId++, this.name, options.nonBlocking ?? false);
    this.streams.push(s);
    return s;
  }

  /**
   * Destroys a stream once its pending work is done (as cudaStreamDestroy: it returns at once).
   *
   * @throws {@link DeviceError} for the default stream, another device's stream, or a second destroy.
   */
  destroyStream(stream: Stream): void {
    this.ownStream(stream, 'destroyStream');
    if (stream.id === 0) throw new DeviceError(`${this.name}: the default stream cannot be destroyed`);
    stream.destroyed = true;
  }

  /**
   * Creates an event.
   *
   * @throws {@link DeviceError} past the device's event cap (65535 on Ascend).
   */
  createEvent(): DeviceEvent {
    this.checkUsable('createEvent');
    if (this.events.size >= this.spec.maxEvents) {
      throw new DeviceError(`${this.name}: cannot create more than ${this.spec.maxEvents} events (${this.events.size} alive); destroy some first`);
    }
    const e = new DeviceEvent(this.nextEventId++, this.name);
    this.events.add(e);
    return e;
  }

  /** Destroys an event. */
  destroyEvent(event: DeviceEvent): void {
    if (!this.events.delete(event)) throw new DeviceError(`${this.name}: event ${event.name} is not a live event of this device`);
    event.destroyed = true;
  }

  /** Records `event` on `stream`: it completes when the stream's earlier work has. */
  recordEvent(event: DeviceEvent, stream: Stream): WorkItem {
    this.liveEvent(event, 'recordEvent');
    const item = this.submit(stream, 'record', `record ${event.name}`, null, this.spec.latency.event, null);
    event.lastRecord = item;
    const pending = event.pendingWaits;
    event.pendingWaits = [];
    for (const w of pending) {
      w.event = null;
      w.waitsOn = item;
      w.deps = w.deps ? [...w.deps, item] : [item];
      this.retry(w);
    }
    return item;
  }

  /**
   * Makes later work on `stream` wait for `event` (its latest record at this call; on devices with
   * pending waits, its next record when none was issued yet).
   */
  waitEvent(stream: Stream, event: DeviceEvent): WorkItem {
    if (event.destroyed) throw new DeviceError(`${this.name}: waitEvent on destroyed event ${event.name}`);
    return this.submit(stream, 'wait', `wait ${event.name}`, null, this.spec.latency.event, null, (item) => {
      if (event.lastRecord) {
        item.waitsOn = event.lastRecord;
        item.deps = item.deps ? [...item.deps, event.lastRecord] : [event.lastRecord];
      } else if (this.spec.eventWait === 'pending') {
        item.event = event;
        event.pendingWaits.push(item);
      }
    });
  }

  /** Whether the event's latest record has completed (true for a never-recorded event, as CUDA). */
  queryEvent(event: DeviceEvent): boolean {
    return event.lastRecord === null || event.lastRecord.finished;
  }

  // ------------------------------------------------------------------ work

  /**
   * Launches a kernel on a stream; returns at once. It occupies a compute slot for
   * `launch + max(flops / peak(dtype), bytes / memoryBandwidth)`; its `run` executes at completion.
   *
   * @throws {@link ArgumentTypeError} / {@link ArgumentValueError} for a malformed descriptor.
   * @throws {@link DeviceError} for freed or foreign buffers, or a destroyed stream.
   * @throws {@link DeviceLostError} when the device is lost.
   */
  launch(stream: Stream, kernel: KernelDescriptor): WorkItem {
    if (typeof kernel !== 'object' || kernel === null || typeof kernel.name !== 'string' || kernel.name === '') {
      throw new ArgumentTypeError(`${this.name} launch: a kernel needs a non-empty string name`);
    }
    const flops = kernel.flops ?? 0;
    const bytes = kernel.bytes ?? 0;
    if (!(flops >= 0 && Number.isFinite(flops)) || !(bytes >= 0 && Number.isFinite(bytes))) {
      throw new ArgumentValueError(`${this.name} launch ${kernel.name}: flops and bytes must be finite and >= 0, but got ${flops} and ${bytes}`);
    }
    const { buffers, reads, writes } = kernel;
    if (buffers) this.checkBuffers(buffers, kernel.name);
    if (reads) this.checkBuffers(reads, kernel.name);
    if (writes) this.checkBuffers(writes, kernel.name);
    return this.submit(stream, 'kernel', kernel.name, 'compute', kernelTime(this.spec, flops, bytes, kernel.dtype, kernel.name), null, prepareKernel, kernel);
  }

  /** Checks a kernel's buffers (its name joins the message only when one is refused). */
  private checkBuffers(list: readonly BufferView[], kernel: string): void {
    for (let i = 0; i < list.length; i++) this.checkBuffer(list[i]!, 'launch', false, kernel);
  }

  /**
   * Copies `src` into `dst` (equal lengths) on a stream: H2D, D2H or D2D by where they live.
   * A copy from or to pageable host memory returns only when it is done (as CUDA and ACL do).
   *
   * @throws {@link ArgumentValueError} for different lengths, a host-to-host copy, or (Ascend) addresses
   *   that are not 64-byte aligned.
   */
  copyAsync(dst: BufferView, src: BufferView, stream: Stream): WorkItem {
    if (!(dst instanceof BufferView) || !(src instanceof BufferView)) throw new ArgumentTypeError(`${this.name} copyAsync: dst and src must be buffer views`);
    if (dst.byteLength !== src.byteLength) {
      throw new ArgumentValueError(`${this.name} copyAsync: destination has ${dst.byteLength} bytes but source has ${src.byteLength}`);
    }
    const host = this.platform.host;
    const srcHost = src.space === host && !this.spec.sharesHostMemory;
    const dstHost = dst.space === host && !this.spec.sharesHostMemory;
    if (srcHost && dstHost) throw new ArgumentValueError(`${this.name} copyAsync: both buffers are in host memory; copy them on the host`);
    if (!srcHost) this.checkBuffer(src, 'copyAsync source', true);
    if (!dstHost) this.checkBuffer(dst, 'copyAsync destination', true);
    for (const [what, v] of [['source', src], ['destination', dst]] as const) {
      if (v.address % this.spec.copyAlignment !== 0) {
        throw new ArgumentValueError(`${this.name} copyAsync: async copies need ${this.spec.copyAlignment}-byte-aligned addresses, but the ${what} is at 0x${v.address.toString(16)}`);
      }
    }
    const engine: EngineKind = srcHost ? 'h2d' : dstHost ? 'd2h' : 'd2d';
    const peer = !srcHost && !dstHost && src.space !== dst.space;
    const spec = this.spec;
    const op = `copy ${engine.toUpperCase()}`;
    const bytes = src.byteLength;
    const time = srcHost || dstHost ? copyTime(spec, bytes, spec.hostLinkBandwidth) : peer ? copyTime(spec, bytes, spec.deviceLinkBandwidth) : deviceCopyTime(spec, bytes);
    const item = this.submit(stream, 'copy', op, engine, time, null, (it) => {
      it.src = src;
      it.dst = dst;
      it.bytes = src.byteLength;
    });
    const pageable = (srcHost && !src.allocation.pinned) || (dstHost && !dst.allocation.pinned);
    if (pageable) {
      this.hostWait(`pageable ${op} on ${stream}`, () => item.finished, [item]);
      if (item.error) throw item.error;
    }
    return item;
  }

  /** Copies and waits (cudaMemcpy): on the default stream, then synchronises it. */
  copy(dst: BufferView, src: BufferView): void {
    const item = this.copyAsync(dst, src, this.defaultStream);
    this.hostWait(`copy on ${this.defaultStream}`, () => item.finished, [item]);
    if (item.error) throw item.error;
  }

  // ------------------------------------------------------------------ collectives

  /**
   * Submits this device's part of a collective to a stream: it begins when the stream reaches it (its
   * rank arrives: `rendezvous.arrived`), occupies the stream until the collective engine ends it with
   * {@link Device.endCollective}, and runs `run` (its share of the arithmetic) at that end.
   *
   * @throws {@link DeviceError} for a destroyed or foreign stream; {@link DeviceLostError} when lost.
   */
  collective(stream: Stream, op: string, rendezvous: Rendezvous, run: KernelFunction | null, access?: { reads?: readonly BufferView[]; writes?: readonly BufferView[] }): WorkItem {
    return this.submit(stream, 'collective', op, null, 0, run, (item) => {
      item.rendezvous = rendezvous;
      item.reads = access?.reads ?? null;
      item.writes = access?.writes ?? null;
    });
  }

  /**
   * Ends a collective part at simulated time `at` (not before now): well, or with `error` (the
   * collective failed: a mismatch, or a peer that timed out).
   */
  endCollective(item: WorkItem, at: number, error: Error | null = null): void {
    if (item.kind !== 'collective' || item.finished || item.ending) return;
    item.ending = true;
    item.forcedError = error;
    this.sim.at(Math.max(at, this.sim.now()), item);
  }

  // ------------------------------------------------------------------ float status (Ascend)

  /** Clears the float-status register at the moment this op runs on the stream (Ascend only). */
  clearFloatStatus(stream: Stream): WorkItem {
    throw new DeviceError(`NPUClearFloatStatus is not supported on ${this.name} (${this.spec.preset}): only Ascend devices have a float-status register (stream ${stream.id})`);
  }

  /** Copies the register into an 8-float32 buffer at the moment this op runs (Ascend only). */
  getFloatStatus(stream: Stream, status: BufferView): WorkItem {
    void status;
    throw new DeviceError(`NPUGetFloatStatus is not supported on ${this.name} (${this.spec.preset}): only Ascend devices have a float-status register (stream ${stream.id})`);
  }

  // ------------------------------------------------------------------ synchronisation

  /**
   * Runs the simulation until the stream's work is done.
   *
   * @throws the stream's sticky error (a {@link KernelFaultError}), {@link DeviceLostError}, or
   *   {@link DeadlockError} when the work can never finish.
   */
  synchronizeStream(stream: Stream): void {
    this.ownStream(stream, 'synchronizeStream');
    this.hostWait(String(stream), () => stream.idle, stream.last ? [stream.last] : []);
    if (stream.error) throw stream.error;
  }

  /** Runs the simulation until the event's latest record completed. */
  synchronizeEvent(event: DeviceEvent): void {
    const target = event.lastRecord;
    if (!target) return;
    this.hostWait(`event ${event.name} on ${target.stream}`, () => target.finished, [target]);
    if (target.error) throw target.error;
  }

  /** Runs the simulation until all the device's work is done; throws the first sticky error. */
  synchronize(): void {
    this.hostWait(this.name, () => this.streams.every((s) => s.idle), this.streams.flatMap((s) => (s.last ? [s.last] : [])));
    const failed = this.streams.find((s) => s.error);
    if (failed) throw failed.error;
  }

  // ------------------------------------------------------------------ faults and reset

  /**
   * Plans a fault: a failing kernel or copy, or the loss of the device. A reset cancels every fault
   * still planned, a planned device loss included.
   *
   * @throws {@link ArgumentTypeError} for a spec that is not an object, or a field of the wrong type.
   * @throws {@link ArgumentValueError} for an unknown kind or field, an `after` that is not a
   *   non-negative integer, or a device loss planned before now.
   */
  injectFault(fault: FaultSpec): void {
    checkFaultSpec(fault, `${this.name}.injectFault`, this.sim.now());
    if (fault.kind === 'device-lost') {
      const generation = this.generation; // a reset before then cancels it
      this.sim.at(fault.at ?? this.sim.now(), () => {
        if (this.generation === generation) this.loseDevice();
      }, -1);
    } else {
      this.faults.add(fault);
    }
  }

  /**
   * Resets the device: abandons pending work, clears sticky errors, the lost state and the
   * float-status register, frees all device memory (host memory is untouched).
   */
  reset(): void {
    this.generation++;
    for (const s of this.streams) s.clear();
    for (const e of this.events) {
      e.lastRecord = null;
      e.pendingWaits = [];
    }
    for (const pool of Object.values(this.engines)) pool.clear();
    if (!this.spec.sharesHostMemory) this.memory.freeAll();
    this.faults.clear();
    this.lostError = null;
    this.onReset();
  }

  // ------------------------------------------------------------------ hooks for device families

  /** Extra dependencies of work submitted to `stream` (the GPU legacy default stream). */
  protected implicitDependencies(stream: Stream): WorkItem[] | null {
    void stream;
    return null;
  }

  /** Called when a kernel reports overflow (Ascend sets its register). */
  protected onOverflow(item: WorkItem): void {
    void item;
  }

  /** Called by reset. */
  protected onReset(): void {}

  // ------------------------------------------------------------------ machinery

  /** Submits a work item to a stream. `prepare` runs before it can start (given `arg`: no closure per item). */
  protected submit<A = undefined>(
    stream: Stream,
    kind: WorkKind,
    op: string,
    engine: EngineKind | null,
    duration: number,
    run: KernelFunction | null,
    prepare?: (item: WorkItem, arg: A) => void,
    arg?: A,
  ): WorkItem {
    this.ownStream(stream, op);
    this.checkUsable(op);
    if (stream.destroyed) throw new DeviceError(`${this.name}: ${op} on destroyed stream ${stream.id}`);
    if (stream.items.length - stream.head >= LAUNCH_QUEUE_DEPTH) this.waitForQueue(stream);
    const item = new WorkItem(this.platform.nextId(), kind, op, stream, engine, duration, run, this);
    item.generation = this.generation;
    item.deps = this.implicitDependencies(stream);
    prepare?.(item, arg as A);
    stream.items.push(item);
    stream.last = item;
    const sim = this.sim;
    if (sim.tracing) this.emitWork('submit', item, undefined);
    if (stream.running === null) this.advance(stream);
    return item;
  }

  /**
   * The pool of an engine kind, by a switch: a keyed lookup seeing all four names would be megamorphic,
   * a generic property lookup for every work item.
   */
  private enginePool(kind: EngineKind): EnginePool {
    const e = this.engines;
    switch (kind) {
      case 'compute':
        return e.compute;
      case 'h2d':
        return e.h2d;
      case 'd2h':
        return e.d2h;
      default:
        return e.d2d;
    }
  }

  /** Starts the stream's next items while they can run. */
  private advance(stream: Stream): void {
    while (stream.running === null) {
      const item = stream.peek();
      if (!item) return;
      stream.running = item;
      const error = stream.error ?? this.lostError;
      if (error) this.finish(item, error);
      else this.proceed(item);
    }
  }

  /** The stream's head item: start it if its dependencies allow (else wait for them). */
  private proceed(item: WorkItem): void {
    if (item.event) return; // a pending wait: released by the event's first record
    if (item.deps) {
      for (const d of item.deps) {
        if (!d.finished) {
          (d.waiters ??= []).push(item);
          return;
        }
        if (d.error) {
          this.finish(item, d.error);
          return;
        }
      }
    }
    if (item.engine) {
      const pool = this.enginePool(item.engine);
      if (!pool.tryAcquire()) {
        pool.enqueue(item);
        return;
      }
    }
    this.start(item);
  }

  /** A blocked head item whose dependency finished: try again. */
  private retry(item: WorkItem): void {
    if (item.state !== WorkState.Queued || item.stream.running !== item || item.generation !== this.generation) return;
    this.proceed(item);
    if (item.stream.running === null) this.advance(item.stream);
  }

  private start(item: WorkItem): void {
    item.state = WorkState.Running;
    const sim = this.sim;
    item.begin = sim.now();
    if (sim.tracing) this.emitWork('begin', item, undefined);
    if (item.rendezvous) item.rendezvous.arrived(item); // the collective engine ends it
    else sim.schedule(item.duration, item);
  }

  /** Called by the simulator when an item's time is up: its effects happen now. */
  complete(item: WorkItem): void {
    if (item.generation !== this.generation) return;
    let error: Error | null = this.lostError ?? item.forcedError;
    if (!error) error = this.faults.match(item);
    if (!error) {
      try {
        if (this.execute(item) && this.spec.floatStatusRegister) this.onOverflow(item);
      } catch (e) {
        // the work itself threw (the API layer catches its kernels' failures first; see api/graph/launch.ts):
        // a DeviceError, sticky on the stream as CUDA's errors are; KernelFaultError is for injected faults
        error = e instanceof MindsimError ? e : new DeviceError(`${item.op} failed on ${item.stream}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (item.engine) {
      const pool = this.enginePool(item.engine);
      let next = pool.release();
      while (next && (next.state !== WorkState.Queued || next.generation !== this.generation)) next = pool.release();
      this.finish(item, error);
      if (next) this.start(next);
    } else {
      this.finish(item, error);
    }
    this.advance(item.stream);
  }

  /** Runs an item's effect; returns true when a kernel reported overflow. */
  protected execute(item: WorkItem): boolean {
    if (this.platform.timingOnly || !this.spec.computes) {
      item.effect?.timed?.();
      return false;
    }
    if (item.kind === 'copy') {
      item.dst!.copyFrom(item.src!);
      return false;
    }
    if (item.run) return item.run(this.kernelContext) === true;
    const effect = item.effect;
    return effect !== null && effect.run !== undefined && effect.run(this.kernelContext) === true;
  }

  /** Marks an item done or failed, frees its stream for the next one and wakes its waiters. */
  private finish(item: WorkItem, error: Error | null): void {
    const sim = this.sim;
    const stream = item.stream;
    if (item.state === WorkState.Queued && sim.tracing) this.emitWork('begin', item, undefined);
    item.state = error ? WorkState.Failed : WorkState.Done;
    item.error = error;
    item.end = sim.now();
    item.deps = null; // done: holding them would keep a chain of every earlier item alive
    if (error && !stream.error) {
      stream.error = error;
      if (sim.tracing) sim.emit({ type: 'fault', time: item.end, device: this.name, stream: stream.id, op: item.op, message: error.message });
    }
    if (sim.tracing) this.emitWork('end', item, error ? 'failed' : 'ok');
    if (error && item.rendezvous) item.rendezvous.failed(item, error);
    if (stream.running === item) stream.running = null;
    stream.shift();
    const waiters = item.waiters;
    if (waiters) {
      item.waiters = null;
      for (const w of waiters) this.retry(w);
    }
    const listeners = item.onFinish;
    if (listeners) {
      item.onFinish = null;
      for (const f of listeners) f();
    }
  }

  /**
   * Publishes a work record through one reused entry (the recorder copies it into columns; no object is
   * made unless someone subscribes to the trace).
   */
  private emitWork(type: 'submit' | 'begin' | 'end', item: WorkItem, status: 'ok' | 'failed' | undefined): void {
    const started = item.begin >= 0;
    const e = this.workEntry;
    e.type = type;
    e.time = this.sim.now();
    e.device = this.name;
    e.stream = item.stream.id;
    e.id = item.id;
    e.op = item.op;
    e.work = item.kind;
    e.engine = item.engine !== null && (type === 'submit' || started) ? item.engine : undefined;
    e.bytes = (item.kind === 'copy' || item.kind === 'kernel') && type !== 'submit' ? item.bytes : undefined;
    e.status = status;
    e.waitsOn = type === 'begin' && item.waitsOn !== null ? item.waitsOn.id : undefined;
    e.deps = type === 'submit' ? item.deps : null;
    e.reads = type === 'submit' ? (item.kind === 'copy' ? item.src : item.reads) : null;
    e.writes = type === 'submit' ? (item.kind === 'copy' ? item.dst : item.writes) : null;
    e.access = type === 'submit' && item.effect !== null ? item.effect.access ?? null : null;
    this.sim.emitWork(e);
    e.deps = e.reads = e.writes = e.access = null;
  }

  /** `stream`'s launch queue is full: the host blocks until the device has worked it down to half. */
  private waitForQueue(stream: Stream): void {
    if (!this.sim.runUntil(() => stream.items.length - stream.head <= LAUNCH_QUEUE_DEPTH / 2)) {
      if (this.lostError) throw this.lostError;
      throw deadlockError(`launch queue of ${stream} (${LAUNCH_QUEUE_DEPTH} items)`, this.platform.allStreams());
    }
  }

  /**
   * The host waits until `done()`: the simulation runs, then the host pays the sync latency. `until`:
   * the items whose completion it waits for (traced, so happens-before can be read from a trace).
   */
  protected hostWait(target: string, done: () => boolean, until: readonly WorkItem[]): void {
    const sim = this.sim;
    if (sim.tracing) sim.emit({ type: 'sync', time: sim.now(), device: this.name, phase: 'begin', target, until: undefined });
    const ok = sim.runUntil(done);
    if (!ok) {
      if (this.lostError) throw this.lostError;
      const timers = sim.idleTimersOnly ? ' (only timers of the simulator\'s RxJS scheduler were left, and 100,000 of them fired without starting any device work)' : '';
      throw deadlockError(`${target}${timers}`, this.platform.allStreams());
    }
    sim.advanceTo(sim.now() + this.spec.latency.sync);
    if (sim.tracing) sim.emit({ type: 'sync', time: sim.now(), device: this.name, phase: 'end', target, until: until.map((w) => w.id) });
    if (this.lostError) throw this.lostError;
  }

  private loseDevice(): void {
    if (this.lostError) return;
    const lost = new DeviceLostError(`${this.name} (${this.spec.preset}) was lost at t=${this.sim.now()}ns; reset it to use it again`);
    this.lostError = lost;
    const sim = this.sim;
    if (sim.tracing) sim.emit({ type: 'fault', time: sim.now(), device: this.name, op: 'device lost', message: lost.message });
    // blocked heads fail now (the rest of each stream follows in order); running items fail when they end
    for (const s of this.streams) {
      const head = s.running;
      // so do collective parts still waiting for their peers (their end was never scheduled)
      if (head && (head.state === WorkState.Queued || (head.rendezvous && !head.ending))) {
        this.finish(head, lost);
        this.advance(s);
      }
    }
  }

  /** Throws {@link DeviceLostError} when the device is lost. */
  protected checkUsable(api: string): void {
    if (this.lostError) throw new DeviceLostError(`${api} on ${this.name}: ${this.lostError.message}`);
  }

  private ownStream(stream: Stream, api: string): void {
    if (!(stream instanceof Stream) || !this.streams.includes(stream)) {
      throw new DeviceError(`${api}: the stream is not a stream of ${this.name}`);
    }
  }

  private liveEvent(event: DeviceEvent, api: string): void {
    if (!(event instanceof DeviceEvent) || event.destroyed || !this.events.has(event)) {
      throw new DeviceError(`${this.name} ${api}: ${event instanceof DeviceEvent ? `event ${event.name} is destroyed or belongs to another device` : 'not an event'}`);
    }
  }

  /** A buffer a kernel or copy may use: live, and on this device (or, for peer copies, another's). */
  /** @param name - what `what` is about (a kernel's name), joined to it only for a message */
  private checkBuffer(b: BufferView, what: string, allowPeer = false, name?: string): void {
    if (!(b instanceof BufferView)) throw new ArgumentTypeError(`${this.name} ${apiText(what, name)}: expected a buffer view`);
    if (b.allocation.freed) throw new DeviceError(`${this.name} ${apiText(what, name)}: buffer at 0x${b.address.toString(16)} was freed`);
    const local = b.space === this.memory || (this.spec.sharesHostMemory && b.space === this.platform.host);
    if (!local && !(allowPeer && b.space !== this.platform.host)) {
      throw new DeviceError(`${this.name} ${apiText(what, name)}: the buffer lives in ${b.space.name} memory, not on ${this.name}`);
    }
  }
}

/** The API a refusal names: `launch` and the kernel's name, or `what` alone. */
function apiText(what: string, name: string | undefined): string {
  return name === undefined ? what : `${what} ${name}`;
}

/** A kernel's work item before it can start: its memory traffic (profiles report it), effect and accesses. */
function prepareKernel(item: WorkItem, kernel: KernelDescriptor): void {
  item.bytes = kernel.bytes ?? 0;
  if (kernel.run || kernel.timed || kernel.access) item.effect = kernel;
  if (kernel.reads || kernel.writes) {
    item.reads = kernel.reads ?? null;
    item.writes = kernel.writes ?? null;
  }
}
