/**
 * Exploration campaigns of a program module (`mindsim explore prog.mjs`): the module exports `program`
 * (a function of no arguments, run in a fresh context per run) and `property` (given the run, false or
 * a throw fails it), and optionally `options` ({ deviceTarget, device, streams, globalSeed }). Random and
 * PCT campaigns number their runs 0..runs-1 (run i uses schedule seed `seed + i`); a shard `i/n` takes
 * the runs whose number is i modulo n; worker threads (a piscina pool) check chunks of them. Whatever the
 * worker count or shard split, the campaign's verdict is its lowest-numbered failing run, shrunk in this
 * thread: the same report, byte for byte, for a given seed; once a chunk fails, chunks of later runs are
 * not started. Exhaustive campaigns split the search tree: the subtrees below its first `splitDepth`
 * branching steps, numbered in depth-first order, go to shard i modulo n (and within a shard to worker k
 * of w as share i + n·k of n·w); the shares together run exactly the whole search's runs, and the
 * verdict is the failure first in depth-first order. `mergeReports` joins the shards' JSON reports.
 * @module
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { ExecutionContext, runtime, type DeviceTarget } from '../src/index.js';
import { explore, type ExploreOptions, type ExplorePolicy, type ExploreRun } from '../src/testing.js';
import { UsageError } from './options.js';

/** What a program module exports. */
export interface ProgramModule {
  readonly program: () => unknown;
  readonly property: (run: ExploreRun<unknown>) => boolean | void;
  readonly options?: { readonly deviceTarget?: DeviceTarget; readonly device?: string; readonly streams?: number; readonly globalSeed?: number };
}

/** A campaign's settings. */
export interface CampaignOptions {
  readonly policy?: ExplorePolicy;
  /** Runs of the whole campaign (all shards together); default 100 (exhaustive: the most each share makes, default 10,000). */
  readonly runs?: number;
  readonly seed?: number;
  /** PCT's bug depth. */
  readonly depth?: number;
  /** Worker threads (default 1: this thread). */
  readonly workers?: number;
  /** This process's shard: index (0-based) of count. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Exhaustive: the branching steps that fix a subtree when the search is split (default 3). */
  readonly splitDepth?: number;
}

/** Where a failing run lies in an exhaustive search's depth-first order. */
export type SearchPosition = runtime.SearchPosition;

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
  /** Exhaustive, split over shards or workers: the branching steps that fix a subtree. */
  readonly splitDepth?: number;
  readonly failure?: {
    /** The failing run's number (its schedule seed is seed + run); exhaustive: its number among the runs its share checked. */
    readonly run: number;
    /** Exhaustive: where it lies in the search's depth-first order. */
    readonly position?: SearchPosition;
    readonly schedule: readonly number[];
    readonly message: string;
    /** Command-line arguments that replay it. */
    readonly replay: string;
  };
}

/**
 * Imports a program module, checking its exports. The import is keyed by the file's modification time,
 * so a module edited since it was last imported (in this thread or a warm worker) is imported afresh.
 */
export async function loadProgramModule(path: string): Promise<ProgramModule> {
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`explore: no such module '${path}'`);
  const mod = (await import(`${pathToFileURL(file).href}?mtime=${statSync(file).mtimeMs}`)) as Partial<ProgramModule>;
  if (typeof mod.program !== 'function') throw new UsageError(`explore: '${path}' must export a function 'program'`);
  if (typeof mod.property !== 'function') throw new UsageError(`explore: '${path}' must export a function 'property'`);
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

/** Explores one run number of a random or PCT campaign (shrinking its failure); returns the explore result. */
export function exploreRun(mod: ProgramModule, policy: ExplorePolicy, seed: number, run: number, depth: number | undefined) {
  return exploreIn(mod, { policy, seed: seed + run, runs: 1, ...(depth !== undefined ? { depth } : {}) });
}

/** How many of the run numbers 0 … runs − 1 shard `index` of `count` takes (those ≡ index mod count). */
export function shardRunCount(runs: number, index: number, count: number): number {
  return Math.max(0, Math.ceil((runs - index) / count));
}

