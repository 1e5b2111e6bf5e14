/**
 * The ordering explorer: the seed's float-status pattern detects an overflow under every schedule;
 * with one Depend removed the explorer finds a schedule that misses it, shrinks it to a minimal one,
 * names the two ops and the missing edge, and its replay misses it again.
 */
import t from 'tap';
import { ArgumentTypeError, ArgumentValueError, Tensor, getContext, getPlatform, ops, setContext, type Tensor as T } from '../../src/index.js';
import { explore, linearExtensions, type ExploreRun } from '../../src/testing.js';

/**
 * start_overflow_check / get_overflow_status around `watched` ops (one overflows in float16);
 * `guarded` false drops the Depend before NPUGetFloatStatus, `cleared` false the one after the clear.
 */
function lossScaleCheck(guarded: boolean, watched = 1, extra = 0, cleared = true) {
  return (): T => {
    const x = new Tensor([60000, 1], 'float16');
    const loss = ops.Mul()(x, 1);
    let status = ops.NPUAllocFloatStatus()();
    status = ops.depend(status, loss);
    const clear = ops.NPUClearFloatStatus()(status);
    const input = cleared ? ops.depend(x, clear) : x;
    let grads: T[] = [];
    for (let k = 0; k < watched; k++) grads.push(ops.Mul()(input, k === watched - 1 ? 2 : 0.5)); // the last overflows
    for (let k = 0; k < extra; k++) grads = [...grads, ops.Neg()(loss)]; // unwatched work alongside
    if (guarded) for (const g of grads) status = ops.depend(status, g);
    const got = ops.NPUGetFloatStatus()(status);
    status = ops.depend(status, got);
    return ops.ReduceSum()(status);
  };
}

const detected = ({ result }: ExploreRun<T>) => Number(result!.item()) >= 1;

