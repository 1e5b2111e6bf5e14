/**
 * A bounded record of the trace: keeps the most recent `capacity` records (a ring), so that long runs
 * use bounded memory; `Infinity` keeps everything. The records every op makes (work submitted, begun,
 * ended; memory allocated and freed) are kept in typed-array columns, not as objects: a run of a million
 * ops leaves no million objects for the garbage collector to promote, and recording one costs a few
 * stores. {@link TraceRecorder.records} builds the objects when asked; other records are kept as given.
 * @module
 */
import type { EngineKind, MemoryAccess, MemoryRecord, TraceRecord, WorkKind, WorkRecord } from './records.js';

/** A memory range as the device knows it: what a {@link MemoryAccess} is made from. */
export interface AccessSource {
  /** The memory space. */
  readonly space: {
    /** Its name (`host`, `Ascend:0`). */
    readonly name: string;
  };
  /** The first address. */
  readonly address: number;
  /** The length in bytes. */
  readonly byteLength: number;
}

/**
 * The fields of a work record, as the device fills them into one reused object (no allocation per
 * record): the {@link WorkRecord} fields, writable and always present, except that `deps`, `reads` and
 * `writes` are the device's own objects (null: no such field), read when the record is kept or made.
 */
export type WorkEntry = { -readonly [K in Exclude<keyof WorkRecord, 'deps' | 'reads' | 'writes'>]-?: WorkRecord[K] } & WorkEntryRefs;

/** The parts of a {@link WorkEntry} that refer to the device's objects. */
export interface WorkEntryRefs {
  /** Items it must follow (their ids are recorded), or null. */
  deps: readonly {
    /** The item's id. */
    readonly id: number;
  }[] | null;
  /** What it reads: one range, several, or null. */
  reads: AccessSource | readonly AccessSource[] | null;
  /** What it writes: one range, several, or null. */
  writes: AccessSource | readonly AccessSource[] | null;
}

const WORK_TYPES = ['submit', 'begin', 'end'] as const;
const WORK_KINDS: readonly WorkKind[] = ['kernel', 'copy', 'record', 'wait', 'register', 'collective'];
const ENGINES: readonly EngineKind[] = ['compute', 'h2d', 'd2h', 'd2d'];
const STATUSES = ['ok', 'failed'] as const;
/** Slot kinds: an object record, a work record, the two memory records, a slot never written. */
const OBJECT = 0, WORK = 1, ALLOC = 4, FREE = 5, EMPTY = 6;
const NONE = 255;
/** The index of `name` in `names`, comparing interned strings by identity first (no keyed lookup). */
function codeOf(names: readonly string[], name: string): number {
  for (let i = 0; i < names.length; i++) if (names[i] === name) return i;
  return NONE;
}

/** The record of one work entry, its fields in one order (so V8 keeps one object shape). */
export function workRecord(e: WorkEntry): WorkRecord {
  return {
    type: e.type,
    time: e.time,
    device: e.device,
    stream: e.stream,
    id: e.id,
    op: e.op,
    work: e.work,
    engine: e.engine,
    bytes: e.bytes,
    status: e.status,
    waitsOn: e.waitsOn,
    deps: e.deps ? e.deps.map((d) => d.id) : undefined,
    reads: accessList(e.reads),
    writes: accessList(e.writes),
  };
}

function accessList(a: AccessSource | readonly AccessSource[] | null): MemoryAccess[] | undefined {
  if (a === null) return undefined;
  const list = Array.isArray(a) ? (a as readonly AccessSource[]) : [a as AccessSource];
  return list.map((v) => ({ space: v.space.name, address: v.address, bytes: v.byteLength }));
}

const count = (a: AccessSource | readonly AccessSource[] | null): number => (a === null ? -1 : Array.isArray(a) ? a.length : 1);

/**
 * Slots of a recorder's first columns: a small program's run (a test, an explored schedule replayed for
 * its trace) records a few hundred records, so they fit without growing (each growth allocates and
 * copies every column).
 */
const FIRST_SLOTS = 512;

/** A ring buffer of trace records, the frequent ones in columns. */
export class TraceRecorder {
  /** Records dropped because the ring was full. */
  dropped = 0;
  private size = 0; // slots allocated in the columns
  private length = 0; // records kept
  private start = 0; // the oldest record's slot once the ring wraps
  private kind = new Uint8Array(0);
  private time = new Float64Array(0);
  private n0 = new Float64Array(0); // stream | address
  private n1 = new Float64Array(0); // id | bytes
  private n2 = new Float64Array(0); // bytes (NaN: none) | used
  private n3 = new Float64Array(0); // waitsOn (NaN: none)
  private codes = new Uint8Array(0); // 4 per slot: work type, work kind, engine, status
  private counts = new Int32Array(0); // 3 per slot: deps, reads, writes (-1: no field)
  private extra = new Float64Array(0); // absolute pool position of the slot's deps and accesses
  private s1: string[] = []; // device | space
  private s2: string[] = []; // op
  private objects: (TraceRecord | undefined)[] = [];
  // deps and accesses: a ring of numbers (ids; address, bytes) and of space names, by absolute position
  private pool = new Float64Array(256);
  private poolNames: string[] = new Array<string>(256);
  private poolEnd = 0;

