/**
 * `mindsim explore <module>`: an exploration campaign of a program module (campaign.ts) on worker
 * threads and shards; `mindsim explore --merge <report.json>...` joins the shards' reports.
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { exploreModule, mergeReports, replayModule, type CampaignReport } from './campaign.js';
import { UsageError } from './options.js';

/** The help text. */
export const EXPLORE_USAGE = [
  'usage: mindsim explore <module.mjs> [--policy random|pct|exhaustive] [--runs N] [--seed S] [--depth D]',
  '                       [--workers N] [--shard i/n] [--split-depth K] [--json]',
  '       mindsim explore <module.mjs> --replay <schedule>',
  '       mindsim explore --merge <report.json>... [--json]',
  '',
  '  The module exports `program` (a function run in a fresh GRAPH_MODE context per run) and `property`',
  '  (given the run: { result, trace, schedule, ops, error }; false or a throw fails it), and may export',
  '  `options` ({ deviceTarget, device, streams, globalSeed }).',
  '  --policy    random (default), pct, exhaustive',
  '  --runs      runs of the whole campaign, all shards together (default 100;',
  '              exhaustive: the most each share, process or worker, makes: default 10,000)',
  '  --seed      the first run\'s schedule seed (default 0; run i uses seed + i)',
  '  --depth     pct\'s bug depth (default 2)',
  '  --workers   worker threads (default 1); the verdict is the same for any count',
  '  --shard     i/n: this process checks runs i, i+n, i+2n... (one per machine of a CI matrix or an',
  '              indexed Job); exhaustive: the subtrees so numbered; --json writes its report for --merge',
  '  --split-depth  exhaustive, over shards or workers: the branching steps that fix a subtree (default 3;',
  '              deeper gives more, smaller subtrees: better balance, one finding run more per subtree)',
  '  --replay    check one schedule, as a failure prints it ([0,2,1])',
  '  --json      the report as JSON',
  '',
  'Exit status: 0 when the property held, 1 when a run failed it, 2 for a usage mistake.',
].join('\n');

function integer(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`explore: ${what} must be a non-negative integer, but got '${text}'`);
  return Number(text);
}

function shard(text: string | undefined): { index: number; count: number } | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new UsageError(`explore: --shard must be i/n (0/4 is the first of four), but got '${text}'`);
  return { index: Number(m[1]), count: Number(m[2]) };
}

/** What a report says, as text. */
export function reportText(r: CampaignReport): string {
  const where = r.shardCount > 1 ? ` (shard${r.shards.length > 1 ? 's' : ''} ${r.shards.join(', ')} of ${r.shardCount})` : '';
  const head = `explore ${r.module}: ${r.policy}, seed ${r.seed}, ${r.runs} runs${where}: ${r.checked} checked`;
  if (r.ok) return `${head}, the property held${r.complete === true ? ' in every order' : ''}.`;
  const f = r.failure!;
  const which = f.position ? `the run ${f.position.run} of subtree ${f.position.subtree} failed` : `run ${f.run} failed`;
  return `${head}, ${which}.\n${f.message}\nreplay: ${f.replay}`;
}

/** Runs `mindsim explore` with its arguments; returns what to print and the exit status. */
export async function exploreCommand(args: readonly string[]): Promise<{ text: string; status: number }> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        policy: { type: 'string' },
        runs: { type: 'string' },
        seed: { type: 'string' },
        depth: { type: 'string' },
        workers: { type: 'string' },
        shard: { type: 'string' },
        'split-depth': { type: 'string' },
        replay: { type: 'string' },
        merge: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    throw new UsageError(`explore: ${(e as Error).message}`);
  }
  const v = parsed.values;
  if (v.help) return { text: EXPLORE_USAGE, status: 0 };
  const files = parsed.positionals;
  if (v.merge) {
    const reports = files.map((f) => {
      try {
        return JSON.parse(readFileSync(f, 'utf8')) as CampaignReport;
      } catch (e) {
        throw new UsageError(`explore --merge: cannot read the report '${f}': ${(e as Error).message}`);
      }
    });
    const merged = mergeReports(reports);
    return { text: v.json ? JSON.stringify(merged, null, 2) : reportText(merged), status: merged.ok ? 0 : 1 };
  }
  if (files.length !== 1) throw new UsageError(`explore needs one program module (mindsim explore prog.mjs), but got ${files.length === 0 ? 'none' : files.join(' ')}`);
  const module = files[0]!;
  if (v.replay !== undefined) {
    const failure = await replayModule(module, v.replay);
    return failure === null ? { text: `explore ${module}: the property holds under ${v.replay}.`, status: 0 } : { text: failure, status: 1 };
  }
  const report = await exploreModule(module, {
    ...(v.policy !== undefined ? { policy: v.policy as never } : {}),
    ...(v.runs !== undefined ? { runs: integer(v.runs, '--runs')! } : {}),
    ...(v.seed !== undefined ? { seed: integer(v.seed, '--seed')! } : {}),
    ...(v.depth !== undefined ? { depth: integer(v.depth, '--depth')! } : {}),
    ...(v.workers !== undefined ? { workers: integer(v.workers, '--workers')! } : {}),
    ...(v.shard !== undefined ? { shard: shard(v.shard)! } : {}),
    ...(v['split-depth'] !== undefined ? { splitDepth: integer(v['split-depth'], '--split-depth')! } : {}),
  });
  return { text: v.json ? JSON.stringify(report, null, 2) : reportText(report), status: report.ok ? 0 : 1 };
}
