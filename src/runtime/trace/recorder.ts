/**
 * A bounded record of the trace: keeps the most recent `capacity` records (a ring), so that long runs
 * use bounded memory; `Infinity` keeps everything. The records every op makes (work submitted, begun,
 * ended; memory allocated and freed) are kept as 48-byte rows of numbers in typed arrays (names as
 * codes into a table of the names seen), not as objects or strings: a run of a million ops leaves
 * nothing for the garbage collector to scan or promote, and recording one costs a few stores into one
 * row of a chunk; chunks are added as the trace grows (never grown or copied) and reused once the ring
 * is full, so a long run's per-op cost stays flat. {@link TraceRecorder.records} builds the objects
 * when asked; other records are kept as given.
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
 * The buffers a work item reads and writes, listed on demand by the object that knows them (the API
 * layer's op node): a traced submission copies them straight into its row, with no lists made per item.
 */
export interface AccessList {
  /** How many buffers it reads (-1: the record has no `reads` field). */
  readonly readCount: number;
  /** How many buffers it writes (-1: the record has no `writes` field). */
  readonly writeCount: number;
  /** The `i`th buffer it reads. */
  readAt(i: number): AccessSource;
  /** The `i`th buffer it writes. */
  writeAt(i: number): AccessSource;
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
  /** What it reads and writes, listed by its holder (when set, `reads` and `writes` are not read). */
  access?: AccessList | null;
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
    reads: e.access ? listed(e.access, e.access.readCount, false) : accessList(e.reads),
    writes: e.access ? listed(e.access, e.access.writeCount, true) : accessList(e.writes),
  };
}

/** An {@link AccessList}'s reads or writes as trace accesses (undefined for a count of -1). */
function listed(access: AccessList, n: number, writes: boolean): MemoryAccess[] | undefined {
  if (n < 0) return undefined;
  const list = new Array<MemoryAccess>(n);
  for (let k = 0; k < n; k++) list[k] = memoryAccess(writes ? access.writeAt(k) : access.readAt(k));
  return list;
}

function accessList(a: AccessSource | readonly AccessSource[] | null): MemoryAccess[] | undefined {
  if (a === null) return undefined;
  return Array.isArray(a) ? (a as readonly AccessSource[]).map(memoryAccess) : [memoryAccess(a as AccessSource)];
}

/** A memory range as a trace record holds it. */
function memoryAccess(v: AccessSource): MemoryAccess {
  return { space: v.space.name, address: v.address, bytes: v.byteLength };
}

const count = (a: AccessSource | readonly AccessSource[] | null): number => (a === null ? -1 : Array.isArray(a) ? a.length : 1);

/**
 * Slots of a recorder's first chunk: a small program's run (a test, an explored schedule replayed for
 * its trace) records a few hundred records, so they fit in one small allocation.
 */
const FIRST_SLOTS = 512;
/** Slots of the largest chunks (half a megabyte of rows each, and their pool). */
const MAX_CHUNK_SLOTS = 8192;

/**
 * Bytes of one record's row: 6 float64 cells, the last two of which hold 4 int32 cells. What only
 * submissions and waits carry (the counts, `waitsOn`) is in the pool, so begin, end and memory records
 * take no room for it: a record and its share of the pool are 80 bytes (96 with 64-byte rows).
 */
const ROW_BYTES = 48;
/** Float64 cells per row. */
const ROW_F = ROW_BYTES / 8;
/** Int32 cells per row. */
const ROW_I = ROW_BYTES / 4;
/** Float64 cells of a row: time, then three numbers whose meaning depends on the kind. */
const F_TIME = 0, F_N0 = 1, F_N1 = 2, F_N2 = 3;
/** Int32 cells of a row (indices within its 12): two name codes, the pool position (-1: none), the codes. */
const I_S1 = 8, I_S2 = 9, I_EXTRA = 10, I_CODES = 11;
/** Pool cells a work record with deps, accesses or a `waitsOn` starts with: waitsOn (NaN: none) and the three counts (-1: no field). */
const HEADER_CELLS = 4;
/**
 * Pool cells reserved per row in a new chunk: a chain of tiny ops uses 3.25 (its submission's header,
 * dependency and three memory ranges over four records); a chunk whose records use more grows its pool.
 */
const POOL_CELLS_PER_ROW = 4;

