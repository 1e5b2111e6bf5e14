/**
 * The import rules of docs/architecture.md as data, and a checker over an import graph.
 * Layers (a file's layer is its first folder under src/, or sim/):
 *   errors  → (nothing)
 *   kernels → errors
 *   runtime → kernels, errors
 *   devices → runtime, kernels, errors
 *   api     → runtime, kernels, errors          (never devices: api reaches a device by name)
 *   root    (src/index.ts, src/testing.ts) → everything in src
 *   sim     → root only (the public package API)
 * Nothing imports test/. External packages: errors and kernels use none; runtime, devices, api may use
 * rxjs and node builtins; fast-check only in api/testing and the roots; protobufjs only in api/checkpoint
 * (MindSpore's .ckpt format).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Layer = 'errors' | 'kernels' | 'runtime' | 'devices' | 'api' | 'root' | 'sim' | 'test' | 'other';

export const ALLOWED: Record<Layer, readonly Layer[]> = {
  errors: [],
  kernels: ['errors'],
  runtime: ['kernels', 'errors'],
  devices: ['runtime', 'kernels', 'errors'],
  api: ['runtime', 'kernels', 'errors'],
  root: ['api', 'runtime', 'devices', 'kernels', 'errors'],
  sim: ['root'],
  test: [],
  other: [],
};

const EXTERNAL_ALLOWED: Record<Layer, (spec: string, file: string) => boolean> = {
  errors: () => false,
  kernels: () => false,
  runtime: (s) => s === 'rxjs' || s.startsWith('node:'),
  devices: (s) => s === 'rxjs' || s.startsWith('node:'),
  api: (s, f) => s === 'rxjs' || s.startsWith('node:') || (s === 'fast-check' && f.includes('/api/testing/')) || (s === 'protobufjs/light.js' && f.includes('/api/checkpoint/')),
  root: (s) => s === 'rxjs' || s === 'fast-check' || s.startsWith('node:'),
  sim: (s) => s.startsWith('node:') || s === 'piscina',
  test: () => true,
  other: () => true,
};

/** The layer of a repository-relative path (forward slashes). */
export function layerOf(rel: string): Layer {
  if (rel === 'src/index.ts' || rel === 'src/testing.ts') return 'root';
  const m = /^src\/([^/]+)\//.exec(rel);
  if (m) {
    const l = m[1] as Layer;
    return (['errors', 'kernels', 'runtime', 'devices', 'api'] as const).includes(l as never) ? l : 'other';
  }
  if (rel.startsWith('sim/')) return 'sim';
  if (rel.startsWith('test/')) return 'test';
  return 'other';
}

/** An import edge: from a file to a module specifier and, when relative, the file it resolves to. */
export interface Edge {
  readonly from: string;
  readonly spec: string;
  readonly to?: string;
  /**
   * `import type` / `export type ... from`: erased by the compiler (`verbatimModuleSyntax` guarantees
   * it), so no module evaluates another through it. Layer rules apply to it; cycles do not.
   */
  readonly typeOnly?: boolean;
}

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s([^;]*?)from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

/** The import specifiers of a TypeScript source text. */
export function importsOf(text: string): string[] {
  return importClausesOf(text).map((i) => i.spec);
}

/** The imports of a TypeScript source text, each with whether it is type-only. */
export function importClausesOf(text: string): { spec: string; typeOnly: boolean }[] {
  const out: { spec: string; typeOnly: boolean }[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    out.push({ spec: (m[2] ?? m[3] ?? m[4])!, typeOnly: m[1] !== undefined && /^type\s/.test(m[1]) });
  }
  return out;
}

/** Every import edge of the .ts files under the given folders of `root`. */
export function collectEdges(root: string, folders: string[]): Edge[] {
  const edges: Edge[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const rel = path.relative(root, full).split(path.sep).join('/');
        for (const { spec, typeOnly } of importClausesOf(fs.readFileSync(full, 'utf8'))) {
          if (spec.startsWith('.')) {
            const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec)).replace(/\.js$/, '.ts');
            edges.push({ from: rel, spec, to: target, ...(typeOnly ? { typeOnly } : {}) });
          } else {
            edges.push({ from: rel, spec });
          }
        }
      }
    }
  };
  for (const f of folders) walk(path.join(root, f));
  return edges;
}

/** Rule violations of a set of edges, one message each. */
export function violations(edges: readonly Edge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const from = layerOf(e.from);
    if (e.to === undefined) {
      if (!EXTERNAL_ALLOWED[from](e.spec, e.from)) out.push(`${e.from}: layer ${from} may not import package '${e.spec}'`);
      continue;
    }
    const to = layerOf(e.to);
    if (to === 'test' && from !== 'test') out.push(`${e.from}: nothing outside test/ may import ${e.to}`);
    else if (from !== to && !ALLOWED[from].includes(to)) {
      out.push(`${e.from}: layer ${from} may not import ${e.to} (layer ${to})`);
    }
  }
  return out;
}

/**
 * The import cycles among files (each as a list of files), found by depth-first search over the
 * imports that exist at run time (type-only imports are erased).
 */
export function cycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (e.to && !e.typeOnly) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of next.get(n) ?? []) {
      if (state.get(m) === 'open') found.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of [...next.keys()].sort()) if (!state.has(n)) visit(n);
  return found;
}

/**
 * Module-level state of a source text: top-level `let`/`var` bindings, and top-level constants that
 * hold a mutable container (a `new` object, an array or object literal) without a read-only type or
 * `Object.freeze`. Returns the declared names.
 */
export function moduleState(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:export\s+)?(let|var|const)\s+([A-Za-z_$][\w$]*)\s*(?::([^=\n]*))?(?:=[ \t]*(.*))?$/gm)) {
    const [, kind, name, type = '', init = ''] = m;
    if (kind !== 'const') {
      out.push(name!);
      continue;
    }
    const container = /^(new\s|\[|\{)/.test(init.trim());
    const readOnly = /\bReadonly|\breadonly\b/.test(type) || init.trim().startsWith('Object.freeze(');
    if (container && !readOnly) out.push(name!);
  }
  return out;
}
