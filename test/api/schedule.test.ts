/**
 * GRAPH_MODE schedules: every policy launches a legal order, so race-free programs compute the same
 * values under any of them; a seed fixes the order; recorded choices replay it exactly.
 */
import t from 'tap';
import fc from 'fast-check';
import {
  ArgumentTypeError, ArgumentValueError, Parameter, Tensor, getContext, getSimulator, np, ops, resetPlatform, runtime as runtimeApi, scheduleChoices, setContext,
  type runtime,
} from '../../src/index.js';
import { assertProperty } from '../helpers/property.js';

/** One step of a random program: an op over earlier values, or a write or read of the Parameter. */
type Step = { op: 'Add' | 'Mul' | 'Sub' | 'Neg' | 'Assign' | 'ReadParam'; a: number; b: number };

const stepArb: fc.Arbitrary<Step> = fc.record({
  op: fc.constantFrom('Add', 'Mul', 'Sub', 'Neg', 'Assign', 'ReadParam'),
  a: fc.nat(),
  b: fc.nat(),
});

/** Runs a program on a fresh platform under a schedule; returns every value, the trace and the choices. */
function run(steps: readonly Step[], schedule: runtime.ScheduleOptions): { values: string[]; trace: string; choices: number[] } {
  resetPlatform({ record: Infinity });
  setContext({ deviceTarget: 'GPU', mode: 'GRAPH_MODE', schedule });
  const p = new Parameter(new Tensor(np.full([3], 2).astype('float32')), 'p');
  const values: Tensor[] = [new Tensor(np.array([1, -2, 3]).astype('float32')), new Tensor(np.array([0.5, 4, -1]).astype('float32'))];
  const pick = (k: number) => values[k % values.length]!;
  for (const s of steps) {
    if (s.op === 'Assign') ops.Assign()(p, pick(s.a));
    else if (s.op === 'ReadParam') values.push(ops.Add()(p, pick(s.a)));
    else if (s.op === 'Neg') values.push(ops.Neg()(pick(s.a)));
    else values.push(ops[s.op]()(pick(s.a), pick(s.b)));
  }
  const texts = [...values, p].map((v) => String(v));
  return { values: texts, trace: JSON.stringify(getSimulator().records()), choices: scheduleChoices() };
}

t.teardown(() => setContext({ schedule: { policy: 'critical-path' } }));

t.test('every policy computes what program order computes; a seed fixes the order; choices replay it', async (t) => {
  assertProperty(t, 'schedules of random programs', fc.property(fc.array(stepArb, { minLength: 1, maxLength: 14 }), fc.nat(1000), (steps, seed) => {
    const reference = run(steps, { policy: 'program-order' });
    const critical = run(steps, { policy: 'critical-path' });
    const random = run(steps, { policy: 'random', seed });
    const again = run(steps, { policy: 'random', seed });
    const replayed = run(steps, { policy: 'replay', choices: random.choices });
    return (
      JSON.stringify(critical.values) === JSON.stringify(reference.values) &&
      JSON.stringify(random.values) === JSON.stringify(reference.values) &&
      again.trace === random.trace && JSON.stringify(again.choices) === JSON.stringify(random.choices) &&
      replayed.trace === random.trace
    );
  }), 60);
});

t.test('random schedules really launch different legal orders', async (t) => {
  const steps: Step[] = [0, 1, 0, 1, 0, 1].map((a, i) => ({ op: i % 2 ? 'Neg' : 'Add', a, b: a }));
  const orders = new Set<string>();
  for (let seed = 0; seed < 12; seed++) orders.add(JSON.stringify(run(steps, { policy: 'random', seed }).choices));
  t.ok(orders.size > 3, `${orders.size} distinct orders from 12 seeds`);
});

t.test('critical-path launches the longest chain first; program-order keeps one stream', async (t) => {
  resetPlatform({ record: Infinity });
  setContext({ deviceTarget: 'GPU', mode: 'GRAPH_MODE', schedule: { policy: 'critical-path' } });
  const x = new Tensor(np.ones([64, 64]).astype('float32'));
  const quick = ops.Neg()(x);
  const slow = ops.MatMul()(ops.MatMul()(x, x), x);
  String(ops.Add()(quick, slow));
  t.same(scheduleChoices(), [1, 1], 'both MatMuls before the Neg recorded earlier (the other steps had one ready op)');

  resetPlatform({ record: Infinity });
  setContext({ schedule: { policy: 'program-order' } });
  String(ops.Add()(ops.Neg()(x), ops.MatMul()(x, x)));
  const streams = new Set(getSimulator().records().filter((r) => r.type === 'begin' && 'work' in r && r.work === 'kernel').map((r) => ('stream' in r ? r.stream : -1)));
  t.same([...streams], [0], 'one stream');
});

