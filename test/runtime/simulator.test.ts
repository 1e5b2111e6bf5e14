import t from 'tap';
import { Simulator } from '../../src/runtime/index.js';
import { ArgumentValueError } from '../../src/errors/index.js';

t.test('events fire in (time, priority, insertion) order; the clock jumps to each', async (t) => {
  const sim = new Simulator();
  const log: string[] = [];
  sim.schedule(30, () => log.push(`c@${sim.now()}`));
  sim.schedule(10, () => log.push(`a@${sim.now()}`));
  sim.schedule(10, () => log.push(`b@${sim.now()}`));
  sim.schedule(10, () => log.push(`urgent@${sim.now()}`), -1);
  t.equal(sim.pending, 4);
  t.equal(sim.run(), 4);
  t.same(log, ['urgent@10', 'a@10', 'b@10', 'c@30']);
  t.equal(sim.now(), 30);
});

t.test('events scheduled while firing fire at or after now; a time in the past is an error, not silently now', async (t) => {
  const sim = new Simulator();
  const times: number[] = [];
  const errors: string[] = [];
  sim.schedule(5, () => {
    sim.schedule(0, () => times.push(sim.now()));
    sim.at(5, () => times.push(sim.now()));
    try {
      sim.at(1, () => times.push(-1));
    } catch (e) {
      errors.push((e as Error).message);
    }
  });
  sim.run();
  t.same(times, [5, 5]);
  t.same(errors, ['Simulator.at: time must be a finite number of ns not before now (5 ns), but got 1']);
  t.throws(() => sim.at(NaN, () => {}), ArgumentValueError);
  t.throws(() => sim.at(Infinity, () => {}), ArgumentValueError);
  t.equal(sim.pending, 0, 'refused events were not queued');
});

t.test('a device loss planned in the past is refused', async (t) => {
  const { Platform } = await import('../../src/runtime/index.js');
  await import('../../src/index.js'); // the built-in devices
  const platform = new Platform();
  const npu = platform.device('Ascend:0');
  platform.sim.schedule(100, () => {});
  platform.sim.run();
  t.throws(() => npu.injectFault({ kind: 'device-lost', at: 50 }), { name: 'ArgumentValueError', message: /Ascend:0\.injectFault: a device loss must be planned now or later \(now is 100 ns\), but at is 50/ });
  t.equal(platform.sim.pending, 0);
  npu.injectFault({ kind: 'device-lost', at: 100 });
  t.equal(platform.sim.pending, 1, 'now is allowed');
});

t.test('runUntil stops when the condition holds, or reports false when nothing is left', async (t) => {
  const sim = new Simulator();
  let n = 0;
  for (let i = 1; i <= 5; i++) sim.schedule(i * 100, () => n++);
  t.equal(sim.runUntil(() => n === 2), true);
  t.equal(sim.now(), 200);
  t.equal(sim.runUntil(() => n === 99), false);
  t.equal(n, 5);
});

t.test('advanceTo fires what is due and moves the clock', async (t) => {
  const sim = new Simulator();
  let fired = 0;
  sim.schedule(100, () => fired++);
  sim.schedule(300, () => fired++);
  sim.advanceTo(200);
  t.equal(fired, 1);
  t.equal(sim.now(), 200);
  sim.advanceTo(50);
  t.equal(sim.now(), 200, 'the clock never goes back');
});

t.test('a seeded tie-break reorders same-time events, reproducibly', async (t) => {
  const order = (seed?: number): string => {
    const sim = new Simulator(seed === undefined ? {} : { tieBreakSeed: seed });
    const out: number[] = [];
    for (let i = 0; i < 8; i++) sim.schedule(10, () => out.push(i));
    sim.schedule(5, () => out.push(-1));
    sim.run();
    return out.join(',');
  };
  t.equal(order(), '-1,0,1,2,3,4,5,6,7', 'without a seed: first scheduled, first fired');
  t.equal(order(3), order(3), 'same seed, same order');
  const orders = new Set([1, 2, 3, 4, 5, 6].map(order));
  t.ok(orders.size > 1, `different seeds explore different orders (${orders.size} seen)`);
  for (const o of orders) t.ok(o.startsWith('-1,'), 'earlier times still fire first');
});

t.test('schedule rejects negative and non-finite delays', async (t) => {
  const sim = new Simulator();
  t.throws(() => sim.schedule(-1, () => {}), ArgumentValueError);
  t.throws(() => sim.schedule(NaN, () => {}), ArgumentValueError);
  t.throws(() => sim.schedule(Infinity, () => {}), ArgumentValueError);
  t.equal(sim.pending, 0, 'nothing was scheduled');
});

t.test('the heap stays ordered under many random pushes', async (t) => {
  const sim = new Simulator();
  const fired: number[] = [];
  let x = 1;
  for (let i = 0; i < 5000; i++) {
    x = (Math.imul(x, 48271) % 2147483647) >>> 0;
    const when = x % 1000;
    sim.schedule(when, () => fired.push(sim.now()));
  }
  sim.run();
  t.equal(fired.length, 5000);
  t.ok(fired.every((v, i) => i === 0 || fired[i - 1]! <= v), 'non-decreasing times');
});

t.test('trace records: emitted to subscribers, kept in a bounded ring only when recording', async (t) => {
  const sim = new Simulator();
  t.equal(sim.tracing, false, 'no consumer: records are not even built');
  const seen: number[] = [];
  const sub = sim.trace$.subscribe((r) => seen.push(r.time));
  t.equal(sim.tracing, true);
  sim.emit({ type: 'sync', time: 1, device: 'x', phase: 'begin', target: 'y' });
  sub.unsubscribe();
  t.equal(sim.tracing, false);
  t.same(seen, [1]);
  t.same(sim.records(), [], 'not recording');
  sim.setRecording(3);
  for (let i = 0; i < 10; i++) sim.emit({ type: 'sync', time: i, device: 'x', phase: 'begin', target: 'y' });
  t.same(sim.records().map((r) => r.time), [7, 8, 9], 'the newest 3 records');
  t.throws(() => sim.setRecording(-1), ArgumentValueError);
});
