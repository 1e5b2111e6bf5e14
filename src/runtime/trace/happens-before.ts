/**
 * Happens-before read from a trace, and a race finder. Work on one stream is ordered; a wait orders
 * what follows it after the record it waited for; implicit dependencies (the GPU legacy default
 * stream) order an item after theirs; a host synchronisation orders everything submitted after it
 * after what it waited for. Vector clocks (one entry per stream) make each query a comparison.
 * Nothing else orders work: two items unordered here may run in either order on a device.
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import type { MemoryAccess, TraceRecord, WorkRecord } from './records.js';

/** A work item as the trace shows it. */
export interface TracedWork {
  /** The work item's id. */
  readonly id: number;
  /** Its op name. */
  readonly op: string;
  /** Its device. */
  readonly device: string;
  /** Its stream's number on the device. */
  readonly stream: number;
}

/** Two accesses to the same memory, at least one a write, on different streams and unordered. */
export interface Race {
  /** The earlier submitted of the two. */
  readonly first: TracedWork;
  /** The later submitted. */
  readonly second: TracedWork;
  /** `first`'s access. */
  readonly firstAccess: 'read' | 'write';
  /** `second`'s access. */
  readonly secondAccess: 'read' | 'write';
  /** Where: a memory space (`GPU:0`) or `Ascend:0 float-status register`. */
  readonly space: string;
  /** The first byte both touch. */
  readonly address: number;
  /** A sentence naming both, where, and the fix. */
  readonly message: string;
}

/** What identifies a work item in a query: its id, its trace record, or its op name when unique. */
export type WorkSelector = number | string | WorkRef;

/** Anything carrying a work item's id (a trace record, a {@link TracedWork}). */
export interface WorkRef {
  /** The work item's id. */
  readonly id: number;
}

interface Item extends TracedWork {
  readonly lane: number;
  readonly pos: number;
  readonly submitIndex: number;
  readonly prev: number | null;
  readonly deps: readonly number[];
  readonly host: number; // host snapshot in force at submission (-1: none)
  readonly reads: readonly MemoryAccess[];
  readonly writes: readonly MemoryAccess[];
}

/** One access for the race sweep. */
interface Touch {
  readonly item: Item;
  readonly kind: 'read' | 'write' | 'set';
  readonly start: number;
  readonly end: number;
}

const isSubmit = (r: TraceRecord): r is WorkRecord & { type: 'submit' } => r.type === 'submit';

/**
 * The happens-before order of a trace's work items.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const p = new runtime.Platform({ record: Infinity });
 * const gpu = p.device('GPU:0');
 * const [s1, s2] = [gpu.createStream(), gpu.createStream()];
 * gpu.launch(s1, { name: 'A' });
 * const e = gpu.createEvent();
 * gpu.recordEvent(e, s1);
 * gpu.waitEvent(s2, e);
 * gpu.launch(s2, { name: 'B' });
 * gpu.launch(s1, { name: 'C' });
 * gpu.synchronize();
 * const order = new runtime.TraceOrder(p.sim.records());
 * console.log(order.happensBefore('A', 'B'), order.happensBefore('C', 'B'), order.happensBefore('B', 'C')); // true false false
 * ```
 */
export class TraceOrder {
  private readonly items = new Map<number, Item>();
  private readonly waits = new Map<number, number>();
  private readonly hostSyncs: { until: readonly number[] }[] = [];
  private readonly clocks = new Map<number, Int32Array>();
  private readonly hostClocks: Int32Array[] = [];
  private readonly lanes: number;

  /** @param records - a simulator's records (`sim.records()`), oldest first; a bounded recorder's newest part works too. */
  constructor(records: readonly TraceRecord[]) {
    const laneOf = new Map<string, number>();
    const last = new Map<number, Item>();
    let host = -1;
    records.forEach((r, index) => {
      if (r.type === 'sync' && r.phase === 'end') {
        this.hostSyncs.push({ until: r.until ?? [] });
        host = this.hostSyncs.length - 1;
      } else if (r.type === 'begin' && 'waitsOn' in r && r.waitsOn !== undefined) {
        this.waits.set(r.id, r.waitsOn);
      } else if (isSubmit(r)) {
        const key = `${r.device}#${r.stream}`;
        let lane = laneOf.get(key);
        if (lane === undefined) laneOf.set(key, (lane = laneOf.size));
        const prev = last.get(lane) ?? null;
        const item: Item = {
          id: r.id, op: r.op, device: r.device, stream: r.stream, lane, pos: (prev?.pos ?? 0) + 1, submitIndex: index,
          prev: prev?.id ?? null, deps: r.deps ?? [], host, reads: r.reads ?? [], writes: r.writes ?? [],
        };
        this.items.set(r.id, item);
        last.set(lane, item);
      }
    });
    this.lanes = laneOf.size;
  }

