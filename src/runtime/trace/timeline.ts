/**
 * A compact terminal timeline: one lane per device stream, each unit of work drawn across the columns
 * of its time span (its op name when it fits, else `#` for kernels, `=` for copies, `|` for event
 * records, `.` for waits and `~` for collectives), `!` where a float-status register was set.
 * @module
 */
import type { TraceRecord, WorkKind } from './records.js';

/** Options of {@link renderTimeline}. */
export interface TimelineOptions {
  /** Columns for the time axis; default 72. */
  readonly width?: number;
}

const FILL: Record<WorkKind, string> = { kernel: '#', copy: '=', record: '|', wait: '.', register: '*', collective: '~' };

function formatNs(ns: number): string {
  if (ns >= 1e9) return `${+(ns / 1e9).toPrecision(4)}s`;
  if (ns >= 1e6) return `${+(ns / 1e6).toPrecision(4)}ms`;
  if (ns >= 1e3) return `${+(ns / 1e3).toPrecision(4)}us`;
  return `${ns}ns`;
}

/**
 * Renders trace records as text lanes.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * console.log(runtime.renderTimeline([])); // (no work recorded)
 * ```
 */
export function renderTimeline(records: readonly TraceRecord[], options: TimelineOptions = {}): string {
  const width = options.width ?? 72;
  const spans: { lane: string; start: number; end: number; op: string; work: WorkKind }[] = [];
  const marks: { lane: string; time: number }[] = [];
  const begins = new Map<number, number>();
  for (const r of records) {
    if (r.type === 'begin') begins.set(r.id, r.time);
    else if (r.type === 'end' && begins.has(r.id)) {
      spans.push({ lane: `${r.device} s${r.stream}`, start: begins.get(r.id)!, end: r.time, op: r.op, work: r.work });
      begins.delete(r.id);
    } else if (r.type === 'register' && r.action === 'set') marks.push({ lane: `${r.device} s${r.stream}`, time: r.time });
  }
  if (spans.length === 0) return '(no work recorded)';
  const t0 = Math.min(...spans.map((s) => s.start));
  const t1 = Math.max(...spans.map((s) => s.end));
  const scale = (t1 - t0) / width || 1;
  const col = (t: number): number => Math.min(width - 1, Math.floor((t - t0) / scale));
  const lanes = [...new Set(spans.map((s) => s.lane))].sort();
  const labelWidth = Math.max(...lanes.map((l) => l.length));
  const rows = lanes.map((lane) => {
    const cells = new Array<string>(width).fill(' ');
    for (const s of spans.filter((x) => x.lane === lane)) {
      const a = col(s.start);
      const b = Math.max(a, col(s.end) - (s.end > s.start && col(s.end) > a ? 1 : 0));
      const span = b - a + 1;
      const text = span >= s.op.length + 2 ? `[${s.op}${'-'.repeat(span - s.op.length - 2)}]` : FILL[s.work].repeat(span);
      for (let i = 0; i < span; i++) cells[a + i] = text[i]!;
    }
    for (const m of marks.filter((x) => x.lane === lane)) cells[col(m.time)] = '!';
    return `${lane.padEnd(labelWidth)} |${cells.join('')}|`;
  });
  const axis = `${' '.repeat(labelWidth)}  ${formatNs(t0)}${' '.repeat(Math.max(1, width - formatNs(t0).length - formatNs(t1).length))}${formatNs(t1)}`;
  return [axis, ...rows].join('\n');
}
