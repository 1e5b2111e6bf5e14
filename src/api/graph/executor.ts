/**
 * The op executor. Calling a primitive records a node and returns at once; reading data is a
 * synchronisation point: pending nodes are launched onto the context's device streams (in GRAPH_MODE
 * in the order the context's schedule chooses) and the simulation runs until they are done.
 *
 * Ordering rules (what every launch respects): data dependencies; Depend edges (a handle's `after`);
 * program order among memory side-effect ops and with reads of the Parameters they write; program order
 * among IO side-effect ops. PYNATIVE_MODE launches every op at once on one stream; GRAPH_MODE launches at
 * synchronisation, continuing chains on their stream and spreading independent work over four streams,
 * with events on edges that cross streams. The float-status ops carry no side-effect flag: only data and
 * Depend order them.
 * @module
 */
import { DeviceError } from '../../errors/index.js';
import { sizeOf, type KernelDef, kernelRegistry } from '../../kernels/index.js';
import { DEFAULT_BATCH_LIMIT, Scheduler, type Device, type ScheduleOptions, type Stream, type WorkItem } from '../../runtime/index.js';
import { currentDevice, getContext, getPlatform, onPlatformReset } from '../context.js';
import { NDArray } from '../numpy/index.js';
import { Tensor, collectData, installSync } from '../tensor.js';
import { Parameter } from '../parameter.js';
import { OpNode, currentEpoch, endEpoch, type NodeAction } from './op-node.js';
import { tapeRecord, taping } from './tape.js';
import {
  assignStreams, deviceView, ensureOnDevice, eventAfter, forgetTransient, placeOnDevice, releaseLater, releaseMarked, releaseTransient,
} from './placement.js';

export { OpNode, type NodeAction } from './op-node.js';

interface SideEffects {
  lastWriter: Map<Parameter, OpNode>;
  readers: Map<Parameter, OpNode[]>;
  lastMem: OpNode | null;
  lastIo: OpNode | null;
}

let nextId = 1;
/** @internal the id the next recorded op gets (ids follow program order) */
export function nextNodeId(): number {
  return nextId;
}
/** Devices with work launched since the last full synchronisation. */
const busyDevices = new Set<Device>();
let pending: OpNode[] = [];
const effects: SideEffects = { lastWriter: new Map(), readers: new Map(), lastMem: null, lastIo: null };

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
  readonly print?: (texts: string[]) => void;
}

/**
 * Records an op: its output handles are returned at once, their data produced when the op runs.
 * In PYNATIVE_MODE the op is launched immediately; in GRAPH_MODE the pending batch is launched when it
 * reaches the schedule's `batchLimit`.
 */
export function record(name: string, inputs: readonly Tensor[], options: RecordOptions): Tensor[] {
  const device = currentDevice();
  const kernel = options.kernel;
  if (kernel) checkSupported(kernel, name, device);
  else if (!options.outputs && !options.inPlace) throw new DeviceError(`${name}: no kernel and no output signature to record`);
  const attrs = options.attrs ?? NO_ATTRS;
  // a Tensor has the shape and dtype a kernel signature needs
  if (options.inPlace && kernel) kernel.infer(inputs, attrs as never); // an in-place update's inputs are checked now, too
  const sigs = options.inPlace ? [] : options.outputs ?? kernel!.infer(inputs, attrs as never);
  const node = new OpNode(nextId++, name, kernel, attrs, inputs.slice(), [], options.action ?? 'kernel', device, options.print);
  for (const sig of sigs) node.outputs.push(Tensor.pending(sig.shape.slice(), sig.dtype, node));
  for (const t of inputs) {
    node.after(t.data_.producer);
    for (const a of t.after) node.after(a);
    if (t instanceof Parameter) node.after(effects.lastWriter.get(t));
  }
  if (options.updates) node.updates = options.updates;
  if (options.sideEffectMem) {
    node.after(effects.lastMem);
    for (const k of node.updates) {
      const target = inputs[k];
      if (!(target instanceof Parameter)) continue;
      for (const r of effects.readers.get(target) ?? []) node.after(r);
      effects.lastWriter.set(target, node);
      effects.readers.set(target, []);
    }
    effects.lastMem = node;
  } else {
    for (const t of inputs) {
      if (!(t instanceof Parameter)) continue;
      const readers = effects.readers.get(t);
      if (readers) readers.push(node);
      else effects.readers.set(t, [node]);
    }
  }
  if (options.sideEffectIo) {
    node.after(effects.lastIo);
    effects.lastIo = node;
  }
  if (options.inPlace) {
    node.outputs.push(inputs[0]!.alias([node]));
    for (const k of node.updates) inputs[k]!.data_.producer = node; // reading a target now must run this write first
  }
  if (taping()) tapeRecord({ name, inputs: node.inputs, outputs: node.outputs, attrs });
  pending.push(node);
  if (getContext('mode') === 'PYNATIVE_MODE' || pending.length >= (getContext('schedule').batchLimit ?? DEFAULT_BATCH_LIMIT)) launchPending();
  return node.outputs;
}

