import t from 'tap';
import { RandomState } from '../../src/kernels/index.js';
import { hexToBytes, loadFixture } from '../helpers/fixtures.js';

interface Step { kind: 'uniform' | 'normal'; a: number; b: number; n: number; hex: string }
const { cases } = loadFixture<{ cases: { seed: number; steps: Step[]; permutations: number[][] }[] }>('random-state.json');

/** Distance in units in the last place between two doubles of one sign. */
function ulps(a: number, b: number): number {
  const x = new Float64Array([a, b]);
  const i = new BigInt64Array(x.buffer);
  return Number(i[0]! > i[1]! ? i[0]! - i[1]! : i[1]! - i[0]!);
}

t.test(`numpy's legacy RandomState for ${cases.length} seeds: uniform bit for bit; normal within 1 ulp and exact in float32`, async (t) => {
  let lastBit = 0;
  let values = 0;
  for (const c of cases) {
    const r = new RandomState(c.seed);
    for (const [k, s] of c.steps.entries()) {
      const want = new Float64Array(hexToBytes(s.hex).buffer);
      const got = s.kind === 'uniform' ? r.uniformArray(s.a, s.b, s.n) : r.normalArray(s.a, s.b, s.n);
      const label = `seed ${c.seed} step ${k} (${s.kind}(${s.a}, ${s.b}, ${s.n}))`;
      values += got.length;
      if (s.kind === 'uniform') {
        const bad = got.findIndex((v, i) => !Object.is(v, want[i]));
        t.equal(bad, -1, `${label}${bad >= 0 ? `: element ${bad} ${got[bad]} vs numpy ${want[bad]}` : ''}`);
      } else {
        // V8's Math.log and glibc's log differ in the last bit for a few inputs; loc + scale·g then
        // cancels, so the bound is relative to the operands: |Δ| ≤ 8 ε (|loc| + 8 |scale|)
        const bound = 8 * 2 ** -53 * (Math.abs(s.a) + 8 * Math.abs(s.b));
        const far = got.findIndex((v, i) => Math.abs(v - want[i]!) > bound);
        t.equal(far, -1, `${label}: within rounding of numpy${far >= 0 ? ` (element ${far}: ${ulps(got[far]!, want[far]!)} ulps)` : ''}`);
        const f32 = got.findIndex((v, i) => Math.fround(v) !== Math.fround(want[i]!));
        t.equal(f32, -1, `${label}: identical as float32 (what initializers store)`);
        lastBit += got.filter((v, i) => v !== want[i]).length;
      }
    }
  }
  t.ok(lastBit < values / 50, `${lastBit} of ${values} values differ in the last float64 bit`);
});

t.test('numpy’s legacy permutation (masked rejection, shuffled from the end) continues the same stream', async (t) => {
  for (const c of cases) {
    const r = new RandomState(c.seed);
    for (const s of c.steps) void (s.kind === 'uniform' ? r.uniformArray(s.a, s.b, s.n) : r.normalArray(s.a, s.b, s.n));
    t.same(c.permutations.map((p) => Array.from(r.permutation(p.length))), c.permutations, `seed ${c.seed}`);
  }
});

t.test('seeding: numpy’s range, and re-seeding drops the cached Gaussian', async (t) => {
  t.throws(() => new RandomState(-1), { name: 'ArgumentValueError', message: /Seed must be between 0 and 2\*\*32 - 1/ });
  t.throws(() => new RandomState(2 ** 32), { name: 'ArgumentValueError' });
  const r = new RandomState(7);
  const first = r.standardNormal();
  r.seed(7);
  t.equal(r.standardNormal(), first);
});
