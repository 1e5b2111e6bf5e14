/**
 * Planned faults: the next kernel (optionally by name, optionally after skipping some) or copy that
 * completes fails. Device loss is scheduled by the device itself.
 * @module
 */
import { KernelFaultError } from '../../errors/index.js';
import type { WorkItem } from './work.js';

/** A fault to inject into a device. */
export type FaultSpec =
  | { readonly kind: 'kernel'; readonly op?: string; readonly after?: number }
  | { readonly kind: 'copy'; readonly after?: number }
  | { readonly kind: 'device-lost'; readonly at?: number };

interface Planned {
  readonly kind: 'kernel' | 'copy';
  readonly op: string | undefined;
  skip: number;
}

/** The faults planned for one device. */
export class FaultPlan {
  private planned: Planned[] = [];

  /** Plans a kernel or copy fault. */
  add(fault: Exclude<FaultSpec, { kind: 'device-lost' }>): void {
    this.planned.push({ kind: fault.kind, op: fault.kind === 'kernel' ? fault.op : undefined, skip: fault.after ?? 0 });
  }

  /** The error for `item` if a planned fault hits it (the fault is then used up). */
  match(item: WorkItem): KernelFaultError | null {
    if (this.planned.length === 0) return null;
    for (let i = 0; i < this.planned.length; i++) {
      const p = this.planned[i]!;
      if (p.kind !== item.kind || (p.op !== undefined && p.op !== item.op)) continue;
      if (p.skip > 0) {
        p.skip--;
        continue;
      }
      this.planned.splice(i, 1);
      return new KernelFaultError(`${item.op} failed on ${item.stream} (injected ${p.kind} fault)`);
    }
    return null;
  }

  /** Forgets every planned fault. */
  clear(): void {
    this.planned = [];
  }
}
