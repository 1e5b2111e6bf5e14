/**
 * The ordering explorer: runs a program under many legal schedules, checks a property of each run,
 * and turns a failure into a minimal, replayable schedule with the two ops whose order decided it.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { OrderSearch, checkShard, type ScheduleOptions, type SearchPosition, type SearchShard } from '../../runtime/index.js';
import { currentContext } from '../execution-context.js';
import { type ExploreRun, type ExploredOp, type RunBase, type RunRecord, runProgram } from './run-program.js';
import type { RankInfo } from '../comm/launch.js';
import { exploreLaunch, type LaunchExploreOptions, type LaunchExploreResult } from './explore-launch.js';
import { choicesFor, hoisted } from './orders.js';
import { type Reordering, findReordering, shrinkSchedule, smaller, trimmed } from './shrink.js';

export type { ExploreRun, ExploredOp, HostValue } from './run-program.js';
export type { Reordering } from './shrink.js';

/** How {@link explore} chooses schedules. */
export type ExplorePolicy = 'random' | 'pct' | 'exhaustive';

/** Options of {@link explore}. */
export interface ExploreOptions<R> {
  /** Whether a run is right: return false or throw to fail it. */
  readonly property: (run: ExploreRun<R>) => boolean | void;
  /** `random` (default), `pct` or `exhaustive`. */
  readonly policy?: ExplorePolicy;
  /** Runs to make (default 100); for `exhaustive` the most to make (default 10,000). */
  readonly runs?: number;
  /** The first run's schedule seed (default 0; run i uses seed + i). */
  readonly seed?: number;
  /** `pct`: the bug depth (default 2). */
  readonly depth?: number;
  /** `exhaustive`: skip orders equivalent to explored ones (default true). */
  readonly reduce?: boolean;
  /** Streams per batch (default 1: the chosen order is the run order, which covers every execution). */
  readonly streams?: number;
  /** The global seed every run starts from (default: the one in force, else 0). */
  readonly globalSeed?: number;
  /** Most replays spent shrinking a failure (default 500). */
  readonly shrinkBudget?: number;
  /**
   * Instead of exploring, check this one schedule (the one a failure printed): one run, whose failure is
   * reported as it is, unshrunk. `policy`, `runs` and `seed` are then not used.
   */
  readonly replay?: readonly number[];
  /**
   * Check one share of the campaign, so that processes or machines can split it: `random` and `pct`
   * take the runs numbered `index` modulo `count` (run i uses seed + i); `exhaustive` the subtrees
   * of the search so numbered (see `runtime.SearchShard`; `depth` sets where subtrees start).
   */
  readonly shard?: SearchShard;
}

/** A failing run, shrunk. */
export interface ExploreFailure<R> extends ExploreRun<R> {
  /** Which run failed (1-based). */
  readonly run: number;
  /** The schedule the failing run made before shrinking. */
  readonly original: readonly number[];
  /** Replays spent shrinking. */
  readonly shrinkReplays: number;
  /** Why the property failed: its error's message, or that it returned false. */
  readonly reason: string;
  /** The two ops whose order decided it, when a one-choice change makes the property hold. */
  readonly reordering: Reordering | null;
  /** All of it in words. */
  readonly message: string;
  /** Runs the program again under the shrunk schedule. */
  replay(): ExploreRun<R>;
  /**
   * `exhaustive`: where the failing run lies in the search's depth-first order (shares of one search
   * compare these to find the first failure of the whole search).
   */
  readonly position?: SearchPosition;
}

/** What {@link explore} found. */
export interface ExploreResult<R> {
  /** True when every run satisfied the property. */
  readonly ok: boolean;
  /** Runs checked (for `exhaustive`, runs that were not equivalent to an earlier one). */
  readonly runs: number;
  /** `exhaustive`: whether every order was covered (false when `runs` stopped it). */
  readonly complete: boolean;
  /** The first failure, shrunk. */
  readonly failure?: ExploreFailure<R>;
}

