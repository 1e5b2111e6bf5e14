/**
 * The op executor of one context's machine. Calling a primitive records a node and returns at once;
 * reading data is a synchronisation point: pending nodes are launched onto the context's device
 * streams (in GRAPH_MODE in the order the context's schedule chooses) and the simulation runs until
 * they are done.
 *
 * Ordering rules (what every launch respects): data dependencies; Depend edges (a handle's `after`);
 * program order among memory side-effect ops and with reads of the Parameters they write; program order
 * among IO side-effect ops. PYNATIVE_MODE launches every op at once on one stream; GRAPH_MODE launches at
 * synchronisation, continuing chains on their stream and spreading independent work over four streams,
 * with events on edges that cross streams. The float-status ops carry no side-effect flag: only data and
 * Depend order them.
 * @module
 */
import type { NDArray } from '../numpy/index.js';
import { DeadlockError, DeviceError, OutOfMemoryError } from '../../errors/index.js';
import { formatShape, sizeOf, type KernelDef, kernelRegistry, type TypedArray } from '../../kernels/index.js';
import { DEFAULT_BATCH_LIMIT, Scheduler, type Device, type Platform, type ScheduleOptions, type Stream, type WorkItem } from '../../runtime/index.js';
import { currentContext, type ExecutionContext } from '../execution-context.js';
import { Tensor, type DataOwner, type TensorData } from '../tensor.js';
import { KernelCallScratch, launchNode } from './launch.js';
import { OpNode, type CollectiveNode, type NodeAction, type SyncClock } from './op-node.js';
import { Placement, assignStreams, readBack, readBackStaging, soleStream } from './placement.js';
import { LastGoodValues, isStale, recover } from './recovery.js';
import { Releases, isReleased } from './release.js';
import { SideEffects } from './side-effects.js';

export { OpNode, type NodeAction } from './op-node.js';

/** What a recorded op needs besides its inputs. */
export interface RecordOptions {
  readonly kernel: KernelDef<never> | null;
  readonly attrs?: object;
  readonly action?: NodeAction;
  readonly sideEffectMem?: boolean;
  readonly sideEffectIo?: boolean;
  /** The op updates its first input in place and returns a handle on it (ordered after the op). */
  readonly inPlace?: boolean;
  /**
   * In-place ops: the inputs its kernel's outputs are new values of, in output order (default `[0]`;
   * optimizers update a Parameter and its state: `[0, 1]`).
   */
  readonly updates?: readonly number[];
  /** Output signatures, when there is no kernel to infer them. */
  readonly outputs?: readonly { shape: number[]; dtype: Tensor['dtype'] }[];
  readonly print?: (values: NDArray[]) => void;
  /** Collectives: the hub, the rank and the call (the node runs on its device's communication stream). */
  readonly collective?: CollectiveNode;
  /**
   * The inputs list is the op's own (a primitive call's argument list, held by nobody else): the node
   * keeps it instead of a copy.
   */
  readonly ownInputs?: boolean;
}

/** One launched op, as the launch log keeps it: the node and the unfinished nodes it had to follow. */
export interface LaunchedNode {
  readonly node: OpNode;
  readonly deps: readonly OpNode[];
  /** The number of the batch it was launched in (counted from the start of the log). */
  readonly batch: number;
}

const NO_ATTRS = Object.freeze({});
/** No extra ordering (a handle keeps its own Depend list). */
const NO_AFTER: readonly never[] = Object.freeze([]);

/**
 * The streams a GRAPH_MODE batch is spread over: the schedule's `streams`; by default four for
 * critical-path and one for the other policies, whose chosen order then is the order the ops run in.
 */
function streamCount(schedule: ScheduleOptions): number {
  return schedule.streams ?? (schedule.policy === 'critical-path' ? 4 : 1);
}

/** The executor of a context's current machine (made on first use; a new machine gets a new one). */
export function executorOf(ctx: ExecutionContext): Executor {
  return ctx.executor ?? (ctx.executor = new Executor(ctx, ctx.getPlatform()));
}

