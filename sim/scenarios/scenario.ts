/**
 * What a scenario is: a name, a description, its parameters (with defaults and the reduced sizes CI
 * uses), a run function that returns structured results, and a human rendering of them.
 * @module
 */
import { runtime } from '../../src/index.js';

/** Where a result names the simulator its run used, when not the context's (a cluster's). Not serialised. */
export const TRACE: unique symbol = Symbol('trace');

/** A parameter a scenario takes from the command line. */
export interface ParameterSpec {
  /** The option name (`--steps`). */
  readonly name: string;
  /** What it means. */
  readonly description: string;
  /** Its kind: a number, or one of some strings. */
  readonly kind: 'number' | 'string';
  /** Allowed values for strings (devices). */
  readonly choices?: readonly string[];
  /** A number that must be an integer (a count). */
  readonly integer?: boolean;
  /** The least value allowed (integers: 1 unless given). */
  readonly min?: number;
  /** Values must be greater than this (instead of `min`). */
  readonly minExclusive?: number;
  /** The greatest value allowed. */
  readonly max?: number;
  /** The default. */
  readonly default: number | string;
}

/** Values of a scenario's parameters, by name. */
export type ScenarioParams = Readonly<Record<string, number | string>>;

/** Called as the run goes: the fraction done and what it is doing. */
export type Progress = (fraction: number, label: string) => void;

/** A runnable simulation. */
export interface Scenario<R = unknown> {
  /** Its name on the command line. */
  readonly name: string;
  /** One line saying what it shows. */
  readonly description: string;
  /** Its parameters. */
  readonly parameters: readonly ParameterSpec[];
  /**
   * Runs it on a fresh simulated machine: the context's platform, or a cluster of its own whose
   * simulator the result names under {@link TRACE} (the trace and picture are written from it).
   */
  run(params: ScenarioParams, progress?: Progress): R | Promise<R>;
  /** A problem with a combination of parameter values, in one line (checked before the run), or null. */
  check?(params: ScenarioParams): string | null;
  /** Its results as text for people. */
  format(result: R): string;
}

/** The parameters with defaults filled in. */
export function withDefaults(scenario: Scenario, given: ScenarioParams): ScenarioParams {
  const out: Record<string, number | string> = {};
  for (const p of scenario.parameters) out[p.name] = given[p.name] ?? p.default;
  return out;
}

/** A table with a header row, columns padded to their widest cell. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => r.map((c, i) => c.padStart(widths[i]!)).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** The device targets a MindSpore program names (the registry's other kinds, such as Null, compute nothing). */
const TARGETS: readonly string[] = ['Ascend', 'GPU', 'CPU'];

/** The device family of a preset name, from the device registry (callers check names against {@link DEVICES} first). */
export function targetOf(device: string): 'Ascend' | 'GPU' | 'CPU' {
  const kind = runtime.defaultRegistry.preset(device)?.kind;
  if (kind === undefined || !TARGETS.includes(kind)) throw new Error(`no device preset '${device}' of a MindSpore target`);
  return kind as 'Ascend' | 'GPU' | 'CPU';
}

/** The presets a scenario can run on: every registered preset of a MindSpore target, from the device registry. */
export const DEVICES: readonly string[] = Object.freeze(runtime.defaultRegistry.presets().filter((p) => TARGETS.includes(p.kind)).map((p) => p.preset));