t.test('bad schedules are refused and change nothing', async (t) => {
  setContext({ schedule: { policy: 'random', seed: 4 } });
  const before = getContext('schedule');
  t.throws(() => setContext({ schedule: { policy: 'fifo' as never } }), ArgumentValueError);
  t.throws(() => setContext({ schedule: { policy: 'fifo' as never } }), /the schedule policy must be one of \['program-order', 'critical-path', 'random', 'pct', 'exhaustive', 'replay'\], but got 'fifo'/);
  t.throws(() => setContext({ schedule: { policy: 'replay' } }), /a 'replay' schedule needs choices/);
  t.throws(() => setContext({ schedule: { policy: 'replay', choices: [1, -1] } }), ArgumentValueError);
  t.throws(() => setContext({ schedule: { policy: 'random', seed: 0.5 } }), /schedule seed must be an integer, but got 0.5/);
  t.throws(() => setContext({ schedule: 'random' as never }), ArgumentTypeError);
  t.throws(() => setContext({ schedule: { policy: 'random', batchLimit: 0 } }), /the schedule batchLimit must be a positive integer, but got 0/);
  t.throws(() => setContext({ mode: 'PYNATIVE_MODE', schedule: { policy: 'nope' as never } }), ArgumentValueError);
  t.equal(getContext('schedule'), before, 'the schedule is unchanged');
  t.equal(getContext('mode'), 'GRAPH_MODE', 'and so is the mode of the refused call');
});

t.test('runtime.Scheduler orders any batch legally, with ids in any spacing', async (t) => {
  type N = { id: number; deps: N[]; weight: number };
  const a: N = { id: 10, deps: [], weight: 1 };
  const b: N = { id: 20, deps: [], weight: 50 };
  const c: N = { id: 35, deps: [a], weight: 1 };
  const d: N = { id: 40, deps: [b, c], weight: 1 };
  const outside: N = { id: 1, deps: [], weight: 1 };
  const e: N = { id: 41, deps: [outside, a], weight: 1 };
  const batch = [a, b, c, d, e];
  const legal = (order: N[]) => order.every((n, i) => n.deps.every((x) => !batch.includes(x) || order.indexOf(x) < i));
  t.same(new runtimeApi.Scheduler({ policy: 'critical-path' }).order(batch).map((n) => n.id), [20, 10, 35, 40, 41], 'heaviest path first');
  t.same(new runtimeApi.Scheduler({ policy: 'program-order' }).order(batch).map((n) => n.id), [10, 20, 35, 40, 41]);
  for (let seed = 0; seed < 20; seed++) {
    const s = new runtimeApi.Scheduler({ policy: 'random', seed });
    const order = s.order(batch);
    t.ok(legal(order), `seed ${seed}: ${order.map((n) => n.id).join(' ')}`);
    t.same(new runtimeApi.Scheduler({ policy: 'replay', choices: s.made }).order(batch), order, 'replayed');
  }
});

t.test('a chain batch skips the walk and leaves each policy as walking it would', async (t) => {
  type N = { id: number; deps: N[]; weight: number };
  assertProperty(
    t,
    'chains',
    fc.property(fc.integer({ min: 2, max: 12 }), fc.nat(1000), fc.array(fc.nat(3), { maxLength: 8 }), (length, seed, choices) => {
      const chain: N[] = [];
      for (let i = 0; i < length; i++) chain.push({ id: i + 1, deps: i > 0 ? [chain[i - 1]!] : [], weight: 1 + (i % 3) });
      // a batch with choices after it: three independent pairs
      const fork: N[] = [];
      for (let i = 0; i < 6; i++) fork.push({ id: 100 + i, deps: i % 2 ? [fork[i - 1]!] : [], weight: 1 + i });
      for (const policy of ['critical-path', 'random', 'replay', 'pct', 'exhaustive'] as const) {
        const options: runtime.ScheduleOptions = { policy, seed, choices, depth: 2 };
        const fast = new runtimeApi.Scheduler(options);
        const real = runtimeApi.POLICY_STRATEGIES[policy](options);
        const walked = new runtimeApi.Scheduler(options, { beginBatch: (nodes, graph) => real.beginBatch(nodes, graph) }); // no flag: always walks
        const ids = (s: runtimeApi.Scheduler) => [...s.order(chain), ...s.order(fork)].map((n) => n.id).join(' ');
        if (ids(fast) !== ids(walked) || fast.made.join() !== walked.made.join()) return false;
      }
      return true;
    }),
    100,
  );
});

t.test('GRAPH_MODE launches a batch when batchLimit ops are pending, without waiting for a read', async (t) => {
  resetPlatform({ record: Infinity });
  setContext({ deviceTarget: 'CPU', mode: 'GRAPH_MODE', schedule: { policy: 'critical-path', batchLimit: 4 } });
  const submitted = () => getSimulator().records().filter((r) => r.type === 'submit' && r.work === 'kernel').length;
  const x = new Tensor(np.arange(3).astype('float32'));
  let y = x;
  for (let i = 0; i < 3; i++) y = ops.Add()(y, x);
  t.equal(submitted(), 0, 'three pending ops wait');
  y = ops.Add()(y, x);
  t.equal(submitted(), 4, 'the fourth launches the batch');
  for (let i = 0; i < 6; i++) y = ops.Add()(y, x);
  t.equal(submitted(), 8, 'then every fourth');
  t.equal(String(y), '[ 0. 11. 22.]', 'the value is what one batch computes');
  t.equal(submitted(), 10);
  setContext({ schedule: { policy: 'critical-path' } });
});