/** Records, launches and synchronises the ops of one context on one machine. */
export class Executor implements DataOwner {
  /** Full synchronisations so far: nodes launched in an earlier epoch have finished. */
  readonly clock: SyncClock = { epoch: 0, unreported: null, lastGood: new LastGoodValues(), scratch: new KernelCallScratch() };
  /** Devices, streams, uploads, events and staging. */
  readonly placement: Placement;
  /** Launched work not yet seen finished, and the data waiting for it to be released. */
  readonly releases = new Releases();
  private nextId = 1;
  /** Devices with work launched since the last full synchronisation. */
  private readonly busyDevices = new Set<Device>();
  /** The device last added to `busyDevices` (a run of ops on one device adds it once). */
  private lastBusy: Device | null = null;
  private pending: OpNode[] = [];
  private readonly effects = new SideEffects();
  /** The GRAPH_MODE schedule in use (a new one whenever the context's schedule changes). */
  private scheduler: Scheduler | null = null;
  /** The device kinds each kernel was found to run on (every op checks; the registry is asked once). */
  private readonly supportedKinds = new Map<KernelDef<never>, Set<string>>();
  /** The kernel and device kind checked last (set only once found supported: see checkSupported). */
  private readonly lastSupported: { kernel: KernelDef<never> | null; kind: string } = { kernel: null, kind: '' };
  /** This executor's copies of host values whose device copies belong to other contexts. */
  private readonly mirrors = new WeakMap<TensorData, TensorData>();
  private batchCount = 0;
  private launchLog: LaunchedNode[] | null = null;

  constructor(
    /** The context it executes for. */
    readonly context: ExecutionContext,
    /** The machine it runs on. */
    readonly platform: Platform,
  ) {
    this.placement = new Placement(platform, this, this.clock.lastGood);
  }

  /** The id the next recorded op gets (ids follow program order). */
  get nextNodeId(): number {
    return this.nextId;
  }

  /**
   * Records an op: its output handles are returned at once, their data produced when the op runs.
   * In PYNATIVE_MODE the op is launched immediately; in GRAPH_MODE the pending batch is launched when
   * it reaches the schedule's `batchLimit`.
   */
  record(name: string, inputs: readonly Tensor[], options: RecordOptions): Tensor[] {
    const ctx = this.context;
    const device = ctx.currentDevice();
    const kernel = options.kernel;
    if (kernel) this.checkSupported(kernel, name, device);
    else if (!options.outputs && !options.inPlace) throw new DeviceError(`${name}: no kernel and no output signature to record`);
    const args = this.localInputs(name, inputs, device, options);
    const attrs = options.attrs ?? NO_ATTRS;
    // a Tensor has the shape and dtype a kernel signature needs
    if (options.inPlace && kernel) kernel.infer(inputs, attrs as never); // an in-place update's inputs are checked now, too
    const sigs = options.inPlace ? [] : options.outputs ?? kernel!.infer(inputs, attrs as never);
    // the outputs list has its final length (an in-place op's one handle on its target), no spare capacity
    const outputs = new Array<Tensor>(options.inPlace ? 1 : sigs.length);
    const node = new OpNode(this.clock, this.nextId++, name, kernel, attrs, args, outputs, options.action ?? 'kernel', device, options.print);
    this.releases.poll(); // what finished since the last op gives back what waited for it
    this.placement.releaseTransient();
    if (!options.inPlace) for (let k = 0; k < sigs.length; k++) outputs[k] = Tensor.pending(sigs[k]!.shape.slice(), sigs[k]!.dtype, node, this);
    for (let i = 0; i < args.length; i++) {
      const t = args[i]!;
      node.after(t.data_.producer);
      const after = t.after;
      for (let k = 0; k < after.length; k++) node.after(after[k]);
      if (t.data_.persistent) node.after(this.effects.writerOf(t.data_));
    }
    node.inferred = Boolean(kernel) && !options.inPlace && !options.outputs;
    if (options.updates) node.updates = options.updates;
    if (options.collective) node.collective = options.collective;
    this.effects.order(node, options.sideEffectMem ?? false, options.sideEffectIo ?? false);
    if (options.inPlace) {
      outputs[0] = inputs[0]!.alias([node]);
      for (const k of node.updates) {
        const target = inputs[k]!.data_;
        target.producer = node; // reading a target now must run this write first
        target.owner = this;
      }
    }
    if (ctx.tapes.active) ctx.tapes.add({ name, inputs: inputs.slice(), outputs: node.outputs, attrs }, true);
    this.releases.recorded(node);
    if (ctx.executionMode === 'PYNATIVE_MODE' && this.pending.length === 0) {
      this.launchAlone(node); // the fast path: one op, one legal order, nothing to schedule
      return node.outputs;
    }
    this.pending.push(node);
    if (ctx.executionMode === 'PYNATIVE_MODE' || this.pending.length >= (ctx.scheduleOptions.batchLimit ?? DEFAULT_BATCH_LIMIT)) this.launchPending();
    return node.outputs;
  }

