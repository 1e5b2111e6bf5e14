/**
 * Completeness: every kernel is reachable through a primitive; every primitive is differentiable with a
 * rule that the gradient property checks, or is on one of the explicit lists (no gradient by nature,
 * or no gradient rule yet); no list names something that does not exist.
 */
import t from 'tap';
import { kernels, ops } from '../../src/index.js';
import { BPROPS } from '../../src/api/autodiff/bprop.js';
import { NON_DIFFERENTIABLE, NO_GRADIENT } from '../../src/api/autodiff/grad-operation.js';
import { CASES } from '../helpers/gradient-cases.js';
import { COLLECTIVES } from '../../src/api/ops/collectives.js';
import * as fs from 'node:fs';
import { repoRoot } from '../helpers/fixtures.js';

/**
 * Gradient rules checked by a test of their own rather than the single-context gradient property (the
 * collectives need ranks): the file that checks each.
 */
const CHECKED_UNDER_LAUNCH: Readonly<Record<string, string>> = {
  AllReduce: 'test/api/collectives-grad.test.ts',
  AllGather: 'test/api/collectives-grad.test.ts',
  ReduceScatter: 'test/api/collectives-grad.test.ts',
  Broadcast: 'test/api/collectives-grad.test.ts',
  AlltoAll: 'test/api/collectives-grad.test.ts',
  _MirrorOperator: 'test/api/semi-auto.test.ts',
};
/** Gradient rules of virtual ops: tape entries only, with no primitive (semi-auto parallel's mirror). */
const VIRTUAL = new Set(['_MirrorOperator', 'BatchNormMovingUpdate']);

/** Primitives whose kernel has another name (MindSpore's primitive name differs from the kernel's). */
const KERNEL_OF: Readonly<Record<string, string>> = { Argmax: 'ArgMax' };
/** Kernels a primitive records besides its own (BatchNorm's in-place moving-statistics update). */
const ALSO_RUNS: Readonly<Record<string, readonly string[]>> = { BatchNorm: ['BatchNormMovingUpdate'] };
/** Factories that need arguments to make a primitive, and the arguments. */
const ARGS: Readonly<Record<string, readonly unknown[]>> = { Conv2D: [1, 1], Conv2DBackpropInput: [1, 1], Conv2DBackpropFilter: [1, 1] };
/** Exports of `ops` that are not primitive factories. */
const NOT_PRIMITIVES = new Set(['GradOperation', 'depend']);

const primitives = new Map<string, string>(); // primitive name -> export name
for (const name of COLLECTIVES) primitives.set(name, name); // made inside a launched rank only (they read its group)
for (const [key, value] of Object.entries(ops)) {
  if (typeof value !== 'function' || NOT_PRIMITIVES.has(key) || COLLECTIVES.includes(key)) continue;
  const p = (value as (...args: unknown[]) => { name: string })(...(ARGS[key] ?? []));
  primitives.set(p.name, key);
}

t.test('primitives are what their exports say', async (t) => {
  t.ok(primitives.size >= 55, `${primitives.size} primitives`);
  for (const [name, key] of primitives) t.equal(name, key, `ops.${key} makes the primitive ${name}`);
});

t.test('every kernel, on every device kind, has a primitive', async (t) => {
  const registered = new Set(['*', 'Ascend', 'GPU', 'CPU'].flatMap((kind) => kernels.kernelRegistry.names(kind)));
  const reached = new Set([...primitives.keys()].flatMap((p) => [KERNEL_OF[p] ?? p, ...(ALSO_RUNS[p] ?? [])]));
  t.same([...registered].filter((k) => !reached.has(k)), [], 'no kernel without a primitive');
  for (const [p, k] of Object.entries(KERNEL_OF)) t.ok(registered.has(k) && primitives.has(p), `${p} runs the kernel ${k}`);
});

t.test('every primitive is differentiable with a checked rule, or on an explicit list', async (t) => {
  const lists = { rule: new Set(Object.keys(BPROPS)), none: NON_DIFFERENTIABLE, notYet: NO_GRADIENT };
  for (const name of primitives.keys()) {
    const on = Object.entries(lists).filter(([, set]) => set.has(name)).map(([k]) => k);
    t.equal(on.length, 1, `${name}: ${on.join(', ') || 'on no list'}`);
  }
  const caseOps = new Set(CASES.map((c) => /^[A-Za-z0-9]+/.exec(c.name)![0]));
  t.same([...lists.rule].filter((r) => !caseOps.has(r) && !CHECKED_UNDER_LAUNCH[r]), [], 'every gradient rule has a case in the gradient property, or a test of its own');
  for (const [rule, file] of Object.entries(CHECKED_UNDER_LAUNCH)) {
    const text = fs.existsSync(`${repoRoot}/${file}`) ? fs.readFileSync(`${repoRoot}/${file}`, 'utf8') : '';
    t.ok(text.includes(`'${rule}'`), `${file} checks the gradient of ${rule}`);
  }
  for (const [list, set] of Object.entries(lists)) t.same([...set].filter((n) => !primitives.has(n) && !VIRTUAL.has(n)), [], `the ${list} list names only primitives`);
});
