/**
 * Memory that comes back as soon as nothing needs it, deterministically: each piece of tensor data
 * counts the recorded ops that read it and have not finished (`uses`); data whose release was asked
 * for (a disposed tensor, an intermediate of a scope that ended) gives its device buffer back once
 * its producer has run and its count is zero. Finished work is noticed in launch order at each
 * recorded op and at every full synchronisation — points of the simulated program, never of the
 * JavaScript garbage collector — so traces and memory figures repeat exactly.
 * @module
 */
import type { WorkItem } from '../../runtime/index.js';
import type { TensorData } from '../tensor.js';
import type { OpNode } from './op-node.js';

/**
 * How a release treats the host copy: a scope keeps it (the value can be uploaded again), dispose drops
 * it, and an offload (a superseded Cell output, see nn/cell-outputs.ts) first puts the value there.
 */
export type ReleaseKind = 'device' | 'all' | 'host';

/** The work an executor launched and has not seen finish, and the data waiting to be released. */
export class Releases {
  /** Launched nodes and their work items, alternating, in launch order; `head` is the first not seen finished. */
  private list: (OpNode | WorkItem)[] = [];
  private head = 0;

  /** Whether launched work is still to be seen finished. */
  get inFlight(): boolean {
    return this.head < this.list.length;
  }

  /** A node is recorded: it reads its inputs until it has run. */
  recorded(node: OpNode): void {
    for (const t of node.inputs) {
      const d = t.data_;
      d.uses++;
      if (d.singleUse && d.releaseKind === null) {
        d.releaseKind = 'device'; // its host copy stays: only the device copy goes when the op has run
        d.releaseWhy = "an op's scalar input";
      }
    }
  }

  /** A node was launched as `item`. */
  launched(node: OpNode, item: WorkItem): void {
    const list = this.list;
    list.push(node); // one value per push: V8 inlines that, not a push of two
    list.push(item);
  }

  /** Notices the finished work at the head of the launch order (stops at the first still running). */
  poll(): void {
    const list = this.list;
    let head = this.head;
    if (head >= list.length) return;
    while (head < list.length) {
      const node = list[head] as OpNode;
      const item = list[head + 1] as WorkItem;
      if (!item.finished && item.generation === node.device.resets) break; // running (a reset abandons it)
      this.done(node);
      head += 2;
    }
    this.compact(head);
  }

  /** After a full synchronisation: everything launched has finished. */
  pollAll(): void {
    const list = this.list;
    for (let i = this.head; i < list.length; i += 2) this.done(list[i] as OpNode);
    this.compact(list.length);
  }

  /** A node has run (or failed, or was never launched): its inputs' counts drop and waiting data goes. */
  done(node: OpNode): void {
    node.ran = true;
    for (const t of node.inputs) {
      const d = t.data_;
      d.uses--;
      if (d.releaseKind !== null) tryRelease(d);
    }
    for (const t of node.outputs) if (t.data_.releaseKind !== null) tryRelease(t.data_);
  }

  private compact(head: number): void {
    if (head === this.head) return;
    if (head >= this.list.length) {
      this.list.length = 0;
      this.head = 0;
    } else if (head > 1024 && head * 2 > this.list.length) {
      this.list = this.list.slice(head);
      this.head = 0;
    } else {
      this.head = head;
    }
  }
}

/**
 * Asks for `d` to be released (`why` is what reading it later says): now when nothing needs it, else
 * when its producer and the last op reading it have run. A Parameter's data is released only by dispose.
 */
export function requestRelease(d: TensorData, why: string, kind: ReleaseKind): void {
  if (d.persistent && kind !== 'all') return;
  if (d.releaseKind === 'all' || (d.releaseKind === 'device' && kind !== 'all') || (d.releaseKind === 'host' && kind === 'host')) return; // asked already: the first reason stays
  d.releaseKind = kind;
  d.releaseWhy = why;
  tryRelease(d);
}

/** Whether `d` was released, or is to be and then has no value left (using or reading it is an error). */
export function isReleased(d: TensorData): boolean {
  return d.released !== null || d.releaseKind === 'all' || (d.releaseKind === 'device' && !d.hostValid);
}

/** Releases `d` if nothing needs it any more (called again when its last use or its upload ends). */
export function tryRelease(d: TensorData): void {
  if (d.uses > 0 || d.uploading) return;
  const producer = d.producer as OpNode | null;
  if (producer !== null && !producer.ran) return;
  const buffer = d.buffer;
  if (d.releaseKind === 'host' && !d.hostValid && buffer && !buffer.freed && d.failure === null && d.hostLayout !== null) {
    // the simulator keeps the value (no simulated copy: the device copy is what goes)
    const storage = d.hostLayout.dtype.allocate(d.hostLayout.size);
    buffer.readInto(storage);
    d.storage = storage;
    d.hostValid = true;
  }
  if (buffer && !buffer.freed) d.device!.free(buffer);
  d.buffer = null;
  d.bufferView = null;
  d.device = null;
  d.producer = null;
  if (d.releaseKind === 'all' || !d.hostValid) {
    d.storage = null;
    d.hostValid = false;
    d.lazyInit = null;
    d.released = d.releaseWhy;
  }
  d.releaseKind = null;
  d.hostLayout = null;
}
