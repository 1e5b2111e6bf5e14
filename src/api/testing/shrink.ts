/**
 * Shrinking a failing schedule to a minimal one, and naming the two ops whose order made the
 * difference and the edge that would fix it.
 * @module
 */
import { sharedBy } from '../graph/op-node.js';
import { choicesFor } from './orders.js';
import type { ExploredOp, RunRecord } from './run-program.js';

/** Replays a schedule; returns the run when the property fails under it, else null. */
export type FailsUnder<R> = (choices: readonly number[]) => RunRecord<R> | null;

/** The choices without trailing zeros (replaying runs out into zeros anyway). */
export function trimmed(choices: readonly number[]): number[] {
  let n = choices.length;
  while (n > 0 && choices[n - 1] === 0) n--;
  return choices.slice(0, n);
}

/** Fewer deviations from program order (non-zero choices) first, then shorter, then lexicographically smaller. */
export function smaller(a: readonly number[], b: readonly number[]): boolean {
  const dev = (c: readonly number[]) => c.filter((x) => x !== 0).length;
  if (dev(a) !== dev(b)) return dev(a) < dev(b);
  if (a.length !== b.length) return a.length < b.length;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/**
 * The schedules one shrinking step tries, in order: each shorter prefix, then each choice lowered,
 * then each choice removed. A search takes the first that still fails and starts again from it.
 */
export function* shrinkCandidates(choices: readonly number[]): Generator<number[]> {
  for (let n = 0; n < choices.length; n++) yield choices.slice(0, n);
  for (let i = 0; i < choices.length; i++) for (let v = 0; v < choices[i]!; v++) yield choices.map((c, k) => (k === i ? v : c));
  for (let i = 0; i < choices.length; i++) yield choices.filter((_, k) => k !== i);
}

/**
 * Shrinks a failing run's schedule: the shortest failing prefix, then each choice as small as it can
 * be, then choices removed, until nothing changes (or `budget` replays are spent). The result fails,
 * and no single choice of it can be lowered, removed or cut off with the property still failing.
 */
export function shrinkSchedule<R>(failing: RunRecord<R>, failsUnder: FailsUnder<R>, budget: number): { record: RunRecord<R>; replays: number } {
  let best = failing;
  let choices = trimmed(failing.run.schedule);
  let replays = 0;
  const attempt = (candidate: readonly number[]): boolean => {
    replays++;
    const rec = failsUnder(candidate);
    if (!rec || !smaller(trimmed(rec.run.schedule), choices)) return false;
    best = rec;
    choices = trimmed(rec.run.schedule);
    return true;
  };
  for (let changed = true; changed && replays < budget; ) {
    changed = false;
    for (const candidate of shrinkCandidates(choices)) if (replays >= budget || (changed = attempt(candidate))) break;
  }
  return { record: best, replays };
}

/** Two ops whose order decided the outcome. */
export interface Reordering {
  /** Ran first in the failing run. */
  readonly first: ExploredOp;
  /** Ran after it in the failing run; running it first makes the property hold. */
  readonly second: ExploredOp;
  /** What both touch (`the float-status register of Ascend:0`, `Parameter w`, `a tensor`). */
  readonly shared: string;
  /** The fix in words: the edge that orders them the other way. */
  readonly edge: string;
}

/** A reordering to try: `second` (and what it waits for) moved to just before `first`, as choices. */
export interface ReorderingCandidate extends Reordering {
  /** The schedule that runs the ops in the moved order. */
  readonly choices: number[];
}

/**
 * The reorderings that could explain a failure, in order: for each pair (u ran before v, both touching
 * common data, in one batch), v with the ops it waits for that ran after u moved to just before u.
 */
export function* reorderingCandidates<R>(failing: RunRecord<R>): Generator<ReorderingCandidate> {
  const ops = failing.run.ops;
  const order = ops.map((o) => o.index);
  const byIndex = new Map(ops.map((o) => [o.index, o]));
  for (let a = 0; a < ops.length; a++) {
    for (let b = a + 1; b < ops.length; b++) {
      const u = ops[a]!;
      const v = ops[b]!;
      if (u.batch !== v.batch) continue;
      const shared = sharedBy(failing.nodes[a]!, failing.nodes[b]!);
      if (shared === null) continue;
      const moved = new Set<number>([v.index]);
      for (let k = b - 1; k > a; k--) if (ops.slice(k + 1, b + 1).some((o) => moved.has(o.index) && o.after.includes(ops[k]!.index))) moved.add(ops[k]!.index);
      const reordered = [...order.slice(0, a), ...order.slice(a, b + 1).filter((i) => moved.has(i)), ...order.slice(a).filter((i) => !moved.has(i))];
      if (reordered.some((i) => byIndex.get(i)!.after.some((d) => byIndex.has(d) && reordered.indexOf(d) > reordered.indexOf(i)))) continue;
      const edge =
        `an edge ${v.name} -> ${u.name} prevents it: make ${u.name} take an input through ops.depend, ` +
        `e.g. ops.${u.name}()(ops.depend(x, y), ...) where x is ${u.name}'s input and y ${v.name}'s output`;
      yield { first: u, second: v, shared, edge, choices: choicesFor(ops, reordered) };
    }
  }
}

/**
 * The two ops whose order decided the failure: the first candidate reordering (see
 * {@link reorderingCandidates}) under which the property holds. `holds` replays a schedule and says
 * whether the property held.
 */
export function findReordering<R>(failing: RunRecord<R>, holds: (choices: readonly number[]) => boolean, budget = 64): Reordering | null {
  let tries = 0;
  for (const c of reorderingCandidates(failing)) {
    if (tries++ >= budget) return null;
    if (holds(c.choices)) return { first: c.first, second: c.second, shared: c.shared, edge: c.edge };
  }
  return null;
}