function check(options: CampaignOptions): { policy: ExplorePolicy; runs: number; seed: number; workers: number; index: number; count: number; splitDepth: number } {
  const policy = options.policy ?? 'random';
  if (!['random', 'pct', 'exhaustive'].includes(policy)) throw new UsageError(`explore: --policy must be random, pct or exhaustive, but got '${policy}'`);
  const runs = options.runs ?? (policy === 'exhaustive' ? 10_000 : 100);
  const seed = options.seed ?? 0;
  const workers = options.workers ?? 1;
  const { index, count } = options.shard ?? { index: 0, count: 1 };
  const int = (v: number, min: number) => Number.isSafeInteger(v) && v >= min;
  if (!int(runs, 1)) throw new UsageError(`explore: --runs must be a positive integer, but got ${runs}`);
  if (!int(seed, 0)) throw new UsageError(`explore: --seed must be a non-negative integer, but got ${seed}`);
  if (!int(workers, 1) || workers > 4 * availableParallelism()) throw new UsageError(`explore: --workers must be an integer from 1 to ${4 * availableParallelism()}, but got ${workers}`);
  if (!int(count, 1) || !int(index, 0) || index >= count) throw new UsageError(`explore: --shard must be i/n with 0 <= i < n, but got ${index}/${count}`);
  const splitDepth = options.splitDepth ?? runtime.DEFAULT_SPLIT_DEPTH;
  if (!int(splitDepth, 1)) throw new UsageError(`explore: --split-depth must be a positive integer, but got ${splitDepth}`);
  return { policy, runs, seed, workers, index, count, splitDepth };
}

/** What one share of an exhaustive campaign found. */
export interface ShareResult {
  readonly checked: number;
  readonly complete: boolean;
  readonly failure?: { readonly run: number; readonly position: SearchPosition; readonly schedule: readonly number[]; readonly message: string };
}

/** Explores one share of an exhaustive campaign (the whole search without `shard`), shrinking a failure. */
export function exploreShare(mod: ProgramModule, runs: number, shard?: runtime.SearchShard): ShareResult {
  const r = exploreIn(mod, { policy: 'exhaustive', runs, ...(shard ? { shard } : {}) });
  if (r.ok) return { checked: r.runs, complete: r.complete };
  const f = r.failure!;
  return { checked: r.runs, complete: false, failure: { run: f.run - 1, position: f.position!, schedule: f.schedule, message: f.message } };
}

/** The earlier of two positions in depth-first order. */
function before(a: SearchPosition, b: SearchPosition): boolean {
  return a.subtree < b.subtree || (a.subtree === b.subtree && a.run < b.run);
}

/** Shares of an exhaustive search joined: the runs they checked, and the failure first in depth-first order. */
function joinShares<F extends { readonly position?: SearchPosition }>(shares: readonly { readonly checked: number; readonly failure?: F }[]): { checked: number; failure: F | undefined } {
  let failure: F | undefined;
  for (const s of shares) if (s.failure && (!failure || before(s.failure.position!, failure.position!))) failure = s.failure;
  return { checked: shares.reduce((n, s) => n + s.checked, 0), failure };
}

/** An exhaustive campaign or shard: its shares (one per worker) and their verdict. */
async function exhaustiveCampaign(path: string, mod: ProgramModule, runs: number, index: number, count: number, workers: number, depth: number) {
  const split = count > 1 || workers > 1;
  const shares = Array.from({ length: workers }, (_, k) => ({ index: index + count * k, count: count * workers, depth }));
  const results = workers > 1
    ? await inWorkers(workers, shares.map((shard) => ({ kind: 'share' as const, module: resolve(path), runs, shard })), () => false) as ShareResult[]
    : [exploreShare(mod, runs, split ? shares[0] : undefined)];
  const { checked, failure } = joinShares(results);
  return { checked, complete: results.every((r) => r.complete), failure, ...(split ? { splitDepth: depth } : {}) };
}

