/**
 * The ordering of side effects among recorded ops: program order among memory side-effect ops
 * (Assign, AssignAdd, optimizer updates: MindSpore's `side_effect_mem`) and with reads of the
 * Parameters they write; program order among IO side-effect ops (Print); issue order among
 * collectives.
 * @module
 */
import type { TensorData } from '../tensor.js';
import type { OpNode } from './op-node.js';

/**
 * The side-effect chains of one executor since its last full synchronisation. Parameters are known by
 * their data (persistent data): a Parameter that takes new data (setData, a broadcast) starts a new
 * chain, while ops recorded on its old data keep theirs.
 */
export class SideEffects {
  private readonly lastWriter = new Map<TensorData, OpNode>();
  private readonly readers = new Map<TensorData, OpNode[]>();
  private lastMem: OpNode | null = null;
  private lastIo: OpNode | null = null;
  /** Collectives keep their issue order (NCCL/HCCL match them by it). */
  private lastCollective: OpNode | null = null;

  /** The last op recorded that writes a Parameter's data (its readers follow it), if any. */
  writerOf(p: TensorData): OpNode | undefined {
    return this.lastWriter.get(p);
  }

  /**
   * Orders a newly recorded node after the side effects it must follow (besides each Parameter
   * input's {@link writerOf}, which the caller orders it after), and records its own.
   */
  order(node: OpNode, mem: boolean, io: boolean): void {
    const inputs = node.inputs;
    if (mem) {
      node.after(this.lastMem);
      for (const k of node.updates) {
        const target = inputs[k]?.data_;
        if (!target?.persistent) continue;
        for (const r of this.readers.get(target) ?? []) node.after(r);
        this.lastWriter.set(target, node);
        this.readers.set(target, []);
      }
      this.lastMem = node;
    } else {
      for (const { data_: d } of inputs) {
        if (!d.persistent) continue;
        const readers = this.readers.get(d);
        if (!readers) this.readers.set(d, [node]);
        else if (readers.length < 64 || readers.length & (readers.length - 1)) readers.push(node);
        else {
          // a long run of reads with no write and no full synchronisation: forget the readers that
          // have run (a later write needs no edge to them), so the list does not hold every op alive
          const pending = readers.filter((r) => !r.finished);
          pending.push(node);
          this.readers.set(d, pending);
        }
      }
    }
    if (io) {
      node.after(this.lastIo);
      this.lastIo = node;
    }
    if (node.action === 'collective') {
      node.after(this.lastCollective);
      this.lastCollective = node;
    }
  }

  /** Forgets the chains (their nodes have all finished, or are abandoned). */
  forget(): void {
    this.lastWriter.clear();
    this.readers.clear();
    this.lastMem = null;
    this.lastIo = null;
    this.lastCollective = null;
  }
}
