/**
 * The schedule policies as strategy objects: each says how it chooses among a batch's ready nodes.
 * The {@link Scheduler} walks the batch and asks its strategy at every step with a real choice; the
 * table {@link POLICY_STRATEGIES} is the one list of policy names.
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import { SeededRandom } from '../sim/random.js';
import { type BatchGraph, type SchedulableNode, conflicts, criticalPathRanks } from './batch-graph.js';
import { OrderSearch, awakeChoices } from './order-search.js';
import { pctPlan } from './pct.js';
import type { ScheduleOptions } from './policies.js';

/** How a strategy chooses within one batch. */
export interface BatchChooser {
  /**
   * The position in `ready` (ready nodes' indices in the batch, in program order; more than one) of
   * the node to launch at `step` (counting every step of the batch, choice or not).
   */
  choose(ready: readonly number[], step: number): number;
  /** Node `index` was launched at a step (`choice`: one with more than one ready node). */
  launched?(index: number, choice: boolean): void;
}

/** A schedule policy: how it orders each batch. */
export interface ScheduleStrategy {
  /** True when every batch keeps program order (the scheduler then skips the walk). */
  readonly programOrder?: boolean;
  /**
   * True when a batch with no choice to make (a chain: every node after the previous one) leaves the
   * strategy as it found it: the scheduler then launches a chain in program order without walking it.
   * (`pct` draws its plan at every batch and `exhaustive` counts every step, so they walk chains too.)
   */
  readonly chainsLeaveNoTrace?: boolean;
  /** Starts a batch of nodes (in program order) whose graph is `graph`. */
  beginBatch(nodes: readonly SchedulableNode[], graph: BatchGraph): BatchChooser;
}

/** `program-order`: every choice 0. */
class ProgramOrder implements ScheduleStrategy {
  readonly programOrder = true;
  beginBatch(): BatchChooser {
    return { choose: () => 0 };
  }
}

/** `critical-path`: the ready node with the heaviest remaining path of estimated time; program order on ties. */
class CriticalPath implements ScheduleStrategy {
  readonly chainsLeaveNoTrace = true;
  beginBatch(_nodes: readonly SchedulableNode[], graph: BatchGraph): BatchChooser {
    return {
      choose: (ready) => {
        const rank = (graph.rank ??= criticalPathRanks(graph)); // only batches with a real choice pay for it
        let best = 0;
        for (let k = 1; k < ready.length; k++) if (rank[ready[k]!]! > rank[ready[best]!]!) best = k;
        return best;
      },
    };
  }
}

/** `random`: a seeded uniform choice. */
class RandomChoice implements ScheduleStrategy {
  readonly chainsLeaveNoTrace = true; // draws only at a real choice
  private readonly random: SeededRandom;
  constructor(options: ScheduleOptions) {
    this.random = new SeededRandom(options.seed ?? 0);
  }
  beginBatch(): BatchChooser {
    return { choose: (ready) => this.random.nextInt(ready.length) };
  }
}

/** `pct`: probabilistic concurrency testing (random priorities, depth − 1 change points per batch). */
class Pct implements ScheduleStrategy {
  private readonly random: SeededRandom;
  constructor(private readonly options: ScheduleOptions) {
    this.random = new SeededRandom(options.seed ?? 0);
  }
  beginBatch(nodes: readonly SchedulableNode[]): BatchChooser {
    return pctPlan(nodes.length, this.options.depth ?? 2, this.random);
  }
}

/** `replay`: the recorded choices in turn (modulo the ready count; 0 once used up). */
class Replay implements ScheduleStrategy {
  readonly chainsLeaveNoTrace = true; // takes a choice only at a real one
  private replayed = 0;
  constructor(private readonly options: ScheduleOptions) {}
  beginBatch(): BatchChooser {
    return {
      choose: (ready) => {
        const choices = this.options.choices ?? [];
        const c = this.replayed < choices.length ? choices[this.replayed]! : 0;
        this.replayed++;
        return c % ready.length;
      },
    };
  }
}

/** `exhaustive`: one branch of an {@link OrderSearch} per run, with sleep sets over independent nodes. */
class Exhaustive implements ScheduleStrategy {
  private readonly search: OrderSearch;
  constructor(options: ScheduleOptions) {
    this.search = options.search ?? new OrderSearch();
    this.search.beginRun();
  }
  beginBatch(nodes: readonly SchedulableNode[]): BatchChooser {
    const search = this.search;
    const asleep = new Set<number>();
    const ran = new Uint8Array(nodes.length);
    return {
      choose: (ready) => {
        const c = ready.indexOf(search.choose(ready, () => awakeChoices(nodes, ready, asleep, ran, search.reduce)));
        if (c < 0) throw new ArgumentValueError('exhaustive schedule: the program recorded different ops than in the run before; an explored program must be deterministic');
        return c;
      },
      launched: (i, choice) => {
        if (asleep.has(i)) search.block();
        ran[i] = 1;
        // sleep sets: after node i runs, the nodes explored before it at this step, and those asleep,
        // stay asleep while independent of what runs (running them now would repeat an explored order)
        if (choice || asleep.size > 0) {
          const candidates = choice ? [...asleep, ...(search.reduce ? search.triedBefore() : [])] : [...asleep];
          asleep.clear();
          if (!search.reduce) return;
          for (const x of candidates) if (x !== i && !conflicts(nodes[x]!, nodes[i]!)) asleep.add(x);
        }
      },
    };
  }
}

/** Every policy and how to make its strategy from a schedule: the one list of policy names. */
export const POLICY_STRATEGIES = Object.freeze({
  /** Program order: every choice 0. */
  'program-order': (): ScheduleStrategy => new ProgramOrder(),
  /** The ready node with the heaviest remaining path of estimated time first; program order on ties. */
  'critical-path': (): ScheduleStrategy => new CriticalPath(),
  /** A seeded uniform choice (`seed`). */
  random: (o: ScheduleOptions): ScheduleStrategy => new RandomChoice(o),
  /** Probabilistic concurrency testing (`seed`, `depth`). */
  pct: (o: ScheduleOptions): ScheduleStrategy => new Pct(o),
  /** One branch of an {@link OrderSearch} per run (`search`). */
  exhaustive: (o: ScheduleOptions): ScheduleStrategy => new Exhaustive(o),
  /** The recorded `choices` in turn. */
  replay: (o: ScheduleOptions): ScheduleStrategy => new Replay(o),
});
