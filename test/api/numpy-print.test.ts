import t from 'tap';
import { NDArray } from '../../src/api/numpy/index.js';
import { DTYPES, castArray, type DTypeName, sizeOf } from '../../src/kernels/index.js';
import { hexToBytes, loadFixture } from '../helpers/fixtures.js';

interface Recipe {
  a: number; b: number; m: number; signs: boolean; offset: string; scales: string[];
  specials: [number, 'nan' | 'inf' | '-inf' | '-0'][];
}
interface PrintCase { dtype: DTypeName; shape: number[]; hex?: string; recipe?: Recipe; str: string }
const { numpy, cases } = loadFixture<{ numpy: string; cases: PrintCase[] }>('print-cases.json');

/** Evaluates the same formula as scripts/gen_fixtures.py `recipe_values` (exact integer and IEEE steps). */
function recipeArray(c: PrintCase): NDArray {
  const r = c.recipe!;
  const dt = DTYPES[c.dtype];
  const n = sizeOf(c.shape);
  const q = (i: number): number => (i * r.a + r.b) % r.m;
  if (c.dtype === 'bool') {
    const s = new Uint8Array(n);
    for (let i = 0; i < n; i++) s[i] = q(i) % 2 === 0 ? 1 : 0;
    return new NDArray(s, c.shape, dt);
  }
  if (dt.isInteger) {
    const offset = BigInt(r.offset);
    if (c.dtype === 'int64') {
      const s = new BigInt64Array(n);
      for (let i = 0; i < n; i++) s[i] = offset + BigInt(q(i));
      return new NDArray(s, c.shape, dt);
    }
    const s = dt.allocate(n) as Int32Array;
    for (let i = 0; i < n; i++) s[i] = Number(offset) + q(i);
    return new NDArray(s, c.shape, dt);
  }
  const scales = r.scales.map(Number);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = q(i) / r.m;
    if (r.signs) x = x * 2 - 1;
    v[i] = x * scales[(i * 7 + r.b) % scales.length]!;
  }
  for (const [idx, name] of r.specials) v[idx] = { nan: NaN, inf: Infinity, '-inf': -Infinity, '-0': -0 }[name];
  return new NDArray(castArray(v, DTYPES.float64, dt), c.shape, dt);
}

function hexArray(c: PrintCase): NDArray {
  const dt = DTYPES[c.dtype];
  const bytes = hexToBytes(c.hex!);
  const storage = dt.allocate(bytes.length / dt.itemsize);
  new Uint8Array(storage.buffer).set(bytes);
  return new NDArray(storage, c.shape, dt);
}

t.test(`str() of ${cases.length} arrays is numpy ${numpy}'s str(), character for character`, async (t) => {
  t.ok(cases.length >= 2000, 'at least 2,000 arrays');
  const failures: string[] = [];
  const seen = { dtypes: new Set<string>(), ranks: new Set<number>(), summarised: 0 };
  for (const [k, c] of cases.entries()) {
    const a = c.recipe ? recipeArray(c) : hexArray(c);
    seen.dtypes.add(c.dtype);
    seen.ranks.add(c.shape.length);
    if (a.size > 1000) seen.summarised++;
    const got = a.toString();
    if (got !== c.str && failures.length < 8) {
      failures.push(`case ${k} ${c.dtype} ${JSON.stringify(c.shape)}:\n--- mindsim\n${got}\n--- numpy\n${c.str}`);
    }
  }
  t.same(failures, [], 'no differences');
  t.equal(seen.dtypes.size, 9, 'every numpy dtype covered');
  t.same([...seen.ranks].sort(), [0, 1, 2, 3, 4, 5], 'ranks 0 to 5 covered');
  t.ok(seen.summarised >= 250, `${seen.summarised} summarised arrays (more than 1000 elements)`);
});
