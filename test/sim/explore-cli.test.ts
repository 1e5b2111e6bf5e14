/**
 * `mindsim explore`: a program module's campaign on worker threads and shards, the same verdict for any
 * worker count or split, --merge of the shards' JSON reports, --replay of the printed schedule, and
 * usage mistakes as one line with status 2.
 */
import t from 'tap';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli, type CliIo } from '../../sim/cli.js';
import { closeWorkerPool, exploreModule, mergeReports, shardRunCount, type CampaignReport } from '../../sim/campaign.js';

const MODULE = 'test/fixtures/explore/flag-window.ts';

async function cli(args: string[]): Promise<{ status: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (s) => void out.push(s), err: (s) => void err.push(s), errIsTty: false, writeFile: () => undefined, now: () => 0 };
  const status = await runCli(args, io);
  return { status, out: out.join(''), err: err.join('') };
}

t.test('a campaign finds the unguarded flag read; its verdict is the same in one thread, on two workers and over shards', async (t) => {
  const one = await exploreModule(MODULE, { runs: 12, seed: 5 });
  t.equal(one.ok, false);
  t.match(one.failure!.message, /Reordered: NPUGetFloatStatus \(op 4\) ran before Mul \(op 3\)/);
  t.equal(one.failure!.replay, `mindsim explore ${MODULE} --replay ${JSON.stringify(one.failure!.schedule)}`);
  const workers = await exploreModule(MODULE, { runs: 12, seed: 5, workers: 2 });
  t.strictSame(workers, one, 'two worker threads: the same report');
  const shards: CampaignReport[] = [];
  for (let i = 0; i < 3; i++) shards.push(await exploreModule(MODULE, { runs: 12, seed: 5, shard: { index: i, count: 3 } }));
  t.same(shards.map((s) => s.shards), [[0], [1], [2]]);
  const merged = mergeReports([shards[2]!, shards[0]!, shards[1]!]);
  t.equal(merged.failure!.run, one.failure!.run, 'the merged verdict is the lowest failing run');
  t.equal(merged.failure!.message, one.failure!.message);
  t.equal(merged.checked, one.checked, 'merged: the runs up to the verdict\'s, as one thread counts them');
  t.same(merged.shards, [0, 1, 2]);
  t.same([shardRunCount(10, 1, 4), shardRunCount(10, 0, 4), shardRunCount(10, 3, 4), shardRunCount(2, 3, 4), shardRunCount(0, 0, 1)], [3, 3, 2, 0, 0], 'runs 1 5 9; 0 4 8; 3 7; none; none');
});

t.test('an exhaustive campaign split over workers and shards: the same first failure, complete when it holds', async (t) => {
  const SPLIT = 'test/fixtures/explore/status-orders.ts';
  const one = await exploreModule(SPLIT, { policy: 'exhaustive' });
  t.equal(one.ok, false);
  const workers = await exploreModule(SPLIT, { policy: 'exhaustive', workers: 2 });
  t.same([workers.failure!.schedule, workers.failure!.position], [one.failure!.schedule, one.failure!.position], 'two workers: the same verdict');
  t.equal(workers.failure!.message.split('\n').slice(1).join('\n'), one.failure!.message.split('\n').slice(1).join('\n'), 'told alike (but for the run\'s number in its share)');
  t.equal(workers.splitDepth, 3);
  const shards: CampaignReport[] = [];
  for (let i = 0; i < 3; i++) shards.push(await exploreModule(SPLIT, { policy: 'exhaustive', shard: { index: i, count: 3 } }));
  const merged = mergeReports(shards);
  t.same([merged.failure!.schedule, merged.failure!.position], [one.failure!.schedule, one.failure!.position], 'three shards, merged: the same verdict');
  t.throws(() => mergeReports([shards[0]!, { ...shards[1]!, splitDepth: 2 }]), /different campaigns .*split depth 3 vs .*split depth 2/, 'shards split at other depths do not merge, and the refusal says so');
  const HOLDS = 'test/fixtures/explore/status-orders-holds.ts';
  const whole = await exploreModule(HOLDS, { policy: 'exhaustive' });
  t.same([whole.ok, whole.complete, whole.checked], [true, true, 128]);
  const parts = await Promise.all([0, 1].map((index) => exploreModule(HOLDS, { policy: 'exhaustive', shard: { index, count: 2 } })));
  t.ok(parts.every((p) => p.checked > 0 && p.checked < 128), 'each shard checks a part');
  t.same([mergeReports(parts).ok, mergeReports(parts).complete, mergeReports(parts).checked], [true, true, 128], 'merged: every order once, complete');
  t.equal(mergeReports([parts[0]!]).complete, false, 'not complete while a shard is missing');
  const text = await cli(['explore', SPLIT, '--policy', 'exhaustive', '--shard', '1/2']);
  t.match(text.out, /exhaustive, seed 0, 10000 runs \(shard 1 of 2\): 1 checked, the run 0 of subtree 1 failed\./);
});

