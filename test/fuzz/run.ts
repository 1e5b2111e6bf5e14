/**
 * The fuzzer: random programs of public API calls with odd arguments, each in a fresh execution
 * context on a random target and mode. Every outcome must be a result (read back without error, or
 * with a mindsim error) or a mindsim error naming the API; a refusal must leave the context, the
 * Parameters and Tensors it was given, and device memory as they were; an op must work afterwards
 * (the canary); nothing may raise a KernelFaultError (no fault is injected).
 */
import fc from 'fast-check';
import { ExecutionContext, KernelFaultError, MindsimError, Parameter, Tensor, currentDevice, getContext, ops } from '../../src/index.js';
import { drain } from '../../src/api/graph/executor.js';
import type { Allocation } from '../../src/runtime/index.js';
import { CATALOGUE, SKIP } from './catalogue.js';
import { materialise, plausibleArgs, valueArbitrary, type Earlier, type ValueDesc } from './values.js';

/** One call: which API, its factory's arguments, its arguments. */
export interface Step {
  readonly api: number;
  readonly factory: readonly ValueDesc[];
  readonly args: readonly ValueDesc[];
}

/** A program: where it runs and its calls. */
export interface Program {
  readonly target: 'CPU' | 'GPU' | 'Ascend';
  readonly mode: 'GRAPH_MODE' | 'PYNATIVE_MODE';
  readonly steps: readonly Step[];
}

/** A call with any arguments at all, or one likely to be valid: no factory arguments and tensors of one dtype and shape. */
const stepArbitrary: fc.Arbitrary<Step> = fc.nat({ max: CATALOGUE.length - 1 }).chain((api) =>
  fc.oneof(
    fc.record({
      api: fc.constant(api),
      factory: fc.array(valueArbitrary, { maxLength: CATALOGUE[api]!.factoryArgs }),
      args: fc.array(valueArbitrary, { maxLength: CATALOGUE[api]!.maxArgs }),
    }),
    { weight: 2, arbitrary: fc.record({
      api: fc.constant(api),
      factory: fc.constant([]),
      args: plausibleArgs(CATALOGUE[api]!.maxArgs),
    }) },
  ),
);

/** Programs of 1-30 calls. */
export const programArbitrary: fc.Arbitrary<Program> = fc.record({
  target: fc.constantFrom('CPU' as const, 'GPU' as const, 'Ascend' as const),
  mode: fc.constantFrom('GRAPH_MODE' as const, 'PYNATIVE_MODE' as const),
  steps: fc.array(stepArbitrary, { minLength: 1, maxLength: 30 }),
});

/** What went wrong in one call. */
export interface BadOutcome {
  readonly kind: 'non-mindsim error' | 'message not naming the API' | 'KernelFaultError nobody injected' | 'state changed by a refusal' | 'canary failure';
  readonly api: string;
  readonly detail: string;
}

/** Counts over a campaign. */
export interface FuzzStats {
  calls: number;
  results: number;
  refusals: number;
  skipped: number;
  byError: Record<string, number>;
  bad: BadOutcome[];
}

export const newStats = (): FuzzStats => ({ calls: 0, results: 0, refusals: 0, skipped: 0, byError: {}, bad: [] });

/** What a refusal must not change: context options, each Parameter's and Tensor's data, device memory. */
function snapshot(values: readonly unknown[]): unknown[] {
  drain(); // device memory once everything launched has finished (releases happen then)
  const state: unknown[] = [JSON.stringify(['deviceTarget', 'device', 'deviceId', 'mode', 'schedule'].map((k) => getContext(k as never))), 0];
  const seen = new Set<unknown>();
  const buffers = new Set<Allocation>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 3 || seen.has(v)) return;
    seen.add(v);
    if (v instanceof Tensor) {
      state.push(v.data_, v.data_.producer, v.shape.join(','), v.dtype, v instanceof Parameter ? v.name : '');
      if (v.data_.buffer && !v.data_.buffer.freed) buffers.add(v.data_.buffer);
    } else if (Array.isArray(v)) for (const e of v) visit(e, depth + 1);
  };
  for (const v of values) visit(v, 0);
  // device memory held by anything but the given values' own copies (uploading an input is no change)
  const memory = currentDevice().memory;
  state[1] = memory.used - [...buffers].reduce((sum, b) => sum + Math.ceil(b.size / memory.alignment) * memory.alignment, 0);
  return state;
}

