/**
 * TruncatedNormal as r1.5 draws it — scipy's truncnorm.rvs(-2, 2, scale=sigma) on numpy's global
 * RandomState (test/fixtures/truncated-normal.json, from scipy itself after np.random.seed): every value of
 * four initializations bit for bit after setSeed; then Φ and Φ⁻¹ against known values.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ExecutionContext, TruncatedNormal, initializer, kernels, setSeed } from '../../src/index.js';

interface Case { seed: number; sigma: number; shape: number[]; values: number[] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/truncated-normal.json', import.meta.url), 'utf8')) as { generator: string; cases: Case[] };

t.test(`TruncatedNormal equals scipy's truncnorm on numpy's stream (${fixture.generator})`, async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    for (const c of fixture.cases) {
      setSeed(c.seed);
      const got = Array.from(initializer(new TruncatedNormal(c.sigma), c.shape, 'float32').initData().asnumpy().data as Float32Array);
      const bad = got.filter((v, i) => v !== c.values[i]).length;
      t.equal(bad, 0, `seed ${c.seed}, sigma ${c.sigma}, ${got.length} values: all bit for bit`);
      t.ok(got.every((v) => Math.abs(v) <= 2 * c.sigma), 'all within ±2 sigma');
    }
  });
});

t.test('Φ and Φ⁻¹', async (t) => {
  t.equal(kernels.normalCdf(0), 0.5);
  t.ok(Math.abs(kernels.normalCdf(-2) - 0.022750131948179195) < 2e-16, 'Φ(−2) (½ − ½·erf: a few ulps of ½ lost to the subtraction)');
  t.ok(Math.abs(kernels.normalCdf(1.5) - 0.9331927987311419) < 2e-16);
  t.ok(Math.abs(kernels.normalQuantile(0.975) - 1.959963984540054) < 1e-15);
  t.ok(Math.abs(kernels.normalQuantile(0.1) + 1.2815515655446004) < 1e-15);
  t.ok(Math.abs(kernels.normalQuantile(kernels.normalCdf(-1.7)) + 1.7) < 1e-15, 'round trip');
});
