/**
 * Runs every example of the guides in docs/: a ```ts example block is executed (with `mindsim`
 * resolved to this checkout's sources) and what it prints must equal the ```text output block after it.
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resetAutoParallelContext, resetPlatform, resetPsContext, setContext, setPrintSink } from '../../src/index.js';
import { guidePaths, repoRoot } from '../helpers/fixtures.js';

const BLOCK = /```ts example\n([\s\S]*?)```\s*```text output\n([\s\S]*?)```/g;
const generated = path.join(repoRoot, 'test', 'docs', '.generated');

function examples(file: string): { code: string; output: string }[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(BLOCK)].map((m) => ({ code: m[1]!, output: m[2]! }));
}

const guides = guidePaths();

t.test('the guides have examples', async (t) => {
  const total = guides.reduce((n, g) => n + examples(path.join(repoRoot, 'docs', g)).length, 0);
  t.ok(total >= 8, `${total} examples in ${guides.length} guides`);
});

for (const guide of guides) {
  t.test(`docs/${guide}`, async (t) => {
    fs.mkdirSync(generated, { recursive: true });
    const index = pathToFileURL(path.join(repoRoot, 'src', 'index.ts')).href;
    const testing = pathToFileURL(path.join(repoRoot, 'src', 'testing.ts')).href;
    for (const [k, ex] of examples(path.join(repoRoot, 'docs', guide)).entries()) {
      const code = ex.code
        .replaceAll("from 'mindsim/testing'", `from '${testing}'`).replaceAll("from 'mindsim'", `from '${index}'`)
        .replaceAll("import('mindsim/testing')", `import('${testing}')`).replaceAll("import('mindsim')", `import('${index}')`);
      const file = path.join(generated, `${guide.replace(/\W/g, '_')}_${k}.ts`);
      fs.writeFileSync(file, code);
      // each example starts from a fresh machine and the default context, as a new program would
      resetPlatform();
      resetAutoParallelContext();
      resetPsContext();
      setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE', schedule: { policy: 'critical-path' } });
      let out = '';
      const previousSink = setPrintSink((text) => {
        out += text;
      });
      const log = console.log;
      console.log = (...args: unknown[]) => {
        out += args.map(String).join(' ') + '\n';
      };
      try {
        await import(pathToFileURL(file).href);
      } finally {
        setPrintSink(previousSink);
        console.log = log;
      }
      t.equal(out, ex.output, `example ${k + 1} prints what the guide shows`);
    }
  });
}
