import t from 'tap';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fs from 'node:fs';
import { collectEdges, cycles, importsOf, layerOf, moduleState, violations, type Edge } from './rules.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

t.test('the source tree keeps the layer rules of docs/architecture.md', async (t) => {
  const edges = collectEdges(root, ['src', 'sim']);
  t.ok(edges.length > 20, `found ${edges.length} import edges`);
  t.same(violations(edges), [], 'no import crosses a layer the wrong way');
});

t.test('the source tree has no import cycles', async (t) => {
  t.same(cycles(collectEdges(root, ['src', 'sim'])), []);
});

t.test('every relative import resolves to a file', async (t) => {
  const fs = await import('node:fs');
  for (const e of collectEdges(root, ['src', 'sim'])) {
    if (e.to) t.ok(fs.existsSync(path.join(root, e.to)), `${e.from} → ${e.spec}`);
  }
});

t.test('the checker itself catches violations', async (t) => {
  const bad: Edge[] = [
    { from: 'src/kernels/a.ts', spec: '../runtime/b.js', to: 'src/runtime/b.ts' },
    { from: 'src/api/x.ts', spec: '../devices/gpu/y.js', to: 'src/devices/gpu/y.ts' },
    { from: 'src/errors/index.ts', spec: '../kernels/dtype.js', to: 'src/kernels/dtype.ts' },
    { from: 'sim/main.ts', spec: '../src/api/numpy/index.js', to: 'src/api/numpy/index.ts' },
    { from: 'src/runtime/q.ts', spec: '../../test/helpers/x.js', to: 'test/helpers/x.ts' },
    { from: 'src/kernels/c.ts', spec: 'rxjs' },
    { from: 'src/runtime/d.ts', spec: 'fast-check' },
  ];
  const v = violations(bad);
  t.equal(v.length, bad.length, v.join('\n'));
  const ok: Edge[] = [
    { from: 'src/api/x.ts', spec: '../kernels/dtype.js', to: 'src/kernels/dtype.ts' },
    { from: 'src/index.ts', spec: './devices/index.js', to: 'src/devices/index.ts' },
    { from: 'sim/main.ts', spec: '../src/index.js', to: 'src/index.ts' },
    { from: 'src/runtime/s.ts', spec: 'rxjs' },
    { from: 'src/api/testing/arb.ts', spec: 'fast-check' },
  ];
  t.same(violations(ok), []);
  const cyc: Edge[] = [
    { from: 'a.ts', spec: './b.js', to: 'b.ts' },
    { from: 'b.ts', spec: './c.js', to: 'c.ts' },
    { from: 'c.ts', spec: './a.js', to: 'a.ts' },
  ];
  t.same(cycles(cyc), [['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  t.same(cycles([...cyc.slice(0, 2), { ...cyc[2]!, typeOnly: true }]), [], 'a type-only import closes no cycle');
});

t.test('import parsing and layer naming', async (t) => {
  t.same(
    importsOf("import { a } from './a.js';\nexport * from '../b.js';\nimport type { C } from 'c';\nawait import('./d.js');\nimport './e.js';"),
    ['./a.js', '../b.js', 'c', './d.js', './e.js'],
  );
  t.equal(layerOf('src/index.ts'), 'root');
  t.equal(layerOf('src/devices/ascend/spec.ts'), 'devices');
  t.equal(layerOf('sim/main.ts'), 'sim');
});

/**
 * Where src/api may keep module-level state, and why. Everything else a program changes lives in its
 * ExecutionContext (issue: one ExecutionContext per simulated program).
 */
const ALLOWED_STATE: Record<string, readonly string[]> = {
  'src/api/execution-context.ts': ['current'], // the current-context pointer
  'src/api/numpy/format/digits.ts': ['scratch', 'words'], // a scratch view of a float's bits, holding nothing between calls
};

t.test('src/api keeps no mutable module-level state but the current-context pointer', async (t) => {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const rel = path.relative(root, full).split(path.sep).join('/');
        for (const name of moduleState(fs.readFileSync(full, 'utf8'))) if (!ALLOWED_STATE[rel]?.includes(name)) found.push(`${rel}: ${name}`);
      }
    }
  };
  walk(path.join(root, 'src/api'));
  t.same(found, []);
});

t.test('the module-state checker itself', async (t) => {
  t.same(moduleState('let a = 1;\nexport let b: number;\nconst c = new Map();\nconst d = [1];\nexport const e = { x: 1 };\n'), ['a', 'b', 'c', 'd', 'e']);
  t.same(moduleState("const a = Object.freeze({});\nconst b: readonly number[] = [1];\nconst c: ReadonlySet<string> = new Set();\nconst d = 3;\nconst f = () => 1;\n  let inner = 2;\n"), []);
});

t.test('the simulator core imports no trace renderer', async (t) => {
  const renderers = ['src/runtime/trace/chrome.ts', 'src/runtime/trace/timeline.ts', 'src/runtime/trace/svg.ts'];
  const core = ['src/runtime/sim/core.ts', 'src/runtime/sim/event-queue.ts', 'src/runtime/sim/random.ts', 'src/runtime/sim/rx-scheduler.ts'];
  const edges = collectEdges(root, ['src']);
  const reach = (from: string, seen = new Set<string>()): Set<string> => {
    for (const e of edges) if (e.from === from && e.to && !seen.has(e.to)) reach(e.to, seen.add(e.to));
    return seen;
  };
  for (const file of core) {
    t.ok(fs.existsSync(path.join(root, file)), `${file} exists`);
    t.same([...reach(file)].filter((f) => renderers.includes(f)), [], `${file} reaches no renderer`);
  }
});

t.test('src imports no Node module: a browser bundle of mindsim works (Node APIs are looked up at the call)', async (t) => {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      // code lines only: a TSDoc example (a ` * ` line) may import Node modules, as a user's program would
      else if (file.endsWith('.ts') && fs.readFileSync(file, 'utf8').split('\n').some((line) => !/^\s*\*/.test(line) && /from\s+['"]node:|import\(\s*['"]node:/.test(line))) found.push(path.relative(root, file));
    }
  };
  walk(path.join(root, 'src'));
  t.same(found, []);
});
