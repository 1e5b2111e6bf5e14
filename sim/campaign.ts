/**
 * Exploration campaigns of a program module (`mindsim explore prog.mjs`): the module exports `program`
 * (a function of no arguments, run in a fresh context per run) and `property` (given the run, false or
 * a throw fails it), and optionally `options` ({ deviceTarget, device, streams, globalSeed }). Random and
 * PCT campaigns number their runs 0..runs-1 (run i uses schedule seed `seed + i`); a shard `i/n` takes
 * the runs whose number is i modulo n; worker threads (a piscina pool) check chunks of them. Whatever the
 * worker count or shard split, the campaign's verdict is its lowest-numbered failing run, shrunk in this
 * thread: the same report, byte for byte, for a given seed. `mergeReports` joins the shards' JSON reports.
 * Exhaustive campaigns run in one thread (splitting the search tree is not implemented).
 * @module
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { ExecutionContext, type DeviceTarget } from '../src/index.js';
import { explore, type ExploreOptions, type ExplorePolicy, type ExploreRun } from '../src/testing.js';

/** What a program module exports. */
export interface ProgramModule {
  readonly program: () => unknown;
  readonly property: (run: ExploreRun<unknown>) => boolean | void;
  readonly options?: { readonly deviceTarget?: DeviceTarget; readonly device?: string; readonly streams?: number; readonly globalSeed?: number };
}

/** A campaign's settings. */
export interface CampaignOptions {
  readonly policy?: ExplorePolicy;
  /** Runs of the whole campaign (all shards together); default 100 (exhaustive: at most 10,000). */
  readonly runs?: number;
  readonly seed?: number;
  /** PCT's bug depth. */
  readonly depth?: number;
  /** Worker threads (default 1: this thread). */
  readonly workers?: number;
  /** This process's shard: index (0-based) of count. */
  readonly shard?: { readonly index: number; readonly count: number };
}

/** A campaign's (or a shard's) JSON report. */
export interface CampaignReport {
  readonly module: string;
  readonly policy: ExplorePolicy;
  readonly seed: number;
  readonly runs: number;
  /** The shards this report covers (one, or all after a merge). */
  readonly shards: readonly number[];
  readonly shardCount: number;
  /** Runs checked: of the covered shards' runs, those numbered up to the first failure. */
  readonly checked: number;
  readonly ok: boolean;
  /** Exhaustive: whether every order was run. */
  readonly complete?: boolean;
  readonly failure?: {
    /** The failing run's number (its schedule seed is seed + run). */
    readonly run: number;
    readonly schedule: readonly number[];
    readonly message: string;
    /** Command-line arguments that replay it. */
    readonly replay: string;
  };
}

/** A mistake in a campaign's settings or module (the command line's exit status 2). */
export class CampaignUsageError extends Error {}

/** Imports a program module, checking its exports. */
export async function loadProgramModule(path: string): Promise<ProgramModule> {
  const file = resolve(path);
  if (!existsSync(file)) throw new CampaignUsageError(`explore: no such module '${path}'`);
  const mod = (await import(pathToFileURL(file).href)) as Partial<ProgramModule>;
  if (typeof mod.program !== 'function') throw new CampaignUsageError(`explore: '${path}' must export a function 'program'`);
  if (typeof mod.property !== 'function') throw new CampaignUsageError(`explore: '${path}' must export a function 'property'`);
  return mod as ProgramModule;
}

/**
 * Explores the module's program in a fresh context on its device, with its property, streams and global
 * seed and the given settings (one place for what every campaign, run and replay shares).
 */
function exploreIn(mod: ProgramModule, settings: Omit<ExploreOptions<unknown>, 'property'>) {
  const o = mod.options ?? {};
  const options: ExploreOptions<unknown> = { property: mod.property, globalSeed: o.globalSeed ?? 0, ...(o.streams !== undefined ? { streams: o.streams } : {}), ...settings };
  const context = new ExecutionContext({ ...(o.deviceTarget ? { deviceTarget: o.deviceTarget } : {}), ...(o.device ? { device: o.device } : {}), mode: 'GRAPH_MODE' });
  return context.run(() => explore(mod.program, options));
}