/**
 * Runs `program` (a function that calls ops and returns a value) under many legal GRAPH_MODE
 * schedules, each in a fresh `ExecutionContext` (a fresh simulated machine) starting from the
 * same global seed, and checks `property` on each run. A failing schedule is shrunk to a minimal one.
 * The runs use the current context's device target, preset, device id and print sink; the current
 * context itself is left exactly as it was (its machine, pending work, mode, schedule and seed).
 * With `launch` ({ cluster, nodes, ... }), `program` is a rank program and every run is a launch: see
 * {@link exploreLaunch}; the result is then a promise.
 *
 * @throws ArgumentTypeError (mindsim's) when `program` or `property` is not a function.
 * @throws ArgumentValueError (mindsim's) for an unknown policy or a bad run count.
 * @example
 * ```ts
 * import { Parameter, Tensor, ops, setContext } from 'mindsim';
 * import { explore } from 'mindsim/testing';
 * setContext({ deviceTarget: 'CPU' });
 * const result = explore(() => {
 *   const p = new Parameter(new Tensor([1], 'float32'), 'p');
 *   const seen = ops.Add()(p, 0);
 *   ops.Assign()(p, new Tensor([5], 'float32'));
 *   return seen;
 * }, { policy: 'exhaustive', property: ({ result }) => result!.item() === 1 });
 * console.log(result.ok, result.runs); // true 1 — the read of p is ordered before the Assign
 * ```
 */
export function explore<R>(program: (info: RankInfo) => R | Promise<R>, options: LaunchExploreOptions<R>): Promise<LaunchExploreResult<R>>;
export function explore<R>(program: () => R, options: ExploreOptions<R>): ExploreResult<R>;
export function explore<R>(program: (() => R) | ((info: RankInfo) => R | Promise<R>), options: ExploreOptions<R> | LaunchExploreOptions<R>): ExploreResult<R> | Promise<LaunchExploreResult<R>> {
  if (options !== null && typeof options === 'object' && 'launch' in options) return exploreLaunch(program as (info: RankInfo) => R | Promise<R>, options);
  return exploreContext(program as () => R, options as ExploreOptions<R>);
}

function exploreContext<R>(program: () => R, options: ExploreOptions<R>): ExploreResult<R> {
  if (typeof program !== 'function') throw new ArgumentTypeError(`explore: program must be a function, but got ${typeof program}`);
  if (typeof options?.property !== 'function') throw new ArgumentTypeError('explore: options.property must be a function');
  const policy = options.policy ?? 'random';
  if (!['random', 'pct', 'exhaustive'].includes(policy)) throw new ArgumentValueError(`explore: policy must be 'random', 'pct' or 'exhaustive', but got '${String(policy)}'`);
  const runs = options.runs ?? (policy === 'exhaustive' ? 10_000 : 100);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new ArgumentValueError(`explore: runs must be a positive integer, but got ${String(runs)}`);
  const caller = currentContext();
  const { deviceTarget, device, deviceId } = caller.options();
  const base: RunBase = { deviceTarget, device, deviceId, printSink: caller.printSink, seed: options.globalSeed ?? caller.getSeed() ?? 0 };
  const streams = options.streams ?? 1;
  const seed = options.seed ?? 0;
  const check = (rec: RunRecord<R>): string | null => {
    try {
      return options.property(rec.run) === false ? 'the property returned false' : null;
    } catch (e) {
      return `the property threw: ${e instanceof Error ? e.message : String(e)}`;
    }
  };
  const run = (schedule: ScheduleOptions) => runProgram(program, { ...schedule, streams }, base);
  const failsUnder = (choices: readonly number[]) => {
    const rec = run({ policy: 'replay', choices: [...choices] });
    return check(rec) === null ? null : rec;
  };
  if (options.replay !== undefined) {
    if (!Array.isArray(options.replay) || !options.replay.every((c) => Number.isSafeInteger(c) && c >= 0)) {
      throw new ArgumentValueError(`explore: replay must be a schedule of non-negative integers, as a failure prints it, but got ${String(options.replay)}`);
    }
    const rec = run({ policy: 'replay', choices: [...options.replay] });
    const reason = check(rec);
    if (reason === null) return { ok: true, runs: 1, complete: false };
    return { ok: false, runs: 1, complete: false, failure: describeFailure(rec, reason, 1, { policy: 'replay', seed: 0 }, failsUnder, 0, run) };
  }
  const shard = options.shard !== undefined ? checkShard(options.shard, 'explore') : undefined;
  const search = policy === 'exhaustive' ? new OrderSearch({ reduce: options.reduce ?? true, ...(shard ? { shard } : {}) }) : null;
  const step = !search && shard ? shard.count : 1;
  let checked = 0;
  for (let i = !search && shard ? shard.index : 0; i < runs && !search?.done; i += step) {
    const rec = run(search ? search.schedule() : { policy, seed: seed + i, ...(options.depth !== undefined ? { depth: options.depth } : {}) });
    const position = search?.position;
    if (search && !search.endRun()) continue; // equivalent to an order already checked, or another share's
    checked++;
    const reason = check(rec);
    if (reason !== null) {
      const failure = describeFailure(rec, reason, checked, { policy, seed: seed + i }, failsUnder, options.shrinkBudget ?? 500, run);
      return { ok: false, runs: checked, complete: false, failure: position ? { ...failure, position } : failure };
    }
  }
  return { ok: true, runs: checked, complete: search ? search.done : false };
}

