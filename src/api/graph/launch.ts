/**
 * Launching one recorded op onto a device stream: the work item that runs its kernel (or clears or
 * reads the float-status register, or prints) at simulated time, on typed views of device buffers.
 * @module
 */
import { DeviceError, MindsimError } from '../../errors/index.js';
import { sizeOf, type KTensor } from '../../kernels/index.js';
import type { BufferView, CollectiveCall, Device, KernelContext, PsCall, Stream, WorkItem } from '../../runtime/index.js';
import type { Tensor } from '../tensor.js';
import { NDArray } from '../numpy/index.js';
import type { OpNode } from './op-node.js';
import { deviceView } from './placement.js';

/**
 * Submits `node`'s work to `stream` of `device`; returns the work item. A kernel or Print node is its
 * own kernel descriptor (its cost fields are set here, its `run`/`timed` are methods calling
 * {@link runNode}/{@link timedNode}): no descriptor object or closure per launch.
 */
export function launchNode(node: OpNode, device: Device, stream: Stream): WorkItem {
  if (node.action === 'npu-clear') return device.clearFloatStatus(stream); // its output: a zeroed [8] buffer
  if (node.action === 'npu-get') return device.getFloatStatus(stream, node.inputs[0]!.data_.buffer!); // into its input, in place
  if (node.action === 'print') {
    node.flops = node.bytes = 0;
    node.dtype = undefined;
    return device.launch(stream, node);
  }
  if (node.action === 'collective') {
    const { hub, rank, call } = node.collective!;
    // the buffers it touches, traced for the race finder (only when someone records the trace)
    const traced = device.sim.tracing;
    return hub.submit(rank, stream, {
      ...(call as CollectiveCall & PsCall),
      buffers: () => ({ inputs: node.inputs.map(deviceView), outputs: node.outputs.map(deviceView) }),
      ...(traced ? { reads: buffersOf(node.inputs), writes: buffersOf(node.outputs) } : {}),
    });
  }
  const cost = node.kernel?.cost(node.inputs, node.attrs as never);
  node.flops = cost?.flops ?? 0;
  node.bytes = cost?.bytes ?? sizeOf(node.inputs[0]!.shape) * node.inputs[0]!.dtype.itemsize;
  node.dtype = cost?.dtype.name;
  return device.launch(stream, node); // a traced submission lists what it reads and writes from the node (its `access`)
}

/** The device buffers of `tensors` (an exact-size list). */
function buffersOf(tensors: readonly Tensor[]): BufferView[] {
  const list = new Array<BufferView>(tensors.length);
  for (let i = 0; i < tensors.length; i++) list[i] = tensors[i]!.data_.buffer!;
  return list;
}

/**
 * A launched node's effect when its device runs it: a kernel's arithmetic on typed views of its
 * buffers, or a Print's text; returns whether a kernel overflowed. A node whose input failed fails
 * alike without running; an exception fails the node (see {@link failAtRunTime}).
 */
export function runNode(node: OpNode, ctx: KernelContext): boolean {
  if (inheritFailure(node)) return false;
  try {
    return node.action === 'print' ? printNode(node) : computeNode(node, ctx.saturate, node.device.spec.floatStatusRegister);
  } catch (e) {
    return failAtRunTime(node, e);
  }
}

/**
 * A launched node's completion where the arithmetic is skipped (timing-only): its results are as
 * produced as they will be; a chain of them must not keep every earlier node alive.
 */
export function timedNode(node: OpNode): void {
  ran(node);
}

/** A Print node's effect: its inputs' text to its sink. */
function printNode(node: OpNode): boolean {
  node.print?.(node.inputs.map((t) => new NDArray(deviceView(t).data.slice(), t.shape, t.dtype)));
  return false;
}

/**
 * An executor's reused argument lists for kernel calls: the input views of the node running now (one
 * list per input count) and its options, so that a tiny op allocates neither. A call made while another
 * is running (a kernel that makes its device run other work) gets lists of its own.
 */
export class KernelCallScratch {
  private readonly lists: (KTensor[] | undefined)[] = [];
  /** The running call's options (`out` is set per call). */
  readonly options = { out: undefined as KTensor | undefined, inferred: false, saturate: false, detectOverflow: false };
  private busy = false;

