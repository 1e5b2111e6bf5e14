/**
 * Every scenario's Chrome trace, parsed by DevTools' own trace engine (`@paulirish/trace_engine`, the
 * Performance panel's parser): it must find every flow the simulator recorded — one per wait on an
 * event record and one per rank's arrival at a collective — and our structural checker must find
 * nothing wrong (unique flow ids, both ends bound to a slice of the flow's category, nesting).
 */
import t from 'tap';
import { analyzeEvents } from '@paulirish/trace_engine/analyze-trace.mjs';
import { getSimulator, runtime, setContext } from '../../src/index.js';
import { SCENARIOS, TRACE } from '../../sim/scenarios/index.js';
import { withDefaults } from '../../sim/scenarios/scenario.js';
import { chromeTraceProblems } from '../helpers/chrome-trace.js';

/** Small sizes, so that every scenario runs in the suite. */
const SMALL: Readonly<Record<string, Record<string, number | string>>> = {
  overflow: { steps: 2 },
  saturation: { steps: 2 },
  'missing-depend': { runs: 30 },
  'h2d-sync': { mb: 4, chunks: 3 },
  'data-parallel': { steps: 1, batch: 4, ranks: 2 },
  'overflow-ranks': { steps: 2, ranks: 2, 'overflow-rank': 1 },
  layerwise: { steps: 1, ranks: 2 },
};

/**
 * The flows a trace should have: a wait released by a recorded event record, a rank's arrival at a
 * collective before it started (arrows of zero length are left out: viewers drop them).
 */
function expectedFlows(records: readonly runtime.TraceRecord[]): number {
  const recordBegan = new Map<number, number>();
  const began = new Map<number, number>();
  const started = new Map<string, number>(); // collectives started, and how many parts had arrived before
  let flows = 0;
  for (const r of records) {
    if (r.type === 'begin') {
      began.set(r.id, r.time);
      if (r.work === 'record') recordBegan.set(r.id, r.time);
      if (r.waitsOn !== undefined && recordBegan.has(r.waitsOn) && recordBegan.get(r.waitsOn) !== r.time) flows++;
    } else if (r.type === 'collective') {
      if (r.phase === 'start') started.set(r.name, r.items.filter((id) => began.has(id) && began.get(id)! < r.time).length);
      else if (started.has(r.name)) flows += started.get(r.name)!;
    }
  }
  return flows;
}

t.teardown(() => setContext({ deviceTarget: 'Ascend', device: 'ascend910', mode: 'GRAPH_MODE', schedule: { policy: 'critical-path' } }));

for (const scenario of SCENARIOS) {
  t.test(`${scenario.name}: DevTools' trace engine finds every flow`, async (t) => {
    const result = await scenario.run(withDefaults(scenario, SMALL[scenario.name] ?? {}));
    const sim = (result as { [TRACE]?: runtime.Simulator })[TRACE] ?? getSimulator();
    const records = sim.records();
    const trace = sim.chromeTrace();
    t.same(chromeTraceProblems(trace), [], 'our checker: nothing wrong');
    const expected = expectedFlows(records);
    const { parsedTrace } = await analyzeEvents(trace.traceEvents);
    const flows = parsedTrace.data.Flows.flows;
    t.equal(trace.traceEvents.filter((e) => e.ph === 's').length, expected, `the trace has the ${expected} flows the simulator recorded`);
    t.equal(flows.length, expected, `DevTools binds all ${expected} of them`);
    t.ok(flows.every((f) => f.length === 2), 'each from one slice to another');
    t.ok(trace.traceEvents.some((e) => e.ph === 'X' && e.cat !== 'sync'), 'the trace shows device work');
  });
}
