/** Shared set-up for device tests: a platform with the built-in devices and full trace recording. */
import { DeviceRegistry, Platform, type PlatformOptions, type TraceRecord, type WorkRecord } from '../../src/runtime/index.js';
import { registerBuiltinDevices } from '../../src/devices/index.js';

export const registry = new DeviceRegistry();
registerBuiltinDevices(registry);

/** Every built-in preset name. */
export const PRESETS = registry.presets().map((s) => s.preset);

/** A fresh platform recording every trace record. */
export function platform(options: PlatformOptions = {}): Platform {
  return new Platform({ registry, record: Infinity, ...options });
}

/** begin/end pairs of work items from a trace, by id. */
export function spans(records: readonly TraceRecord[]): Map<number, { begin: number; end: number; rec: WorkRecord }> {
  const out = new Map<number, { begin: number; end: number; rec: WorkRecord }>();
  for (const r of records) {
    if (r.type === 'begin') out.set(r.id, { begin: r.time, end: NaN, rec: r });
    if (r.type === 'end') out.get(r.id)!.end = r.time;
  }
  return out;
}

/** The most work items of an engine kind running at once, from a trace. */
export function maxOverlap(records: readonly TraceRecord[], engine: string): number {
  const edges: [number, number][] = [];
  for (const r of records) {
    if ((r.type === 'begin' || r.type === 'end') && r.engine === engine) edges.push([r.time, r.type === 'begin' ? 1 : -1]);
  }
  // at equal times, ends before begins (a slot freed at t is reused at t)
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cur = 0;
  let max = 0;
  for (const [, d] of edges) max = Math.max(max, (cur += d));
  return max;
}

/** Asserts that `fn` throws an error satisfying `check` (tap's t.throws takes classes, not predicates). */
export function throwsWhere(
  t: { ok(v: unknown, m: string): unknown },
  fn: () => unknown,
  check: (e: unknown) => boolean,
  message: string,
): void {
  try {
    fn();
  } catch (e) {
    t.ok(check(e), `${message}: ${(e as Error).name}: ${(e as Error).message}`);
    return;
  }
  t.ok(false, `${message}: nothing was thrown`);
}