/** The first item that differs (-1: none). */
const differs = (a: unknown[], b: unknown[]): number => (a.length !== b.length ? Math.min(a.length, b.length) : a.findIndex((x, i) => !Object.is(x, b[i])));

/** Reads a result back (tensors to the host), as a user printing it would. */
function readBack(v: unknown): void {
  if (v instanceof Tensor) String(v);
  else if (Array.isArray(v)) for (const e of v.slice(0, 8)) readBack(e);
}

function classify(e: unknown, api: string, names: readonly string[], stats: FuzzStats): BadOutcome | null {
  const kind = e instanceof Error ? e.constructor.name : typeof e;
  stats.byError[kind] = (stats.byError[kind] ?? 0) + 1;
  const message = e instanceof Error ? e.message : String(e);
  if (!(e instanceof MindsimError)) return { kind: 'non-mindsim error', api, detail: `${kind}: ${message}\n${(e as Error)?.stack?.split('\n').slice(1, 4).join('\n') ?? ''}` };
  if (e instanceof KernelFaultError) return { kind: 'KernelFaultError nobody injected', api, detail: message };
  if (!names.some((n) => message.includes(n))) return { kind: 'message not naming the API', api, detail: `${kind}: ${message}` };
  return null;
}

/** Runs one program; adds its calls and bad outcomes to `stats`; true when nothing went wrong. */
export function runProgram(program: Program, stats: FuzzStats): boolean {
  const before = stats.bad.length;
  const ctx = new ExecutionContext({ deviceTarget: program.target, mode: program.mode, printSink: () => {} });
  ctx.run(() => {
    const earlier: Earlier = [];
    for (const step of program.steps) {
      const entry = CATALOGUE[step.api]!;
      let factory: unknown[];
      let args: unknown[];
      try {
        factory = step.factory.map((d) => materialise(d, earlier));
        args = step.args.map((d) => materialise(d, earlier));
      } catch {
        continue; // the harness's own values (data of an odd dtype): not a call
      }
      stats.calls++;
      const state = snapshot([...factory, ...args, ...earlier]);
      let result: unknown;
      try {
        result = entry.call(factory, args);
      } catch (e) {
        stats.refusals++;
        const bad = classify(e, entry.api, entry.names, stats);
        if (bad) stats.bad.push(bad);
        else {
          const after = snapshot([...factory, ...args, ...earlier]);
          const changed = differs(state, after);
          if (changed >= 0) stats.bad.push({ kind: 'state changed by a refusal', api: entry.api, detail: `${(e as Error).message} (state item ${changed}: ${String(state[changed])} -> ${String(after[changed])})` });
        }
        continue;
      }
      if (result === SKIP) {
        stats.calls--;
        stats.skipped++;
        continue;
      }
      stats.results++;
      try {
        readBack(result);
      } catch (e) {
        const bad = classify(e, entry.api, entry.names, stats);
        if (bad) stats.bad.push({ ...bad, detail: `reading the result: ${bad.detail}` });
      }
      if (result !== undefined && result !== null) earlier.push(result);
    }
    try {
      const canary = String(ops.Add()(new Tensor([1], 'float32'), 1));
      if (canary !== '[2.]') stats.bad.push({ kind: 'canary failure', api: 'ops.Add', detail: `gave ${canary}` });
    } catch (e) {
      stats.bad.push({ kind: 'canary failure', api: 'ops.Add', detail: `${(e as Error).constructor.name}: ${(e as Error).message}` });
    }
  });
  return stats.bad.length === before;
}

/** One line per kind of bad outcome (API and kind), with a count and the first detail. */
export function summarise(bad: readonly BadOutcome[]): string[] {
  const groups = new Map<string, { n: number; detail: string }>();
  for (const b of bad) {
    const key = `${b.kind} in ${b.api}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { n: 1, detail: b.detail });
  }
  return [...groups].map(([key, g]) => `${g.n} × ${key}: ${g.detail.split('\n')[0]}`);
}