/** Explores one run number of a random or PCT campaign; returns the explore result. */
export function exploreRun(mod: ProgramModule, policy: ExplorePolicy, seed: number, run: number, depth: number | undefined, shrink: boolean) {
  return exploreIn(mod, { policy, seed: seed + run, runs: 1, ...(depth !== undefined ? { depth } : {}), ...(shrink ? {} : { shrinkBudget: 0 }) });
}

/** The run numbers of a shard, ascending. */
export function shardRuns(runs: number, index: number, count: number): number[] {
  const out: number[] = [];
  for (let i = index; i < runs; i += count) out.push(i);
  return out;
}

function check(options: CampaignOptions): { policy: ExplorePolicy; runs: number; seed: number; workers: number; index: number; count: number } {
  const policy = options.policy ?? 'random';
  if (!['random', 'pct', 'exhaustive'].includes(policy)) throw new CampaignUsageError(`explore: --policy must be random, pct or exhaustive, but got '${policy}'`);
  const runs = options.runs ?? (policy === 'exhaustive' ? 10_000 : 100);
  const seed = options.seed ?? 0;
  const workers = options.workers ?? 1;
  const { index, count } = options.shard ?? { index: 0, count: 1 };
  const int = (v: number, min: number) => Number.isSafeInteger(v) && v >= min;
  if (!int(runs, 1)) throw new CampaignUsageError(`explore: --runs must be a positive integer, but got ${runs}`);
  if (!int(seed, 0)) throw new CampaignUsageError(`explore: --seed must be a non-negative integer, but got ${seed}`);
  if (!int(workers, 1) || workers > 4 * availableParallelism()) throw new CampaignUsageError(`explore: --workers must be an integer from 1 to ${4 * availableParallelism()}, but got ${workers}`);
  if (!int(count, 1) || !int(index, 0) || index >= count) throw new CampaignUsageError(`explore: --shard must be i/n with 0 <= i < n, but got ${index}/${count}`);
  if (policy === 'exhaustive' && (workers > 1 || count > 1)) {
    throw new CampaignUsageError('explore: exhaustive campaigns run in one process and one thread (splitting the search tree over shards or workers is not implemented); use random or pct to spread runs');
  }
  return { policy, runs, seed, workers, index, count };
}

/** Runs a campaign (or one shard of it) of the module at `path`; see the module's description. */
export async function exploreModule(path: string, options: CampaignOptions = {}): Promise<CampaignReport> {
  const { policy, runs, seed, workers, index, count } = check(options);
  const mod = await loadProgramModule(path);
  const base = { module: path, policy, seed, runs, shards: [index], shardCount: count };
  if (policy === 'exhaustive') {
    const r = exploreIn(mod, { policy, runs });
    if (r.ok) return { ...base, checked: r.runs, ok: true, complete: r.complete };
    return { ...base, checked: r.runs, ok: false, complete: false, failure: { run: r.failure!.run - 1, schedule: r.failure!.schedule, message: r.failure!.message, replay: replayArgs(path, r.failure!.schedule) } };
  }
  const mine = shardRuns(runs, index, count);
  const failing = workers > 1 ? await firstFailureInWorkers(path, mine, policy, seed, options.depth, workers) : firstFailure(mod, mine, policy, seed, options.depth);
  if (failing === null) return { ...base, checked: mine.length, ok: true };
  const r = exploreRun(mod, policy, seed, failing, options.depth, true);
  if (r.ok) throw new Error(`explore: run ${failing} failed once and passed when run again: the program is not deterministic`);
  const f = r.failure!;
  return {
    ...base,
    checked: mine.filter((i) => i <= failing).length,
    ok: false,
    failure: { run: failing, schedule: f.schedule, message: f.message.replace(/ in run 1:/, ` in run ${failing} (schedule seed ${seed + failing}):`), replay: replayArgs(path, f.schedule) },
  };
}