  /**
   * Launches one node as a batch of its own (PYNATIVE_MODE's ops as they are called): on the default
   * stream (collectives on the communication stream), with no pending list, schedule or stream choice.
   */
  private launchAlone(node: OpNode): void {
    node.stream = soleStream(this.placement, node);
    const error = this.launchOrFail(node, null);
    node.launchedDeps();
    this.batchCount++;
    if (error !== null) throw error;
  }

  /**
   * Launches a node, or, when it cannot be launched (its memory, its upload, a lost device, a failed
   * input), fails it alone: its results raise the error when read and nodes computed from them fail
   * alike. Returns the launch's error (null when it launched or inherited an input's failure), the one
   * its results carry.
   */
  private launchOrFail(node: OpNode, crossProducers: Set<OpNode> | null): Error | null {
    const inputs = node.inputs;
    for (let i = 0; i < inputs.length; i++) {
      const inherited = inputs[i]!.data_.failure;
      if (inherited !== null) {
        this.failUnlaunched(node, inherited);
        return null;
      }
    }
    try {
      this.launchOne(node, crossProducers);
      return null;
    } catch (e) {
      // an allocation names only its device: the error names the op whose data did not fit, as r1.5's layers word it
      const error = e instanceof OutOfMemoryError ? new OutOfMemoryError(`For '${node.name}', ${e.message}`) : e instanceof Error ? e : new DeviceError(String(e));
      this.failUnlaunched(node, error);
      return error;
    }
  }

  /**
   * The inputs as this executor uses them. Data another executor holds is adopted: a value of this
   * context's replaced machine is read to the host (and uploaded here); a value on another context's
   * device is refused (naming both devices) unless it is also on the host and only read, and then
   * this op reads a copy of its own, as a second process would (see {@link mirrorOf}).
   */
  private localInputs(name: string, inputs: readonly Tensor[], device: Device, options: RecordOptions): Tensor[] {
    let args: Tensor[] | null = null;
    const computing = !this.platform.timingOnly;
    for (let i = 0; i < inputs.length; i++) {
      const t = inputs[i]!;
      if ((t.data_.released !== null || t.data_.releaseKind !== null) && isReleased(t.data_)) {
        throw new DeviceError(`${name}: input ${i} (a Tensor of shape ${formatShape(t.shape)}) was released (${t.data_.released ?? t.data_.releaseWhy}); keep what you need by returning it`);
      }
      // a lazy input is initialised now, in program order: an initializer that refuses its shape is an
      // error of this call, not of a later batch's launch (timing-only runs draw nothing)
      if (computing && t.data_.lazyInit) t.initData();
      // a Parameter may take other data (setData, broadcast, a pulled weight) before this op launches:
      // the op keeps the data it was recorded with
      if (t.data_.persistent) (args ??= inputs.slice())[i] = t.alias(NO_AFTER);
      const owner = t.data_.owner;
      if (owner === null || owner === this) continue;
      const d = t.data_;
      if (owner.context === this.context) {
        if (d.producer !== null || !d.hostValid) t.materialised(); // its machine was replaced: bring the value to the host
        continue;
      }
      if (d.buffer === null && d.producer === null) continue; // host data is usable everywhere
      const written = options.inPlace ? (options.updates ?? [0]).includes(i) : options.action === 'npu-get' && i === 0;
      if (d.producer !== null || !d.hostValid || written) {
        const where = d.device?.name ?? (d.producer instanceof OpNode ? d.producer.device.name : 'a device');
        throw new DeviceError(
          `${name}: input ${i} (a Tensor of shape ${formatShape(t.shape)}) ${written ? 'would be written in place but ' : ''}lives on ${where} of another ExecutionContext; this op runs on ${device.name}. ` +
            'Read it to the host (asnumpy) and make a new Tensor of it here, or call the op in the context that made it.',
        );
      }
      (args ??= inputs.slice())[i] = this.mirrorOf(t);
    }
    return args ?? (options.ownInputs === true ? (inputs as Tensor[]) : inputs.slice());
  }

