/**
 * The ordering explorer across ranks: runs a launched (SPMD) program under many schedules — every
 * rank's GRAPH_MODE schedule and the order in which ranks ready at once resume — checks a property of
 * each run, and shrinks a failure to the fewest deviations, naming for each rank the two ops whose
 * order decided it.
 *
 * What it may reorder: within each rank, any two ops no data, Depend or side-effect edge orders
 * (exactly what a single-context explore reorders); across ranks, which ready rank resumes first. What
 * it never reorders: a rank's collectives keep their issue order (MindSpore's compiled graph and
 * NCCL/HCCL require it), and a collective starts only when its last rank arrives.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, type RankFailure } from '../../errors/index.js';
import { SeededRandom, type ScheduleOptions, type TraceRecord } from '../../runtime/index.js';
import { runLaunch, type LaunchOptions, type RankInfo } from '../comm/launch.js';
import type { ExecutionContext } from '../execution-context.js';
import { executorOf, type LaunchedNode } from '../graph/executor.js';
import { type ExploredOp, type HostValue, type RunRecord, toHost } from './run-program.js';
import { type Reordering, reorderingCandidates, shrinkCandidates, smaller, trimmed } from './shrink.js';

/** A launched run's schedule: each rank's choices, and the resumption choices across ranks. */
export interface LaunchSchedule {
  /** Rank r's GRAPH_MODE choices (one per step with more than one op ready). */
  readonly ranks: readonly (readonly number[])[];
  /** Whenever several ranks could resume, which went first (0: the lowest rank). */
  readonly interleave: readonly number[];
}

/** What the property sees of one launched run. */
export interface LaunchRun<R> {
  /** Each rank's result, tensors read to the host (undefined for a rank that failed). */
  readonly results: readonly (HostValue<R> | undefined)[];
  /** Each failed rank's error, by rank (empty when none failed). */
  readonly errors: readonly RankFailure[];
  /** The shared simulator's trace. */
  readonly trace: readonly TraceRecord[];
  /** The schedule the run followed. */
  readonly schedule: LaunchSchedule;
  /** Each rank's ops in launch order. */
  readonly ops: readonly (readonly ExploredOp[])[];
}

/** Options of {@link exploreLaunch} (`explore` with `launch`). */
export interface LaunchExploreOptions<R> {
  /** The cluster and how to launch on it (mode and schedule are the explorer's). */
  readonly launch: Omit<LaunchOptions, 'mode' | 'schedule'>;
  /** Whether a run is right: return false or throw to fail it. */
  readonly property: (run: LaunchRun<R>) => boolean | void;
  /** `random` (default) or `pct`, for every rank's schedule; resumptions are seeded-random. */
  readonly policy?: 'random' | 'pct';
  /** Runs to make (default 50). */
  readonly runs?: number;
  /** The first run's seed (default 0). */
  readonly seed?: number;
  /** `pct`: the bug depth (default 2). */
  readonly depth?: number;
  /** The global seed every rank starts from (default 0). */
  readonly globalSeed?: number;
  /** Most replays spent shrinking a failure (default 300). */
  readonly shrinkBudget?: number;
}

/** A rank's decisive reordering. */
export interface RankReordering extends Reordering {
  /** The rank. */
  readonly rank: number;
}

/** A failing launched run, shrunk. */
export interface LaunchExploreFailure<R> extends LaunchRun<R> {
  /** Which run failed (1-based). */
  readonly run: number;
  /** The schedule of the failing run before shrinking. */
  readonly original: LaunchSchedule;
  /** Why the property failed. */
  readonly reason: string;
  /** For each rank whose order matters, the two ops whose order decided the failure. */
  readonly reorderings: readonly RankReordering[];
  /** Replays spent shrinking. */
  readonly shrinkReplays: number;
  /** All of it in words. */
  readonly message: string;
  /** Runs the program again under the shrunk schedule. */
  replay(): Promise<LaunchRun<R>>;
}

/** What {@link exploreLaunch} found. */
export interface LaunchExploreResult<R> {
  /** True when every run satisfied the property. */
  readonly ok: boolean;
  /** Runs checked. */
  readonly runs: number;
  /** The first failure, shrunk. */
  readonly failure?: LaunchExploreFailure<R>;
}

/** One launched run and the nodes each rank launched (for diagnosis). */
interface LaunchRecord<R> {
  readonly run: LaunchRun<R>;
  readonly logs: readonly (readonly LaunchedNode[])[];
}

