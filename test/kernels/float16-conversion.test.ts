import t from 'tap';
import fc from 'fast-check';
import {
  float32ToFloat16,
  float32ToBFloat16,
  float32ToFloat16Saturating,
  float32ToBFloat16Saturating,
  float16ToFloat32,
  bfloat16ToFloat32,
  float32BitsToFloat16Bits,
  float32BitsToBFloat16Bits,
  float16BitsToNumber,
  numberToFloat16Bits,
  FLOAT16_MAX_BITS,
  BFLOAT16_MAX_BITS,
} from '../../src/kernels/index.js';
import { LONG, loadFixture } from '../helpers/fixtures.js';
import { assertProperty } from '../helpers/property.js';

interface ConversionFixture {
  stratified: { f16: [number, number]; bf16: [number, number] }[];
  all?: { f16: [number, number]; bf16: [number, number] }[];
  samples: { bits: number[]; f16: number[]; bf16: number[] };
}
const fixture = loadFixture<ConversionFixture>('float16-conversion.json');

/** The two position-weighted 32-bit sums scripts/gen_fixtures.py computes with numpy. */
function hashes(out: Uint16Array): [number, number] {
  let h1 = 0;
  let h2 = 0;
  for (let i = 0; i < out.length; i++) {
    const o = out[i]!;
    h1 = (h1 + Math.imul(o, 2 * i + 1)) >>> 0;
    h2 = (h2 + Math.imul(o, Math.imul(i, 0x9e3779b1) | 1)) >>> 0;
  }
  return [h1, h2];
}

function stratifiedGroup(g: number, bits: Uint32Array): void {
  const tops = [0, 0x7f, (g * 37 + 11) & 0x7f, (g * 101 + 53) & 0x7f];
  let k = 0;
  for (const top of tops) for (let low = 0; low < 65536; low++) bits[k++] = ((g << 23) | (top << 16) | low) >>> 0;
}

t.test('float16 and bfloat16 of 22,022 sampled and boundary float32 patterns match numpy bit for bit', async (t) => {
  const { bits, f16, bf16 } = fixture.samples;
  const src = new Float32Array(new Uint32Array(bits).buffer);
  const h = float32ToFloat16(src);
  const b = float32ToBFloat16(src);
  let bad = 0;
  for (let i = 0; i < bits.length; i++) {
    if (h[i] !== f16[i] || b[i] !== bf16[i] || float32BitsToFloat16Bits(bits[i]!) !== f16[i] || float32BitsToBFloat16Bits(bits[i]!) !== bf16[i]) {
      if (bad++ < 5) t.fail(`0x${bits[i]!.toString(16)}: f16 ${h[i]!.toString(16)} vs ${f16[i]!.toString(16)}, bf16 ${b[i]!.toString(16)} vs ${bf16[i]!.toString(16)}`);
    }
  }
  t.equal(bad, 0);
});

t.test('stratified set: every sign and exponent, all 65,536 low patterns under 4 top patterns (134M inputs)', async (t) => {
  const bits = new Uint32Array(4 * 65536);
  const src = new Float32Array(bits.buffer);
  const h = new Uint16Array(bits.length);
  const b = new Uint16Array(bits.length);
  const wrong: string[] = [];
  for (let g = 0; g < 512; g++) {
    stratifiedGroup(g, bits);
    float32ToFloat16(src, h);
    float32ToBFloat16(src, b);
    const want = fixture.stratified[g]!;
    if (hashes(h).join() !== want.f16.join()) wrong.push(`f16 group ${g}`);
    if (hashes(b).join() !== want.bf16.join()) wrong.push(`bf16 group ${g}`);
  }
  t.same(wrong, [], 'all 512 groups hash as numpy does');
});

t.test('all 2^32 float32 patterns (npm run test:long)', { skip: !LONG || !fixture.all ? 'long campaign only' : false }, async (t) => {
  const bits = new Uint32Array(2 ** 23);
  const src = new Float32Array(bits.buffer);
  const h = new Uint16Array(bits.length);
  const b = new Uint16Array(bits.length);
  const wrong: string[] = [];
  for (let g = 0; g < 512; g++) {
    for (let i = 0; i < bits.length; i++) bits[i] = ((g << 23) | i) >>> 0;
    float32ToFloat16(src, h);
    float32ToBFloat16(src, b);
    if (hashes(h).join() !== fixture.all![g]!.f16.join()) wrong.push(`f16 group ${g}`);
    if (hashes(b).join() !== fixture.all![g]!.bf16.join()) wrong.push(`bf16 group ${g}`);
  }
  t.same(wrong, []);
});

t.test('the hash detects a single wrong element', async (t) => {
  const out = new Uint16Array(1000).fill(7);
  const before = hashes(out);
  out[999] = 8;
  t.not(hashes(out).join(), before.join());
});

t.test('float16 → float32 → float16 is the identity on all 65,536 patterns', async (t) => {
  const all = new Uint16Array(65536).map((_, i) => i);
  const back = float32ToFloat16(float16ToFloat32(all));
  t.same(Array.from(back), Array.from(all));
  const bf = new Uint16Array(65536).map((_, i) => i);
  const bfBack = float32ToBFloat16(bfloat16ToFloat32(bf));
  const nonNaN = Array.from(bf).filter((x) => (x & 0x7fff) <= 0x7f80);
  t.same(nonNaN.map((x) => bfBack[x]), nonNaN, 'bfloat16 non-NaN patterns round-trip');
});