function describeFailure<R>(
  failing: RunRecord<R>,
  reason: string,
  index: number,
  how: { policy: ExplorePolicy | 'replay'; seed: number },
  failsUnder: (c: readonly number[]) => RunRecord<R> | null,
  budget: number,
  run: (s: ScheduleOptions) => RunRecord<R>,
): ExploreFailure<R> {
  const shrunk = shrinkSchedule(failing, failsUnder, budget);
  let record = shrunk.record;
  let replays = shrunk.replays;
  const holds = (choices: readonly number[]) => {
    replays++;
    return failsUnder(choices) === null;
  };
  let reordering = record.run.schedule.some((c) => c !== 0) ? findReordering(record, holds) : null;
  if (reordering) {
    // the fewest deviations: program order with only the decisive op moved ahead
    const order = hoisted(record.run.ops, reordering.first.index, reordering.second.index);
    const candidate = order ? failsUnder(choicesFor(record.run.ops, order)) : null;
    replays++;
    if (candidate && smaller(trimmed(candidate.run.schedule), trimmed(record.run.schedule))) {
      record = candidate;
      reordering = findReordering(record, holds) ?? reordering;
    }
  }
  const schedule = trimmed(record.run.schedule);
  const shown = JSON.stringify(schedule);
  const lines = [
    `explore (${how.policy}${how.policy === 'exhaustive' || how.policy === 'replay' ? '' : `, seed ${how.seed}`}): the property failed in run ${index}: ${record.run.error ? `the program threw ${record.run.error.message}; ` : ''}${reason}.`,
    `Minimal schedule ${shown} (shrunk from ${JSON.stringify(trimmed(failing.run.schedule))} in ${replays} replays).`,
  ];
  if (reordering) {
    const op = (o: ExploredOp) => `${o.name} (op ${o.index})`;
    lines.push(`Reordered: ${op(reordering.first)} ran before ${op(reordering.second)}; with ${reordering.second.name} first the property holds. Both touch ${reordering.shared} and nothing orders them: ${reordering.edge}.`);
  } else if (schedule.length === 0) {
    lines.push('It fails in program order too: the order of ops is not the cause.');
  }
  lines.push(`Replay: failure.replay(), or setContext({ mode: 'GRAPH_MODE', schedule: { policy: 'replay', choices: ${shown} } }) and run the program.`);
  return {
    ...record.run,
    schedule,
    run: index,
    original: failing.run.schedule,
    shrinkReplays: replays,
    reason,
    reordering,
    message: lines.join('\n'),
    replay: () => run({ policy: 'replay', choices: schedule }).run,
  };
}