/**
 * A run of consecutive records, one 48-byte row each (one buffer per chunk, numbers only: names are
 * codes into the recorder's {@link NameTable}), with the pool of their deps and memory ranges. A row
 * is written with a handful of stores into one or two cache lines. Chunks are never grown or copied: a
 * recorder adds one when the newest is full and, once it keeps more than its capacity, reuses the
 * oldest for the next. Holding no strings or objects, a chunk costs the garbage collector nothing to
 * scan or promote.
 *
 * A row's cells: float64 0 time, 1 stream | address, 2 id | bytes, 3 bytes (NaN: none) | used; int32
 * 8 device | space (a name code), 9 op (a name code), 10 the pool position of the row's other fields
 * (-1: none), 11 the codes: kind (low four bits) and work type (high four) in the first byte, then a
 * byte each for work kind, engine and status. A work record's pool part: waitsOn (NaN: none), the
 * counts of deps, reads and writes (-1: no such field), the deps' ids, then each range as address,
 * bytes and space name code.
 */
class Chunk {
  /** Records written. */
  used = 0;
  /** The rows as float64 cells (6 per row). */
  readonly f: Float64Array;
  /** The rows as int32 cells (12 per row). */
  readonly i: Int32Array;
  objects: (TraceRecord | undefined)[] | null = null;
  /** Work records' other fields: a header, deps (an id each) and accesses (address, bytes, space name code: three cells each). */
  pool: Float64Array;
  poolEnd = 0;

  constructor(readonly size: number) {
    const buffer = new ArrayBuffer(size * ROW_BYTES);
    this.f = new Float64Array(buffer);
    this.i = new Int32Array(buffer);
    this.pool = new Float64Array(POOL_CELLS_PER_ROW * size);
  }

  /** Empties it for reuse (the rows are overwritten one by one). */
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
  // each role's last name and its code in fields of their own: a list of three read by role made every
  // lookup a keyed load and a generic string comparison (ten lookups per tiny op)
  private lastDevice = '';
  private deviceCode = 0;
  private lastOp = '';
  private opCode = 0;
  private lastSpace = '';
  private spaceCode = 0;

  /** The code of `name` in `role` (DEVICE, OP or SPACE). */
  code(role: number, name: string): number {
    if (role === DEVICE) {
      if (name !== this.lastDevice) {
        this.deviceCode = this.lookup(name);
        this.lastDevice = name;
      }
      return this.deviceCode;
    }
    if (role === OP) {
      if (name !== this.lastOp) {
        this.opCode = this.lookup(name);
        this.lastOp = name;
      }
      return this.opCode;
    }
    if (name !== this.lastSpace) {
      this.spaceCode = this.lookup(name);
      this.lastSpace = name;
    }
    return this.spaceCode;
  }

  /** The code of a name, added to the table the first time it is seen. */
  private lookup(name: string): number {
    let c = this.index.get(name);
    if (c === undefined) {
      c = this.names.length;
      this.names.push(name);
      this.index.set(name, c);
    }
    return c;
  }

  /** The name of a code. */
  name(code: number): string {
    return this.names[code]!;
  }
}

