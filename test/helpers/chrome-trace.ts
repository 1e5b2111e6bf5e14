/** Structural checks of a Chrome trace: slices nest or are disjoint per thread, every flow start has its finish. */
import type { runtime } from '../../src/index.js';

/** Microsecond timestamps are floats: ends and starts that meet may differ by rounding. */
const EPSILON_US = 1e-6;

/** What is wrong with a Chrome trace's structure (empty when nothing). */
export function chromeTraceProblems(trace: runtime.ChromeTrace): string[] {
  const problems: string[] = [];
  const ev = trace.traceEvents;
  const slices = ev.filter((e) => e.ph === 'X');
  const byThread = new Map<string, runtime.ChromeTraceEvent[]>();
  for (const s of slices) {
    if (!(s.ts! >= 0 && s.dur! >= 0)) problems.push(`${s.name} has no time or duration`);
    byThread.set(`${s.pid}/${s.tid}`, [...(byThread.get(`${s.pid}/${s.tid}`) ?? []), s]);
  }
  for (const [key, list] of byThread) {
    list.sort((a, b) => a.ts! - b.ts! || b.dur! - a.dur!);
    const open: runtime.ChromeTraceEvent[] = [];
    for (const s of list) {
      while (open.length > 0 && open[open.length - 1]!.ts! + open[open.length - 1]!.dur! <= s.ts! + EPSILON_US) open.pop();
      const parent = open[open.length - 1];
      if (parent && s.ts! + s.dur! > parent.ts! + parent.dur! + EPSILON_US) problems.push(`on ${key}, ${s.name} overlaps ${parent.name} without nesting`);
      open.push(s);
    }
  }
  const finishes = new Map(ev.filter((e) => e.ph === 'f').map((e) => [e.id, e]));
  for (const s of ev.filter((e) => e.ph === 's')) {
    const f = finishes.get(s.id);
    if (!f) problems.push(`flow ${String(s.id)} has no finish`);
    else if (f.ts! < s.ts!) problems.push(`flow ${String(s.id)} finishes before it starts`);
  }
  if (ev.filter((e) => e.ph === 'f').length !== ev.filter((e) => e.ph === 's').length) problems.push('flow starts and finishes differ in number');
  return problems;
}
