/** Memory spaces: small allocations share slabs without sharing bytes; freed memory is unusable. */
import t from 'tap';
import { DeviceError } from '../../src/errors/index.js';
import fc from 'fast-check';
import { MemorySpace, Simulator } from '../../src/runtime/index.js';
import { copyBytes } from '../../src/runtime/device/memory.js';
import { assertProperty } from '../helpers/property.js';

t.test('small allocations share a slab but never bytes; views start at their own offset', async (t) => {
  const space = new MemorySpace('host', 1 << 30, 64, new Simulator());
  const small = Array.from({ length: 200 }, (_, i) => space.allocate(1 + (i % 37) * 27));
  const big = space.allocate(4096);
  small.forEach((a, i) => a.bytes().fill(i + 1));
  big.bytes().fill(255);
  t.ok(small.every((a, i) => a.bytes().every((b) => b === i + 1)), 'every allocation kept its own bytes');
  t.ok(new Set(small.map((a) => a.storage())).size > 1 && new Set(small.map((a) => a.storage())).size < 200, 'they share a few slabs');
  t.ok(small.every((a) => a.storageOffset % 8 === 0), 'offsets suit every typed-array class');
  const f64 = space.allocate(16);
  f64.typed(Float64Array).set([1.5, -2]);
  t.same([...f64.view(8, 8).typed(Float64Array)], [-2], 'a view of a slab allocation reads its own element');
  t.equal(space.allocate(24).bytes().every((b) => b === 0), true, 'new slab memory is zeroed');
  space.free(small[3]!);
  t.throws(() => small[3]!.bytes(), DeviceError, 'freed memory cannot be used');
  t.ok(small[4]!.bytes().every((b) => b === 5), 'its neighbours are untouched');
});

t.test('a space holds no list of its allocations; a reset frees them all and refuses a second free', async (t) => {
  const sim = new Simulator({ record: Infinity });
  const space = new MemorySpace('dev', 1 << 20, 64, sim);
  const a = space.allocate(100);
  const b = space.allocate(5000);
  t.equal(space.allocations, 2);
  t.equal(space.used, 128 + 5056);
  space.freeAll();
  t.same([space.allocations, space.used, a.freed, b.freed], [0, 0, true, true]);
  t.throws(() => space.free(a), /dev: free of already freed memory/, 'a double free after a reset is still caught');
  t.throws(() => b.bytes(), DeviceError, 'and so is a use');
  const c = space.allocate(64);
  t.equal(c.freed, false, 'new allocations after the reset are live');
  space.free(c);
  t.throws(() => space.free(c), DeviceError);
  const frees = sim.records().filter((r) => r.type === 'free');
  t.same(frees.map((r) => ('bytes' in r ? r.bytes : -1)), [5184, 64], 'the reset is one free record of all the bytes in use');
  t.throws(() => new MemorySpace('other', 1024, 64, sim).free(space.allocate(8)), /other: free of foreign memory/);
});

t.test('a reset leaves an allocation\'s bytes salvageable; its own free does not (the steps that carry more than 4 GiB: copyBytes, below)', async (t) => {
  const space = new MemorySpace('dev', 1 << 20, 64, new Simulator());
  const written = space.allocate(5000); // its own buffer
  const small = space.allocate(12); // slab bytes at an offset
  const untouched = space.allocate(3000);
  const values = Uint8Array.from({ length: 5000 }, (_, i) => (i * 13 + 1) & 255);
  written.write(values);
  small.write(Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 11, 12));
  const gone = space.allocate(64);
  gone.write(Uint8Array.of(1));
  space.free(gone);
  space.freeAll();
  const back = new Uint8Array(5000), part = new Uint8Array(10), zeros = new Uint8Array(3000);
  t.equal(written.salvageable, true);
  written.salvageInto(back);
  t.strictSame(back, values, 'the written bytes come back after the reset');
  small.salvageInto(part);
  t.same([...part], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0], 'a shorter target gets the first bytes, from the slab offset');
  untouched.salvageInto(zeros);
  t.ok(zeros.every((b) => b === 0), 'never written: zeros');
  const target = new Uint8Array(4).fill(7);
  t.equal(gone.salvageable, false, 'freed on its own: nothing to salvage');
  t.throws(() => gone.salvageInto(target), { name: 'DeviceError', message: /dev: the bytes at address 0x[0-9a-f]+ were freed; nothing to salvage/ });
  t.same([...target], [7, 7, 7, 7], 'and nothing written');
});

t.test('a freed large allocation lends its bytes to the next of its size, zeroed; adopted bytes stay their owner\'s', async (t) => {
  const space = new MemorySpace('dev', 1 << 30, 64, new Simulator());
  const size = 3 * 4096 + 8;
  const a = space.allocate(size);
  a.bytes().fill(7);
  const backing = a.storage();
  space.free(a);
  const b = space.allocate(size);
  t.equal(b.storage(), backing, 'the freed buffer backs the next allocation of its size');
  t.ok(b.bytes().every((x) => x === 0), 'and comes back zeroed, as fresh memory does');
  t.throws(() => a.bytes(), DeviceError, 'the freed allocation stays unusable');
  const mine = new Float32Array(size / 4).fill(1.5);
  const c = space.allocate(size);
  c.adopt(mine.buffer);
  c.typed(Float32Array)[0] = 2;
  t.equal(mine[0], 2, 'an adopted buffer is the allocation\'s bytes');
  space.free(c);
  const d = space.allocate(size);
  t.not(d.storage(), mine.buffer, 'and is never lent to another allocation once freed');
  t.equal(mine[1], 1.5, 'its owner\'s values stay');
  t.throws(() => d.adopt(new ArrayBuffer(size)), { name: 'DeviceError', message: /can adopt an untouched/ }, 'touched bytes cannot be replaced');
  t.throws(() => space.allocate(size).adopt(new ArrayBuffer(8)), { name: 'DeviceError', message: /not 8 bytes/ }, 'nor by a buffer of another size');
});

t.test('byte copies go in steps, so buffers over 4 GiB (no single Uint8Array views them) copy as small ones do', async (t) => {
  // the steps are small here: what a step of 1 GiB does for an 8 GiB buffer, a step of 1-7 bytes does for 60
  assertProperty(
    t,
    'copyBytes',
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 60 }), fc.boolean(), fc.nat(), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 7 }), (bytes, same, a, b, m, step) => {
      const src = new Uint8Array(bytes);
      const dst = same ? src : new Uint8Array(bytes.length).fill(7);
      const n = m % (bytes.length + 1);
      const from = a % (bytes.length - n + 1), to = b % (bytes.length - n + 1);
      const expected = dst.slice();
      expected.set(src.slice(from, from + n), to); // through a copy: memmove semantics where the ranges overlap
      copyBytes(dst.buffer, to, src.buffer, from, n, step);
      return Buffer.compare(dst, expected) === 0;
    }),
    300,
  );
  const space = new MemorySpace('host', 1 << 20, 64, new Simulator());
  const a = space.allocate(4096), b = space.allocate(4096);
  const values = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) & 255);
  a.write(values);
  b.copyFrom(a);
  const back = new Uint8Array(4096);
  b.readInto(back);
  t.strictSame(back, values, 'write, copyFrom and readInto carry the bytes');
  t.throws(() => a.view(0, 16).copyFrom(b), /BufferView.copyFrom: 4096 bytes do not fit in a 16-byte view/);
  t.throws(() => a.view(0, 16).write(values), /BufferView.write: 4096 bytes do not fit/);
  t.throws(() => a.view(0, 16).readInto(back), /BufferView.readInto: a 4096-byte array is longer than the 16-byte view/);
});
