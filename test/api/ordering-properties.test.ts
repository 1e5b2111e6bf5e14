/**
 * Ordering properties over random programs (pure ops, Parameter writes and reads, Print, Depend,
 * guarded float-status checks) under every policy, seed and stream count: every edge the executor
 * recorded is a happens-before edge in the trace; values and printed lines equal program order's
 * (PYNATIVE_MODE); the same seed gives the same trace byte for byte.
 */
import t from 'tap';
import fc from 'fast-check';
import { resetPlatform, runtime, setContext, type DeviceTarget } from '../../src/index.js';
import { explore, programArbitrary, type ExplorePolicy, type RandomProgram } from '../../src/testing.js';
import { assertProperty } from '../helpers/property.js';

function reference(program: RandomProgram): string {
  resetPlatform();
  setContext({ mode: 'PYNATIVE_MODE' });
  const out = JSON.stringify(program.run());
  setContext({ mode: 'GRAPH_MODE' });
  return out;
}

const caseArb = (target: DeviceTarget) =>
  fc.record({
    program: programArbitrary({ maxSteps: 14, floatStatus: target === 'Ascend' }),
    policy: fc.constantFrom<ExplorePolicy>('random', 'pct', 'exhaustive'),
    seed: fc.nat(1000),
    streams: fc.constantFrom(1, 4),
  });

for (const target of ['Ascend', 'GPU', 'CPU'] as const) {
  t.test(`${target}: edges hold, values equal program order's, a seed fixes the trace`, async (t) => {
    setContext({ deviceTarget: target, mode: 'GRAPH_MODE' });
    assertProperty(t, 'ordering', fc.property(caseArb(target), ({ program, policy, seed, streams }) => {
      const expected = reference(program);
      const traces: string[] = [];
      const problems: string[] = [];
      const runOnce = () =>
        explore(() => program.run(), {
          policy, seed, streams, runs: policy === 'exhaustive' ? 4 : 2,
          property: (run) => {
            const order = new runtime.TraceOrder(run.trace);
            const work = new Map(run.ops.map((o) => [o.index, o.workId]));
            for (const o of run.ops) {
              for (const d of o.after) if (!order.happensBefore(work.get(d)!, o.workId)) problems.push(`op ${d} not before op ${o.index}`);
            }
            if (JSON.stringify(run.result) !== expected) problems.push(`values ${JSON.stringify(run.result)} != ${expected}`);
            traces.push(JSON.stringify(run.trace));
            return problems.length === 0;
          },
        });
      const first = runOnce();
      const firstTraces = traces.splice(0);
      const second = runOnce();
      if (!first.ok) throw new Error(`${problems.join('; ')}\n${first.failure!.message}`);
      return second.ok && JSON.stringify(traces) === JSON.stringify(firstTraces);
    }), 40);
  });
}
