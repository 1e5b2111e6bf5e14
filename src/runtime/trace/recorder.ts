/**
 * A bounded record of the trace: keeps the most recent `capacity` records (a ring), so that long runs
 * use bounded memory; `Infinity` keeps everything. The records every op makes (work submitted, begun,
 * ended; memory allocated and freed) are kept in typed-array columns of numbers (names as codes into a
 * table of the names seen), not as objects or strings: a run of a million ops leaves nothing for the
 * garbage collector to scan or promote, and recording one costs a few
 * stores into chunks of columns that are added as the trace grows (never grown or copied) and reused
 * once the ring is full, so a long run's per-op cost stays flat. {@link TraceRecorder.records} builds
 * the objects when asked; other records are kept as given.
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
/** Slot kinds: an object record, a work record, the two memory records. */
const OBJECT = 0, WORK = 1, ALLOC = 4, FREE = 5;
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
 * Slots of a recorder's first chunk: a small program's run (a test, an explored schedule replayed for
 * its trace) records a few hundred records, so they fit in one small allocation.
 */
const FIRST_SLOTS = 512;
/** Slots of the largest chunks (about half a megabyte of columns each). */
const MAX_CHUNK_SLOTS = 8192;

/**
 * A run of consecutive records in typed-array columns (one buffer per chunk, numbers only: names are
 * codes into the recorder's {@link NameTable}), with the pool of their deps and memory ranges. Chunks
 * are never grown or copied: a recorder adds one when the newest is full and, once it keeps more than
 * its capacity, reuses the oldest for the next. Holding no strings or objects, a chunk costs the
 * garbage collector nothing to scan or promote.
 */
class Chunk {
  /** Records written. */
  used = 0;
  readonly kind: Uint8Array;
  readonly time: Float64Array;
  readonly n0: Float64Array; // stream | address
  readonly n1: Float64Array; // id | bytes
  readonly n2: Float64Array; // bytes (NaN: none) | used
  readonly n3: Float64Array; // waitsOn (NaN: none)
  readonly s1: Int32Array; // device | space (a name code)
  readonly s2: Int32Array; // op (a name code)
  readonly codes: Uint8Array; // 4 per slot: work type, work kind, engine, status
  readonly counts: Int32Array; // 3 per slot: deps, reads, writes (-1: no field)
  readonly extra: Int32Array; // the pool position of the slot's deps and accesses
  objects: (TraceRecord | undefined)[] | null = null;
  /** Deps (an id each) and accesses (address, bytes, space name code: three cells each). */
  pool: Float64Array;
  poolEnd = 0;

  constructor(readonly size: number) {
    const buffer = new ArrayBuffer(size * (5 * 8 + 6 * 4 + 1 + 4));
    let at = 0;
    const f64 = () => {
      const c = new Float64Array(buffer, at, size);
      at += size * 8;
      return c;
    };
    const i32 = (per: number) => {
      const c = new Int32Array(buffer, at, per * size);
      at += 4 * per * size;
      return c;
    };
    this.time = f64();
    this.n0 = f64();
    this.n1 = f64();
    this.n2 = f64();
    this.n3 = f64();
    this.s1 = i32(1);
    this.s2 = i32(1);
    this.counts = i32(3);
    this.extra = i32(1);
    this.kind = new Uint8Array(buffer, at, size);
    at += size;
    this.codes = new Uint8Array(buffer, at, 4 * size);
    this.pool = new Float64Array(4 * size);
  }

  /** Empties it for reuse (the columns are overwritten slot by slot). */
  reset(): void {
    this.used = 0;
    this.poolEnd = 0;
    this.objects = null;
  }

  /** Makes room for `cells` more pool cells. */
  reserve(cells: number): void {
    const need = this.poolEnd + cells;
    if (need <= this.pool.length) return;
    let size = this.pool.length;
    while (size < need) size *= 2;
    const pool = new Float64Array(size);
    pool.set(this.pool.subarray(0, this.poolEnd));
    this.pool = pool;
  }
}

/** The roles whose last name a {@link NameTable} remembers apart. */
const DEVICE = 0, OP = 1, SPACE = 2;

/**
 * The names a recorder's records use (devices, ops, spaces), each stored once and referred to by its
 * code. The last name looked up in each role is remembered: consecutive records of one op on one device
 * cost no lookup. A run with ever new op names grows the table by one entry per new name.
 */
class NameTable {
  private readonly names: string[] = [''];
  private readonly index = new Map<string, number>([['', 0]]);
  private readonly last = ['', '', ''];
  private readonly lastCode = new Int32Array(3);

