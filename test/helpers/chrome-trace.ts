/**
 * Structural checks of a Chrome trace: slices nest or are disjoint per thread; every flow has one start
 * and one finish with an id of its own (Perfetto drops a start whose id is open and ends without a
 * start), the finish not before the start, and both ends on a slice of the flow's category starting at
 * the flow event's time on its thread (how DevTools binds flows).
 */
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
  const starts = new Map<unknown, runtime.ChromeTraceEvent>();
  const finishes = new Map<unknown, runtime.ChromeTraceEvent>();
  for (const e of ev) {
    if (e.ph !== 's' && e.ph !== 'f') continue;
    const map = e.ph === 's' ? starts : finishes;
    if (map.has(e.id)) problems.push(`flow id ${String(e.id)} has two ${e.ph === 's' ? 'starts' : 'finishes'}`);
    map.set(e.id, e);
  }
  const sliceAt = new Set(slices.map((x) => `${x.pid}/${x.tid}/${x.ts}/${x.cat}`));
  for (const [id, s] of starts) {
    const f = finishes.get(id);
    if (!f) problems.push(`flow ${String(id)} has no finish`);
    else if (f.ts! < s.ts!) problems.push(`flow ${String(id)} finishes before it starts`);
    for (const end of f ? [s, f] : [s]) {
      if (!sliceAt.has(`${end.pid}/${end.tid}/${end.ts}/${end.cat}`)) problems.push(`flow ${String(id)}'s ${end.ph} on ${end.pid}/${end.tid} at ${end.ts} binds to no '${String(end.cat)}' slice starting then`);
    }
  }
  for (const id of finishes.keys()) if (!starts.has(id)) problems.push(`flow ${String(id)} finishes without a start`);
  return problems;
}