  /**
   * This executor's handle on host data whose device copy belongs to another context: the same host
   * values (host storage is replaced, never written in place), a device copy of its own. Made once per
   * value and reused while the value stays the same.
   */
  private mirrorOf(t: Tensor): Tensor {
    const d = t.data_;
    let m = this.mirrors.get(d);
    if (!m || m.storage !== d.storage) {
      m = Tensor.hostData(d.storage!);
      m.persistent = d.persistent;
      this.mirrors.set(d, m);
    }
    return t.withData(m);
  }

  /** @throws {@link DeviceError} when the device's kind has no kernel of that name. */
  private checkSupported(kernel: KernelDef<never>, name: string, device: Device): void {
    const kind = device.spec.kind;
    const last = this.lastSupported;
    if (kernel === last.kernel && kind === last.kind) return; // a loop of one op asks once
    let kinds = this.supportedKinds.get(kernel);
    if (!kinds?.has(kind)) {
      if (!kernelRegistry.find(kind, kernel.name)) {
        throw new DeviceError(`${name} is not supported on ${device.name} (${device.spec.preset}): no kernel '${kernel.name}' for device kind '${kind}'`);
      }
      if (!kinds) this.supportedKinds.set(kernel, (kinds = new Set()));
      kinds.add(kind);
    }
    last.kernel = kernel;
    last.kind = kind;
  }

  /** The choices the current GRAPH_MODE schedule has made so far (see the free {@link scheduleChoices}). */
  scheduleChoices(): number[] {
    return this.scheduler ? this.scheduler.made : [];
  }

  /** Launches every pending node: in GRAPH_MODE in the order the context's schedule chooses. */
  launchPending(): void {
    if (this.pending.length === 0) return;
    const graph = this.context.executionMode === 'GRAPH_MODE';
    const schedule = this.context.scheduleOptions;
    if (graph && this.scheduler?.options !== schedule) this.scheduler = new Scheduler(schedule);
    const nodes = graph ? this.scheduler!.order(this.pending) : this.pending; // PYNATIVE_MODE: as called
    this.pending = [];
    const placement = this.placement;
    assignStreams(placement, nodes, graph ? streamCount(schedule) : 1);
    // producers whose consumers in this batch run on another stream record an event when launched
    const crossProducers = nodes.length > 1 ? new Set<OpNode>() : null;
    if (crossProducers) {
      for (let i = 0; i < nodes.length; i++) {
        const n = nodes[i]!;
        for (let j = 0; j < n.deps.length; j++) if (n.deps[j]!.stream !== n.stream) crossProducers.add(n.deps[j]!);
      }
    }
    // a node that cannot be launched fails alone (see launchOrFail), the rest of the batch launches,
    // and the error is raised here once everything else is on its way
    let firstError: unknown = null;
    for (let i = 0; i < nodes.length; i++) {
      const error = this.launchOrFail(nodes[i]!, crossProducers);
      if (error !== null) firstError ??= error;
    }
    for (let i = 0; i < nodes.length; i++) nodes[i]!.launchedDeps();
    this.batchCount++;
    if (firstError !== null) throw firstError;
  }

  private launchOne(node: OpNode, crossProducers: Set<OpNode> | null): void {
    const placement = this.placement;
    const device = node.device;
    const stream = node.stream!;
    const deps = node.deps;
    for (let i = 0; i < deps.length; i++) {
      const d = deps[i]!;
      if (d.stream !== stream && !d.finished) device.waitEvent(stream, placement.eventAfter(d));
    }
    const inputs = node.inputs;
    try {
      this.placeData(node, stream);
    } catch (e) {
      // the device is full while released memory waits for launched work (freed in stream order, as
      // CUDA's stream-ordered allocator): wait for that work and try once more
      if (!(e instanceof OutOfMemoryError) || !this.releases.inFlight) throw e;
      device.synchronize();
      this.releases.poll();
      placement.releaseTransient();
      this.placeData(node, stream);
    }
    if (this.launchLog) this.launchLog.push({ node, deps: node.deps.slice(), batch: this.batchCount });
    const item = launchNode(node, device, stream);
    node.workId = item.id;
    this.releases.launched(node, item);
    if (node.action === 'assign') for (const k of node.updates) inputs[k]!.data_.hostValid = false; // written in place
    if (node.action === 'npu-get') inputs[0]!.data_.hostValid = false;
    node.launched = true;
    node.epoch = this.clock.epoch;
    if (device !== this.lastBusy) {
      this.busyDevices.add(device);
      this.lastBusy = device;
    }
    if (crossProducers?.has(node)) placement.eventAfter(node);
  }

