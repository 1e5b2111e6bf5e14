/**
 * Marble tests: RxJS pipelines run on the simulator's clock. Each marble frame is 1 ms of simulated
 * time; the expected marbles are parsed by RxJS's own TestScheduler.parseMarbles.
 */
import t from 'tap';
import { TestScheduler } from 'rxjs/testing';
import { type Observable, delay, interval, map, take, timeout, timer, of, concatMap, catchError } from 'rxjs';
import { runtime } from '../../src/index.js';
import { Simulator } from '../../src/runtime/index.js';

/** Runs an observable on a fresh simulator; returns its notifications with times in frames (1 ms). */
function runMarbles(make: (sim: Simulator) => Observable<unknown>): { frame: number; kind: string; value?: unknown }[] {
  const sim = new Simulator();
  const out: { frame: number; kind: string; value?: unknown }[] = [];
  make(sim).subscribe({
    next: (value) => out.push({ frame: sim.now() / 1e6, kind: 'N', value }),
    error: (e: Error) => out.push({ frame: sim.now() / 1e6, kind: 'E', value: e.name }),
    complete: () => out.push({ frame: sim.now() / 1e6, kind: 'C' }),
  });
  sim.run();
  return out;
}

function expected(marbles: string, values?: Record<string, unknown>, error?: unknown) {
  return TestScheduler.parseMarbles(marbles, values, error, true, true).map((m) => ({
    frame: m.frame / TestScheduler.frameTimeFactor,
    kind: m.notification.kind,
    ...(m.notification.kind === 'N' ? { value: m.notification.value } : {}),
    ...(m.notification.kind === 'E' ? { value: m.notification.error } : {}),
  }));
}

t.test('timer(3) emits at 3 ms of simulated time', async (t) => {
  t.same(runMarbles((sim) => timer(3, sim.scheduler)), expected('---(a|)', { a: 0 }));
});

t.test('interval(2) with take(3)', async (t) => {
  t.same(runMarbles((sim) => interval(2, sim.scheduler).pipe(take(3))), expected('--a-b-(c|)', { a: 0, b: 1, c: 2 }));
});

t.test('delay shifts every value by simulated time', async (t) => {
  t.same(
    runMarbles((sim) => interval(1, sim.scheduler).pipe(take(2), delay(4, sim.scheduler), map((x) => x * 10))),
    expected('-----a(b|)', { a: 0, b: 10 }),
  );
});

t.test('timeout fires in simulated time when the source is too slow', async (t) => {
  t.same(
    runMarbles((sim) =>
      timer(10, sim.scheduler).pipe(
        timeout({ first: 4, scheduler: sim.scheduler }),
        catchError((e: Error) => of(e.name)),
      ),
    ),
    expected('----(a|)', { a: 'TimeoutError' }),
  );
});

t.test('a simulated minute takes no wall time', async (t) => {
  const started = process.hrtime.bigint();
  const out = runMarbles((sim) => of(1, 2).pipe(concatMap((x) => timer(60_000, sim.scheduler).pipe(map(() => x)))));
  t.same(out.map((o) => o.frame), [60000, 120000, 120000]);
  t.ok(process.hrtime.bigint() - started < 2_000_000_000n, 'well under two seconds of wall time');
});

t.test('scheduler.now() is the simulated time in ms', async (t) => {
  const sim = new Simulator();
  sim.schedule(2_500_000, () => {});
  sim.run();
  t.equal(sim.scheduler.now(), 2.5);
});

t.test('a periodic timer does not turn a deadlock into a hang (reliability finding D1)', async (t) => {
  const platform = new runtime.Platform();
  const ticks = interval(1, platform.sim.scheduler).subscribe();
  const npu = platform.device('Ascend:0');
  npu.waitEvent(npu.defaultStream, npu.createEvent()); // an event nobody records
  const start = performance.now();
  t.throws(() => npu.synchronize(), { name: 'DeadlockError', message: /only timers of the simulator's RxJS scheduler were left[\s\S]*waits for event e1, which is never recorded/ });
  t.ok(performance.now() - start < 5000, 'promptly');
  ticks.unsubscribe();
  // a timer that does start work keeps the wait alive: it finishes
  const p2 = new runtime.Platform();
  const gpu = p2.device('Ascend:0'); // Ascend waits for an event recorded later (CUDA would not)
  const e = gpu.createEvent();
  gpu.waitEvent(gpu.defaultStream, e);
  let fired = 0;
  const late = interval(1, p2.sim.scheduler).subscribe(() => {
    if (++fired === 3) gpu.recordEvent(e, gpu.createStream());
  });
  gpu.synchronize();
  late.unsubscribe();
  t.equal(fired >= 3, true, 'the wait ended once a timer recorded the event');
});