  /** Every traced work item, in submission order. */
  work(): TracedWork[] {
    return [...this.items.values()].map(({ id, op, device, stream }) => ({ id, op, device, stream }));
  }

  /**
   * Whether `a` is guaranteed to finish before `b` starts, on any device timing.
   *
   * @throws ArgumentValueError for an id not in the trace, or an op name that names no item or several.
   */
  happensBefore(a: WorkSelector, b: WorkSelector): boolean {
    const x = this.resolve(a, 'happensBefore');
    const y = this.resolve(b, 'happensBefore');
    return x !== y && x.pos <= this.clockOf(y.id)[x.lane]!;
  }

  /** Neither happens before the other: a device may run them in either order (or at once). */
  concurrent(a: WorkSelector, b: WorkSelector): boolean {
    const x = this.resolve(a, 'concurrent');
    const y = this.resolve(b, 'concurrent');
    return x !== y && !this.happensBefore(x.id, y.id) && !this.happensBefore(y.id, x.id);
  }

  /**
   * Every pair of unordered accesses to overlapping memory, at least one a write (the Ascend
   * float-status register counts: overflowing kernels set it, clears write it, reads read it; two
   * sets commute). Register accesses come from the trace's register records, so a kernel that did not
   * overflow in this run does not touch it.
   */
  races(records: readonly TraceRecord[]): Race[] {
    const bySpace = new Map<string, Touch[]>();
    const add = (space: string, t: Touch) => {
      const list = bySpace.get(space);
      if (list) list.push(t);
      else bySpace.set(space, [t]);
    };
    for (const item of this.items.values()) {
      for (const a of item.reads) add(a.space, { item, kind: 'read', start: a.address, end: a.address + a.bytes });
      for (const a of item.writes) add(a.space, { item, kind: 'write', start: a.address, end: a.address + a.bytes });
    }
    for (const r of records) {
      if (r.type !== 'register' || r.id === undefined) continue;
      const item = this.items.get(r.id);
      if (item) add(`${r.device} float-status register`, { item, kind: r.action === 'read' ? 'read' : r.action === 'set' ? 'set' : 'write', start: 0, end: 1 });
    }
    const found: Race[] = [];
    const seen = new Set<string>();
    for (const [space, touches] of bySpace) {
      touches.sort((p, q) => p.start - q.start);
      for (let i = 0; i < touches.length; i++) {
        const p = touches[i]!;
        for (let j = i + 1; j < touches.length && touches[j]!.start < p.end; j++) {
          const q = touches[j]!;
          if (p.item.lane === q.item.lane || (p.kind !== 'write' && q.kind !== 'write' && !(p.kind === 'set' ? q.kind === 'read' : p.kind === 'read' && q.kind === 'set'))) continue;
          const [first, second] = p.item.submitIndex < q.item.submitIndex ? [p, q] : [q, p];
          const key = `${first.item.id}/${second.item.id}/${space}`;
          if (seen.has(key) || !this.concurrent(first.item.id, second.item.id)) continue;
          seen.add(key);
          found.push(race(first, second, space, Math.max(p.start, q.start)));
        }
      }
    }
    return found.sort((p, q) => p.first.id - q.first.id || p.second.id - q.second.id);
  }

  private resolve(s: WorkSelector, api: string): Item {
    if (typeof s === 'string') {
      const matches = [...this.items.values()].filter((i) => i.op === s);
      if (matches.length !== 1) throw new ArgumentValueError(`${api}: the op name '${s}' names ${matches.length} work items in the trace; pass an id or a record`);
      return matches[0]!;
    }
    const id = typeof s === 'number' ? s : s.id;
    const item = this.items.get(id);
    if (!item) throw new ArgumentValueError(`${api}: work item ${String(id)} is not in the trace`);
    return item;
  }