/** A rank's program, as `launch` runs it. */
export type RankProgram<R> = (info: RankInfo) => R | Promise<R>;

/** Runs the program once under per-rank schedules and an interleaving source. */
async function runOnce<R>(program: RankProgram<R>, options: LaunchExploreOptions<R>, schedules: (rank: number) => ScheduleOptions, interleave: (n: number) => number): Promise<LaunchRecord<R>> {
  let contexts: readonly ExecutionContext[] = [];
  const { launcher, failures } = await runLaunch(program, { ...options.launch, mode: 'GRAPH_MODE', record: Infinity, seed: options.globalSeed ?? 0 }, {
    rankSchedule: (rank) => ({ ...schedules(rank), streams: 1 }),
    interleave,
    beforeStart: (cs) => {
      contexts = cs;
      for (const c of cs) executorOf(c).logLaunches(true);
    },
  });
  const logs = contexts.map((c) => executorOf(c).logLaunches(false));
  const failed = new Set(failures.map((f) => f.rank));
  const results = launcher.results.map((r, rank) => (failed.has(rank) ? undefined : (launcher.contexts[rank]!.run(() => toHost(r)) as HostValue<R>)));
  const ops = logs.map((log) => log.map(({ node, deps, batch }) => ({ batch, index: node.id - 1, name: node.name, workId: node.workId, after: deps.map((d) => d.id - 1) })));
  const schedule = { ranks: contexts.map((c) => trimmed(executorOf(c).scheduleChoices())), interleave: trimmed(launcher.interleaving) };
  return { run: { results, errors: failures, trace: launcher.cluster.platform.sim.records(), schedule, ops }, logs };
}

/** Replays an exact schedule. */
function replaying<R>(program: RankProgram<R>, options: LaunchExploreOptions<R>, s: LaunchSchedule): Promise<LaunchRecord<R>> {
  let k = 0;
  return runOnce(program, options, (rank) => ({ policy: 'replay', choices: [...(s.ranks[rank] ?? [])] }), (n) => (s.interleave[k++] ?? 0) % n);
}

function check<R>(options: LaunchExploreOptions<R>, run: LaunchRun<R>): string | null {
  try {
    return options.property(run) === false ? 'the property returned false' : null;
  } catch (e) {
    return `the property threw: ${e instanceof Error ? e.message : String(e)}`;
  }
}

const deviations = (s: LaunchSchedule) => s.ranks.reduce((n, c) => n + c.filter((x) => x !== 0).length, 0) + s.interleave.filter((x) => x !== 0).length;

/**
 * Explores a launched program's schedules (see the module's notes on what may be reordered).
 *
 * @throws ArgumentTypeError (mindsim's) when `program` or `property` is not a function.
 * @throws ArgumentValueError (mindsim's) for an unknown policy or a bad run count.
 * @example
 * ```ts
 * import { Tensor, communication, ops } from 'mindsim';
 * import { exploreLaunch } from 'mindsim/testing';
 * const result = await exploreLaunch(async () => {
 *   communication.init();
 *   return (await ops.AllReduce()(new Tensor([1], 'float32')).asnumpyAsync()).item();
 * }, { launch: { cluster: 'dgx-a100' }, runs: 5, property: ({ results }) => results.every((v) => v === 8) });
 * console.log(result.ok, result.runs); // true 5
 * ```
 */
export async function exploreLaunch<R>(program: RankProgram<R>, options: LaunchExploreOptions<R>): Promise<LaunchExploreResult<R>> {
  if (typeof program !== 'function') throw new ArgumentTypeError(`explore: program must be a function, but got ${typeof program}`);
  if (typeof options?.property !== 'function') throw new ArgumentTypeError('explore: options.property must be a function');
  const policy = options.policy ?? 'random';
  if (policy !== 'random' && policy !== 'pct') throw new ArgumentValueError(`explore: with launch, policy must be 'random' or 'pct', but got '${String(policy)}'`);
  const runs = options.runs ?? 50;
  if (!Number.isSafeInteger(runs) || runs < 1) throw new ArgumentValueError(`explore: runs must be a positive integer, but got ${String(runs)}`);
  const seed = options.seed ?? 0;
  for (let i = 0; i < runs; i++) {
    const random = new SeededRandom(seed + i);
    const depth = options.depth !== undefined ? { depth: options.depth } : {};
    const rec = await runOnce(program, options, (rank) => ({ policy, seed: (seed + i) * 4099 + rank, ...depth }), (n) => random.nextInt(n));
    const reason = check(options, rec.run);
    if (reason !== null) return { ok: false, runs: i + 1, failure: await describe(program, options, rec, reason, i + 1) };
  }
  return { ok: true, runs };
}