/**
 * A ring of trace records, the frequent ones as rows of numbers. Writing a record costs a few stores into the
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
   * @param chunkSlots - the most records one chunk of rows holds (tests use small ones).
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
    this.addObject(record);
  }

  /** Keeps a record as the object it is. */
  private addObject(record: TraceRecord): void {
    const c = this.writable();
    const slot = c.used++;
    c.i[ROW_I * slot + I_CODES] = OBJECT;
    (c.objects ??= [])[slot] = record;
  }

  /** Adds an allocation or free record from its fields (no object is made). */
  addMemory(type: MemoryRecord['type'], time: number, space: string, address: number, bytes: number, used: number): void {
    const c = this.writable();
    const slot = c.used++;
    const f = c.f, i = c.i, r = ROW_F * slot, q = ROW_I * slot;
    f[r + F_TIME] = time;
    f[r + F_N0] = address;
    f[r + F_N1] = bytes;
    f[r + F_N2] = used;
    i[q + I_S1] = this.names.code(SPACE, space);
    i[q + I_CODES] = type === 'alloc' ? ALLOC : FREE;
  }

  /** Adds a work record from the device's entry, copying its fields into a row. */
  addWork(e: WorkEntry): void {
    if (e.type !== 'submit' && e.deps === null && e.reads === null && e.writes === null && (e.access ?? null) === null && e.waitsOn === undefined) {
      this.workRow(e, -1, this.writable()); // a begin or end record (two of an op's three): nothing for the pool
      return;
    }
    const deps = e.deps;
    const nd = deps ? deps.length : -1;
    const access = e.access ?? null;
    const nr = access !== null ? access.readCount : count(e.reads);
    const nw = access !== null ? access.writeCount : count(e.writes);
    const cells = HEADER_CELLS + Math.max(0, nd) + 3 * (Math.max(0, nr) + Math.max(0, nw));
    const c = this.writable();
    c.reserve(cells);
    const at = c.poolEnd;
    this.workRow(e, at, c);
    const names = this.names;
    const pool = c.pool;
    pool[at] = e.waitsOn === undefined ? NaN : e.waitsOn;
    pool[at + 1] = nd;
    pool[at + 2] = nr;
    pool[at + 3] = nw;
    let p = at + HEADER_CELLS;
    for (let d = 0; d < nd; d++) pool[p++] = deps![d]!.id;
    if (access !== null) {
      for (let k = 0; k < nr; k++) p = pushAccess(pool, p, access.readAt(k), names);
      for (let k = 0; k < nw; k++) p = pushAccess(pool, p, access.writeAt(k), names);
    } else {
      p = pushAccesses(pool, p, e.reads, names);
      p = pushAccesses(pool, p, e.writes, names);
    }
    c.poolEnd = p;
  }

  /**
   * Writes a work record's row into `c` (the writable chunk, the record already counted), its pool
   * part starting at cell `at` (-1: none: no deps, reads or writes fields and no `waitsOn`).
   */
  private workRow(e: WorkEntry, at: number, c: Chunk): void {
    const slot = c.used++;
    const f = c.f, i = c.i, r = ROW_F * slot, q = ROW_I * slot;
    const names = this.names;
    f[r + F_TIME] = e.time;
    f[r + F_N0] = e.stream;
    f[r + F_N1] = e.id;
    f[r + F_N2] = e.bytes === undefined ? NaN : e.bytes;
    i[q + I_S1] = names.code(DEVICE, e.device);
    i[q + I_S2] = names.code(OP, e.op);
    i[q + I_EXTRA] = at;
    const type = e.type === 'submit' ? 0 : e.type === 'begin' ? 1 : 2;
    const work = e.work === 'kernel' ? 0 : codeOf(WORK_KINDS, e.work);
    const engine = e.engine === undefined ? NONE : e.engine === 'compute' ? 0 : codeOf(ENGINES, e.engine);
    const status = e.status === undefined ? NONE : e.status === 'ok' ? 0 : 1;
    i[q + I_CODES] = WORK | (type << 4) | (work << 8) | (engine << 16) | (status << 24);
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
  const f = c.f, i = c.i, r = ROW_F * slot, q = ROW_I * slot;
  const codes = i[q + I_CODES]!;
  const kind = codes & 15;
  if (kind === OBJECT) return c.objects![slot]!;
  if (kind === ALLOC || kind === FREE) {
    return { type: kind === ALLOC ? 'alloc' : 'free', time: f[r + F_TIME]!, space: names.name(i[q + I_S1]!), address: f[r + F_N0]!, bytes: f[r + F_N1]!, used: f[r + F_N2]! };
  }
  const bytes = f[r + F_N2]!;
  const at = i[q + I_EXTRA]!;
  const pool = c.pool;
  const header = at >= 0; // else no waitsOn and no deps, reads or writes fields
  const waitsOn = header ? pool[at]! : NaN;
  let p = at + HEADER_CELLS;
  const nd = header ? pool[at + 1]! : -1;
  let deps: number[] | undefined;
  if (nd >= 0) {
    deps = new Array<number>(nd);
    for (let d = 0; d < nd; d++) deps[d] = pool[p++]!;
  }
  const accesses = (n: number): MemoryAccess[] | undefined => {
    if (n < 0) return undefined;
    const list = new Array<MemoryAccess>(n);
    for (let k = 0; k < n; k++) {
      list[k] = { space: names.name(pool[p + 2]!), address: pool[p]!, bytes: pool[p + 1]! };
      p += 3;
    }
    return list;
  };
  const reads = accesses(header ? pool[at + 2]! : -1);
  const writes = accesses(header ? pool[at + 3]! : -1);
  const engine = (codes >>> 16) & 255;
  const status = codes >>> 24;
  return {
    type: WORK_TYPES[(codes >>> 4) & 15]!,
    time: f[r + F_TIME]!,
    device: names.name(i[q + I_S1]!),
    stream: f[r + F_N0]!,
    id: f[r + F_N1]!,
    op: names.name(i[q + I_S2]!),
    work: WORK_KINDS[(codes >>> 8) & 255]!,
    engine: engine === NONE ? undefined : ENGINES[engine],
    bytes: Number.isNaN(bytes) ? undefined : bytes,
    status: status === NONE ? undefined : STATUSES[status],
    waitsOn: Number.isNaN(waitsOn) ? undefined : waitsOn,
    deps,
    reads,
    writes,
  };
}
