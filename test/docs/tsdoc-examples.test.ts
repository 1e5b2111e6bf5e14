/**
 * Runs every TSDoc `@example` of src/ and sim/, each in a fresh ExecutionContext, and checks that it
 * prints what its `// ` output comments say (see test/helpers/tsdoc.ts for the convention).
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExecutionContext } from '../../src/index.js';
import { repoRoot } from '../helpers/fixtures.js';
import { exampleModule, expectedOutput, tsdocExamples } from '../helpers/tsdoc.js';

const generated = path.join(repoRoot, 'test', 'docs', '.generated', 'tsdoc');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

const files = [...sources(path.join(repoRoot, 'src')), ...sources(path.join(repoRoot, 'sim'))].filter((f) => fs.readFileSync(f, 'utf8').includes('@example'));

t.test('the convention reads outputs, continuations and remarks', async (t) => {
  const code = "const x = 1; // a remark\nconsole.log(x, 'a'); // 1 a\n// [2]\n\n// a remark after a blank line\nprint(y);\n";
  t.equal(expectedOutput(code), '1 a\n[2]\n', 'comment lines right after a printing line continue its output; others are remarks');
  t.equal(expectedOutput("console.log(s); // a\\nb\nf(); // remark"), 'a\nb\n');
  t.equal(expectedOutput('console.log(s);\n// [[1]\n//  [2]] — a remark\n'), '[[1]\n [2]]\n', 'the output may be all below the line');
});

t.test('every exported API has runnable examples', async (t) => {
  const total = files.reduce((n, f) => n + tsdocExamples(fs.readFileSync(f, 'utf8')).length, 0);
  t.ok(total >= 190, `${total} examples in ${files.length} files`);
});

for (const file of files) {
  const rel = path.relative(repoRoot, file).split(path.sep).join('/');
  t.test(rel, async (t) => {
    fs.mkdirSync(generated, { recursive: true });
    const resolve = (spec: string): string => {
      if (spec === 'mindsim') return pathToFileURL(path.join(repoRoot, 'src', 'index.ts')).href;
      if (spec === 'mindsim/testing') return pathToFileURL(path.join(repoRoot, 'src', 'testing.ts')).href;
      if (spec.startsWith('.')) return pathToFileURL(path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts')).href;
      return spec;
    };
    for (const [k, ex] of tsdocExamples(fs.readFileSync(file, 'utf8')).entries()) {
      const target = path.join(generated, `${rel.replace(/\W/g, '_')}_${k}.ts`);
      fs.writeFileSync(target, exampleModule(ex.code, resolve));
      const mod = (await import(pathToFileURL(target).href)) as { run: () => void | Promise<void> };
      let out = '';
      const ctx = new ExecutionContext({ printSink: (text) => void (out += text) });
      const log = console.log;
      console.log = (...args: unknown[]) => {
        out += args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ') + '\n';
      };
      try {
        await ctx.run(() => mod.run()); // an async example's awaits leave the context: what it awaits must not need it
      } catch (e) {
        out += `threw: ${(e as Error).message}\n`;
      } finally {
        console.log = log;
      }
      t.equal(out, ex.output, `${rel}:${ex.line}: the example prints what its comments say`);
    }
  });
}

/** How console.log shows a value: node's util.inspect. */
function inspect(value: unknown): string {
  return util.inspect(value);
}
import * as util from 'node:util';
