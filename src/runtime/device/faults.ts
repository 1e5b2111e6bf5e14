/**
 * Planned faults: the next kernel (optionally by name, optionally after skipping some) or copy that
 * completes fails. Device loss is scheduled by the device itself.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, KernelFaultError } from '../../errors/index.js';
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

const FAULT_KEYS: Readonly<Record<FaultSpec['kind'], readonly string[]>> = { kernel: ['kind', 'op', 'after'], copy: ['kind', 'after'], 'device-lost': ['kind', 'at'] };

/**
 * Checks a fault spec (`api` names the caller in messages): a known kind, only its own fields, `op` a
 * string, `after` a non-negative integer, `at` a finite time no earlier than `now`.
 *
 * @throws {@link ArgumentTypeError} for a spec that is not an object or a field of the wrong type.
 * @throws {@link ArgumentValueError} for an unknown kind or field, a negative or fractional `after`, or an `at` in the past.
 */
export function checkFaultSpec(spec: unknown, api: string, now: number): FaultSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new ArgumentTypeError(`${api}: a fault must be an object such as { kind: 'kernel' }, but got ${spec === null ? 'null' : Array.isArray(spec) ? 'an array' : typeof spec}`);
  const f = spec as Record<string, unknown>;
  const kind = f.kind as FaultSpec['kind'];
  if (typeof kind !== 'string' || !Object.hasOwn(FAULT_KEYS, kind)) throw new ArgumentValueError(`${api}: the fault kind must be 'kernel', 'copy' or 'device-lost', but got ${JSON.stringify(f.kind) ?? 'undefined'}`);
  const extra = Object.keys(f).find((k) => !FAULT_KEYS[kind].includes(k));
  if (extra !== undefined) throw new ArgumentValueError(`${api}: a '${kind}' fault has no field '${extra}' (it takes ${FAULT_KEYS[kind].join(', ')})`);
  if (f.op !== undefined && typeof f.op !== 'string') throw new ArgumentTypeError(`${api}: the fault's op must be a string (a kernel name), but got ${typeof f.op} ${String(f.op)}`);
  if (f.after !== undefined && !(typeof f.after === 'number' && Number.isSafeInteger(f.after) && f.after >= 0)) {
    throw new ArgumentValueError(`${api}: the fault's after must be a non-negative integer, but got ${String(f.after)}`);
  }
  if (f.at !== undefined && !(typeof f.at === 'number' && Number.isFinite(f.at) && f.at >= now)) {
    throw new ArgumentValueError(`${api}: a device loss must be planned now or later (now is ${now} ns), but at is ${String(f.at)}`);
  }
  return spec as FaultSpec;
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