  /** @param capacity - how many of the newest records to keep. */
  constructor(readonly capacity: number) {}

  /** Adds a record, dropping the oldest when full. */
  add(record: TraceRecord): void {
    if (record.type === 'alloc' || record.type === 'free') {
      this.addMemory(record.type, record.time, record.space, record.address, record.bytes, record.used);
      return;
    }
    const slot = this.slot();
    this.kind[slot] = OBJECT;
    this.objects[slot] = record;
    this.extra[slot] = this.poolEnd;
  }

  /** Adds an allocation or free record from its fields (no object is made). */
  addMemory(type: MemoryRecord['type'], time: number, space: string, address: number, bytes: number, used: number): void {
    const slot = this.slot();
    if (this.kind[slot] === OBJECT) this.objects[slot] = undefined;
    this.kind[slot] = type === 'alloc' ? ALLOC : FREE;
    this.time[slot] = time;
    this.s1[slot] = space;
    this.n0[slot] = address;
    this.n1[slot] = bytes;
    this.n2[slot] = used;
    this.extra[slot] = this.poolEnd;
  }

  /** Adds a work record from the device's entry, copying its fields into the columns. */
  addWork(e: WorkEntry): void {
    const slot = this.slot();
    if (this.kind[slot] === OBJECT) this.objects[slot] = undefined;
    this.kind[slot] = WORK;
    this.time[slot] = e.time;
    this.s1[slot] = e.device;
    this.s2[slot] = e.op;
    this.n0[slot] = e.stream;
    this.n1[slot] = e.id;
    this.n2[slot] = e.bytes === undefined ? NaN : e.bytes;
    this.n3[slot] = e.waitsOn === undefined ? NaN : e.waitsOn;
    const c = 4 * slot;
    const codes = this.codes;
    codes[c] = e.type === 'submit' ? 0 : e.type === 'begin' ? 1 : 2;
    codes[c + 1] = e.work === 'kernel' ? 0 : codeOf(WORK_KINDS, e.work);
    codes[c + 2] = e.engine === undefined ? NONE : e.engine === 'compute' ? 0 : codeOf(ENGINES, e.engine);
    codes[c + 3] = e.status === undefined ? NONE : e.status === 'ok' ? 0 : 1;
    const nd = e.deps ? e.deps.length : -1;
    const nr = count(e.reads);
    const nw = count(e.writes);
    this.counts[3 * slot] = nd;
    this.counts[3 * slot + 1] = nr;
    this.counts[3 * slot + 2] = nw;
    const cells = Math.max(0, nd) + 2 * (Math.max(0, nr) + Math.max(0, nw));
    this.reserve(cells);
    this.extra[slot] = this.poolEnd;
    for (let i = 0; i < nd; i++) this.poolPush(e.deps![i]!.id, '');
    this.pushAccesses(e.reads);
    this.pushAccesses(e.writes);
  }

  /** The kept records, oldest first. */
  records(): TraceRecord[] {
    const out = new Array<TraceRecord>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.recordAt((this.start + i) % this.size);
    return out;
  }

  /** Forgets everything. */
  clear(): void {
    this.length = 0;
    this.start = 0;
    this.dropped = 0;
    this.objects = new Array<TraceRecord | undefined>(this.size);
    this.s1 = new Array<string>(this.size);
    this.s2 = new Array<string>(this.size);
  }

  /** The slot the next record goes into: a new one, or the oldest when the ring is full. */
  private slot(): number {
    if (this.length < this.capacity) {
      if (this.length === this.size) this.grow();
      return this.length++;
    }
    const slot = this.start;
    this.start = (this.start + 1) % this.size;
    this.dropped++;
    return slot;
  }

