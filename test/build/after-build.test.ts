/**
 * scripts/after-build.mjs: outputs in dist/ whose source is gone are removed (tsc -b never deletes
 * them), the others kept, and the command line marked executable.
 */
import t from 'tap';
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { repoRoot } from '../helpers/fixtures.js';

t.test('stale outputs go, live ones and the CLI stay', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'mindsim-build-'));
  const write = (path: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), '');
  };
  for (const source of ['src/kernels/ops/conv2d-filter-rows.ts', 'sim/cli.ts', 'src/kernels/wasm/webassembly.d.ts']) write(source);
  const live = ['dist/src/kernels/ops/conv2d-filter-rows.js', 'dist/src/kernels/ops/conv2d-filter-rows.d.ts', 'dist/src/kernels/ops/conv2d-filter-rows.js.map', 'dist/sim/cli.js', 'dist/src/kernels/wasm/webassembly.d.ts', 'dist/.tsbuildinfo'];
  const stale = ['dist/src/kernels/ops/conv2d-filter3.js', 'dist/src/kernels/ops/conv2d-filter3.d.ts', 'dist/src/kernels/ops/conv2d-filter3.js.map', 'dist/src/kernels/ops/conv2d-filter3.d.ts.map', 'dist/bench/gone.js'];
  for (const path of [...live, ...stale]) write(path);
  const out = execFileSync(process.execPath, [join(repoRoot, 'scripts', 'after-build.mjs'), root], { encoding: 'utf8' });
  for (const path of live) t.ok(existsSync(join(root, path)), `kept ${path}`);
  for (const path of stale) t.notOk(existsSync(join(root, path)), `removed ${path}`);
  t.equal(out.trim().split('\n').length, stale.length, 'each removal said once');
  t.match(out, 'removed dist/src/kernels/ops/conv2d-filter3.js (its source is gone)');
  t.equal(statSync(join(root, 'dist/sim/cli.js')).mode & 0o111, 0o111, 'the command line is executable');
});