const NO_ATTRS = Object.freeze({});
/** The device kinds each kernel was found to run on (every op checks; the registry is asked once). */
const supportedKinds = new WeakMap<KernelDef<never>, Set<string>>();

/** @throws {@link DeviceError} when the device's kind has no kernel of that name. */
function checkSupported(kernel: KernelDef<never>, name: string, device: Device): void {
  const kind = device.spec.kind;
  let kinds = supportedKinds.get(kernel);
  if (kinds?.has(kind)) return;
  if (!kernelRegistry.find(kind, kernel.name)) {
    throw new DeviceError(`${name} is not supported on ${device.name} (${device.spec.preset}): no kernel '${kernel.name}' for device kind '${kind}'`);
  }
  if (!kinds) supportedKinds.set(kernel, (kinds = new Set()));
  kinds.add(kind);
}

/**
 * The streams a GRAPH_MODE batch is spread over: the schedule's `streams`; by default four for
 * critical-path and one for the other policies, whose chosen order then is the order the ops run in.
 */
function streamCount(schedule: ScheduleOptions): number {
  return schedule.streams ?? (schedule.policy === 'critical-path' ? 4 : 1);
}

/** The GRAPH_MODE schedule in use (a new one whenever the context's schedule changes). */
let scheduler: Scheduler | null = null;

/**
 * The choices the current GRAPH_MODE schedule has made so far, one per step at which more than one op
 * was ready: `setContext({ schedule: { policy: 'replay', choices } })` with them launches the same
 * program in the same order again (`program-order` makes none: it is every choice 0).
 *
 * @example
 * ```ts
 * import { Tensor, ops, scheduleChoices, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'CPU', mode: 'GRAPH_MODE', schedule: { policy: 'random', seed: 3 } });
 * const x = new Tensor([1, 2], 'float32');
 * String(ops.Add()(ops.Mul()(x, x), ops.Neg()(x)));
 * console.log(scheduleChoices()); // [ 1 ]: of Mul and Neg, ready together, it launched Neg first
 * ```
 */
export function scheduleChoices(): number[] {
  return scheduler ? scheduler.made.slice() : [];
}

/** Launches every pending node: in GRAPH_MODE in the order the context's schedule chooses. */
export function launchPending(): void {
  if (pending.length === 0) return;
  const graph = getContext('mode') === 'GRAPH_MODE';
  const schedule = getContext('schedule');
  if (graph && scheduler?.options !== schedule) scheduler = new Scheduler(schedule);
  const nodes = graph ? scheduler!.order(pending) : pending; // PYNATIVE_MODE: as called
  pending = [];
  assignStreams(nodes, graph ? streamCount(schedule) : 1);
  // producers whose consumers in this batch run on another stream record an event when launched
  const crossProducers = nodes.length > 1 ? new Set<OpNode>() : null;
  if (crossProducers) for (const n of nodes) for (const d of n.deps) if (d.stream !== n.stream) crossProducers.add(d);
  for (const node of nodes) {
    const device = node.device;
    const stream = node.stream!;
    for (const d of node.deps) if (d.stream !== stream && !d.finished) device.waitEvent(stream, eventAfter(d));
    const inputs = node.inputs;
    for (let i = 0; i < inputs.length; i++) ensureOnDevice(inputs[i]!, device, stream);
    if (node.action === 'assign') for (const k of node.updates) inputs[k]!.data_.hostValid = false; // written in place
    if (node.action === 'npu-get') inputs[0]!.data_.hostValid = false;
    if (node.action !== 'assign') for (const o of node.outputs) placeOnDevice(o, device, sizeOf(o.shape) * o.dtype.itemsize);
    if (launchLog) launchLog.push({ node, deps: node.deps.slice(), batch: batchCount });
    node.workId = launchNode(node, device, stream).id;
    node.launched = true;
    node.epoch = currentEpoch();
    busyDevices.add(device);
    if (crossProducers?.has(node)) eventAfter(node);
  }
  for (const node of nodes) node.deps.length = 0; // launched: keeping them would hold every earlier node alive
  batchCount++;
}

