/**
 * r1.5's C++ tensor text (what its Print kernels write) against MindSpore's own: repr() of 135 tensors
 * (test/fixtures/tensor-text.json, MindSpore 2.10.0's Tensor::ToStringRepr, the same C++ code as r1.5's)
 * — every dtype, summaries past 6 along an axis, 1-D line breaks, NaN/inf/-0, float16 — character for
 * character; then C's %g (C++ ostream's default) and %e on values whose rounding is a tie.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { np, type NDArray } from '../../src/index.js';
import { cGeneral, cScientific, tensorText } from '../../src/api/print-text.js';

interface Case { dtype: string; shape: number[]; values: (number | boolean | string | null)[]; repr: string }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/tensor-text.json', import.meta.url), 'utf8')) as { generator: string; cases: Case[] };

function arrayOf(c: Case): NDArray {
  const numbers = c.values.map((v) => (v === null ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : typeof v === 'boolean' ? Number(v) : (v as number)));
  return np.array(numbers, c.dtype as never).reshape(c.shape);
}

t.test(`${fixture.cases.length} tensors print as MindSpore prints them (${fixture.generator})`, async (t) => {
  let same = 0;
  for (const c of fixture.cases) {
    const got = tensorText(arrayOf(c), true);
    if (got === c.repr) same++;
    else t.equal(got, c.repr, `${c.dtype} ${JSON.stringify(c.shape)}`);
  }
  t.equal(same, fixture.cases.length, 'character for character');
});

t.test("C's %g and %e: exact rounding, half to even", async (t) => {
  t.equal(cGeneral(3), '3');
  t.equal(cGeneral(0.5), '0.5');
  t.equal(cGeneral(Math.fround(0.1)), '0.1');
  t.equal(cGeneral(1e-7), '1e-07');
  t.equal(cGeneral(123456789), '1.23457e+08');
  t.equal(cGeneral(100000), '100000');
  t.equal(cGeneral(1000000), '1e+06');
  t.equal(cGeneral(0.0001), '0.0001');
  t.equal(cGeneral(2.5e-5), '2.5e-05');
  t.equal(cGeneral(1.0000005), '1');
  t.equal(cGeneral(0.125, 2), '0.12', 'a tie rounds to even');
  t.equal(cGeneral(0.375, 2), '0.38', 'a tie rounds to even');
  t.equal(cScientific(2.5, 0), '2e+00');
  t.equal(cScientific(-0, 8), '-0.00000000e+00');
  t.equal(cScientific(1e-100, 8), '1.00000000e-100');
  t.equal(cScientific(NaN, 8), 'nan');
});
