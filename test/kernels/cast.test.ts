import t from 'tap';
import { DTYPES, castArray, int64ToFloat32, type DTypeName } from '../../src/kernels/index.js';
import { bytesToHex, hexToBytes, loadFixture } from '../helpers/fixtures.js';

interface CastCase { from: DTypeName; to: DTypeName; hex: string; out: string }
const { cases } = loadFixture<{ cases: CastCase[] }>('casts.json');

function fromHex(hex: string, name: DTypeName) {
  const dt = DTYPES[name];
  const bytes = hexToBytes(hex);
  const storage = dt.allocate(bytes.length / dt.itemsize);
  new Uint8Array(storage.buffer).set(bytes);
  return storage;
}

t.test(`astype between every pair of dtypes matches numpy (${cases.length} pairs, ~400 values each)`, async (t) => {
  const wrong: string[] = [];
  for (const c of cases) {
    const out = castArray(fromHex(c.hex, c.from), DTYPES[c.from], DTYPES[c.to]);
    t.ok(out instanceof DTYPES[c.to].storage, `${c.from} → ${c.to} storage class`);
    const got = bytesToHex(out);
    if (got !== c.out) {
      const size = DTYPES[c.to].itemsize * 2;
      const i = [...Array(got.length / size).keys()].find((k) => got.slice(k * size, (k + 1) * size) !== c.out.slice(k * size, (k + 1) * size))!;
      wrong.push(`${c.from} → ${c.to}: element ${i}: ${got.slice(i * size, (i + 1) * size)} vs numpy ${c.out.slice(i * size, (i + 1) * size)}`);
    }
  }
  t.same(wrong, []);
});

t.test('int64 → float32 rounds once beyond 2^53', async (t) => {
  const v = 2n ** 62n + 2n ** 38n + 1n; // just above a float32 tie: via float64 it would round down
  t.equal(int64ToFloat32(v), 2 ** 62 + 2 ** 39);
  t.equal(int64ToFloat32(-v), -(2 ** 62 + 2 ** 39));
  t.equal(int64ToFloat32(2n ** 24n + 1n), 2 ** 24);
});

t.test('castArray copies: the source is never aliased', async (t) => {
  const src = new Float32Array([1, 2]);
  const out = castArray(src, DTYPES.float32, DTYPES.float32) as Float32Array;
  out[0] = 5;
  t.equal(src[0], 1);
});

t.test('halfBitsAllFinite, two values per word, agrees with a per-value check at every offset and length', async (t) => {
  const { default: fc } = await import('fast-check');
  const { halfBitsAllFinite } = await import('../../src/kernels/index.js');
  // biased towards exponents near all-ones, so that both outcomes come up often
  const half = fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0x3ff }).map((m) => 0x7c00 | m), fc.constantFrom(0x7f80, 0xff80, 0x7bff, 0x7f7f, 0xfc00));
  fc.assert(
    fc.property(fc.array(half, { maxLength: 40 }), fc.nat(3), fc.nat(3), fc.constantFrom('float16' as const, 'bfloat16' as const), (values, lead, trail, name) => {
      const all = new Uint16Array(lead + values.length + trail);
      all.set(values, lead);
      const bits = all.subarray(lead, lead + values.length);
      const mask = name === 'float16' ? 0x7c00 : 0x7f80;
      return halfBitsAllFinite(bits, name) === values.every((v) => (v & mask) !== mask);
    }),
    { numRuns: 300 },
  );
  t.pass('agrees');
});
