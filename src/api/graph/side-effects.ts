/**
 * The ordering of side effects among recorded ops: program order among memory side-effect ops
 * (Assign, AssignAdd, optimizer updates: MindSpore's `side_effect_mem`) and with reads of the
 * Parameters they write; program order among IO side-effect ops (Print); issue order among
 * collectives.
 * @module
 */
import { Parameter } from '../parameter.js';
import type { OpNode } from './op-node.js';

/** The side-effect chains of one executor since its last full synchronisation. */
export class SideEffects {
  private readonly lastWriter = new Map<Parameter, OpNode>();
  private readonly readers = new Map<Parameter, OpNode[]>();
  private lastMem: OpNode | null = null;
  private lastIo: OpNode | null = null;
  /** Collectives keep their issue order (NCCL/HCCL match them by it). */
  private lastCollective: OpNode | null = null;

  /** The last op recorded that writes a Parameter (its readers follow it), if any. */
  writerOf(p: Parameter): OpNode | undefined {
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
        const target = inputs[k];
        if (!(target instanceof Parameter)) continue;
        for (const r of this.readers.get(target) ?? []) node.after(r);
        this.lastWriter.set(target, node);
        this.readers.set(target, []);
      }
      this.lastMem = node;
    } else {
      for (const t of inputs) {
        if (!(t instanceof Parameter)) continue;
        const readers = this.readers.get(t);
        if (readers) readers.push(node);
        else this.readers.set(t, [node]);
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