  private grow(): void {
    const size = Math.min(this.capacity, Math.max(FIRST_SLOTS, this.size * 2));
    // every numeric column in one buffer (one allocation per growth): six float64 columns, then the
    // int32 counts, then the byte columns
    const buffer = new ArrayBuffer(size * (6 * 8 + 3 * 4 + 1 + 4));
    let at = 0;
    const column = <T extends Float64Array | Int32Array | Uint8Array>(ctor: { new (b: ArrayBuffer, o: number, n: number): T; BYTES_PER_ELEMENT: number }, old: T, k = 1): T => {
      const c = new ctor(buffer, at, size * k);
      at += size * k * ctor.BYTES_PER_ELEMENT;
      c.set(old as never);
      return c;
    };
    this.time = column(Float64Array, this.time);
    this.n0 = column(Float64Array, this.n0);
    this.n1 = column(Float64Array, this.n1);
    this.n2 = column(Float64Array, this.n2);
    this.n3 = column(Float64Array, this.n3);
    this.extra = column(Float64Array, this.extra);
    this.counts = column(Int32Array, this.counts, 3);
    const kind = new Uint8Array(buffer, at, size).fill(EMPTY); // a fresh slot holds no object to let go of
    kind.set(this.kind);
    this.kind = kind;
    at += size;
    this.codes = column(Uint8Array, this.codes, 4);
    this.size = size;
  }

  /**
   * Makes room for `cells` more pool cells without overwriting those of any kept record other than the
   * newest (being written): grows the pool when the ring of cells would wrap onto them.
   */
  private reserve(cells: number): void {
    if (cells === 0) return;
    // records' pool positions grow with their age order; the oldest kept record other than the new one
    // (in `slot`; the ring's start never is that slot while another record is kept) bounds the live cells
    const live = this.length > 1 ? this.extra[this.start]! : this.poolEnd;
    const need = this.poolEnd + cells - live;
    if (need <= this.pool.length) return;
    let size = this.pool.length;
    while (size < need) size *= 2;
    const pool = new Float64Array(size);
    const names = new Array<string>(size);
    for (let p = live; p < this.poolEnd; p++) {
      pool[p % size] = this.pool[p % this.pool.length]!;
      names[p % size] = this.poolNames[p % this.pool.length]!;
    }
    this.pool = pool;
    this.poolNames = names;
  }

  private poolPush(value: number, name: string): void {
    const i = this.poolEnd % this.pool.length;
    this.pool[i] = value;
    this.poolNames[i] = name;
    this.poolEnd++;
  }

  private pushAccesses(a: AccessSource | readonly AccessSource[] | null): void {
    if (a === null) return;
    if (!Array.isArray(a)) {
      const v = a as AccessSource;
      this.poolPush(v.address, v.space.name);
      this.poolPush(v.byteLength, '');
      return;
    }
    for (const v of a as readonly AccessSource[]) {
      this.poolPush(v.address, v.space.name);
      this.poolPush(v.byteLength, '');
    }
  }

  private recordAt(slot: number): TraceRecord {
    const kind = this.kind[slot]!;
    if (kind === OBJECT) return this.objects[slot]!;
    if (kind === ALLOC || kind === FREE) {
      return { type: kind === ALLOC ? 'alloc' : 'free', time: this.time[slot]!, space: this.s1[slot]!, address: this.n0[slot]!, bytes: this.n1[slot]!, used: this.n2[slot]! };
    }
    const c = 4 * slot;
    const bytes = this.n2[slot]!;
    const waitsOn = this.n3[slot]!;
    let p = this.extra[slot]!;
    const nd = this.counts[3 * slot]!;
    let deps: number[] | undefined;
    if (nd >= 0) {
      deps = new Array<number>(nd);
      for (let i = 0; i < nd; i++) deps[i] = this.pool[p++ % this.pool.length]!;
    }
    const accesses = (n: number): MemoryAccess[] | undefined => {
      if (n < 0) return undefined;
      const list = new Array<MemoryAccess>(n);
      for (let i = 0; i < n; i++) {
        const at = p % this.pool.length;
        list[i] = { space: this.poolNames[at]!, address: this.pool[at]!, bytes: this.pool[(p + 1) % this.pool.length]! };
        p += 2;
      }
      return list;
    };
    const reads = accesses(this.counts[3 * slot + 1]!);
    const writes = accesses(this.counts[3 * slot + 2]!);
    const engine = this.codes[c + 2]!;
    const status = this.codes[c + 3]!;
    return {
      type: WORK_TYPES[this.codes[c]!]!,
      time: this.time[slot]!,
      device: this.s1[slot]!,
      stream: this.n0[slot]!,
      id: this.n1[slot]!,
      op: this.s2[slot]!,
      work: WORK_KINDS[this.codes[c + 1]!]!,
      engine: engine === NONE ? undefined : ENGINES[engine],
      bytes: Number.isNaN(bytes) ? undefined : bytes,
      status: status === NONE ? undefined : STATUSES[status],
      waitsOn: Number.isNaN(waitsOn) ? undefined : waitsOn,
      deps,
      reads,
      writes,
    };
  }
}
