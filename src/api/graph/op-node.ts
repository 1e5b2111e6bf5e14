/**
 * A recorded op: what it runs, on which device, its inputs and outputs, the unfinished nodes it must
 * follow, and where and when it was launched.
 * @module
 */
import type { KernelDef } from '../../kernels/index.js';
import { kernelTime, type Device, type DeviceEvent, type Stream } from '../../runtime/index.js';
import type { OrderingNode, Tensor } from '../tensor.js';

/**
 * How a node acts: run its kernel into new outputs; clear or read the float-status register; print;
 * or update its first input in place (Assign, AssignAdd, AssignSub: the kernel's result, or for plain
 * Assign the second input, is written into the first input's data).
 */
export type NodeAction = 'kernel' | 'npu-clear' | 'npu-get' | 'print' | 'assign';

/** One recorded op. */
export class OpNode implements OrderingNode {
  /** Nodes that must finish before this one starts (unfinished ones; emptied once it is launched). */
  readonly deps: OpNode[] = [];
  stream: Stream | null = null;
  event: DeviceEvent | null = null;
  launched = false;
  /** The synchronisation epoch it was launched in (a full synchronisation finishes everything before it). */
  epoch = -1;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly kernel: KernelDef<never> | null,
    readonly attrs: object,
    readonly inputs: readonly Tensor[],
    readonly outputs: Tensor[],
    readonly action: NodeAction,
    readonly device: Device,
    readonly print?: (texts: string[]) => void,
  ) {}

  /** Orders this node after `d` (nothing to do when `d` is this node, already a dependency or finished). */
  after(d: OrderingNode | null | undefined): void {
    if (d instanceof OpNode && d !== this && !d.finished && !this.deps.includes(d)) this.deps.push(d);
  }

  /** Its estimated run time on its device, in ns (what `critical-path` weighs paths by). */
  get weight(): number {
    const cost = this.kernel?.cost(this.inputs, this.attrs as never);
    return cost ? kernelTime(this.device.spec, cost.flops, cost.bytes, cost.dtype.name) : kernelTime(this.device.spec, 0, 0);
  }

  /** Launched, and a full synchronisation has waited for it since. */
  get finished(): boolean {
    return this.launched && this.epoch < syncEpoch;
  }
}

/** Counts full synchronisations: nodes launched in an earlier epoch have finished. */
let syncEpoch = 0;

/** The current synchronisation epoch. */
export function currentEpoch(): number {
  return syncEpoch;
}

/** A full synchronisation has happened: everything launched so far has finished. */
export function endEpoch(): void {
  syncEpoch++;
}