  /** Puts a node's inputs on its device and gives its results buffers (those without one yet). */
  private placeData(node: OpNode, stream: Stream): void {
    const inputs = node.inputs;
    for (let i = 0; i < inputs.length; i++) this.placement.ensureOnDevice(inputs[i]!, node.device, stream);
    if (node.action === 'assign') return;
    const outputs = node.outputs;
    for (let i = 0; i < outputs.length; i++) {
      const o = outputs[i]!;
      if (!o.data_.buffer) this.placement.placeOnDevice(o, node.device, sizeOf(o.shape) * o.dtype.itemsize);
    }
  }

  /** A node that never ran: its results carry `error` (an in-place target keeps its value). */
  private failUnlaunched(node: OpNode, error: Error): void {
    if (node.action !== 'assign') for (const o of node.outputs) o.data_.failure = error;
    for (const o of node.outputs) if (o.data_.producer === node) o.data_.producer = null;
    if (node.action === 'assign') for (const k of node.updates) if (node.inputs[k]!.data_.producer === node) node.inputs[k]!.data_.producer = null;
    node.launched = true;
    node.epoch = this.clock.epoch;
    this.releases.done(node);
  }

  /**
   * Runs everything pending and waits for the devices; then copies a tensor's device data to the host
   * and returns it: as the tensor's host copy (`keep`), or only for the caller (`asnumpy`, which
   * reads the device data back every time as r1.5's does, into the array it returns).
   */
  sync(t: Tensor, keep = true): TypedArray {
    const d = t.data_;
    if (isStale(d, this.retired)) {
      recover(t, this.clock.lastGood); // its device was reset or its machine replaced after failing
      if (d.failure) throw d.failure;
      return keep ? d.storage! : d.storage!.slice();
    }
    this.launchPending();
    if (d.device) {
      this.busyDevices.add(d.device);
      try {
        this.finishLaunched();
      } catch (e) {
        if (e instanceof DeadlockError && this.context.launcher) {
          throw new DeadlockError(`${e.message}\n  inside launch, a value that waits for other ranks must be awaited: await tensor.asnumpyAsync()`);
        }
        throw e;
      }
    }
    this.reportFailure();
    if (d.failure) throw d.failure;
    if (isReleased(d)) throw new DeviceError(`Tensor: the data of shape ${String(t.shape)} was released (${d.released ?? d.releaseWhy}); keep what you need by returning it`);
    if (!d.buffer || !d.device) throw new DeviceError(`executor: ${formatShape(t.shape)} has no data`);
    const storage = readBack(this.platform, t, d.device, d.buffer);
    d.producer = null;
    if (keep) {
      d.storage = storage;
      d.hostValid = true;
    } else if (d.hostValid) {
      d.storage = null; // it was older than the device's data
      d.hostValid = false;
    }
    return storage;
  }

