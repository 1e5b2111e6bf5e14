/**
 * The libstdc++ random streams r1.5's CPU kernels draw from (UniformReal, StandardNormal, Dropout's
 * mask) against the same standard-library calls compiled from C++ (scripts/r15_random_oracle.cpp →
 * test/fixtures/r15-random.json), printed with 9 significant digits (which identify a float32): the
 * uniform and Bernoulli streams bit for bit; the normal stream bit for bit but where glibc's logf
 * (max error 0.52 ulp, not correctly rounded) rounds the other way from the correctly rounded log
 * mindsim uses — a pair of values 1-2 ulps apart, in about 0.3 % of draws (12 of 3,349 here).
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { kernels } from '../../src/index.js';

interface Case { op: 'UniformReal' | 'StandardNormal' | 'DropoutMask'; seed: number; threads?: number; keepProb?: number; values: number[] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/r15-random.json', import.meta.url), 'utf8')) as { generator: string; cases: Case[] };

t.test(`streams equal libstdc++'s (${fixture.generator})`, async (t) => {
  for (const c of fixture.cases) {
    const n = c.values.length;
    const got = c.op === 'UniformReal'
      ? Array.from(kernels.stdUniformReal(c.seed, n))
      : c.op === 'StandardNormal'
        ? Array.from(kernels.stdStandardNormal(c.seed, n, c.threads!))
        : Array.from(kernels.stdBernoulliMask(new kernels.RandomState(c.seed), c.keepProb!, n));
    const want = c.values.map((v) => (c.op === 'DropoutMask' ? v : Math.fround(v)));
    if (c.op !== 'StandardNormal') {
      const bad = got.findIndex((v, i) => v !== want[i]);
      t.equal(bad, -1, `${c.op} seed ${c.seed} (${n} values)${bad >= 0 ? `: element ${bad} is ${got[bad]}, libstdc++ ${want[bad]}` : ''}`);
      continue;
    }
    const ulps = got.map((v, i) => Math.abs(v - want[i]!) / 2 ** (Math.floor(Math.log2(Math.abs(want[i]!))) - 23));
    const differing = ulps.filter((u) => u > 0).length;
    t.ok(differing <= Math.max(2, n / 100) && Math.max(...ulps) <= 2, `${c.op} seed ${c.seed} (${n} values): ${differing} differ, by at most ${Math.max(...ulps)} ulps`);
  }
});