  /** Input views of `tensors` in a reused list, or null when a call is already running. */
  enter(tensors: readonly Tensor[]): KTensor[] | null {
    if (this.busy) return null;
    const n = tensors.length;
    const list = this.lists[n] ?? (this.lists[n] = new Array<KTensor>(n));
    for (let i = 0; i < n; i++) list[i] = deviceView(tensors[i]!);
    this.busy = true;
    return list;
  }

  /** The call that {@link enter} began is over: its views and output are let go. */
  leave(list: KTensor[]): void {
    for (let i = 0; i < list.length; i++) list[i] = undefined as never; // (fill is a builtin call: dearer for two slots)
    this.options.out = undefined;
    this.options.inferred = false;
    this.busy = false;
  }
}

/**
 * A kernel node's effect on its buffers; returns whether the kernel overflowed. Its input views and
 * options come from the executor's {@link KernelCallScratch} (no arrays per op).
 */
function computeNode(node: OpNode, saturate: boolean, detectOverflow: boolean): boolean {
  const scratch = node.clock.scratch;
  const shared = scratch.enter(node.inputs);
  const inputs = shared ?? node.inputs.map(deviceView);
  const options = shared ? scratch.options : { out: undefined as KTensor | undefined, inferred: false, saturate, detectOverflow };
  try {
    options.saturate = saturate;
    options.detectOverflow = detectOverflow;
    const kernel = node.kernel;
    if (node.action === 'assign') {
      for (const k of node.updates) if (node.inputs[k]!.data_.persistent) node.clock.lastGood.beforeWrite(node.inputs[k]!.data_, inputs[k]!.data);
      // Assign writes its value; AssignAdd/AssignSub and optimizers their kernel's results
      const result = kernel ? kernel.compute(inputs, node.attrs as never, options) : null;
      if (!result) inputs[0]!.data.set(inputs[1]!.data as never);
      else node.updates.forEach((k, j) => inputs[k]!.data.set(result.outputs[j]!.data as never));
      ran(node);
      return result?.overflow ?? false;
    }
    const outputs = node.outputs;
    options.out = outputs.length > 0 ? deviceView(outputs[0]!) : undefined;
    options.inferred = node.inferred; // the output was inferred when the op was recorded: once is enough
    const r = kernel!.compute(inputs, node.attrs as never, options);
    for (let k = 1; k < outputs.length; k++) deviceView(outputs[k]!).data.set(r.outputs[k]!.data as never);
    ran(node);
    return r.overflow;
  } finally {
    if (shared) scratch.leave(shared);
  }
}

/**
 * A node whose input is the result of a failed op fails the same way without running; returns
 * whether it did.
 */
function inheritFailure(node: OpNode): boolean {
  const inputs = node.inputs;
  for (let i = 0; i < inputs.length; i++) {
    const inherited = inputs[i]!.data_.failure;
    if (inherited !== null) {
      failed(node, inherited);
      return true;
    }
  }
  return false;
}

/**
 * An exception of a node's effect (a bug found at run time, not an injected fault) fails the node:
 * its results raise the error when read, an in-place target keeps its value, the next synchronisation
 * reports it once, and the device and its streams carry on (nothing sticky). Returns false (no overflow).
 */
function failAtRunTime(node: OpNode, e: unknown): boolean {
  const error = e instanceof MindsimError ? e : new DeviceError(`${node.name} failed on ${node.device.name}: ${e instanceof Error ? e.message : String(e)}`);
  failed(node, error);
  node.clock.unreported ??= error;
  return false;
}

function failed(node: OpNode, error: Error): void {
  if (node.action !== 'assign') for (const o of node.outputs) o.data_.failure = error;
  ran(node);
}

/**
 * A node's kernel has run: the data it wrote no longer waits for it (so later ops need no edge to it,
 * and a chain of results does not keep every earlier node alive).
 */
function ran(node: OpNode): void {
  for (const o of node.outputs) if (o.data_.producer === node) o.data_.producer = null;
}
