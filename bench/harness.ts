/**
 * A thin layer over benchmark.js: runs a group of cases, prints each one's rate in the unit that
 * matters (elements/s, ops/s) and its ratio to the group's baseline, measured in the same run.
 */
import Benchmark from 'benchmark';

export interface Case {
  readonly name: string;
  readonly fn: () => void;
  /** Work units per call (elements converted, ops issued...). */
  readonly units: number;
}

/** `n` float32 values in [−0.5, 0.5) from a linear congruential stream (the same data every run). */
export function random(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    a[i] = s / 2 ** 32 - 0.5;
  }
  return a;
}

/** The middle value of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A row measured outside benchmark.js (another process, as numpy's), in the group's unit. */
export interface Measured {
  readonly name: string;
  readonly perSecond: number;
  readonly rme: number;
}

export interface GroupResult {
  readonly group: string;
  readonly unit: string;
  readonly results: { name: string; perSecond: number; rme: number; ratio: number }[];
  /** A row every other row is also compared with (the peer named by an issue's target). */
  readonly peer?: string;
}

/**
 * Runs the cases of a group synchronously; the first row is the baseline. `peer` names a row that every
 * row is also compared with.
 */
export function runGroup(group: string, unit: string, cases: readonly (Case | Measured)[], peer?: string): GroupResult {
  const suite = new Benchmark.Suite(group);
  const timed = cases.filter((c): c is Case => 'fn' in c);
  for (const c of timed) suite.add(c.name, c.fn, { minSamples: 10, maxTime: 2 });
  suite.run({ async: false });
  const benches = suite as unknown as ArrayLike<Benchmark>;
  const rows = cases.map((c) => {
    if (!('fn' in c)) return { name: c.name, perSecond: c.perSecond, rme: c.rme, ratio: 0 };
    const b = benches[timed.indexOf(c)]!;
    return { name: c.name, perSecond: b.hz * c.units, rme: b.stats.rme, ratio: 0 };
  });
  const base = rows[0]!.perSecond;
  for (const r of rows) r.ratio = r.perSecond / base;
  return peer === undefined ? { group, unit, results: rows } : { group, unit, results: rows, peer };
}

/** Prints a group as an aligned table. */
export function report(r: GroupResult): void {
  console.log(`\n${r.group}`);
  const width = Math.max(...r.results.map((x) => x.name.length));
  const peer = r.results.find((x) => x.name === r.peer);
  for (const x of r.results) {
    const rate =
      x.perSecond >= 1e9 ? `${(x.perSecond / 1e9).toFixed(2)} G` : x.perSecond >= 1e6 ? `${(x.perSecond / 1e6).toFixed(1)} M` : x.perSecond >= 1e3 ? `${(x.perSecond / 1e3).toFixed(1)} k` : x.perSecond.toFixed(1);
    const vsPeer = peer && x !== peer ? `  ${(x.perSecond / peer.perSecond).toFixed(2)}x ${peer.name}` : '';
    console.log(`  ${x.name.padEnd(width)}  ${rate} ${r.unit}/s  ±${x.rme.toFixed(1)}%  ${x.ratio.toFixed(2)}x baseline${vsPeer}`);
  }
}

/** The host heap after a forced GC (the benchmarks run with --expose-gc), in MiB with one decimal. */
export function heapMiB(): string {
  (globalThis as { gc?: () => void }).gc?.();
  return (process.memoryUsage().heapUsed / 2 ** 20).toFixed(1);
}
