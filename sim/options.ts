/**
 * A scenario's command line, parsed by Node's `util.parseArgs` against the scenario's parameter specs:
 * `--name value` and `--name=value`, the output options (`--trace`, `--svg`, `--json`, `--profile`),
 * `--help`/`-h`. Every value is checked before the run, against its spec (a number in its bounds, an
 * integer, one of its choices) and the scenario's own cross-checks; output paths are checked too.
 * @module
 */
import { parseArgs } from 'node:util';
import type { ParameterSpec, Scenario, ScenarioParams } from './scenarios/index.js';

/** A mistake of the user's: one line on stderr, exit status 2. */
export class UsageError extends Error {}

/** What a scenario's command line asks for. */
export interface SimOptions {
  /** Every parameter, defaults filled in. */
  readonly params: ScenarioParams;
  /** Where the Chrome trace goes (`-`: standard output). */
  readonly trace?: string;
  /** Where the SVG timeline goes (`-`: standard output). */
  readonly svg?: string;
  /** Results as JSON on standard output. */
  readonly json: boolean;
  /** The profile summary after the results. */
  readonly profile: boolean;
  /** `--help`: the scenario's help, nothing run. */
  readonly help: boolean;
}

/** A decimal number as people write them (no hex, no Infinity, no empty string). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** What a number parameter accepts, in words. */
export function describeRange(spec: ParameterSpec): string {
  const what = spec.integer ? 'an integer' : 'a number';
  const bounds: string[] = [];
  if (spec.minExclusive !== undefined) bounds.push(`> ${spec.minExclusive}`);
  else bounds.push(`>= ${spec.min ?? (spec.integer ? 1 : Number.NEGATIVE_INFINITY)}`);
  if (spec.max !== undefined) bounds.push(`<= ${spec.max}`);
  return `${what} ${bounds.filter((b) => !b.includes('Infinity')).join(' and ')}`.trim();
}

/** A number parameter's value from its text, or a UsageError naming the option and the value. */
function numberValue(spec: ParameterSpec, text: string): number {
  const n = Number(text);
  const min = spec.min ?? (spec.integer ? 1 : Number.NEGATIVE_INFINITY);
  const ok = DECIMAL.test(text.trim()) && Number.isFinite(n) && (!spec.integer || Number.isInteger(n)) &&
    (spec.minExclusive !== undefined ? n > spec.minExclusive : n >= min) && (spec.max === undefined || n <= spec.max);
  if (!ok) throw new UsageError(`option '--${spec.name}' needs ${describeRange(spec)}, but got '${text}'`);
  return n;
}

/** An output path: refused when empty; `-` is standard output. */
function outputPath(option: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new UsageError(`option '--${option}' needs a file name (or - for standard output), but got ''`);
  return value;
}

/** util.parseArgs's error as one line in the command line's words. */
export function parseArgsProblem(e: Error & { code?: string }, where: string, known: readonly string[]): string {
  const quoted = /'(-[^' ]*)/.exec(e.message)?.[1] ?? '';
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option '${quoted}' for ${where}; its options: ${known.join(', ')}`;
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /argument missing|ambiguous/.test(e.message) ? `option '${quoted}' needs a value` : `option '${quoted}' takes no value`;
  }
  if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument '${/'([^']*)'/.exec(e.message)?.[1] ?? ''}' (options start with --)`;
  return e.message.split('\n')[0]!;
}

/** Parses a scenario's arguments. */
export function parseSimOptions(scenario: Scenario, args: readonly string[]): SimOptions {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    trace: { type: 'string' },
    svg: { type: 'string' },
    json: { type: 'boolean' },
    profile: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  };
  for (const p of scenario.parameters) options[p.name] = { type: 'string' };
  // `--steps -1`: a negative number after an option that takes a value is that value (parseArgs would
  // take it for an option), so that the value check can name it
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : null;
    if (name && options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      joined.push(`${a}=${next}`);
      i++;
    } else joined.push(a);
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: joined, options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (e) {
    throw new UsageError(parseArgsProblem(e as Error & { code?: string }, `scenario '${scenario.name}'`, [...scenario.parameters.map((p) => `--${p.name}`), '--trace', '--svg', '--json', '--profile', '--help']));
  }
  const params: Record<string, number | string> = {};
  for (const spec of scenario.parameters) {
    const text = values[spec.name] as string | undefined;
    if (text === undefined) {
      params[spec.name] = spec.default;
      continue;
    }
    if (spec.kind === 'number') params[spec.name] = numberValue(spec, text);
    else {
      if (spec.choices && !spec.choices.includes(text)) throw new UsageError(`unknown ${spec.name} '${text}' for scenario '${scenario.name}'; one of: ${spec.choices.join(', ')}`);
      params[spec.name] = text;
    }
  }
  const problem = values['help'] ? null : scenario.check?.(params) ?? null;
  if (problem) throw new UsageError(problem);
  const trace = outputPath('trace', values['trace'] as string | undefined);
  const svg = outputPath('svg', values['svg'] as string | undefined);
  const json = values['json'] === true;
  const toStdout = [trace === '-' && '--trace -', svg === '-' && '--svg -', json && '--json'].filter(Boolean);
  if (toStdout.length > 1) throw new UsageError(`${toStdout.join(' and ')} would all write to standard output; send all but one to files`);
  if (trace !== undefined && trace === svg) throw new UsageError(`--trace and --svg name the same file '${trace}'`);
  return { params, ...(trace !== undefined ? { trace } : {}), ...(svg !== undefined ? { svg } : {}), json, profile: values['profile'] === true, help: values['help'] === true };
}

/** A scenario's help: its description and every option with its default and what it accepts. */
export function scenarioHelp(scenario: Scenario): string {
  const params = scenario.parameters.map((p) => {
    const accepts = p.kind === 'number' ? describeRange(p) : p.choices ? `one of ${p.choices.join(', ')}` : 'text';
    return `  --${p.name.padEnd(14)} ${p.description} (default ${p.default}; ${accepts})`;
  });
  return [
    `usage: mindsim sim ${scenario.name} [options]`,
    '',
    scenario.description,
    '',
    ...params,
    '  --trace <file>   write the run\'s Chrome trace (- : standard output)',
    '  --svg <file>     write the run\'s timeline as SVG (- : standard output)',
    '  --json           the results as JSON on standard output',
    '  --profile        a summary per op: count, simulated device time, bytes, streams',
    '  -h, --help       this text',
  ].join('\n');
}
