/**
 * Schedule policies: the order in which a batch of recorded nodes is launched. Every policy yields a
 * legal order (a node only after its dependencies); they differ in how they choose among the ready
 * nodes. A schedule is a plain value, the list of choices made (at each step where more than one node
 * is ready, the index of the chosen one among them in program order), so it can be generated, shrunk
 * and replayed.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { SeededRandom } from '../sim/random.js';

/** The policies available: `program-order`, `critical-path`, `random` (seeded) and `replay`. */
export type SchedulePolicy = 'program-order' | 'critical-path' | 'random' | 'replay';

/** A schedule for GRAPH_MODE batches (`setContext({ schedule })`). */
export interface ScheduleOptions {
  /** How to choose among ready nodes. */
  readonly policy: SchedulePolicy;
  /** `random`: the seed (0 when omitted). */
  readonly seed?: number;
  /**
   * `replay`: the choices to make, one per step with more than one ready node, in order (taken modulo
   * the ready count; 0 once used up).
   */
  readonly choices?: readonly number[];
  /**
   * The most ops one batch holds (default {@link DEFAULT_BATCH_LIMIT}): GRAPH_MODE launches its pending
   * ops as a batch when a value is read or when this many are pending. A schedule orders the ops within
   * a batch; a later batch is launched after an earlier one (it may still run alongside on other streams).
   * Bounds the memory of long programs that never read a value.
   */
  readonly batchLimit?: number;
}

/** The default {@link ScheduleOptions.batchLimit}. */
export const DEFAULT_BATCH_LIMIT = 256;

/** What the scheduler needs of a node. */
export interface SchedulableNode {
  /** Program order. */
  readonly id: number;
  /** Nodes it must follow. */
  readonly deps: readonly SchedulableNode[];
  /** Its estimated run time (for `critical-path`). */
  readonly weight: number;
}

const POLICIES: readonly SchedulePolicy[] = ['program-order', 'critical-path', 'random', 'replay'];

/**
 * Checks a schedule option as `setContext` receives it.
 *
 * @throws {@link ArgumentTypeError} when the schedule is not an object.
 * @throws {@link ArgumentValueError} for an unknown policy, a bad seed or bad choices.
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * console.log(runtime.checkSchedule({ policy: 'replay', choices: [1, 0] })); // { policy: 'replay', choices: [ 1, 0 ] }
 * ```
 */
export function checkSchedule(schedule: ScheduleOptions): ScheduleOptions {
  if (typeof schedule !== 'object' || schedule === null) {
    throw new ArgumentTypeError(`For 'set_context', the argument 'schedule' must be an object with a policy, but got ${String(schedule)}.`);
  }
  if (!POLICIES.includes(schedule.policy)) {
    throw new ArgumentValueError(`For 'set_context', the schedule policy must be one of [${POLICIES.map((p) => `'${p}'`).join(', ')}], but got '${String(schedule.policy)}'.`);
  }
  if (schedule.seed !== undefined && !Number.isSafeInteger(schedule.seed)) {
    throw new ArgumentValueError(`For 'set_context', the schedule seed must be an integer, but got ${String(schedule.seed)}.`);
  }
  if (schedule.batchLimit !== undefined && !(Number.isSafeInteger(schedule.batchLimit) && schedule.batchLimit >= 1)) {
    throw new ArgumentValueError(`For 'set_context', the schedule batchLimit must be a positive integer, but got ${String(schedule.batchLimit)}.`);
  }
  const choices = schedule.choices;
  if (schedule.policy === 'replay' && (!Array.isArray(choices) || choices.some((c) => !Number.isInteger(c) || c < 0))) {
    throw new ArgumentValueError(`For 'set_context', a 'replay' schedule needs choices: a list of non-negative integers, but got ${String(choices)}.`);
  }
  return { ...schedule, ...(choices ? { choices: [...choices] } : {}) };
}

/**
 * A running schedule: chooses among ready nodes and remembers its choices (`made`). The executor keeps
 * one per context schedule; use one directly to order your own node graphs.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const a = { id: 1, deps: [], weight: 1 };
 * const b = { id: 2, deps: [], weight: 9 };
 * const c = { id: 3, deps: [a], weight: 1 };
 * const s = new runtime.Scheduler({ policy: 'critical-path' });
 * console.log(s.order([a, b, c]).map((n) => n.id), s.made); // [ 2, 1, 3 ] [ 1 ]
 * ```
 */