  /** The item's vector clock (computed on demand, iteratively: streams can be long). */
  private clockOf(id: number): Int32Array {
    const stack: number[] = [id];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top >= 0 ? this.clocks.has(top) : this.hostClocks[-top - 1] !== undefined) {
        stack.pop();
        continue;
      }
      const needs = this.prerequisites(top).filter((p) => (p >= 0 ? !this.clocks.has(p) : this.hostClocks[-p - 1] === undefined));
      if (needs.length > 0) {
        stack.push(...needs);
        continue;
      }
      stack.pop();
      const clock = new Int32Array(this.lanes);
      for (const p of this.prerequisites(top)) join(clock, p >= 0 ? this.clocks.get(p)! : this.hostClocks[-p - 1]!);
      if (top >= 0) {
        const item = this.items.get(top)!;
        clock[item.lane] = item.pos;
        this.clocks.set(top, clock);
      } else {
        this.hostClocks[-top - 1] = clock;
      }
    }
    return this.clocks.get(id)!;
  }

  /** What an item's clock joins (items' ids; host snapshots as -(k + 1)); items missing from a bounded trace are skipped. */
  private prerequisites(node: number): number[] {
    const known = (id: number) => this.items.has(id);
    if (node < 0) {
      const k = -node - 1;
      return [...(k > 0 ? [-k] : []), ...this.hostSyncs[k]!.until.filter(known)];
    }
    const item = this.items.get(node)!;
    const out = item.deps.filter(known);
    if (item.prev !== null) out.push(item.prev);
    const waited = this.waits.get(node);
    if (waited !== undefined && known(waited)) out.push(waited);
    if (item.host >= 0) out.push(-(item.host + 1));
    return out;
  }
}

function join(into: Int32Array, from: Int32Array): void {
  for (let i = 0; i < into.length; i++) if (from[i]! > into[i]!) into[i] = from[i]!;
}

function race(first: Touch, second: Touch, space: string, address: number): Race {
  const name = (t: Touch) => `${t.item.op} (#${t.item.id}, ${t.item.device} stream ${t.item.stream})`;
  const verb = (t: Touch) => (t.kind === 'read' ? 'reads' : t.kind === 'set' ? 'sets' : 'writes');
  const where = space.endsWith('register') ? space : `${space} memory at 0x${address.toString(16)}`;
  const fix = first.item.device === second.item.device
    ? `record an event on stream ${first.item.stream} after ${first.item.op} and wait for it on stream ${second.item.stream} before ${second.item.op}`
    : `make ${second.item.op}'s stream wait for an event recorded after ${first.item.op}`;
  return {
    first: { id: first.item.id, op: first.item.op, device: first.item.device, stream: first.item.stream },
    second: { id: second.item.id, op: second.item.op, device: second.item.device, stream: second.item.stream },
    firstAccess: first.kind === 'read' ? 'read' : 'write',
    secondAccess: second.kind === 'read' ? 'read' : 'write',
    space,
    address,
    message: `race on ${where}: ${name(first)} ${verb(first)} it and ${name(second)} ${verb(second)} it with nothing ordering them; ${fix}`,
  };
}

/**
 * Whether work item `a` is guaranteed to finish before `b` starts in the run `trace` records
 * (stream order, event waits, implicit dependencies, host synchronisation).
 *
 * @throws ArgumentValueError for an id not in the trace, or an op name that names no item or several.
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const p = new runtime.Platform({ record: Infinity });
 * const npu = p.device('Ascend:0');
 * npu.launch(npu.defaultStream, { name: 'A' });
 * npu.launch(npu.createStream(), { name: 'B' });
 * npu.synchronize();
 * console.log(runtime.happensBefore(p.sim.records(), 'A', 'B')); // false — different streams, no event
 * ```
 */
export function happensBefore(trace: readonly TraceRecord[], a: WorkSelector, b: WorkSelector): boolean {
  return new TraceOrder(trace).happensBefore(a, b);
}

/**
 * The races in a trace: two accesses to the same memory (or the float-status register) on different
 * streams with no ordering between them, at least one a write. Kernels' accesses are those they
 * declared (`reads`/`writes` of their launch); copies touch their source and destination.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const p = new runtime.Platform({ record: Infinity });
 * const gpu = p.device('GPU:0');
 * const buf = gpu.allocate(64);
 * gpu.launch(gpu.createStream(), { name: 'fill', writes: [buf] });
 * gpu.launch(gpu.createStream(), { name: 'scale', reads: [buf], writes: [buf] });
 * gpu.synchronize();
 * console.log(runtime.findRaces(p.sim.records()).map((r) => `${r.first.op} ${r.second.op}`)); // [ 'fill scale' ]
 * ```
 */
export function findRaces(trace: readonly TraceRecord[]): Race[] {
  return new TraceOrder(trace).races(trace);
}
