/**
 * Exhaustive order search: without reduction it runs every linear extension of the batch once; with
 * reduction exactly one order per class of equivalent orders (same relative order of every conflicting
 * pair), checked against brute-force enumeration on random DAGs. PCT finds shallow ordering bugs at
 * least as often as its bound promises.
 */
import t from 'tap';
import fc from 'fast-check';
import { runtime } from '../../src/index.js';
import { assertProperty } from '../helpers/property.js';

type N = { id: number; deps: N[]; weight: number; conflictsWith(o: N): boolean };

/** A random DAG of n nodes (edges only from lower to higher index) and a symmetric conflict relation. */
const dagArb = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 2 }),
    conflicts: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 2 }),
  }),
);

function build({ n, edges, conflicts }: { n: number; edges: [number, number][]; conflicts: [number, number][] }): N[] {
  const clash = new Set(conflicts.flatMap(([a, b]) => [`${a},${b}`, `${b},${a}`]));
  const nodes: N[] = [];
  for (let i = 0; i < n; i++) nodes.push({ id: 100 + i, deps: [], weight: 1, conflictsWith: (o) => clash.has(`${i},${o.id - 100}`) });
  for (const [a, b] of edges) if (a < b && !nodes[b]!.deps.includes(nodes[a]!)) nodes[b]!.deps.push(nodes[a]!);
  return nodes;
}

/** Every linear extension, by brute force. */
function extensions(nodes: readonly N[]): N[][] {
  const out: N[][] = [];
  const go = (done: N[]) => {
    if (done.length === nodes.length) return void out.push(done);
    for (const x of nodes) if (!done.includes(x) && x.deps.every((d) => done.includes(d))) go([...done, x]);
  };
  go([]);
  return out;
}

/** The relative order of every conflicting pair: equal signatures = equivalent orders. */
const signature = (order: readonly N[]) => {
  const parts: string[] = [];
  for (let i = 0; i < order.length; i++) for (let j = i + 1; j < order.length; j++) if (order[i]!.conflictsWith(order[j]!)) parts.push(`${order[i]!.id}<${order[j]!.id}`);
  return parts.sort().join(' ');
};

function explore(nodes: readonly N[], reduce: boolean): { orders: string[][]; signatures: string[]; runs: number } {
  const search = new runtime.OrderSearch({ reduce });
  const orders: string[][] = [];
  const signatures: string[] = [];
  while (!search.done) {
    const order = new runtime.Scheduler(search.schedule()).order(nodes);
    if (search.endRun()) {
      orders.push(order.map((x) => String(x.id)));
      signatures.push(signature(order));
    }
  }
  return { orders, signatures, runs: search.stats.runs };
}

t.test('without reduction: every linear extension exactly once', async (t) => {
  assertProperty(t, 'runs = linear extensions', fc.property(dagArb, (g) => {
    const nodes = build(g);
    const all = extensions(nodes).map((o) => o.map((x) => String(x.id)).join());
    const got = explore(nodes, false).orders.map((o) => o.join());
    return got.length === all.length && new Set(got).size === got.length && got.every((o) => all.includes(o));
  }), 200);
});

t.test('with reduction: one order per equivalence class, every class covered', async (t) => {
  assertProperty(t, 'runs = classes', fc.property(dagArb, (g) => {
    const nodes = build(g);
    const classes = new Set(extensions(nodes).map(signature));
    const { signatures } = explore(nodes, true);
    return signatures.length === classes.size && new Set(signatures).size === signatures.length;
  }), 200);
});

t.test('counts on small graphs: reduction against linear extensions', async (t) => {
  const indep = (k: number) => build({ n: k, edges: [], conflicts: [] });
  t.same([explore(indep(4), false).orders.length, explore(indep(4), true).orders.length], [24, 1], '4 independent nodes: 24 orders, 1 class');
  t.equal(explore(indep(6), true).runs, 1, 'and no wasted run: orders that could only repeat it are never started');
  const allClash = build({ n: 4, edges: [], conflicts: [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]] });
  t.equal(explore(allClash, true).orders.length, 24, 'all conflicting: nothing to reduce');
  const twoPairs = build({ n: 4, edges: [], conflicts: [[0, 1], [2, 3]] });
  t.equal(explore(twoPairs, true).orders.length, 4, 'two independent conflicting pairs: 2 x 2 classes');
});

t.test('pct: a depth-1 and a depth-2 ordering bug are found at least as often as the bound says', async (t) => {
  const n = 8;
  const nodes: N[] = Array.from({ length: n }, (_, i) => ({ id: i, deps: [], weight: 1, conflictsWith: () => true }));
  const trials = 400;
  let depth1 = 0;
  let depth2 = 0;
  for (let seed = 0; seed < trials; seed++) {
    const order = new runtime.Scheduler({ policy: 'pct', seed, depth: 2 }).order(nodes).map((x) => x.id);
    if (order.indexOf(5) < order.indexOf(2)) depth1++; // bug: 5 before 2
    if (order.indexOf(5) < order.indexOf(2) && order.indexOf(2) < order.indexOf(7)) depth2++; // 5 before 2 before 7
  }
  t.ok(depth1 / trials >= 1 / n, `depth 1: ${depth1}/${trials} >= 1/${n}`);
  t.ok(depth2 / trials >= 1 / (n * n), `depth 2: ${depth2}/${trials} >= 1/${n * n}`);
  const a = new runtime.Scheduler({ policy: 'pct', seed: 9, depth: 3 }).order(nodes).map((x) => x.id);
  t.same(new runtime.Scheduler({ policy: 'pct', seed: 9, depth: 3 }).order(nodes).map((x) => x.id), a, 'the seed fixes the order');
});
