/**
 * Schedule policies: the order in which a batch of recorded nodes is launched. Every policy yields a
 * legal order (a node only after its dependencies); they differ in how they choose among the ready
 * nodes. A schedule is a plain value, the list of choices made (at each step where more than one node
 * is ready, the index of the chosen one among them in program order), so it can be generated, shrunk
 * and replayed.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { type SchedulableNode, batchGraph, insertSorted } from './batch-graph.js';
import { OrderSearch } from './order-search.js';
import { POLICY_STRATEGIES, type ScheduleStrategy } from './strategies.js';
import { ChoiceLog } from './choice-log.js';

export { POLICY_STRATEGIES } from './strategies.js';

export type { BatchGraph, SchedulableNode } from './batch-graph.js';
export type { BatchChooser, ScheduleStrategy } from './strategies.js';

/**
 * The policies: `program-order`, `critical-path`, `random` (seeded), `pct` (seeded, with a depth),
 * `exhaustive` (one branch of an {@link OrderSearch} per run) and `replay`.
 */
export type SchedulePolicy = keyof typeof POLICY_STRATEGIES;

/** A schedule for GRAPH_MODE batches (`setContext({ schedule })`). */
export interface ScheduleOptions {
  /** How to choose among ready nodes. */
  readonly policy: SchedulePolicy;
  /** `random` and `pct`: the seed (0 when omitted). */
  readonly seed?: number;
  /**
   * `pct`: the bug depth d it targets (default 2): an ordering bug that needs d particular orderings
   * is found with probability at least 1/(n·k^(d−1)) per run, for n nodes and k steps in a batch.
   */
  readonly depth?: number;
  /** `exhaustive`: the search to follow (a fresh one, whose first branch is program order, when omitted). */
  readonly search?: OrderSearch;
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
  /**
   * The streams a GRAPH_MODE batch is spread over (default: 4 for `critical-path`, 1 for the other
   * policies). On one stream the chosen order is the order ops run in, so exploring orders explores
   * every execution (a kernel's effects happen at its completion: any run on several streams computes
   * what some one-stream order computes); on several, device timing decides among ops on different
   * streams, and the trace shows races.
   */
  readonly streams?: number;
}

/** The default {@link ScheduleOptions.batchLimit}. */
export const DEFAULT_BATCH_LIMIT = 256;

const POLICIES = Object.freeze(Object.keys(POLICY_STRATEGIES)) as readonly SchedulePolicy[];

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
  if (schedule.streams !== undefined && !(Number.isSafeInteger(schedule.streams) && schedule.streams >= 1 && schedule.streams <= 64)) {
    throw new ArgumentValueError(`For 'set_context', the schedule streams must be an integer from 1 to 64, but got ${String(schedule.streams)}.`);
  }
  if (schedule.depth !== undefined && !(Number.isSafeInteger(schedule.depth) && schedule.depth >= 1)) {
    throw new ArgumentValueError(`For 'set_context', the pct depth must be a positive integer, but got ${String(schedule.depth)}.`);
  }
  if (schedule.search !== undefined && !(schedule.search instanceof OrderSearch)) {
    throw new ArgumentTypeError(`For 'set_context', an 'exhaustive' schedule's search must be a runtime.OrderSearch, but got ${String(schedule.search)}.`);
  }
  const choices = schedule.choices;
  if (schedule.policy === 'replay' && (!Array.isArray(choices) || choices.some((c) => !Number.isInteger(c) || c < 0))) {
    throw new ArgumentValueError(`For 'set_context', a 'replay' schedule needs choices: a list of non-negative integers, but got ${String(choices)}.`);
  }
  return { ...schedule, ...(choices ? { choices: [...choices] } : {}) };
}

/** Whether every node after the first follows the one before it: the batch has one legal order. */
function isChain(nodes: readonly SchedulableNode[]): boolean {
  for (let i = 1; i < nodes.length; i++) if (!nodes[i]!.deps.includes(nodes[i - 1]!)) return false;
  return true;
}

/**
 * A running schedule: walks each batch in a legal order, asks its strategy at every step where more
 * than one node is ready, and remembers the choices (`made`). The executor keeps one per context
 * schedule; use one directly to order your own node graphs, with the strategy of the schedule's
 * policy or one of your own.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const a = { id: 1, deps: [], weight: 1 };
 * const b = { id: 2, deps: [], weight: 9 };
 * const c = { id: 3, deps: [a], weight: 1 };
 * const s = new runtime.Scheduler({ policy: 'critical-path' });
 * console.log(s.order([a, b, c]).map((n) => n.id), s.made); // [ 2, 1, 3 ] [ 1 ]
 * const last = new runtime.Scheduler({ policy: 'program-order' }, { beginBatch: () => ({ choose: (ready) => ready.length - 1 }) });
 * console.log(last.order([a, b, c]).map((n) => n.id)); // [ 2, 1, 3 ] — always the last ready node
 * ```
 */
export class Scheduler {
  /** The choices made so far, kept compactly (see {@link ChoiceLog}). */
  private readonly log = new ChoiceLog();
  /** How it chooses. */
  readonly strategy: ScheduleStrategy;

  /**
   * @param options - the schedule (checked by `setContext`; {@link checkSchedule} checks it for you).
   * @param strategy - how to choose (default: the strategy of `options.policy`).
   */
  constructor(
    /** The schedule it follows. */
    readonly options: ScheduleOptions,
    strategy?: ScheduleStrategy,
  ) {
    this.strategy = strategy ?? POLICY_STRATEGIES[options.policy](options);
  }

  /**
   * The choices made so far, one per step that had more than one ready node (replaying them
   * reproduces the order): a new list each time.
   *
   * @throws MindsimError when the schedule made more than 1,048,576 choices (they are
   *   counted but not kept, so that long runs hold bounded memory).
   */
  get made(): number[] {
    return this.log.toArray();
  }

  /** A legal launch order of `nodes` (listed in program order; dependencies outside are ignored). */
  order<N extends SchedulableNode>(nodes: readonly N[]): N[] {
    // program order is every choice 0: nothing to record (replaying no choices is program order)
    if (nodes.length < 2 || this.strategy.programOrder || (this.strategy.chainsLeaveNoTrace && isChain(nodes))) return nodes.slice();
    const graph = batchGraph(nodes);
    const { start, succ, waiting } = graph;
    const ready: number[] = [];
    for (let i = 0; i < nodes.length; i++) if (waiting[i] === 0) ready.push(i);
    const chooser = this.strategy.beginBatch(nodes, graph);
    const out: N[] = [];
    for (let step = 0; ready.length > 0; step++) {
      const choice = ready.length > 1;
      let c = 0;
      if (choice) {
        c = chooser.choose(ready, step);
        if (!Number.isInteger(c) || c < 0 || c >= ready.length) {
          throw new ArgumentValueError(`Scheduler: the strategy chose ${String(c)} among ${ready.length} ready nodes`);
        }
        this.log.push(c);
      }
      const [i] = ready.splice(c, 1) as [number];
      chooser.launched?.(i, choice);
      out.push(nodes[i]!);
      for (let e = start[i]!; e < start[i + 1]!; e++) if (--waiting[succ[e]!]! === 0) insertSorted(ready, succ[e]!);
    }
    return out;
  }
}