/** Runs a campaign (or one shard of it) of the module at `path`; see the module's description. */
export async function exploreModule(path: string, options: CampaignOptions = {}): Promise<CampaignReport> {
  const { policy, runs, seed, workers, index, count, splitDepth } = check(options);
  const mod = await loadProgramModule(path);
  const base = { module: path, policy, seed, runs, shards: [index], shardCount: count };
  if (policy === 'exhaustive') {
    const { checked, complete, failure, ...split } = await exhaustiveCampaign(path, mod, runs, index, count, workers, splitDepth);
    if (!failure) return { ...base, ...split, checked, ok: true, complete };
    return { ...base, ...split, checked, ok: false, complete: false, failure: { ...failure, replay: replayArgs(path, failure.schedule) } };
  }
  const mine: RunRange = { first: index, stride: count, count: shardRunCount(runs, index, count) };
  const failing = workers > 1 ? await firstFailureInWorkers(path, mine, policy, seed, options.depth, workers) : firstFailure(mod, mine, policy, seed, options.depth);
  if (failing === null) return { ...base, checked: mine.count, ok: true };
  const r = exploreRun(mod, policy, seed, failing, options.depth);
  if (r.ok) throw new Error(`explore: run ${failing} failed once and passed when run again: the program is not deterministic`);
  const f = r.failure!;
  return {
    ...base,
    checked: (failing - index) / count + 1,
    ok: false,
    failure: { run: failing, schedule: f.schedule, message: f.message.replace(/ in run 1:/, ` in run ${failing} (schedule seed ${seed + failing}):`), replay: replayArgs(path, f.schedule) },
  };
}

/** Evenly spaced run numbers: `first`, `first + stride`, … (`count` of them): a shard's, or a chunk of one. */
export interface RunRange {
  readonly first: number;
  readonly stride: number;
  readonly count: number;
}

/**
 * The lowest-numbered failing run of `runs` (checked in order in this thread), or null: one `explore`
 * call whose shard picks the runs.
 */
export function firstFailure(mod: ProgramModule, runs: RunRange, policy: ExplorePolicy, seed: number, depth: number | undefined): number | null {
  if (runs.count === 0) return null;
  const { first, stride } = runs;
  const r = exploreIn(mod, { policy, seed: seed + first, runs: stride * (runs.count - 1) + 1, shard: { index: 0, count: stride }, shrinkBudget: 0, ...(depth !== undefined ? { depth } : {}) });
  return r.ok ? null : first + (r.failure!.run - 1) * stride;
}

async function firstFailureInWorkers(path: string, runs: RunRange, policy: ExplorePolicy, seed: number, depth: number | undefined, workers: number): Promise<number | null> {
  const size = Math.max(1, Math.ceil(runs.count / (workers * 32)));
  const tasks: CampaignTask[] = [];
  for (let k = 0; k < runs.count; k += size) {
    const chunk = { first: runs.first + k * runs.stride, stride: runs.stride, count: Math.min(size, runs.count - k) };
    tasks.push({ kind: 'runs', module: resolve(path), runs: chunk, policy, seed, ...(depth !== undefined ? { depth } : {}) });
  }
  let first: number | null = null;
  // chunks start in run order; once a run failed, a chunk of later runs cannot hold the verdict
  await inWorkers(workers, tasks, (task) => first !== null && (task as RunsTask).runs.first > first, (f) => {
    if (typeof f === 'number' && (first === null || f < first)) first = f;
  });
  return first; // the lowest failing run of every chunk that ran
}

/** A chunk of run numbers of a random or PCT campaign, for a worker. */
export interface RunsTask { readonly kind: 'runs'; readonly module: string; readonly runs: RunRange; readonly policy: ExplorePolicy; readonly seed: number; readonly depth?: number }
/** One share of an exhaustive campaign, for a worker. */
export interface ShareTask { readonly kind: 'share'; readonly module: string; readonly runs: number; readonly shard: runtime.SearchShard }
/** What a worker thread is given. */
export type CampaignTask = RunsTask | ShareTask;

/** A warm pool of worker threads and its thread count. */
let warm: { readonly workers: number; readonly pool: Promise<import('piscina').Piscina> } | null = null;

/**
 * The process's pool of `workers` threads (piscina), kept between campaigns so that a later campaign
 * finds its threads started, the mindsim modules imported and the code warmed up (the first campaign
 * pays about a second for that). Idle threads are unref'd by piscina, so a kept pool never holds the
 * process open; a campaign with another thread count replaces it.
 */