  /** The code of `name` in `role` (DEVICE, OP or SPACE). */
  code(role: number, name: string): number {
    if (name === this.last[role]) return this.lastCode[role]!;
    let c = this.index.get(name);
    if (c === undefined) {
      c = this.names.length;
      this.names.push(name);
      this.index.set(name, c);
    }
    this.last[role] = name;
    return (this.lastCode[role] = c);
  }

  /** The name of a code. */
  name(code: number): string {
    return this.names[code]!;
  }
}

/**
 * A ring of trace records, the frequent ones in columns. Writing a record costs a few stores into the
 * newest chunk; memory grows a chunk at a time with no copying and stays bounded by the capacity.
 */
export class TraceRecorder {
  /** Chunks, oldest first; the last is written. */
  private chunks: Chunk[] = [];
  private current: Chunk | null = null;
  /** Records in the chunks (some of the oldest chunk's may be past the capacity). */
  private held = 0;
  /** Records added since the last clear. */
  private total = 0;
  private names = new NameTable();

  /**
   * @param capacity - how many of the newest records to keep.
   * @param chunkSlots - the most records one chunk of columns holds (tests use small ones).
   */
  constructor(
    readonly capacity: number,
    private readonly chunkSlots = MAX_CHUNK_SLOTS,
  ) {}

  /** Records dropped because the ring was full. */
  get dropped(): number {
    return this.total - this.kept;
  }

  private get kept(): number {
    return Math.min(this.total, this.capacity);
  }

  /** Adds a record, dropping the oldest when full. */
  add(record: TraceRecord): void {
    if (record.type === 'alloc' || record.type === 'free') {
      this.addMemory(record.type, record.time, record.space, record.address, record.bytes, record.used);
      return;
    }
    const c = this.writable();
    const i = c.used++;
    c.kind[i] = OBJECT;
    (c.objects ??= [])[i] = record;
    c.extra[i] = c.poolEnd;
  }

  /** Adds an allocation or free record from its fields (no object is made). */
  addMemory(type: MemoryRecord['type'], time: number, space: string, address: number, bytes: number, used: number): void {
    const c = this.writable();
    const i = c.used++;
    c.kind[i] = type === 'alloc' ? ALLOC : FREE;
    c.time[i] = time;
    c.s1[i] = this.names.code(SPACE, space);
    c.n0[i] = address;
    c.n1[i] = bytes;
    c.n2[i] = used;
    c.extra[i] = c.poolEnd;
  }

  /** Adds a work record from the device's entry, copying its fields into the columns. */
  addWork(e: WorkEntry): void {
    const c = this.writable();
    const i = c.used++;
    c.kind[i] = WORK;
    c.time[i] = e.time;
    const names = this.names;
    c.s1[i] = names.code(DEVICE, e.device);
    c.s2[i] = names.code(OP, e.op);
    c.n0[i] = e.stream;
    c.n1[i] = e.id;
    c.n2[i] = e.bytes === undefined ? NaN : e.bytes;
    c.n3[i] = e.waitsOn === undefined ? NaN : e.waitsOn;
    const k = 4 * i;
    const codes = c.codes;
    codes[k] = e.type === 'submit' ? 0 : e.type === 'begin' ? 1 : 2;
    codes[k + 1] = e.work === 'kernel' ? 0 : codeOf(WORK_KINDS, e.work);
    codes[k + 2] = e.engine === undefined ? NONE : e.engine === 'compute' ? 0 : codeOf(ENGINES, e.engine);
    codes[k + 3] = e.status === undefined ? NONE : e.status === 'ok' ? 0 : 1;
    const deps = e.deps;
    const nd = deps ? deps.length : -1;
    const nr = count(e.reads);
    const nw = count(e.writes);
    c.counts[3 * i] = nd;
    c.counts[3 * i + 1] = nr;
    c.counts[3 * i + 2] = nw;
    c.extra[i] = c.poolEnd;
    if (nd <= 0 && nr <= 0 && nw <= 0) return;
    c.reserve(Math.max(0, nd) + 3 * (Math.max(0, nr) + Math.max(0, nw)));
    const pool = c.pool;
    let p = c.poolEnd;
    for (let d = 0; d < nd; d++) pool[p++] = deps![d]!.id;
    p = pushAccesses(pool, p, e.reads, names);
    c.poolEnd = pushAccesses(pool, p, e.writes, names);
  }

