/**
 * A profile of device work, as PyTorch's `key_averages()` and TensorFlow.js's `profile` summarise
 * theirs: per op (a kernel's name, `copy H2D`, a collective), how many ran, the simulated device time
 * they took (begin to end, summed), the bytes they moved (a copy's, a collective's, or the memory
 * traffic a kernel's cost counts) and the streams they ran on. Event records and waits are plumbing,
 * not work: left out.
 * @module
 */
import type { TraceRecord, WorkKind } from './records.js';

/** One op's line of a profile. */
export interface ProfileRow {
  /** The op: a kernel's name, `copy H2D`, `AllReduce`... */
  readonly op: string;
  /** What kind of work it is. */
  readonly work: WorkKind;
  /** How many ran (began and ended). */
  readonly count: number;
  /** Simulated device time, summed, ns. */
  readonly deviceNs: number;
  /** The longest one, ns. */
  readonly maxNs: number;
  /** Bytes, summed. */
  readonly bytes: number;
  /** The streams they ran on (`Ascend:0/0`), in order of first use. */
  readonly streams: readonly string[];
  /** How many failed (a fault, a sticky error). */
  readonly failed: number;
}

/**
 * The profile of the work items in `records` that both began and ended there, longest total first.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const p = new runtime.Platform({ record: Infinity });
 * const d = p.device('GPU:0');
 * for (let i = 0; i < 3; i++) d.launch(d.defaultStream, { name: 'MatMul', flops: 1e9, bytes: 4096 });
 * d.synchronize();
 * const [row] = runtime.profileRows(p.sim.records());
 * console.log(row!.op, row!.count, row!.bytes, row!.streams); // MatMul 3 12288 [ 'GPU:0/0' ]
 * ```
 */
export function profileRows(records: Iterable<TraceRecord>): ProfileRow[] {
  const began = new Map<number, number>();
  const rows = new Map<string, { op: string; work: WorkKind; count: number; deviceNs: number; maxNs: number; bytes: number; streams: string[]; failed: number }>();
  for (const r of records) {
    if (r.type === 'begin') {
      began.set(r.id, r.time);
      continue;
    }
    if (r.type !== 'end' || r.work === 'record' || r.work === 'wait') continue;
    const start = began.get(r.id);
    if (start === undefined) continue; // began before the records kept
    began.delete(r.id);
    let row = rows.get(r.op);
    if (!row) rows.set(r.op, (row = { op: r.op, work: r.work, count: 0, deviceNs: 0, maxNs: 0, bytes: 0, streams: [], failed: 0 }));
    const ns = r.time - start;
    row.count++;
    row.deviceNs += ns;
    row.maxNs = Math.max(row.maxNs, ns);
    row.bytes += r.bytes ?? 0;
    if (r.status === 'failed') row.failed++;
    const stream = `${r.device}/${r.stream}`;
    if (!row.streams.includes(stream)) row.streams.push(stream);
  }
  return [...rows.values()].sort((a, b) => b.deviceNs - a.deviceNs || a.op.localeCompare(b.op));
}

/** Simulated time in the unit that reads best. */
function time(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(3)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(3)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} us`;
  return `${ns} ns`;
}

/** Bytes in the unit that reads best. */
function size(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(2)} MiB`;
  if (bytes >= 2 ** 10) return `${(bytes / 2 ** 10).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/**
 * A profile as a table, as PyTorch's `key_averages().table()` prints one: op, count, total and mean
 * device time, its share of all the work, bytes, streams (the first `limit` rows; all by default).
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const rows = [{ op: 'MatMul', work: 'kernel' as const, count: 2, deviceNs: 3000, maxNs: 1500, bytes: 2048, streams: ['GPU:0/0'], failed: 0 }];
 * console.log(runtime.profileTable(rows).split('\n')[2]); // MatMul  kernel      2       3.0 us  1.5 us  100.0%  2.0 KiB  GPU:0/0
 * ```
 */
export function profileTable(rows: readonly ProfileRow[], options: { limit?: number } = {}): string {
  const total = rows.reduce((s, r) => s + r.deviceNs, 0) || 1;
  const shown = rows.slice(0, options.limit ?? rows.length);
  const cells = [
    ['op', 'kind', 'count', 'device time', 'mean', 'share', 'bytes', 'streams'],
    ...shown.map((r) => [r.op, r.work, String(r.count), time(r.deviceNs), time(Math.round(r.deviceNs / r.count)), `${((100 * r.deviceNs) / total).toFixed(1)}%`, size(r.bytes), r.streams.join(' ')]),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
  const right = new Set([2, 3, 4, 5, 6]);
  const line = (c: string[]) => c.map((v, i) => (i === c.length - 1 ? v : right.has(i) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const more = rows.length > shown.length ? [`(${rows.length - shown.length} more ops)`] : [];
  return [line(cells[0]!), rule, ...cells.slice(1).map(line), ...more].join('\n');
}
