/**
 * Probabilistic concurrency testing for a batch of nodes.
 * @module
 */
import type { SeededRandom } from '../sim/random.js';

/**
 * PCT (Burckhardt et al.) for a batch: random distinct priorities, and d − 1 random change points at
 * which the highest-priority ready node drops below every other; the highest-priority ready node runs.
 */
export function pctPlan(n: number, depth: number, random: SeededRandom): { choose(ready: readonly number[], step: number): number } {
  const priority = new Float64Array(n);
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  for (let i = 0; i < n; i++) priority[i] = depth + perm[i]!; // initial priorities d .. d + n - 1
  const changeAt = new Map<number, number>(); // step -> the change point's number j (1 .. d - 1)
  for (let j = 1; j < depth; j++) changeAt.set(random.nextInt(n), j);
  const highest = (ready: readonly number[]) => {
    let best = 0;
    for (let k = 1; k < ready.length; k++) if (priority[ready[k]!]! > priority[ready[best]!]!) best = k;
    return best;
  };
  return {
    choose(ready, step) {
      const j = changeAt.get(step);
      if (j !== undefined && ready.length > 1) priority[ready[highest(ready)]!] = depth - j; // below every initial priority
      return highest(ready);
    },
  };
}