  /**
   * @internal a launched rank's read: once its device is idle, copies `t` back on the device (D2H,
   * traced) and, the sync latency after the copy ends, puts the values on the host and calls `done`.
   * The host of each rank waits on its own: the shared clock never advances for one rank's read, as
   * a blocking {@link Executor.sync} would make it (ranks are processes with their own host thread).
   */
  readAsync(t: Tensor, done: () => void): void {
    const d = t.data_;
    if (isStale(d, this.retired)) {
      recover(t, this.clock.lastGood);
      done(); // the read reports a failure
      return;
    }
    const device = d.device;
    const buffer = d.buffer;
    if ((d.hostValid && !d.producer) || !device || !buffer || d.released) {
      done(); // nothing to copy (a refusal surfaces at the read)
      return;
    }
    const { staging, storage, finish } = readBackStaging(this.platform, t, buffer);
    let item: WorkItem;
    try {
      item = device.copyAsync(staging.view(0, buffer.byteLength), buffer, device.defaultStream);
    } catch {
      finish();
      done(); // a failed device: the read reports it
      return;
    }
    const sim = this.platform.sim;
    const arrived = () => sim.schedule(device.spec.latency.sync, () => {
      finish();
      if (item.error) {
        done(); // the read reports the failure
        return;
      }
      d.storage = storage;
      d.hostValid = true;
      d.producer = null;
      if (device.listStreams().every((s) => s.idle)) this.settle(); // as after a full synchronisation
      done();
    });
    if (item.finished) arrived();
    else (item.onFinish ??= []).push(arrived);
  }

  /** Starts (or with `false` stops) logging launches; returns what was logged. */
  logLaunches(on: boolean): LaunchedNode[] {
    const logged = this.launchLog ?? [];
    this.launchLog = on ? [] : null;
    this.batchCount = 0;
    return logged;
  }

  /** Whether the context has replaced this executor's machine (resetPlatform): it runs nothing new. */
  get retired(): boolean {
    return this.context.executor !== this;
  }

  /** Raises, once, an op's run-time failure no synchronisation has reported yet. */
  private reportFailure(): void {
    const failure = this.clock.unreported;
    if (!failure) return;
    this.clock.unreported = null;
    throw failure;
  }

  /** Launches everything pending and waits for every device: afterwards no op is pending or running. */
  drain(): void {
    this.launchPending();
    this.finishLaunched();
    this.reportFailure();
  }

  /**
   * A full synchronisation: waits for every busy device; then everything launched has finished, so its
   * events, staging and released buffers go, and no later op needs an edge to it.
   */
  private finishLaunched(): void {
    for (const device of this.busyDevices) device.synchronize();
    this.settle();
  }

  /** What a full synchronisation leaves: everything launched has finished (the caller knows it). */
  private settle(): void {
    this.busyDevices.clear();
    this.lastBusy = null;
    this.clock.epoch++;
    this.placement.releaseTransient(true);
    this.releases.poll();
    this.effects.forget();
    this.clock.lastGood.confirm();
  }
}

/**
 * Records an op on the current context (see {@link Executor.record}).
 */
export function record(name: string, inputs: readonly Tensor[], options: RecordOptions): Tensor[] {
  return executorOf(currentContext()).record(name, inputs, options);
}

/**
 * The choices the current context's GRAPH_MODE schedule has made so far, one per step at which more
 * than one op was ready: `setContext({ schedule: { policy: 'replay', choices } })` with them launches
 * the same program in the same order again (`program-order` makes none: it is every choice 0).
 * A schedule keeps its first 1,048,576 choices (a byte each, mostly), so that a long run holds bounded
 * memory.
 *
 * @throws {@link MindsimError} when the schedule has made more choices than it keeps.
 * @example
 * ```ts
 * import { Tensor, ops, scheduleChoices, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'CPU', mode: 'GRAPH_MODE', schedule: { policy: 'random', seed: 3 } });
 * const x = new Tensor([1, 2], 'float32');
 * String(ops.Add()(ops.Mul()(x, x), ops.Neg()(x)));
 * console.log(scheduleChoices()); // [ 1 ] — of Mul and Neg, ready together, it launched Neg first
 * ```
 */
export function scheduleChoices(): number[] {
  return currentContext().executor?.scheduleChoices() ?? [];
}

/**
 * Launches every op the current context has pending (GRAPH_MODE otherwise waits for a read or the
 * batch limit); returns at once, without waiting for the device.
 *
 * @example
 * ```ts
 * import { Tensor, getSimulator, launchPending, ops, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'CPU', mode: 'GRAPH_MODE' });
 * ops.Add()(new Tensor([1], 'float32'), 1);
 * launchPending();
 * getSimulator().run();
 * console.log(getSimulator().now() > 0); // true
 * ```
 */
export function launchPending(): void {
  currentContext().executor?.launchPending();
}

/** @internal launches everything the current context has pending and waits for its devices */
export function drain(): void {
  currentContext().executor?.drain();
}
