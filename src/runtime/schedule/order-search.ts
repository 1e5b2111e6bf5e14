/**
 * Exhaustive exploration of launch orders by re-execution: a depth-first search over the choices of
 * successive runs of the same program. With reduction, sleep sets (Godefroid) skip orders that differ
 * from an explored one only by swapping adjacent independent nodes (nodes that touch no common data),
 * so each class of equivalent orders is run once; without it, every linear extension is run.
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import { conflicts, type SchedulableNode } from './batch-graph.js';

/** One step of a run at which more than one node was ready. */
interface Frame {
  /** The ready nodes not asleep, in program order. */
  readonly candidates: readonly number[];
  /** The candidates worth trying (the others lead only to repeated orders). */
  readonly awake: readonly number[];
  /** Alternatives tried at this step in earlier runs (positions), the current one last. */
  readonly tried: number[];
}

/** What a run's scheduler tells the search of a step it reaches for the first time. */
export interface SearchStep {
  /** The ready positions not asleep, in program order. */
  readonly candidates: readonly number[];
  /** The candidates worth trying, in order (the others lead only to repeated orders). */
  readonly awake: readonly number[];
}

/** Counts of an {@link OrderSearch}. */
export interface SearchStats {
  /** Runs ended. */
  readonly runs: number;
  /** Of them, runs whose order repeated an explored one. */
  readonly redundant: number;
  /** Of them, runs that only found another share's subtree (a sharded search). */
  readonly skipped: number;
}

/**
 * One share of an exhaustive search, for spreading it over processes or machines: the subtrees below
 * the first `depth` branching steps (each a distinct prefix of choices; a run that branches less is a
 * subtree of its own) are numbered 0, 1, 2, … in depth-first order, and the share explores those
 * numbered `index` modulo `count`. The shares together run exactly the runs of the whole search; each
 * pays one run per subtree of the others, to find it.
 */
export interface SearchShard {
  /** This share's number, 0 ≤ index < count. */
  readonly index: number;
  /** Shares in all. */
  readonly count: number;
  /** Branching steps that fix a subtree (default {@link DEFAULT_SPLIT_DEPTH}). */
  readonly depth?: number;
}

/** Branching steps that fix a subtree of a sharded search unless told otherwise. */
export const DEFAULT_SPLIT_DEPTH = 3;

/**
 * @internal a share with its depth filled in (OrderSearch's and explore's check).
 *
 * @throws {@link ArgumentValueError} naming `api` unless 0 ≤ index < count and depth ≥ 1 are integers.
 */
export function checkShard(shard: SearchShard, api: string): Required<SearchShard> {
  const { index, count } = shard ?? {};
  const depth = shard?.depth ?? DEFAULT_SPLIT_DEPTH;
  const int = (v: unknown, min: number) => Number.isSafeInteger(v) && (v as number) >= min;
  if (!int(count, 1) || !int(index, 0) || index >= count || !int(depth, 1)) {
    throw new ArgumentValueError(`${api}: shard must be { index, count, depth? } with integers 0 <= index < count and depth >= 1, but got ${JSON.stringify(shard)}`);
  }
  return { index, count, depth };
}

/** Where a run lies in a search's depth-first order: its subtree (see {@link SearchShard}) and its place in it. */
export interface SearchPosition {
  /** The subtree's number (subtrees begin below the first `depth` branching steps: default 3). */
  readonly subtree: number;
  /** The run's number within its subtree, from 0. */
  readonly run: number;
}

/** The schedule of an {@link OrderSearch}'s next run. */
export interface SearchSchedule {
  /** Always `'exhaustive'`. */
  readonly policy: 'exhaustive';
  /** The search it follows. */
  readonly search: OrderSearch;
}

/**
 * A depth-first search over launch orders, one run at a time: each run follows the choices the search
 * gives (a prefix fixed by earlier runs, then the first awake node), and {@link OrderSearch.endRun}
 * moves to the next unexplored branch.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * // three independent nodes: 3! = 6 orders; with reduction (they touch nothing in common) one
 * const nodes = [1, 2, 3].map((id) => ({ id, deps: [], weight: 1, conflictsWith: () => false }));
 * for (const reduce of [false, true]) {
 *   const search = new runtime.OrderSearch({ reduce });
 *   let runs = 0;
 *   while (!search.done) {
 *     new runtime.Scheduler(search.schedule()).order(nodes);
 *     search.endRun();
 *     runs++;
 *   }
 *   console.log(reduce, runs);
 *   // false 6
 *   // true 1
 * }
 * ```
 */
export class OrderSearch {
  /** Whether independent nodes' orders are identified. */
  readonly reduce: boolean;
  private frames: Frame[] = [];
  private step = 0;
  private blocked = false;
  private finished = false;
  private runs = 0;
  private redundantRuns = 0;
  private skippedRuns = 0;
  private readonly shard: Required<SearchShard> | null;
  private subtree = 0;
  private runInSubtree = 0;

