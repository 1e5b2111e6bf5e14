/**
 * Launching one recorded op onto a device stream: the work item that runs its kernel (or clears or
 * reads the float-status register, or prints) at simulated time, on typed views of device buffers.
 * @module
 */
import { DeviceError, MindsimError } from '../../errors/index.js';
import { sizeOf } from '../../kernels/index.js';
import type { CollectiveCall, Device, PsCall, Stream, WorkItem } from '../../runtime/index.js';
import { NDArray } from '../numpy/index.js';
import type { OpNode } from './op-node.js';
import { deviceView } from './placement.js';

/** Submits `node`'s work to `stream` of `device`; returns the work item. */
export function launchNode(node: OpNode, device: Device, stream: Stream): WorkItem {
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
    case 'collective': {
      const { hub, rank, call } = node.collective!;
      return hub.submit(rank, stream, {
        ...(call as CollectiveCall & PsCall),
        buffers: () => ({ inputs: node.inputs.map(deviceView), outputs: node.outputs.map(deviceView) }),
        ...(reads ? { reads } : {}),
        ...(writes ? { writes } : {}),
      });
    }
    case 'print':
      return device.launch(stream, {
        name: node.name,
        reads,
        run: () => (inheritFailure(node) ? false : guarded(node, () => printNode(node))),
        timed: () => ran(node),
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
          if (inheritFailure(node)) return false;
          try {
            return computeNode(node, saturate, detectOverflow);
          } catch (e) {
            return failAtRunTime(node, e);
          }
        },
        // timing-only: the results are as produced as they will be; a chain of them must not keep
        // every earlier node alive
        timed: () => ran(node),
      });
    }
  }
}

/** A Print node's effect: its inputs' text to its sink. */
function printNode(node: OpNode): boolean {
  node.print?.(node.inputs.map((t) => new NDArray(deviceView(t).data.slice(), t.shape, t.dtype)));
  return false;
}

/** A kernel node's effect on its buffers; returns whether the kernel overflowed. */
function computeNode(node: OpNode, saturate: boolean, detectOverflow: boolean): boolean {
  const kernel = node.kernel;
  const inputs = node.inputs.map(deviceView);
  if (node.action === 'assign') {
    for (const k of node.updates) if (node.inputs[k]!.data_.persistent) node.clock.lastGood.beforeWrite(node.inputs[k]!.data_, inputs[k]!.data);
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

/** Runs a node's effect; an exception fails the node (see {@link failAtRunTime}). */
function guarded(node: OpNode, effect: () => boolean): boolean {
  try {
    return effect();
  } catch (e) {
    return failAtRunTime(node, e);
  }
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