async function workerPool(workers: number): Promise<import('piscina').Piscina> {
  if (warm?.workers === workers) return warm.pool;
  const previous = warm;
  const pool = (async () => {
    if (previous) await (await previous.pool).destroy();
    const { Piscina } = await import('piscina');
    const here = new URL('.', import.meta.url);
    const js = new URL('campaign-worker.js', here);
    const filename = existsSync(js) ? js.href : new URL('campaign-worker.ts', here).href;
    return new Piscina({ filename, minThreads: workers, maxThreads: workers });
  })();
  warm = { workers, pool };
  pool.catch(() => {
    if (warm?.pool === pool) warm = null; // a pool that failed to start is not kept
  });
  return pool;
}

/** Stops the warm worker pool, if any (a later campaign on workers starts a new one). */
export async function closeWorkerPool(): Promise<void> {
  const previous = warm;
  warm = null;
  if (previous) await (await previous.pool).destroy();
}

/**
 * Runs tasks on the pool of `workers` threads, starting them in order, at most `workers` at a time; a
 * task that `skip` refuses when its turn comes is not started. Returns the results of those that ran,
 * in task order; `each` sees every result as it arrives.
 */
async function inWorkers(workers: number, tasks: readonly CampaignTask[], skip: (task: CampaignTask) => boolean, each: (result: unknown) => void = () => {}): Promise<unknown[]> {
  const pool = await workerPool(workers);
  const results: unknown[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const k = next++;
      if (skip(tasks[k]!)) continue;
      const result: unknown = await pool.run(tasks[k]);
      results[k] = result;
      each(result);
    }
  };
  await Promise.all(Array.from({ length: workers }, lane));
  return results.filter((_, k) => k in results);
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
    throw new UsageError(`explore: --replay must be a schedule as the failure printed it ([0,2,1]), but got '${replay}'`);
  }
  const mod = await loadProgramModule(path);
  const r = exploreIn(mod, { replay: choices as number[] });
  return r.ok ? null : r.failure!.message;
}

/**
 * Joins shard reports of one campaign: the same module, policy, seed and runs, different shards. The
 * verdict is the lowest-numbered failure (exhaustive: the first in depth-first order); `checked` counts
 * every shard's runs up to it (exhaustive: every run the shards checked; `complete` once all shards are
 * there and complete).
 */
export function mergeReports(reports: readonly CampaignReport[]): CampaignReport {
  if (reports.length === 0) throw new UsageError('explore --merge: no reports given');
  const first = reports[0]!;
  for (const r of reports) {
    if (r.module !== first.module || r.policy !== first.policy || r.seed !== first.seed || r.runs !== first.runs || r.shardCount !== first.shardCount || r.splitDepth !== first.splitDepth) {
      const text = (c: CampaignReport) => `${c.module} ${c.policy} seed ${c.seed} runs ${c.runs}/${c.shardCount} shards${c.splitDepth !== undefined ? ` split depth ${c.splitDepth}` : ''}`;
      throw new UsageError(`explore --merge: the reports are of different campaigns (${text(first)} vs ${text(r)})`);
    }
  }
  const shards = reports.flatMap((r) => r.shards).sort((a, b) => a - b);
  const dup = shards.find((s, i) => i > 0 && shards[i - 1] === s);
  if (dup !== undefined) throw new UsageError(`explore --merge: shard ${dup}/${first.shardCount} is given twice`);
  const { module, policy, seed, runs, shardCount } = first;
  if (policy === 'exhaustive') {
    // every share ran its own subtrees (up to its failure)
    const { checked, failure } = joinShares(reports);
    const complete = failure === undefined && reports.every((r) => r.complete === true) && shards.length === shardCount;
    return { module, policy, seed, runs, shards, shardCount, checked, ok: failure === undefined, complete, ...(first.splitDepth !== undefined ? { splitDepth: first.splitDepth } : {}), ...(failure ? { failure } : {}) };
  }
  const failures = reports.filter((r) => r.failure).sort((a, b) => a.failure!.run - b.failure!.run);
  const failure = failures[0]?.failure;
  const upTo = failure === undefined ? first.runs : Math.min(first.runs, failure.run + 1); // runs before the verdict's, and it
  const checked = shards.reduce((n, s) => n + shardRunCount(upTo, s, first.shardCount), 0);
  return { module, policy, seed, runs, shards, shardCount, checked, ok: failure === undefined, ...(failure ? { failure } : {}) };
}