function launchNode(node: OpNode, device: Device, stream: Stream): WorkItem {
  const saturate = device.spec.overflowMode === 'saturation';
  const detectOverflow = device.spec.floatStatusRegister;
  // the buffers it touches, traced for the race finder (only when someone records the trace)
  const traced = device.sim.tracing;
  const reads = traced ? node.inputs.map((t) => t.data_.buffer!) : undefined;
  const writes = traced ? (node.action === 'assign' ? node.updates.map((k) => node.inputs[k]!.data_.buffer!) : node.outputs.map((t) => t.data_.buffer!)) : undefined;
  switch (node.action) {
    case 'npu-clear':
      return device.clearFloatStatus(stream); // its output: a zeroed [8] buffer
    case 'npu-get':
      return device.getFloatStatus(stream, node.inputs[0]!.data_.buffer!); // into its input, in place
    case 'print':
      return device.launch(stream, {
        name: node.name,
        reads,
        run: () => node.print?.(node.inputs.map((t) => new NDArray(deviceView(t).data.slice(), t.shape, t.dtype).toString())),
      });
    default: {
      const kernel = node.kernel;
      const cost = kernel?.cost(node.inputs, node.attrs as never);
      return device.launch(stream, {
        name: node.name,
        flops: cost?.flops ?? 0,
        bytes: cost?.bytes ?? sizeOf(node.inputs[0]!.shape) * node.inputs[0]!.dtype.itemsize,
        dtype: cost?.dtype.name,
        reads,
        writes,
        run: () => {
          const inputs = node.inputs.map(deviceView);
          if (node.action === 'assign') {
            // Assign writes its value; AssignAdd/AssignSub and optimizers their kernel's results
            const result = kernel ? kernel.compute(inputs, node.attrs as never, { saturate, detectOverflow }) : null;
            if (!result) inputs[0]!.data.set(inputs[1]!.data as never);
            else node.updates.forEach((k, j) => inputs[k]!.data.set(result.outputs[j]!.data as never));
            ran(node);
            return result?.overflow ?? false;
          }
          const outs = node.outputs.map(deviceView);
          const r = kernel!.compute(inputs, node.attrs as never, { out: outs[0], saturate, detectOverflow });
          for (let k = 1; k < outs.length; k++) outs[k]!.data.set(r.outputs[k]!.data as never);
          ran(node);
          return r.overflow;
        },
      });
    }
  }
}

/**
 * A node's kernel has run: the data it wrote no longer waits for it (so later ops need no edge to it,
 * and a chain of results does not keep every earlier node alive).
 */
function ran(node: OpNode): void {
  for (const o of node.outputs) if (o.data_.producer === node) o.data_.producer = null;
}

/** Runs everything pending and waits for the devices; then copies a tensor's device data to the host. */
function syncTensor(t: Tensor): void {
  launchPending();
  const d = t.data_;
  if (d.device) {
    busyDevices.add(d.device);
    finishLaunched();
  }
  if (d.released) throw new DeviceError(`Tensor: the data of shape ${String(t.shape)} was released (${d.released}); keep what you need by returning it`);
  if (!d.buffer || !d.device) throw new DeviceError(`executor: ${t.shape} has no data`);
  const bytes = sizeOf(t.shape) * t.dtype.itemsize;
  const staging = getPlatform().allocateHost(Math.max(1, bytes), { pinned: true });
  d.device.copy(staging.view(0, d.buffer.byteLength), d.buffer);
  const storage = t.dtype.allocate(sizeOf(t.shape));
  new Uint8Array(storage.buffer, storage.byteOffset, bytes).set(staging.bytes().subarray(0, bytes));
  getPlatform().freeHost(staging);
  d.storage = storage;
  d.hostValid = true;
  d.producer = null;
}

installSync(syncTensor);

/** Forgets the side-effect chains (their nodes have all finished, or are abandoned). */
function forgetEffects(): void {
  effects.lastWriter.clear();
  effects.readers.clear();
  effects.lastMem = null;
  effects.lastIo = null;
}

/** One launched op, as the launch log keeps it: the node and the unfinished nodes it had to follow. */
export interface LaunchedNode {
  readonly node: OpNode;
  readonly deps: readonly OpNode[];
  /** The number of the batch it was launched in (counted from the start of the log). */
  readonly batch: number;
}

let batchCount = 0;

let launchLog: LaunchedNode[] | null = null;

/** @internal starts (or with `false` stops) logging launches; returns what was logged */
export function logLaunches(on: boolean): LaunchedNode[] {
  const logged = launchLog ?? [];
  launchLog = on ? [] : null;
  batchCount = 0;
  return logged;
}

/**
 * @internal launches everything pending and waits for every device: afterwards no op is pending or
 * running (an explored run ends clean)
 */
export function drain(): void {
  launchPending();
  finishLaunched();
}

/**
 * A full synchronisation: waits for every busy device; then everything launched has finished, so its
 * events, staging and released buffers go, and no later op needs an edge to it.
 */
function finishLaunched(): void {
  for (const device of busyDevices) device.synchronize();
  busyDevices.clear();
  endEpoch();
  releaseTransient();
  releaseMarked();
  forgetEffects();
}

/**
 * Runs `fn` as a step whose intermediate results are released afterwards: every tensor `fn` made on
 * a device, except Parameters' data and what `keep` picks from its result, gives its device memory
 * back at the next full synchronisation (TrainOneStepCell runs each step so; long training loops then
 * hold steady device memory). Reading a released tensor is a clear error.
 */
export function stepScope<R>(why: string, fn: () => R, keep: (result: R) => readonly Tensor[]): R {
  const { value, created } = collectData(fn);
  const kept = new Set(keep(value).map((t) => t.data_));
  for (const d of created) if (!d.persistent && !kept.has(d)) releaseLater(d, why);
  return value;
}

/**
 * @internal forgets pending work, side-effect history and the events and staging of launched work
 * (the platform was replaced, or an explored run failed)
 */
export function resetExecutor(): void {
  pending = [];
  scheduler = null;
  busyDevices.clear();
  endEpoch(); // nodes launched on the old machine are no dependency of new ones
  forgetTransient();
  forgetEffects();
}

onPlatformReset(resetExecutor);
