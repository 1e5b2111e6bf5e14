/**
 * The package as a consumer gets it: `npm pack`'s listing has the built code, the TypeScript sources its
 * source maps point at, the README and the LICENSE, and nothing of the repository's own (tests,
 * benchmarks, docs, scripts); every source map's sources are in the package; dependencies are as the
 * README says. In `npm run test:long`: a fresh clone's install and suite with no browser
 * (scripts/fresh-clone-test.sh), and a strict TypeScript project compiled against the packed tarball.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { LONG, repoRoot } from './helpers/fixtures.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<string, Record<string, unknown>>;

t.test('dependencies: rxjs, protobufjs and piscina at run time, fast-check an optional peer, benchmark for development only; no install-time build', async (t) => {
  t.same(Object.keys(pkg['dependencies']!), ['piscina', 'protobufjs', 'rxjs']);
  t.same(pkg['peerDependencies'], { 'fast-check': '^4.0.0' });
  t.same(pkg['peerDependenciesMeta'], { 'fast-check': { optional: true } });
  t.ok(pkg['devDependencies']!['benchmark'] && pkg['devDependencies']!['fast-check']);
  t.notOk(pkg['scripts']!['prepare'], 'no prepare: consumers installing the tarball run nothing');
  t.equal(pkg['scripts']!['prepack'], 'npm run build --silent', 'the tarball is built when packed');
  t.ok(existsSync(join(repoRoot, 'LICENSE')) && /Apache License\s+Version 2\.0/.test(readFileSync(join(repoRoot, 'LICENSE'), 'utf8')), 'LICENSE: Apache-2.0, as package.json says');
  t.equal(pkg['license'] as unknown, 'Apache-2.0');
});

t.test('npm pack --dry-run: what is shipped, and source maps that resolve', async (t) => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const files = new Set((JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
  for (const must of ['package.json', 'README.md', 'LICENSE', 'src/index.ts', 'src/testing.ts', 'sim/cli.ts']) t.ok(files.has(must), `ships ${must}`);
  const foreign = [...files].filter((f) => /^(test|bench|docs|scripts|\.ci|dist\/bench|node_modules)\//.test(f));
  t.same(foreign, [], 'nothing of the repository\'s own');
  const maps = [...files].filter((f) => f.endsWith('.map'));
  if (maps.length === 0) {
    t.ok(!existsSync(join(repoRoot, 'dist', 'src')), 'no maps because dist/ is not built here (prepack builds it)');
    return;
  }
  t.ok(files.has('dist/src/index.js') && files.has('dist/sim/cli.js'), 'the built code');
  let missing = 0;
  for (const map of maps) {
    const { sources } = JSON.parse(readFileSync(join(repoRoot, map), 'utf8')) as { sources: string[] };
    for (const s of sources) if (!files.has(normalize(join(dirname(map), s)))) missing++;
  }
  t.equal(missing, 0, `every source of the ${maps.length} source maps is in the package`);
});

t.test('a fresh clone installs clean and passes its suite with no browser (long)', { skip: !LONG && 'npm run test:long' }, async (t) => {
  const log = execFileSync('bash', [join(repoRoot, 'scripts', 'fresh-clone-test.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 1_800_000 });
  t.match(log, /fresh-clone-test: passed/);
});

t.test('a strict TypeScript project compiles against the packed tarball and runs (long)', { skip: !LONG && 'npm run test:long' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mindsim-consumer-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const packed = execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: repoRoot, encoding: 'utf8' }).trim().split('\n').pop()!;
  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', join(dir, packed), 'fast-check@^4', `typescript@${(pkg['devDependencies']!['typescript'] as string)}`, '@types/node@^20'], { cwd: app, stdio: 'ignore' });
  writeFileSync(join(app, 'main.ts'), [
    "import { Tensor, ops, launch, communication } from 'mindsim';",
    "import { explore } from 'mindsim/testing';",
    "const y: Tensor = ops.Add()(new Tensor([1, 2], 'float32'), 1);",
    "const { results } = await launch(async ({ rank }) => { communication.init(); return (await ops.AllReduce()(new Tensor([rank], 'float32')).asnumpyAsync()).item(); }, { cluster: 'dgx-a100', devicesPerNode: 2 });",
    "const r = explore(() => ops.Mul()(new Tensor([2], 'float32'), 3), { runs: 2, property: ({ result }) => Number(result!.item()) === 6 });",
    'console.log(String(y), results.join(), r.ok);',
  ].join('\n'));
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, skipLibCheck: false, outDir: 'out', types: ['node'] }, files: ['main.ts'] }));
  execFileSync(join(app, 'node_modules', '.bin', 'tsc'), ['-p', app], { cwd: app, encoding: 'utf8' });
  const printed = execFileSync('node', [join(app, 'out', 'main.js')], { cwd: app, encoding: 'utf8' });
  t.equal(printed, '[2. 3.] 1,1 true\n');
});
