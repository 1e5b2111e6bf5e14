/**
 * The API fuzzer (see run.ts): a few thousand calls in `npm test`, a million in `npm run test:long` (about a
 * minute: 100,000 calls had missed what a million found with other seeds).
 * Every outcome must be a result or a mindsim error naming the API, a refusal changes nothing, and an
 * op works afterwards.
 */
import t from 'tap';
import fc from 'fast-check';
import { LONG } from '../helpers/fixtures.js';
import { newStats, programArbitrary, runProgram, summarise } from './run.js';

const CALLS = Number(process.env.MINDSIM_FUZZ_CALLS ?? (LONG ? 1_000_000 : 3_000));
const SEED = Number(process.env.MINDSIM_FUZZ_SEED ?? 20261130);

t.test(`fuzzing the public API: ${CALLS} calls`, async (t) => {
  const stats = newStats();
  const started = Date.now();
  let programs = 0;
  // batches of programs from one seeded stream until the call budget is spent
  for (let batch = 0; stats.calls < CALLS; batch++) {
    for (const program of fc.sample(programArbitrary, { numRuns: 50, seed: SEED + batch })) {
      if (stats.calls >= CALLS) break;
      runProgram(program, stats);
      programs++;
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  t.comment(`${programs} programs, ${stats.calls} calls in ${seconds} s: ${stats.results} results, ${stats.refusals} refusals (${JSON.stringify(stats.byError)}), ${stats.bad.length} bad outcomes`);
  for (const line of summarise(stats.bad)) t.comment(line);
  t.equal(stats.bad.length, 0, 'no bad outcome: every refusal a mindsim error naming the API, state unchanged, the canary working');
  t.ok(stats.results > stats.calls / 10 && stats.refusals > stats.calls / 10, 'the calls reach both results and refusals');
});