  /**
   * @param options - `reduce` (default true): skip orders equivalent to explored ones; `shard`: explore
   * only this share of the subtrees.
   * @throws {@link ArgumentValueError} for a share that is not 0 ≤ index < count with a positive depth.
   */
  constructor(options: { reduce?: boolean; shard?: SearchShard } = {}) {
    this.reduce = options.reduce ?? true;
    this.shard = options.shard ? checkShard(options.shard, 'OrderSearch') : null;
  }

  /** The current run's place in the depth-first order (until {@link OrderSearch.endRun}). */
  get position(): SearchPosition {
    return { subtree: this.subtree, run: this.runInSubtree };
  }

  /** True once every branch has been run. */
  get done(): boolean {
    return this.finished;
  }

  /** Runs ended so far, and how many of them were redundant (every ready node asleep at some step). */
  get stats(): SearchStats {
    return { runs: this.runs, redundant: this.redundantRuns, skipped: this.skippedRuns };
  }

  /** The schedule for the next run (`setContext({ schedule })` or `new Scheduler(...)`). */
  schedule(): SearchSchedule {
    return { policy: 'exhaustive', search: this };
  }

  /** @internal a run starts */
  beginRun(): void {
    this.step = 0;
    this.blocked = false;
  }

  /**
   * @internal the position to launch at a step with more than one ready node (`ready` in program
   * order); `describe` is asked only at a step no earlier run reached (the prefix is fixed)
   */
  choose(ready: readonly number[], describe: () => SearchStep): number {
    const k = this.step++;
    const existing = this.frames[k];
    if (existing) return existing.tried[existing.tried.length - 1]!;
    const s = describe();
    // once blocked, the rest of the run repeats explored orders: no alternatives worth trying below
    const awake = this.blocked ? [] : s.awake;
    if (awake.length === 0) this.blocked = true; // every order from here repeats an explored one
    const pick = awake[0] ?? ready[0]!;
    this.frames.push({ candidates: s.candidates, awake, tried: [pick] });
    return pick;
  }

  /** @internal a node asleep had to run: the run repeats an explored order */
  block(): void {
    this.blocked = true;
  }

  /**
   * @internal the candidates before the current one at this step: tried in earlier runs, or skipped as
   * covered; they go to sleep after it
   */
  triedBefore(): readonly number[] {
    const f = this.frames[this.step - 1]!;
    const current = f.tried[f.tried.length - 1]!;
    return f.candidates.filter((p) => p < current);
  }

  /**
   * Ends a run and moves to the next branch. Returns false when the run was redundant (its order is
   * equivalent to one run before: a property need not look at it).
   */
  endRun(): boolean {
    this.runs++;
    const shard = this.shard;
    let useful = !this.blocked;
    this.frames.length = Math.min(this.frames.length, this.step);
    if (shard && this.subtree % shard.count !== shard.index) {
      // another share's subtree: this run found it; the search goes on past all of it
      this.skippedRuns++;
      useful = false;
      this.frames.length = Math.min(this.frames.length, shard.depth);
    } else if (!useful) {
      this.redundantRuns++;
    }
    while (this.frames.length > 0) {
      const f = this.frames[this.frames.length - 1]!;
      const next = f.awake.find((p) => !f.tried.includes(p));
      if (next !== undefined) {
        f.tried.push(next);
        // a new choice within the first `depth` steps starts the next subtree
        if (this.frames.length <= (shard?.depth ?? DEFAULT_SPLIT_DEPTH)) {
          this.subtree++;
          this.runInSubtree = 0;
        } else {
          this.runInSubtree++;
        }
        return useful;
      }
      this.frames.pop();
    }
    this.finished = true;
    return useful;
  }
}

/**
 * The ready nodes an exhaustive search must try at a step, in order: those not asleep, less those after
 * which some sleeping node could never wake (no node left that conflicts with it: every order below
 * would repeat an explored one). Trying the k-th puts the k − 1 before it to sleep.
 */
export function awakeChoices(nodes: readonly SchedulableNode[], ready: readonly number[], asleep: ReadonlySet<number>, ran: Uint8Array, reduce: boolean): { candidates: number[]; awake: number[] } {
  const candidates = ready.filter((p) => !asleep.has(p));
  if (!reduce) return { candidates, awake: candidates };
  const out: number[] = [];
  const canWake = (x: number, next: number) => {
    for (let y = 0; y < nodes.length; y++) if (!ran[y] && y !== x && y !== next && conflicts(nodes[x]!, nodes[y]!)) return true;
    return false;
  };
  candidates.forEach((r, m) => {
    const sleepers = [...asleep, ...candidates.slice(0, m)].filter((x) => !conflicts(nodes[x]!, nodes[r]!));
    if (sleepers.every((x) => canWake(x, r))) out.push(r);
  });
  return { candidates, awake: out };
}

