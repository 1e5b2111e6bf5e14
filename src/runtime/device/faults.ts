/**
 * Planned faults: the next kernel (optionally by name, optionally after skipping some) or copy that
 * completes fails. Device loss is scheduled by the device itself.
 * @module
 */
import { KernelFaultError } from '../../errors/index.js';
import type { WorkItem } from './work.js';

/** A fault to inject into a device. */
export type FaultSpec = KernelFault | CopyFault | DeviceLostFault;

/** The next matching kernel fails at its completion. */
export interface KernelFault {
  /** A kernel fault. */
  readonly kind: 'kernel';
  /** Only kernels of this name (any when omitted). */
  readonly op?: string;
  /** Let this many matching kernels pass first. */
  readonly after?: number;
}

/** The next copy fails at its completion. */
export interface CopyFault {
  /** A copy fault. */
  readonly kind: 'copy';
  /** Let this many copies pass first. */
  readonly after?: number;
}

/** The device is lost at a simulated time. */
export interface DeviceLostFault {
  /** A device loss. */
  readonly kind: 'device-lost';
  /** When, in simulated ns (now when omitted). */
  readonly at?: number;
}

interface Planned {
  readonly kind: 'kernel' | 'copy';
  readonly op: string | undefined;
  skip: number;
}

/** The faults planned for one device. */
export class FaultPlan {
  /** @internal */
  constructor() {}

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