  /** The kept records, oldest first. */
  records(): TraceRecord[] {
    const out = new Array<TraceRecord>(this.kept);
    let skip = this.held - this.kept; // the oldest chunk's records past the capacity
    let n = 0;
    for (const c of this.chunks) {
      for (let i = 0; i < c.used; i++) {
        if (skip > 0) skip--;
        else out[n++] = recordAt(c, i, this.names);
      }
    }
    return out;
  }

  /** Forgets everything. */
  clear(): void {
    this.chunks = [];
    this.current = null;
    this.held = 0;
    this.total = 0;
    this.names = new NameTable();
  }

  /** The chunk the next record goes into (with room for it). */
  private writable(): Chunk {
    const c = this.current;
    this.total++;
    this.held++;
    if (c !== null && c.used < c.size) return c;
    return this.nextChunk();
  }

  /** A new newest chunk; drops the oldest chunks whose records all lie past the capacity. */
  private nextChunk(): Chunk {
    const chunks = this.chunks;
    let dropped: Chunk | null = null; // written again when it has the next chunk's size
    // `held` counts the record being added: the chunks must keep the newest `capacity` with it
    while (chunks.length > 0 && this.held - 1 - chunks[0]!.used >= this.capacity) {
      dropped = chunks.shift()!;
      this.held -= dropped.used;
    }
    const last = this.current;
    const size = Math.min(this.chunkSlots, last === null ? FIRST_SLOTS : 2 * last.size, Math.max(1, this.capacity));
    const c = dropped !== null && dropped.size === size ? dropped : new Chunk(size);
    if (c === dropped) c.reset();
    chunks.push(c);
    this.current = c;
    return c;
  }
}

/** Writes accesses into a pool from cell `p` on (address, bytes, space code each); returns the next cell. */
function pushAccesses(pool: Float64Array, p: number, a: AccessSource | readonly AccessSource[] | null, names: NameTable): number {
  if (a === null) return p;
  if (!Array.isArray(a)) return pushAccess(pool, p, a as AccessSource, names);
  const list = a as readonly AccessSource[];
  for (let i = 0; i < list.length; i++) p = pushAccess(pool, p, list[i]!, names);
  return p;
}

function pushAccess(pool: Float64Array, p: number, v: AccessSource, names: NameTable): number {
  pool[p] = v.address;
  pool[p + 1] = v.byteLength;
  pool[p + 2] = names.code(SPACE, v.space.name);
  return p + 3;
}

function recordAt(c: Chunk, slot: number, names: NameTable): TraceRecord {
  const kind = c.kind[slot]!;
  if (kind === OBJECT) return c.objects![slot]!;
  if (kind === ALLOC || kind === FREE) {
    return { type: kind === ALLOC ? 'alloc' : 'free', time: c.time[slot]!, space: names.name(c.s1[slot]!), address: c.n0[slot]!, bytes: c.n1[slot]!, used: c.n2[slot]! };
  }
  const k = 4 * slot;
  const bytes = c.n2[slot]!;
  const waitsOn = c.n3[slot]!;
  let p = c.extra[slot]!;
  const nd = c.counts[3 * slot]!;
  let deps: number[] | undefined;
  if (nd >= 0) {
    deps = new Array<number>(nd);
    for (let i = 0; i < nd; i++) deps[i] = c.pool[p++]!;
  }
  const accesses = (n: number): MemoryAccess[] | undefined => {
    if (n < 0) return undefined;
    const list = new Array<MemoryAccess>(n);
    for (let i = 0; i < n; i++) {
      list[i] = { space: names.name(c.pool[p + 2]!), address: c.pool[p]!, bytes: c.pool[p + 1]! };
      p += 3;
    }
    return list;
  };
  const reads = accesses(c.counts[3 * slot + 1]!);
  const writes = accesses(c.counts[3 * slot + 2]!);
  const engine = c.codes[k + 2]!;
  const status = c.codes[k + 3]!;
  return {
    type: WORK_TYPES[c.codes[k]!]!,
    time: c.time[slot]!,
    device: names.name(c.s1[slot]!),
    stream: c.n0[slot]!,
    id: c.n1[slot]!,
    op: names.name(c.s2[slot]!),
    work: WORK_KINDS[c.codes[k + 1]!]!,
    engine: engine === NONE ? undefined : ENGINES[engine],
    bytes: Number.isNaN(bytes) ? undefined : bytes,
    status: status === NONE ? undefined : STATUSES[status],
    waitsOn: Number.isNaN(waitsOn) ? undefined : waitsOn,
    deps,
    reads,
    writes,
  };
}
