/**
 * Exhaustive exploration split into shares (OrderSearch's `shard`, explore's `shard` option): the
 * shares together run exactly the orders of the whole search, each once, for any share count and split
 * depth; the failure first in depth-first order over the shares is the whole search's first failure.
 */
import t from 'tap';
import { ExecutionContext, runtime } from '../../src/index.js';
import { explore, type ExploreOptions } from '../../src/testing.js';
import { program, property } from '../fixtures/explore/status-orders.js';

function inAscend<R>(fn: () => R): R {
  return new ExecutionContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' }).run(fn);
}

function schedulesOf(extra: Partial<ExploreOptions<unknown>>): { schedules: string[]; complete: boolean } {
  const schedules: string[] = [];
  const r = inAscend(() => explore(program, { policy: 'exhaustive', runs: 100_000, ...extra, property: (run) => void schedules.push(JSON.stringify(run.schedule)) }));
  return { schedules, complete: r.complete };
}

t.test('the shares of an exhaustive search run exactly its orders, each once', async (t) => {
  const whole = schedulesOf({});
  t.equal(whole.schedules.length, 128, 'the whole search');
  t.equal(new Set(whole.schedules).size, 128, 'each order once');
  const sorted = [...whole.schedules].sort();
  for (const [count, depth] of [[2, 1], [3, 2], [3, 3], [5, 4], [4, 9]] as const) {
    const parts = Array.from({ length: count }, (_, index) => schedulesOf({ shard: { index, count, depth } }));
    t.ok(parts.every((p) => p.complete), `${count} shares at depth ${depth}: each complete`);
    t.strictSame(parts.flatMap((p) => p.schedules).sort(), sorted, `${count} shares at depth ${depth}: together the whole search, nothing twice`);
    if (depth <= 4) t.ok(parts.every((p) => p.schedules.length > 0 && p.schedules.length < 128), 'every share has work, none all of it');
  }
});

t.test('the first failure over the shares is the whole search\'s first failure', async (t) => {
  const run = (shard?: runtime.SearchShard) => inAscend(() => explore(program, { policy: 'exhaustive', property: property as never, shrinkBudget: 50, ...(shard ? { shard } : {}) }));
  const whole = run();
  t.equal(whole.ok, false);
  t.ok(whole.failure!.position!.subtree > 0, 'at the default depth the first subtree passes: share 0 does not hold the verdict');
  for (const [count, depth] of [[2, 1], [2, 3], [3, 3]] as const) {
    const failures = Array.from({ length: count }, (_, index) => run({ index, count, depth }).failure);
    t.ok(failures.every((f) => f !== undefined), `${count} shares at depth ${depth}: each finds a failure`);
    const first = failures.reduce((a, b) => (b!.position!.subtree < a!.position!.subtree || (b!.position!.subtree === a!.position!.subtree && b!.position!.run < a!.position!.run) ? b : a))!;
    t.same(first.original, whole.failure!.original, `${count} shares at depth ${depth}: the same failing order`);
    t.same(first.schedule, whole.failure!.schedule, 'shrunk alike');
  }
});

t.test('a share is checked: integers with 0 <= index < count and depth >= 1', async (t) => {
  for (const shard of [{ index: 2, count: 2 }, { index: -1, count: 2 }, { index: 0, count: 0 }, { index: 0, count: 2, depth: 0 }, { index: 0.5, count: 2 }]) {
    t.throws(() => inAscend(() => explore(program, { policy: 'exhaustive', property: () => true, shard })), { name: 'ArgumentValueError', message: /explore: shard must be \{ index, count, depth\? \}/ });
    t.throws(() => new runtime.OrderSearch({ shard }), { name: 'ArgumentValueError', message: /OrderSearch: shard must be/ });
  }
});

t.test('random and pct shares take the runs numbered index modulo count', async (t) => {
  const seeds = (shard?: runtime.SearchShard) => {
    const seen: string[] = [];
    inAscend(() => explore(program, { policy: 'random', runs: 10, seed: 3, property: (run) => void seen.push(JSON.stringify(run.schedule)), ...(shard ? { shard } : {}) }));
    return seen;
  };
  const whole = seeds();
  const [even, odd] = [seeds({ index: 0, count: 2 }), seeds({ index: 1, count: 2 })];
  t.strictSame(even, whole.filter((_, i) => i % 2 === 0));
  t.strictSame(odd, whole.filter((_, i) => i % 2 === 1));
});

t.test('the shrinker\'s hoisted order keeps an op that already precedes the other in program order where it is', async (t) => {
  const { choicesFor, hoisted } = await import('../../src/api/testing/orders.js');
  // 0 ← 1 (1 waits for 0), 2 independent: "0 before 2" holds in program order already; lifting 0 to
  // just before 2 would put it after 1, which waits for it (the shrinker then asked for choice -1)
  const ops = [0, 1, 2].map((index) => ({ index, name: `op${index}`, workId: index, after: index === 1 ? [0] : [], batch: 0 }));
  const order = hoisted(ops, 0, 2)!;
  t.same(order, [0, 1, 2]);
  t.ok(choicesFor(ops, order).every((c) => c >= 0), 'a legal schedule');
  t.same(hoisted(ops, 2, 1), [0, 2, 1], 'a later op is still moved ahead');
  t.equal(hoisted(ops, 1, 0), null, 'and one that waits for the other cannot be');
});

t.test('OrderSearch shares: each runs its own subtrees and one finding run for each of the others', async (t) => {
  // four nodes that all conflict: 4! = 24 orders, none equivalent; at depth 1 the subtrees are the 4
  // first choices (6 orders each)
  const nodes = [1, 2, 3, 4].map((id) => ({ id, deps: [], weight: 1, conflictsWith: () => true }));
  const stats = [0, 1, 2].map((index) => {
    const search = new runtime.OrderSearch({ shard: { index, count: 3, depth: 1 } });
    while (!search.done) {
      new runtime.Scheduler(search.schedule()).order(nodes);
      search.endRun();
    }
    return search.stats;
  });
  t.same(stats.map((s) => s.runs - s.skipped), [12, 6, 6], 'subtrees 0 and 3, 1, 2: six orders each');
  t.same(stats.map((s) => s.skipped), [2, 3, 3], 'one finding run per subtree of the others');
  t.ok(stats.every((s) => s.redundant === 0));
});
