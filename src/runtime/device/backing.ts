/**
 * The ArrayBuffers behind large allocations, kept for reuse when freed — the free lists of a caching
 * allocator (PyTorch's, CUDA's memory pools). A fresh ArrayBuffer of many megabytes costs a page fault
 * per 4 KiB page the first time it is written, several times the cost of the copy or kernel that
 * writes it; a reused one is only zeroed. Which buffer backs which allocation never shows in a
 * program's results: a buffer comes back zeroed, as a fresh one is, and the simulated addresses,
 * usage and timings come from the memory spaces, not from here.
 * @module
 */

/** At most this many bytes wait for reuse in all (beyond it, freed buffers go to the garbage collector). */
const KEPT_BYTES_LIMIT = 256 * 2 ** 20;
/** At most this many buffers of one size wait for reuse. */
const KEPT_PER_SIZE = 4;

const kept = new Map<number, ArrayBuffer[]>();
let keptBytes = 0;

/** A zeroed ArrayBuffer of `size` bytes: a freed one of that size when one waits, else a fresh one. */
export function takeBacking(size: number): ArrayBuffer {
  const list = kept.get(size);
  const reused = list?.pop();
  if (!reused) return new ArrayBuffer(size);
  keptBytes -= size;
  new Uint8Array(reused).fill(0);
  return reused;
}

/**
 * Keeps a buffer nothing refers to any more for a later {@link takeBacking} of its size (or lets the
 * garbage collector have it when the limits are reached).
 */
export function giveBackBacking(buffer: ArrayBuffer): void {
  const size = buffer.byteLength;
  if (keptBytes + size > KEPT_BYTES_LIMIT) return;
  let list = kept.get(size);
  if (!list) kept.set(size, (list = []));
  if (list.length >= KEPT_PER_SIZE) return;
  list.push(buffer);
  keptBytes += size;
}
