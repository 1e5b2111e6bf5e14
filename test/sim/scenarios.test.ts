/**
 * The scenarios, in reduced sizes: which steps overflow and the scale sequence; which checks detect
 * overflow on which device; the missing Depend found, minimal and replayed; isInit, pinned vs
 * pageable copies and overlap.
 */
import t from 'tap';
import { findScenario, SCENARIOS } from '../../sim/scenarios/index.js';
import { withDefaults } from '../../sim/scenarios/scenario.js';
import type { OverflowResult } from '../../sim/scenarios/overflow.js';
import type { SaturationRow } from '../../sim/scenarios/saturation.js';
import type { MissingDependResult } from '../../sim/scenarios/missing-depend.js';
import type { H2dResult } from '../../sim/scenarios/h2d-sync.js';
import { setContext } from '../../src/index.js';

const run = <R>(name: string, params: Record<string, number | string>): R => {
  const s = findScenario(name)!;
  return s.run(withDefaults(s, params)) as R;
};

t.teardown(() => setContext({ deviceTarget: 'Ascend', device: 'ascend910', mode: 'GRAPH_MODE', schedule: { policy: 'critical-path' } }));

t.test('every scenario has a name, a description and parameters with defaults', async (t) => {
  t.same(SCENARIOS.map((s) => s.name), ['overflow', 'saturation', 'missing-depend', 'h2d-sync']);
  for (const s of SCENARIOS) t.ok(s.description.length > 20 && s.parameters.every((p) => p.default !== undefined), s.name);
});

t.test('overflow: which steps overflow, the scale backs off and grows, the register names the ops', async (t) => {
  const r = run<OverflowResult>('overflow', { steps: 8 });
  t.same(r.overflowSteps, [1, 6, 8]);
  t.same(r.scales, [2 ** 20, 2 ** 19, 2 ** 19, 2 ** 19, 2 ** 19, 2 ** 20, 2 ** 19, 2 ** 19]);
  t.ok(r.rows.every((x) => x.skipped === x.overflow), 'exactly the overflowing steps are skipped');
  t.ok(r.rows.every((x) => (x.registerSets.length > 0) === x.overflow), 'the register was set in exactly those steps');
  t.ok(r.rows[0]!.registerSets.includes('Conv2DBackpropFilter'), `set by ${r.rows[0]!.registerSets.join(', ')}`);
  t.ok(r.rows[7]!.loss < r.rows[0]!.loss, 'and it trains');
  const text = findScenario('overflow')!.format(r);
  t.match(text, /3 of 8 steps overflowed and were skipped: 1, 6, 8/);
  for (const device of ['ascend910b', 'v100', 'cpu']) {
    t.same(run<OverflowResult>('overflow', { steps: 8, device }).overflowSteps, [1, 6, 8], `${device}: the same steps overflow`);
  }
});

t.test('saturation: IsFinite misses on the saturating 910; the register, 910B and the GPU see every overflow', async (t) => {
  const { rows } = run<{ rows: SaturationRow[] }>('saturation', { steps: 3 });
  const by = (device: string, check: string) => rows.find((r) => r.device === device && r.check === check)!;
  t.same(by('ascend910', 'register').missed, []);
  t.same(by('ascend910', 'register').detected, [1]);
  t.same(by('ascend910', 'is-finite').detected, [], 'saturated gradients look finite');
  t.same(by('ascend910', 'is-finite').missed, [1, 2, 3], 'so the scale never backs off and every step overflows unseen');
  for (const [device, check] of [['ascend910b', 'register'], ['ascend910b', 'is-finite'], ['v100', 'float-status']]) t.same(by(device!, check!).missed, [], `${device} ${check}`);
  t.match(findScenario('saturation')!.format({ rows }), /ascend910 with is-finite: 3 overflowing step\(s\) went unseen/);
});

t.test('missing-depend: found, minimal, explained and replayed', async (t) => {
  const r = run<MissingDependResult>('missing-depend', { runs: 60 });
  t.same([r.guarded.ok, r.guarded.runs], [true, 60], 'every Depend: seen in every schedule');
  t.equal(r.unguarded.ok, false, 'one Depend removed: a miss is found');
  t.equal(r.unguarded.schedule.filter((c) => c !== 0).length, 1, `minimal: one deviation from program order ${JSON.stringify(r.unguarded.schedule)}`);
  t.equal(r.unguarded.reordered, 'NPUGetFloatStatus ran before Mul');
  t.equal(r.unguarded.replayFlag, 0, 'the replay misses it again');
  t.match(findScenario('missing-depend')!.format(r), /replayed: the status sum read 0/);
  const exhaustive = run<MissingDependResult>('missing-depend', { policy: 'exhaustive', runs: 2000 });
  t.same([exhaustive.guarded.ok, exhaustive.unguarded.ok], [true, false], 'exhaustive agrees');
});

t.test('h2d-sync: the init graph, pinned vs pageable, overlap', async (t) => {
  const r = run<H2dResult>('h2d-sync', { mb: 8, chunks: 4 });
  t.same(r.isInit, [{ device: 'ascend910', before: false, after: false }, { device: 'v100', before: false, after: false }]);
  const [pinned, pageable] = r.copies;
  t.equal(pinned!.hostBlockedNs, 0, 'a pinned copy returns at once');
  t.ok(pageable!.hostBlockedNs >= pageable!.copyDoneNs, 'a pageable copy blocks the host until done');
  t.equal(pinned!.copyDoneNs, pageable!.copyDoneNs, 'both take the link time');
  t.ok(r.overlap.twoStreamsNs < 0.7 * r.overlap.oneStreamNs, `copy || compute: ${r.overlap.twoStreamsNs} ns vs ${r.overlap.oneStreamNs} ns on one stream`);
});
