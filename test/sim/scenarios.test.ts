/**
 * The scenarios, in reduced sizes: which steps overflow and the scale sequence; which checks detect
 * overflow on which device; the missing Depend found, minimal and replayed; isInit, pinned vs
 * pageable copies and overlap; data parallel's step split and scaling; the flag AllReduce across
 * ranks; a layerwise Parameter staying rank-local.
 */
import t from 'tap';
import { findScenario, SCENARIOS } from '../../sim/scenarios/index.js';
import { withDefaults } from '../../sim/scenarios/scenario.js';
import type { OverflowResult } from '../../sim/scenarios/overflow.js';
import type { SaturationRow } from '../../sim/scenarios/saturation.js';
import type { MissingDependResult } from '../../sim/scenarios/missing-depend.js';
import type { H2dResult } from '../../sim/scenarios/h2d-sync.js';
import type { DataParallelResult } from '../../sim/scenarios/data-parallel.js';
import type { OverflowRanksResult } from '../../sim/scenarios/overflow-ranks.js';
import type { LayerwiseResult } from '../../sim/scenarios/layerwise.js';
import { TRACE } from '../../sim/scenarios/scenario.js';
import { setContext } from '../../src/index.js';

const run = <R>(name: string, params: Record<string, number | string>): R => {
  const s = findScenario(name)!;
  return s.run(withDefaults(s, params)) as R;
};

t.teardown(() => setContext({ deviceTarget: 'Ascend', device: 'ascend910', mode: 'GRAPH_MODE', schedule: { policy: 'critical-path' } }));

t.test('every scenario has a name, a description and parameters with defaults', async (t) => {
  t.same(SCENARIOS.map((s) => s.name), ['overflow', 'saturation', 'missing-depend', 'h2d-sync', 'data-parallel', 'overflow-ranks', 'layerwise']);
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

t.test('data-parallel: identical ranks, each step split into compute and AllReduce, scaling 1 -> 8 -> 64', async (t) => {
  const r = await run<Promise<DataParallelResult>>('data-parallel', { steps: 2, batch: 8 });
  t.equal(r.ranksAgree, true);
  t.equal(r.steps.length, 2);
  for (const s of r.steps) t.ok(s.allReduceNs > 0 && s.computeNs > 0 && s.allReduceNs + s.computeNs === s.stepNs, `step ${s.step}: ${s.computeNs} + ${s.allReduceNs} ns`);
  t.same(r.scaling.map((x) => x.ranks), [1, 8, 64]);
  t.ok(r.scaling[1]!.allReduceNs > r.scaling[0]!.allReduceNs && r.scaling[2]!.allReduceNs > r.scaling[1]!.allReduceNs, 'the AllReduce grows with the ranks (a second node adds the network)');
  t.ok(r.scaling.every((x) => x.efficiency <= 1.0001) && r.scaling[2]!.efficiency > 0.5, `efficiency ${r.scaling.map((x) => x.efficiency.toFixed(3)).join(' ')}`);
  t.ok((r as { [TRACE]?: unknown })[TRACE], 'the cluster simulator is kept for the trace');
  t.match(findScenario('data-parallel')!.format(r), /weak scaling, timing-only/);
});

t.test('overflow-ranks: with the flag AllReduce every rank skips; without it only the overflowing rank does', async (t) => {
  const r = await run<Promise<OverflowRanksResult>>('overflow-ranks', { steps: 3 });
  t.same(r.withFlag.map((step) => step.map((x) => x.skipped)), [[false, false, false, false], [true, true, true, true], [false, false, false, false]]);
  t.ok(r.withFlag.every((step) => step.every((x) => x.driftFromRank0 === 0 && x.scale === step[0]!.scale)), 'identical ranks and scales');
  t.same(r.withoutFlag[1]!.map((x) => x.skipped), [false, false, false, true]);
  t.same(r.withoutFlag[2]!.map((x) => x.scale), [1024, 1024, 1024, 512], 'the scales disagree');
  t.ok(r.withoutFlag[2]![3]!.driftFromRank0 > r.withoutFlag[1]![3]!.driftFromRank0 && r.withoutFlag[1]![3]!.driftFromRank0 > 0, 'rank 3 drifts further every step');
});

t.test('layerwise: the shared weight is identical from the first step; each scale stays its rank\'s', async (t) => {
  const r = await run<Promise<LayerwiseResult>>('layerwise', { ranks: 2, steps: 2 });
  t.not(r.initial[0]!.weight0, r.initial[1]!.weight0, 'different initial weights');
  for (const step of r.steps) {
    t.equal(step[1]!.weight0, step[0]!.weight0, 'identical weights');
    t.not(step[1]!.scale, step[0]!.scale, 'rank-local scales');
  }
  t.equal(r.broadcastBytes, 4 * (3 * 2 + 2 + 1 + 1) + 2 * 4 * (3 * 2 + 2), "weight, bias, learning rate, momentum and SGD's accum and stat");
});