t.test('the command line: report, --json and --merge, --replay, exit statuses', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mindsim-explore-'));
  const text = await cli(['explore', MODULE, '--runs', '6', '--seed', '5']);
  t.equal(text.status, 1, 'a failing run: status 1');
  t.match(text.out, /^explore test\/fixtures\/explore\/flag-window\.ts: random, seed 5, 6 runs: \d+ checked, run \d+ failed\./);
  t.match(text.out, /replay: mindsim explore .* --replay \[/);
  const files: string[] = [];
  for (const s of ['0/2', '1/2']) {
    const r = await cli(['explore', MODULE, '--runs', '6', '--seed', '5', '--shard', s, '--json']);
    const file = join(dir, `shard-${s.replace('/', '-')}.json`);
    writeFileSync(file, r.out);
    files.push(file);
    t.doesNotThrow(() => JSON.parse(r.out), `shard ${s}: pure JSON on stdout`);
  }
  const merged = await cli(['explore', '--merge', ...files]);
  t.equal(merged.status, 1);
  t.match(merged.out, /\(shards 0, 1 of 2\): \d+ checked, run \d+ failed/);
  const schedule = /--replay (\[[\d,]*\])/.exec(text.out)![1]!;
  const replayed = await cli(['explore', MODULE, '--replay', schedule]);
  t.equal(replayed.status, 1);
  t.match(replayed.out, /explore \(replay\): the property failed/);
  const held = await cli(['explore', MODULE, '--replay', '[]']);
  t.same([held.status, held.out], [0, `explore ${MODULE}: the property holds under [].\n`], 'program order keeps the guard by luck');
  t.equal((await cli(['explore', '--help'])).status, 0);
  for (const [args, message] of [
    [['explore'], /explore needs one program module/],
    [['explore', 'no-such.mjs'], /no such module 'no-such\.mjs'/],
    [['explore', MODULE, '--shard', '2/2'], /--shard must be i\/n with 0 <= i < n, but got 2\/2/],
    [['explore', MODULE, '--shard', 'x'], /--shard must be i\/n/],
    [['explore', MODULE, '--runs=-3'], /--runs must be a non-negative integer, but got '-3'/],
    [['explore', MODULE, '--policy', 'exhaustive', '--split-depth', '0'], /--split-depth must be a positive integer, but got 0/],
    [['explore', MODULE, '--replay', 'nope'], /--replay must be a schedule/],
    [['explore', '--merge', files[0]!, files[0]!], /shard 0\/2 is given twice/],
    [['explore', MODULE, '--bogus'], /Unknown option '--bogus'/],
  ] as const) {
    const r = await cli([...args]);
    t.equal(r.status, 2, `${args.join(' ')}: status 2`);
    t.match(r.err, message);
    t.equal(r.err.split('\n').filter(Boolean).length, 1, 'one line');
  }
});

t.test('campaigns on workers reuse a warm pool; an edited module is imported afresh; closeWorkerPool stops it', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'mindsim-pool-')), 'prog.mts');
  const index = pathToFileURL(resolve('src/index.ts')).href;
  const write = (verdict: string, mtime: number) => {
    writeFileSync(file, `import { Tensor, ops } from '${index}';\nexport function program() { return ops.Add()(new Tensor([1], 'float32'), 1); }\nexport function property() { return ${verdict}; }\n`);
    utimesSync(file, mtime, mtime); // a distinct modification time, whatever the file system's resolution
  };
  write('true', 1_000_000);
  const first = await exploreModule(file, { runs: 8, workers: 2 });
  t.equal(first.ok, true, 'the property holds');
  const again = await exploreModule(file, { runs: 8, workers: 2 });
  t.strictSame(again, first, 'the warm pool: the same report');
  write('false', 2_000_000);
  const edited = await exploreModule(file, { runs: 8, workers: 2 });
  t.equal(edited.ok, false, 'the edited module (its property now fails) was imported again by the warm threads');
  t.equal(edited.failure!.run, 0);
  await closeWorkerPool();
  await closeWorkerPool(); // nothing left to stop
  t.strictSame(await exploreModule(file, { runs: 8, workers: 2 }), edited, 'a new pool after closeWorkerPool: the same report');
  await closeWorkerPool();
});