export class Scheduler {
  /** The choices made so far, one per step that had more than one ready node (replaying them reproduces the order). */
  readonly made: number[] = [];
  private readonly random: SeededRandom | null;
  private replayed = 0;

  /** @param options - the schedule (checked by `setContext`; {@link checkSchedule} checks it for you). */
  constructor(
    /** The schedule it follows. */
    readonly options: ScheduleOptions,
  ) {
    this.random = options.policy === 'random' ? new SeededRandom(options.seed ?? 0) : null;
  }

  /** A legal launch order of `nodes` (listed in program order; dependencies outside are ignored). */
  order<N extends SchedulableNode>(nodes: readonly N[]): N[] {
    // program order is every choice 0: nothing to record (replaying no choices is program order)
    if (nodes.length < 2 || this.options.policy === 'program-order') return nodes.slice();
    const n = nodes.length;
    const index = positions(nodes);
    // successors in compressed rows: node k's are succ[start[k] .. start[k + 1])
    const waiting = new Int32Array(n);
    const start = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      for (const d of nodes[i]!.deps) {
        const k = index(d);
        if (k >= 0) {
          waiting[i]!++;
          start[k + 1]!++;
        }
      }
    }
    for (let k = 0; k < n; k++) start[k + 1]! += start[k]!;
    const succ = new Int32Array(start[n]!);
    const fill = start.slice(0, n);
    for (let i = 0; i < n; i++) {
      for (const d of nodes[i]!.deps) {
        const k = index(d);
        if (k >= 0) succ[fill[k]!++] = i;
      }
    }
    const graph = { nodes, start, succ, rank: null as Float64Array | null };
    const ready: number[] = [];
    for (let i = 0; i < n; i++) if (waiting[i] === 0) ready.push(i);
    const out: N[] = [];
    while (ready.length > 0) {
      const c = ready.length === 1 ? 0 : this.choose(ready, graph);
      if (ready.length > 1) this.made.push(c);
      const [i] = ready.splice(c, 1) as [number];
      out.push(nodes[i]!);
      for (let e = start[i]!; e < start[i + 1]!; e++) if (--waiting[succ[e]!]! === 0) insertSorted(ready, succ[e]!);
    }
    return out;
  }

  private choose(ready: readonly number[], graph: BatchGraph): number {
    const policy = this.options.policy;
    if (policy === 'replay') {
      const choices = this.options.choices ?? [];
      const c = this.replayed < choices.length ? choices[this.replayed]! : 0;
      this.replayed++;
      return c % ready.length;
    }
    if (this.random) return this.random.nextInt(ready.length);
    const rank = (graph.rank ??= criticalPathRanks(graph)); // only batches with a real choice pay for it
    let best = 0; // the longest remaining path first; program order on ties
    for (let k = 1; k < ready.length; k++) if (rank[ready[k]!]! > rank[ready[best]!]!) best = k;
    return best;
  }
}

/** A node's position in the batch, or -1 (by arithmetic when the ids are consecutive, as batches' are). */
function positions(nodes: readonly SchedulableNode[]): (node: SchedulableNode) => number {
  const base = nodes[0]!.id;
  if (nodes.every((node, i) => node.id === base + i)) {
    return (node) => {
      const k = node.id - base;
      return k >= 0 && k < nodes.length && nodes[k] === node ? k : -1;
    };
  }
  const map = new Map<SchedulableNode, number>();
  nodes.forEach((node, i) => map.set(node, i));
  return (node) => map.get(node) ?? -1;
}

/** A batch's dependency graph in compressed rows, and its critical-path ranks once computed. */
interface BatchGraph {
  readonly nodes: readonly SchedulableNode[];
  readonly start: Int32Array;
  readonly succ: Int32Array;
  rank: Float64Array | null;
}

/** Each node's weight plus the heaviest path of successors after it (nodes are in program order). */
function criticalPathRanks({ nodes, start, succ }: BatchGraph): Float64Array {
  const rank = new Float64Array(nodes.length);
  for (let i = nodes.length - 1; i >= 0; i--) {
    let tail = 0;
    for (let e = start[i]!; e < start[i + 1]!; e++) tail = Math.max(tail, rank[succ[e]!]!);
    rank[i] = nodes[i]!.weight + tail;
  }
  return rank;
}

function insertSorted(list: number[], value: number): void {
  let k = list.length;
  while (k > 0 && list[k - 1]! > value) k--;
  list.splice(k, 0, value);
}