/** The lowest-numbered failing run of `runs` (checked in order in this thread), or null. */
export function firstFailure(mod: ProgramModule, runs: readonly number[], policy: ExplorePolicy, seed: number, depth: number | undefined): number | null {
  for (const i of runs) if (!exploreRun(mod, policy, seed, i, depth, false).ok) return i;
  return null;
}

async function firstFailureInWorkers(path: string, runs: readonly number[], policy: ExplorePolicy, seed: number, depth: number | undefined, workers: number): Promise<number | null> {
  const { Piscina } = await import('piscina');
  const here = new URL('.', import.meta.url);
  const js = new URL('campaign-worker.js', here);
  const filename = existsSync(js) ? js.href : new URL('campaign-worker.ts', here).href;
  const pool = new Piscina({ filename, minThreads: workers, maxThreads: workers, idleTimeout: 1000 });
  try {
    const size = Math.max(1, Math.ceil(runs.length / (workers * 8)));
    const chunks: number[][] = [];
    for (let k = 0; k < runs.length; k += size) chunks.push(runs.slice(k, k + size));
    const found = await Promise.all(chunks.map((chunk) => pool.run({ module: resolve(path), runs: chunk, policy, seed, depth }) as Promise<number | null>));
    const failing = found.filter((f): f is number => f !== null);
    return failing.length === 0 ? null : Math.min(...failing);
  } finally {
    await pool.destroy();
  }
}

function replayArgs(path: string, schedule: readonly number[]): string {
  return `mindsim explore ${path} --replay ${JSON.stringify(schedule)}`;
}

/** Replays one schedule of the module's program and checks the property: the failure's text, or null. */
export async function replayModule(path: string, replay: string): Promise<string | null> {
  let choices: unknown;
  try {
    choices = JSON.parse(replay);
  } catch {
    choices = undefined;
  }
  if (!Array.isArray(choices) || !choices.every((c) => Number.isSafeInteger(c) && c >= 0)) {
    throw new CampaignUsageError(`explore: --replay must be a schedule as the failure printed it ([0,2,1]), but got '${replay}'`);
  }
  const mod = await loadProgramModule(path);
  const r = exploreIn(mod, { replay: choices as number[] });
  return r.ok ? null : r.failure!.message;
}

/**
 * Joins shard reports of one campaign: the same module, policy, seed and runs, different shards. The
 * verdict is the lowest-numbered failure; `checked` counts every shard's runs up to it.
 */
export function mergeReports(reports: readonly CampaignReport[]): CampaignReport {
  if (reports.length === 0) throw new CampaignUsageError('explore --merge: no reports given');
  const first = reports[0]!;
  for (const r of reports) {
    if (r.module !== first.module || r.policy !== first.policy || r.seed !== first.seed || r.runs !== first.runs || r.shardCount !== first.shardCount) {
      throw new CampaignUsageError(`explore --merge: the reports are of different campaigns (${first.module} ${first.policy} seed ${first.seed} runs ${first.runs}/${first.shardCount} shards vs ${r.module} ${r.policy} seed ${r.seed} runs ${r.runs}/${r.shardCount})`);
    }
  }
  const shards = reports.flatMap((r) => r.shards).sort((a, b) => a - b);
  const dup = shards.find((s, i) => i > 0 && shards[i - 1] === s);
  if (dup !== undefined) throw new CampaignUsageError(`explore --merge: shard ${dup}/${first.shardCount} is given twice`);
  const failures = reports.filter((r) => r.failure).sort((a, b) => a.failure!.run - b.failure!.run);
  const failure = failures[0]?.failure;
  const checked = shards.reduce((n, s) => n + shardRuns(first.runs, s, first.shardCount).filter((i) => failure === undefined || i <= failure.run).length, 0);
  const { module, policy, seed, runs, shardCount } = first;
  return { module, policy, seed, runs, shards, shardCount, checked, ok: failure === undefined, ...(failure ? { failure } : {}) };
}
