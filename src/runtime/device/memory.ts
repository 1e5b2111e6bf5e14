/**
 * Memory spaces (host memory and each device's memory) with capacity accounting, allocations with
 * simulated addresses, and views. The bytes behind an allocation are created the first time a kernel
 * or copy touches them, so timing-only simulations of large models hold no data at all; small
 * allocations share 64 KiB host slabs (an ArrayBuffer each would cost more than the work on them).
 * @module
 */
import { ArgumentValueError, OutOfMemoryError, DeviceError } from '../../errors/index.js';
import type { SimulatorCore as Simulator } from '../sim/core.js';
import { giveBackBacking, takeBacking } from './backing.js';

const GiB = 2 ** 30;

/** Human text of a byte count: `1.5 GiB (1610612736 bytes)`. */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [[GiB * 1024, 'TiB'], [GiB, 'GiB'], [2 ** 20, 'MiB'], [1024, 'KiB']];
  for (const [size, name] of units) if (bytes >= size) return `${+(bytes / size).toFixed(2)} ${name} (${bytes} bytes)`;
  return `${bytes} bytes`;
}

/** Allocations of at most this many bytes take their bytes from a shared slab. */
const SLAB_ITEM_LIMIT = 1024;
const SLAB_BYTES = 64 * 1024;
/** The slab small allocations are carved from (a region is never reused: freed bytes go with the slab). */
let slab = { buffer: new ArrayBuffer(SLAB_BYTES), used: 0 };

/**
 * The most bytes one step of a byte copy views: V8's typed arrays hold at most 2^32 elements, so no
 * Uint8Array views a buffer over 4 GiB whole (copying one through a single view failed).
 */
const COPY_STEP = 2 ** 30;

/**
 * Copies `n` bytes from `src` at `srcOffset` to `dst` at `dstOffset`, in steps of at most `step` bytes
 * (backwards where the ranges overlap with the destination after the source, as memmove): buffers of
 * any size, where one `Uint8Array` view cannot span more than 4 GiB.
 *
 * @throws RangeError when a range lies outside its buffer.
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const a = new Uint8Array([1, 2, 3, 4, 5]);
 * runtime.copyBytes(a.buffer, 1, a.buffer, 0, 4); // overlapping, as memmove
 * console.log([...a]); // [ 1, 1, 2, 3, 4 ]
 * ```
 */
export function copyBytes(dst: ArrayBufferLike, dstOffset: number, src: ArrayBufferLike, srcOffset: number, n: number, step = COPY_STEP): void {
  if (n <= step) {
    new Uint8Array(dst, dstOffset, n).set(new Uint8Array(src, srcOffset, n));
    return;
  }
  const backwards = dst === src && dstOffset > srcOffset;
  for (let done = 0; done < n; done += step) {
    const len = Math.min(step, n - done);
    const k = backwards ? n - done - len : done;
    new Uint8Array(dst, dstOffset + k, len).set(new Uint8Array(src, srcOffset + k, len));
  }
}

/** A region of an allocation (an allocation is the view of all of itself). */
export class BufferView {
  /** The allocation it lies in. */
  readonly allocation: Allocation;

  /** @internal */
  constructor(
    allocation: Allocation | null,
    /** Offset from the allocation's start, in bytes. */
    readonly byteOffset: number,
    /** Length in bytes. */
    readonly byteLength: number,
  ) {
    this.allocation = allocation ?? (this as unknown as Allocation);
  }

  /** The simulated address of the view's first byte. */
  get address(): number {
    return this.allocation.baseAddress + this.byteOffset;
  }

  /** The memory space holding it. */
  get space(): MemorySpace {
    return this.allocation.home;
  }