t.before(() => setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' }));

t.test('with every Depend, the overflow is detected under every schedule', async (t) => {
  const small = explore(lossScaleCheck(true), { policy: 'exhaustive', property: detected });
  t.same([small.ok, small.complete], [true, true], `exhaustive on the small graph: ${small.runs} run(s) cover every order`);
  const all = explore(lossScaleCheck(true), { policy: 'exhaustive', reduce: false, property: detected });
  t.ok(all.ok && all.complete && all.runs > small.runs, `without reduction: ${all.runs} orders, all detect it`);
  for (const policy of ['random', 'pct'] as const) {
    const big = explore(lossScaleCheck(true, 6, 6), { policy, runs: 60, property: detected });
    t.same([big.ok, big.runs], [true, 60], `${policy} on a larger graph: 60 runs`);
  }
  t.equal(getContext('mode'), 'GRAPH_MODE', 'the context is restored');
});

t.test('without the Depend before NPUGetFloatStatus, every policy finds the miss, minimal and replayable', async (t) => {
  for (const policy of ['exhaustive', 'random', 'pct'] as const) {
    const r = explore(lossScaleCheck(false, 2, 2), { policy, runs: 200, property: detected });
    t.equal(r.ok, false, `${policy} finds it`);
    const f = r.failure!;
    t.equal(f.schedule.filter((c) => c !== 0).length, 1, `${policy}: the shrunk schedule ${JSON.stringify(f.schedule)} deviates from program order once (from ${JSON.stringify(f.original)})`);
    const lowered = f.schedule.flatMap((c, i) => Array.from({ length: c }, (_, v) => f.schedule.map((x, k) => (k === i ? v : x))));
    const cut = f.schedule.map((_, n) => f.schedule.slice(0, n));
    const stillFailing = [...lowered, ...cut].filter((choices) => {
      setContext({ schedule: { policy: 'replay', choices } });
      const flag = Number(lossScaleCheck(false, 2, 2)().asnumpy().item());
      return flag < 1;
    });
    setContext({ schedule: { policy: 'critical-path' } });
    t.same(stillFailing, [], 'minimal: no lowered or shortened schedule misses it');
    const again = f.replay();
    t.equal(Number(again.result!.item()), 0, 'the replay misses the overflow again');
    t.same(again.schedule.slice(0, f.schedule.length), f.schedule, 'with the same schedule');
    t.ok(again.schedule.slice(f.schedule.length).every((c) => c === 0), '(then program order)');
    const [first, second] = [f.reordering!.first, f.reordering!.second];
    t.same([first.name, second.name], ['NPUGetFloatStatus', 'Mul'], 'the two ops: the read ran before the overflowing Mul');
    t.match(f.message, /Reordered: NPUGetFloatStatus \(op \d+\) ran before Mul \(op \d+\); with Mul first the property holds\. Both touch the float-status register of Ascend:0/);
    t.match(f.message, /an edge Mul -> NPUGetFloatStatus prevents it: make NPUGetFloatStatus take an input through ops\.depend/);
    t.match(f.message, /Replay: failure\.replay\(\), or setContext\(\{ mode: 'GRAPH_MODE', schedule: \{ policy: 'replay', choices: \[[\d,]+\] \} \}\)/);
  }
});


t.test('exhaustive without reduction runs every linear extension; reduction runs fewer', async (t) => {
  let extensions = 0;
  const all = explore(lossScaleCheck(true, 2, 1), {
    policy: 'exhaustive',
    reduce: false,
    property: (run) => {
      extensions ||= linearExtensions(run.ops);
      return detected(run);
    },
  });
  t.equal(all.runs, extensions, `${all.runs} runs = ${extensions} linear extensions`);
  const reduced = explore(lossScaleCheck(true, 2, 1), { policy: 'exhaustive', property: detected });
  t.ok(reduced.runs < all.runs / 4, `reduction: ${reduced.runs} runs`);
  const capped = explore(lossScaleCheck(true, 2, 1), { policy: 'exhaustive', reduce: false, runs: 5, property: detected });
  t.same([capped.runs, capped.complete], [5, false], 'a run cap stops it short, and says so');
});

t.test('without the Depend after the clear, the clear may wipe the overflow: found and explained', async (t) => {
  const r = explore(lossScaleCheck(true, 1, 0, false), { policy: 'exhaustive', property: detected });
  t.equal(r.ok, false);
  t.same([r.failure!.reordering!.first.name, r.failure!.reordering!.second.name], ['Mul', 'NPUClearFloatStatus']);
  t.match(r.failure!.message, /an edge NPUClearFloatStatus -> Mul prevents it/);
  t.equal(Number(r.failure!.replay().result!.item()), 0, 'the replay misses it again');
});

t.test('errors in the program are failures; bad options are refused', async (t) => {
  const r = explore(() => ops.MatMul()(new Tensor([1, 2], 'float32'), new Tensor([1, 2], 'float32')), { runs: 3, property: ({ error }) => error === undefined });
  t.equal(r.ok, false);
  t.match(r.failure!.message, /the program threw/);
  t.match(r.failure!.message, /It fails in program order too/);
  t.throws(() => explore(null as never, { property: () => true }), ArgumentTypeError);
  t.throws(() => explore(() => 1, {} as never), /options\.property must be a function/);
  t.throws(() => explore(() => 1, { policy: 'bfs' as never, property: () => true }), ArgumentValueError);
  t.throws(() => explore(() => 1, { runs: 0, property: () => true }), /runs must be a positive integer, but got 0/);
});

t.test("explore leaves the caller's machine, its data and pending work as they were", async (t) => {
  setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' });
  const before = getPlatform();
  const x = ops.Mul()(new Tensor([1, 2], 'float32'), 3);
  x.asnumpy(); // a device result
  const pending = ops.Add()(x, 1); // recorded, not launched
  const r = explore(lossScaleCheck(true), { runs: 3, property: detected });
  t.ok(r.ok);
  t.equal(getPlatform(), before, 'the same simulated machine');
  t.equal(String(pending), '[4. 7.]', 'pending work ran on it');
  t.equal(String(ops.Mul()(x, 2)), '[ 6. 12.]', 'and device results are still usable');
  t.equal(String(r.failure?.replay ?? 'no failure'), 'no failure');
});

t.test('a run keeps no trace; reading run.trace replays its choices with the trace on: the same records, no second print', async (t) => {
  const { ExecutionContext } = await import('../../src/index.js');
  const { program } = await import('../fixtures/explore/status-orders.js');
  const printed: string[] = [];
  const ctx = new ExecutionContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE', printSink: (s) => void printed.push(s) });
  const seen: { schedule: readonly number[]; trace: string }[] = [];
  ctx.run(() => explore(() => {
    ops.Print()('step');
    return program();
  }, { policy: 'random', runs: 4, seed: 9, property: (run) => void seen.push({ schedule: run.schedule, trace: JSON.stringify(run.trace) }) }));
  t.equal(printed.length, 4, 'each run printed once: the replay for the trace printed nowhere');
  for (const { schedule, trace } of seen) {
    const direct = new ExecutionContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE', schedule: { policy: 'replay', choices: [...schedule] }, printSink: () => {}, platform: { record: Infinity } });
    direct.run(() => {
      ops.Print()('step');
      const out = program();
      out.forEach((x) => x.asnumpy());
    });
    t.equal(trace, JSON.stringify(direct.getSimulator().records()), `schedule ${JSON.stringify(schedule)}: the records of that run`);
  }
  t.ok(seen.some((s) => s.trace.includes('NPUGetFloatStatus')), 'real records');
});
