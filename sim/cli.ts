#!/usr/bin/env node
/**
 * The `mindsim` command line: `mindsim list`, `mindsim sim <scenario> [options]`, `mindsim comm-perf`,
 * `mindsim --help`.
 * User mistakes (an unknown scenario, device or option, a bad number) print one clear line and exit
 * with status 2, never a stack trace; a failure inside a run exits with 1.
 * @module
 */
import { realpathSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { getSimulator, type runtime } from '../src/index.js';
import { SCENARIOS, TRACE, findScenario, type Scenario, type ScenarioParams } from './scenarios/index.js';
import { CommPerfUsageError, commPerf } from './comm-perf.js';

/** Where the command line writes. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether `err` is a terminal (the progress bar is drawn only there). */
  readonly errIsTty: boolean;
  /** Writes a file (tests give their own). */
  writeFile(path: string, data: string): void;
  /** Milliseconds, for the progress bar's one-second rule. */
  now(): number;
}

/** A mistake of the user's: exit status 2. */
class UsageError extends Error {}

const OUTPUT_OPTIONS = ['trace', 'svg', 'json'];

function usage(): string {
  return [
    'mindsim: simulated Ascend, GPU and CPU devices running a MindSpore-style programming model',
    '',
    'usage:',
    '  mindsim list                       the scenarios and their options',
    '  mindsim sim <scenario> [options]   run a scenario',
    '  mindsim comm-perf --cluster <preset> [--nodes N] [--op all_reduce] [-b 8] [-e 8G] [-f 2] [--json]',
    '                                     nccl-tests on a simulated cluster (mindsim comm-perf --help)',
    '  mindsim --help                     this text',
    '',
    'options of sim (besides each scenario\'s own, see `mindsim list`):',
    '  --trace <file.json>   write the run\'s Chrome trace (open it in https://ui.perfetto.dev)',
    '  --svg <file.svg>      write the run\'s timeline as SVG (lanes per stream, overflow marks)',
    '  --json                print the results as JSON instead of tables',
    '',
    `scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`,
  ].join('\n');
}

function listing(): string {
  return SCENARIOS.map((s) => {
    const params = s.parameters.map((p) => `    --${p.name.padEnd(8)} ${p.description} (default ${p.default}${p.choices ? `; one of ${p.choices.join(', ')}` : ''})`);
    return [`${s.name}: ${s.description}`, ...params].join('\n');
  }).join('\n\n');
}

/** Parses `--name value` pairs (and the flag `--json`) against a scenario's parameters. */
function parseOptions(scenario: Scenario, args: readonly string[]): { params: ScenarioParams; trace?: string; svg?: string; json: boolean } {
  const params: Record<string, number | string> = {};
  let trace: string | undefined;
  let svg: string | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}' (options start with --)`);
    const name = arg.slice(2);
    if (name === 'json') {
      json = true;
      continue;
    }
    const spec = scenario.parameters.find((p) => p.name === name);
    if (!spec && !OUTPUT_OPTIONS.includes(name)) {
      const known = [...scenario.parameters.map((p) => `--${p.name}`), '--trace', '--svg', '--json'];
      throw new UsageError(`unknown option '${arg}' for scenario '${scenario.name}'; its options: ${known.join(', ')}`);
    }
    const value = args[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`option '${arg}' needs a value`);
    if (name === 'trace') trace = value;
    else if (name === 'svg') svg = value;
    else if (spec!.kind === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n) || value.trim() === '') throw new UsageError(`option '${arg}' needs a number, but got '${value}'`);
      if (spec!.integer) {
        const min = spec!.min ?? 1;
        if (!Number.isInteger(n) || n < min) throw new UsageError(`option '${arg}' needs ${min === 1 ? 'a positive integer' : `an integer >= ${min}`}, but got '${value}'`);
      }
      params[name] = n;
    } else {
      if (spec!.choices && !spec!.choices.includes(value)) {
        throw new UsageError(`unknown ${name} '${value}' for scenario '${scenario.name}'; one of: ${spec!.choices.join(', ')}`);
      }
      params[name] = value;
    }
  }
  const filled: Record<string, number | string> = {};
  for (const p of scenario.parameters) filled[p.name] = params[p.name] ?? p.default;
  return { params: filled, ...(trace ? { trace } : {}), ...(svg ? { svg } : {}), json };
}

/** A progress bar on stderr, drawn only after a run has taken a second, and only on a terminal. */
function progressBar(io: CliIo): { update(fraction: number, label: string): void; done(): void } {
  const start = io.now();
  let drawn = false;
  return {
    update(fraction, label) {
      if (!io.errIsTty || io.now() - start < 1000) return;
      const width = 30;
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
      io.err(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${label}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) io.err('\r\x1b[K');
    },
  };
}

/** Runs the command line; resolves with the exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined) {
      io.err(`${usage()}\n`);
      return 2;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      io.out(`${usage()}\n`);
      return 0;
    }
    if (command === 'list') {
      io.out(`${listing()}\n`);
      return 0;
    }
    if (command === 'comm-perf') {
      try {
        io.out(`${commPerf(rest).text}\n`);
      } catch (e) {
        if (e instanceof CommPerfUsageError) throw new UsageError(e.message);
        throw e;
      }
      return 0;
    }
    if (command !== 'sim') throw new UsageError(`unknown command '${command}'; try: mindsim list, mindsim sim <scenario>, mindsim comm-perf, mindsim --help`);
    const [name, ...options] = rest;
    if (name === undefined || name.startsWith('--')) throw new UsageError(`sim needs a scenario: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    const scenario = findScenario(name);
    if (!scenario) throw new UsageError(`unknown scenario '${name}'; scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    const { params, trace, svg, json } = parseOptions(scenario, options);
    const bar = progressBar(io);
    let result: unknown;
    try {
      result = await scenario.run(params, bar.update);
    } finally {
      bar.done();
    }
    io.out(json ? `${JSON.stringify({ scenario: scenario.name, params, result }, null, 2)}\n` : `${scenario.format(result)}\n`);
    const write = (path: string, data: string, what: string) => {
      try {
        io.writeFile(path, data);
      } catch (e) {
        throw new UsageError(`cannot write ${what} to '${path}': ${(e as Error).message}`);
      }
      if (!json) io.out(`${what} written to ${path}\n`);
    };
    const sim = (result as { [TRACE]?: runtime.Simulator } | null)?.[TRACE] ?? getSimulator(); // a cluster scenario's own machine
    if (trace) write(trace, JSON.stringify(sim.chromeTrace()), 'Chrome trace');
    if (svg) write(svg, sim.svgTimeline({ title: `mindsim sim ${scenario.name}` }), 'SVG timeline');
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`mindsim: ${e.message}\n`);
      return 2;
    }
    const error = e instanceof Error ? e : new Error(String(e));
    io.err(`mindsim: the run failed: ${error.name}: ${error.message}\n${process.env.MINDSIM_DEBUG ? `${error.stack}\n` : ''}`);
    return 1;
  }
}

/** The process's own streams and files. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  errIsTty: process.stderr.isTTY === true,
  writeFile: (path, data) => writeFileSync(path, data),
  now: () => performance.now(),
};

/** Whether this module is the program being run (also through npx's symlinked bin). */
function isMain(): boolean {
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1] ?? '')).href;
  } catch {
    return false;
  }
}

if (isMain()) process.exitCode = await runCli(process.argv.slice(2), processIo);