t.test('float64 → float16 rounds once, directly (not via float32)', async (t) => {
  // 1 + 2^-11 + 2^-40 is above the float16 tie; via float32 it would become the tie and round to 1.
  const x = 1 + 2 ** -11 + 2 ** -40;
  t.equal(Math.fround(x), 1 + 2 ** -11);
  t.equal(float16BitsToNumber(numberToFloat16Bits(x)), 1 + 2 ** -10);
  t.equal(numberToFloat16Bits(65519.99), 0x7bff);
  t.equal(numberToFloat16Bits(65520), 0x7c00);
  t.equal(numberToFloat16Bits(-0), 0x8000);
  t.equal(numberToFloat16Bits(2 ** -25), 0);
  t.equal(numberToFloat16Bits(2 ** -25 + 2 ** -60), 1);
});

const float32Bits = fc.oneof(
  fc.integer({ min: 0, max: 0xffffffff }),
  fc.constantFrom(0x7f800000, 0xff800000, 0x7fc00000, 0x477fe000, 0x477ff000, 0x7f7fffff, 0xff7fffff, 1, 0x80000001),
);

t.test('saturating float16: overflow and ±inf → ±65504, NaN → 0, the rest as IEEE; count reported', async (t) => {
  assertProperty(
    t,
    'float16 saturation',
    fc.property(fc.array(float32Bits, { maxLength: 64 }), (bitsList) => {
      const src = new Float32Array(new Uint32Array(bitsList).buffer);
      const ieee = float32ToFloat16(src);
      const { out, saturated } = float32ToFloat16Saturating(src);
      let count = 0;
      for (let i = 0; i < ieee.length; i++) {
        const e = ieee[i]!;
        const isNaN = (e & 0x7c00) === 0x7c00 && (e & 0x3ff) !== 0;
        const isInf = (e & 0x7fff) === 0x7c00;
        const want = isNaN ? 0 : isInf ? (e & 0x8000) | FLOAT16_MAX_BITS : e;
        if (isNaN || isInf) count++;
        if (out[i] !== want) return false;
      }
      return saturated === count;
    }),
  );
});

t.test('saturating bfloat16: overflow and ±inf → ±max finite, NaN → 0; count reported', async (t) => {
  assertProperty(
    t,
    'bfloat16 saturation',
    fc.property(fc.array(float32Bits, { maxLength: 64 }), (bitsList) => {
      const src = new Float32Array(new Uint32Array(bitsList).buffer);
      const ieee = float32ToBFloat16(src);
      const { out, saturated } = float32ToBFloat16Saturating(src);
      let count = 0;
      for (let i = 0; i < ieee.length; i++) {
        const e = ieee[i]!;
        const isNaN = (e & 0x7fff) > 0x7f80;
        const isInf = (e & 0x7fff) === 0x7f80;
        const want = isNaN ? 0 : isInf ? (e & 0x8000) | BFLOAT16_MAX_BITS : e;
        if (isNaN || isInf) count++;
        if (out[i] !== want) return false;
      }
      return saturated === count;
    }),
  );
});

t.test('conversions write into a caller buffer and read sub-views correctly', async (t) => {
  const backing = new Float32Array([9, 1, 2, 65520]);
  const view = backing.subarray(1);
  const out = new Uint16Array(3);
  t.equal(float32ToFloat16(view, out), out);
  t.same(Array.from(out), [0x3c00, 0x4000, 0x7c00]);
  const unaligned = new Uint16Array(new ArrayBuffer(8), 2, 3); // not 4-byte aligned: the one-by-one loop
  t.same(Array.from(float32ToFloat16(view, unaligned)), [0x3c00, 0x4000, 0x7c00]);
});

t.test('float32ToFloat16Finite: the same bits as the per-value conversion, and whether every result is finite', async (t) => {
  const { float32ToFloat16Finite, float32BitsToFloat16Bits } = await import('../../src/kernels/index.js');
  // bit patterns around float16's range edges, infinities and NaNs, and anything
  const word = fc.oneof(
    fc.integer({ min: 0, max: 0xffffffff }),
    fc.constantFrom(0x477fefff, 0x477ff000, 0x7f800000, 0xff800000, 0x7fc00000, 0x33000000, 0x38800000, 0),
    fc.tuple(fc.integer({ min: 0x38000000, max: 0x47800000 }), fc.boolean()).map(([b, negative]) => (negative ? b | 0x80000000 : b)),
  );
  fc.assert(
    fc.property(fc.array(word, { maxLength: 33 }), fc.nat(1), (words, shift) => {
      const src = new Float32Array(new Uint32Array(words.map((w) => w >>> 0)).buffer);
      const dst = new Uint16Array(src.length + shift).subarray(shift); // an odd offset takes the one-by-one path
      const finite = float32ToFloat16Finite(src, dst);
      const want = words.map((w) => float32BitsToFloat16Bits(w >>> 0));
      return Array.from(dst).every((h, i) => h === want[i]) && finite === want.every((h) => (h & 0x7c00) !== 0x7c00);
    }),
    { numRuns: 300 },
  );
  t.pass('agrees');
});