  /** The view's bytes as a typed array of the given class (the view must be aligned to its element size). */
  typed<T extends ArrayBufferView>(ctor: { new (buffer: ArrayBuffer, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number }): T {
    const size = ctor.BYTES_PER_ELEMENT;
    if (this.byteOffset % size !== 0 || this.byteLength % size !== 0) {
      throw new ArgumentValueError(`BufferView.typed: a view at offset ${this.byteOffset} of ${this.byteLength} bytes is not a whole number of ${size}-byte elements`);
    }
    const a = this.allocation;
    return new ctor(a.storage(), a.storageOffset + this.byteOffset, this.byteLength / size);
  }

  /**
   * Copies `src`'s bytes to the start of this view (in steps: a view over 4 GiB has no single byte array).
   *
   * @throws RangeError when `src` is longer than this view.
   */
  copyFrom(src: BufferView): void {
    if (src.byteLength > this.byteLength) throw new RangeError(`BufferView.copyFrom: ${src.byteLength} bytes do not fit in a ${this.byteLength}-byte view`);
    const d = this.allocation;
    const to = d.storage();
    const s = src.allocation;
    copyBytes(to, d.storageOffset + this.byteOffset, s.storage(), s.storageOffset + src.byteOffset, src.byteLength);
  }

  /**
   * Writes the bytes of a host array to the start of this view.
   *
   * @throws RangeError when the array is longer than this view.
   */
  write(source: ArrayBufferView): void {
    if (source.byteLength > this.byteLength) throw new RangeError(`BufferView.write: ${source.byteLength} bytes do not fit in a ${this.byteLength}-byte view`);
    const a = this.allocation;
    copyBytes(a.storage(), a.storageOffset + this.byteOffset, source.buffer, source.byteOffset, source.byteLength);
  }

  /**
   * Reads the first `target.byteLength` bytes of this view into a host array.
   *
   * @throws RangeError when the array is longer than this view.
   */
  readInto(target: ArrayBufferView): void {
    if (target.byteLength > this.byteLength) throw new RangeError(`BufferView.readInto: a ${target.byteLength}-byte array is longer than the ${this.byteLength}-byte view`);
    const a = this.allocation;
    copyBytes(target.buffer, target.byteOffset, a.storage(), a.storageOffset + this.byteOffset, target.byteLength);
  }

  /** The view's bytes (at most 4 GiB: see {@link BufferView.copyFrom} for larger views). */
  bytes(): Uint8Array {
    const a = this.allocation;
    return new Uint8Array(a.storage(), a.storageOffset + this.byteOffset, this.byteLength);
  }
}

/** One allocation in a memory space. */
export class Allocation extends BufferView {
  private data: ArrayBuffer | undefined;
  /** The bytes are someone else's (see {@link Allocation.adopt}): never handed on for reuse. */
  private adopted = false;
  /** Where the allocation's bytes start in {@link Allocation.storage} (small allocations share a slab). */
  storageOffset = 0;
  private released = false;
  /** The space's generation it was made in (a reset of the space frees every older allocation). */
  private readonly generation: number;

  /** @internal */
  constructor(
    /** The memory space it belongs to (also {@link BufferView.space}). */
    readonly home: MemorySpace,
    /** Its first address (also {@link BufferView.address}). */
    readonly baseAddress: number,
    /** Size in bytes, as requested. */
    readonly size: number,
    /** Host memory only: page-locked (pinned) memory allows truly asynchronous copies. */
    readonly pinned: boolean,
  ) {
    super(null, 0, size);
    this.generation = home.generation;
  }

  /** True once freed (by itself or by a reset of its space); using it after that is an error. */
  get freed(): boolean {
    return this.released || this.generation !== this.home.generation;
  }

  /**
   * The ArrayBuffer holding the allocation's bytes from {@link Allocation.storageOffset} on, created
   * zeroed on first use; prefer {@link BufferView.bytes} and {@link BufferView.typed}.
   *
   * @throws {@link DeviceError} after the allocation was freed.
   */
  storage(): ArrayBuffer {
    if (this.freed) throw new DeviceError(`${this.space.name}: use of freed memory at address 0x${this.address.toString(16)}`);
    if (this.data === undefined) {
      if (this.size > SLAB_ITEM_LIMIT) this.data = takeBacking(this.size);
      else {
        const need = (this.size + 7) & ~7; // 8-byte aligned for every typed-array class
        if (slab.used + need > SLAB_BYTES) slab = { buffer: new ArrayBuffer(SLAB_BYTES), used: 0 };
        this.data = slab.buffer;
        this.storageOffset = slab.used;
        slab.used += need;
      }
    }
    return this.data;
  }

  /**
   * @internal makes `buffer` (exactly the allocation's size) its bytes before anything touched them:
   * a copy into the allocation then lands where its owner wants the bytes (a read back into the
   * array that keeps them), and the buffer stays the owner's when the allocation is freed
   */
  adopt(buffer: ArrayBuffer): void {
    if (this.data !== undefined || buffer.byteLength !== this.size) {
      throw new DeviceError(`${this.space.name}: an allocation of ${this.size} bytes can adopt an untouched ${this.size}-byte buffer only, not ${buffer.byteLength} bytes`);
    }
    this.data = buffer;
    this.adopted = true;
  }

  /** Whether the backing bytes exist yet. */
  get materialised(): boolean {
    return this.data !== undefined;
  }

  /**
   * A view of part of the allocation.
   *
   * @throws {@link ArgumentValueError} when the region is outside the allocation.
   */
  view(byteOffset = 0, byteLength = this.size - byteOffset): BufferView {
    if (!Number.isInteger(byteOffset) || !Number.isInteger(byteLength) || byteOffset < 0 || byteLength < 0 || byteOffset + byteLength > this.size) {
      throw new ArgumentValueError(`Allocation.view: region [${byteOffset}, ${byteOffset + byteLength}) is outside the ${this.size}-byte allocation`);
    }
    return new BufferView(this, byteOffset, byteLength);
  }