/** Shrinks a failure (resumptions first, then each rank's choices) and finds each rank's decisive pair. */
async function describe<R>(program: RankProgram<R>, options: LaunchExploreOptions<R>, failing: LaunchRecord<R>, reason: string, index: number): Promise<LaunchExploreFailure<R>> {
  const budget = options.shrinkBudget ?? 300;
  let replays = 0;
  let best = failing;
  const fails = async (s: LaunchSchedule): Promise<LaunchRecord<R> | null> => {
    replays++;
    const rec = await replaying(program, options, s);
    return check(options, rec.run) === null ? null : rec;
  };
  const tryAdopt = async (s: LaunchSchedule): Promise<boolean> => {
    if (replays >= budget) return false;
    const rec = await fails(s);
    if (!rec || deviations(rec.run.schedule) >= deviations(best.run.schedule)) return false;
    best = rec;
    return true;
  };
  // 1. the simplest interleaving; 2. each rank in program order; 3. each rank's choices shrunk
  await tryAdopt({ ...best.run.schedule, interleave: [] });
  for (let r = 0; r < best.run.schedule.ranks.length; r++) {
    if (best.run.schedule.ranks[r]!.length > 0) await tryAdopt({ ...best.run.schedule, ranks: best.run.schedule.ranks.map((c, k) => (k === r ? [] : c)) });
  }
  for (let r = 0; r < best.run.schedule.ranks.length; r++) {
    for (let changed = true; changed && replays < budget; ) {
      changed = false;
      const mine = best.run.schedule.ranks[r]!;
      for (const candidate of shrinkCandidates(mine)) {
        if (!smaller(candidate, mine)) continue;
        if ((changed = await tryAdopt({ ...best.run.schedule, ranks: best.run.schedule.ranks.map((c, k) => (k === r ? candidate : c)) }))) break;
        if (replays >= budget) break;
      }
    }
  }
  // each rank that still deviates: the reordering that makes the property hold
  const reorderings: RankReordering[] = [];
  for (let r = 0; r < best.run.schedule.ranks.length; r++) {
    if (best.run.schedule.ranks[r]!.length === 0) continue;
    const single: RunRecord<R> = { run: { result: undefined, trace: [], schedule: best.run.schedule.ranks[r]!, ops: best.run.ops[r]! }, nodes: best.logs[r]!.map((l) => l.node), first: 1 };
    let tries = 0;
    for (const c of reorderingCandidates(single)) {
      if (tries++ >= 32 || replays >= budget) break;
      replays++;
      const rec = await replaying(program, options, { ...best.run.schedule, ranks: best.run.schedule.ranks.map((x, k) => (k === r ? c.choices : x)) });
      if (check(options, rec.run) === null) {
        reorderings.push({ rank: r, first: c.first, second: c.second, shared: c.shared, edge: c.edge });
        break;
      }
    }
  }
  const schedule = best.run.schedule;
  const shown = JSON.stringify(schedule);
  const lines = [
    `explore (launch, ${options.policy ?? 'random'}): the property failed in run ${index}: ${best.run.errors.length ? `ranks failed (${best.run.errors.map((e) => `rank ${e.rank}: ${e.error.message.split('\n')[0]}`).join('; ')}); ` : ''}${reason}.`,
    `Minimal schedule ${shown} (shrunk from ${JSON.stringify(failing.run.schedule)} in ${replays} replays).`,
    ...reorderings.map((o) => `Rank ${o.rank}: ${o.first.name} (op ${o.first.index}) ran before ${o.second.name} (op ${o.second.index}); with ${o.second.name} first the property holds. Both touch ${o.shared} and nothing orders them: ${o.edge}.`),
    ...(deviations(schedule) === 0 ? ['It fails with every rank in program order: the order of ops is not the cause.'] : []),
    'Replay: failure.replay().',
  ];
  return {
    ...best.run,
    run: index,
    original: failing.run.schedule,
    reason,
    reorderings,
    shrinkReplays: replays,
    message: lines.join('\n'),
    replay: async () => (await replaying(program, options, schedule)).run,
  };
}