  /**
   * @internal whether {@link Allocation.salvageInto} can give its bytes back: true until released on
   * its own, even after a reset of its space freed it
   */
  get salvageable(): boolean {
    return !this.released;
  }

  /**
   * @internal copies the first `target.byteLength` bytes it held into `target` (a fresh, zeroed array),
   * even after a reset of its space freed it: mindsim keeps them so that data the API layer knows to
   * be good survives a device reset. In steps (see {@link copyBytes}), so more than 4 GiB come back too.
   *
   * @throws {@link DeviceError} once released on its own (see {@link Allocation.salvageable}).
   */
  salvageInto(target: ArrayBufferView): void {
    if (this.released) throw new DeviceError(`${this.space.name}: the bytes at address 0x${this.address.toString(16)} were freed; nothing to salvage`);
    if (this.data === undefined) return; // never written: zeros, as the target already is
    copyBytes(target.buffer, target.byteOffset, this.data, this.storageOffset, Math.min(target.byteLength, this.size));
  }

  /** @internal releases the bytes */
  release(): void {
    this.released = true;
    if (this.data !== undefined && !this.adopted && this.size > SLAB_ITEM_LIMIT) giveBackBacking(this.data);
    this.data = undefined;
  }
}

/**
 * A memory space: a capacity, the bytes in use, and the live allocations.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const sim = new runtime.Simulator();
 * const space = new runtime.MemorySpace('host', 1024, 64, sim);
 * const a = space.allocate(100);
 * console.log(space.used, a.address % 64); // 128 0
 * space.free(a);
 * console.log(space.used); // 0
 * ```
 */
export class MemorySpace {
  /** Bytes in use (allocation sizes rounded up to the alignment). */
  used = 0;
  /** Largest `used` seen. */
  peak = 0;
  /**
   * Counts resets: an allocation made before the latest is freed. (The space keeps no list of its
   * allocations: one it held would outlive every tensor that used it.)
   */
  generation = 0;
  private next: number;
  private liveCount = 0;

  /**
   * @param name - names the space in messages: `host`, `Ascend:0`.
   * @param capacity - bytes available.
   * @param alignment - allocation alignment in bytes (a power of two).
   * @param sim - the simulator whose trace records allocations.
   * @param base - the first address handed out.
   */
  constructor(
    readonly name: string,
    readonly capacity: number,
    readonly alignment: number,
    private readonly sim: Simulator,
    private readonly base = 0x10000,
  ) {
    this.next = base;
  }

  /** The number of live allocations. */
  get allocations(): number {
    return this.liveCount;
  }

  /**
   * Allocates `bytes` (a positive integer).
   *
   * @throws {@link OutOfMemoryError} naming the space, the request and the usage when it does not fit.
   * @throws {@link ArgumentValueError} for a size that is not a positive integer.
   */
  allocate(bytes: number, options: { pinned?: boolean } = {}): Allocation {
    if (!Number.isInteger(bytes) || bytes <= 0) {
      throw new ArgumentValueError(`${this.name}: allocation size must be a positive integer of bytes, but got ${bytes}`);
    }
    const rounded = Math.ceil(bytes / this.alignment) * this.alignment;
    if (this.used + rounded > this.capacity) {
      throw new OutOfMemoryError(
        `${this.name} out of memory: requested ${formatBytes(bytes)}, in use ${formatBytes(this.used)} of ${formatBytes(this.capacity)}`,
      );
    }
    const a = new Allocation(this, this.next, bytes, options.pinned ?? false);
    this.next += rounded;
    this.used += rounded;
    this.peak = Math.max(this.peak, this.used);
    this.liveCount++;
    if (this.sim.tracing) this.sim.emitMemory('alloc', this.name, a.address, bytes, this.used);
    return a;
  }

  /**
   * Frees an allocation of this space.
   *
   * @throws {@link DeviceError} for a double free or an allocation of another space.
   */
  free(a: Allocation): void {
    if (a.space !== this || a.freed) {
      throw new DeviceError(`${this.name}: free of ${a.freed ? 'already freed' : 'foreign'} memory at address 0x${a.address.toString(16)}`);
    }
    this.liveCount--;
    this.used -= Math.ceil(a.size / this.alignment) * this.alignment;
    a.release();
    if (this.sim.tracing) this.sim.emitMemory('free', this.name, a.address, a.size, this.used);
  }

  /** Frees every allocation (device reset): their bytes go with them, the space is empty again. */
  freeAll(): void {
    const bytes = this.used;
    this.generation++;
    this.liveCount = 0;
    this.used = 0;
    // one record for the lot: the address is the space's first, the bytes all that were in use
    if (this.sim.tracing && bytes > 0) this.sim.emitMemory('free', this.name, this.base, bytes, 0);
  }
}
