#!/usr/bin/env node
/**
 * The `mindsim` command line: `mindsim list`, `mindsim sim <scenario> [options]`, `mindsim comm-perf`,
 * `mindsim --help`.
 * User mistakes (an unknown scenario, device or option, a bad number) print one clear line and exit
 * with status 2, never a stack trace; a failure inside a run exits with 1.
 * @module
 */
import { accessSync, constants, existsSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getSimulator, type runtime } from '../src/index.js';
import { SCENARIOS, TRACE, findScenario } from './scenarios/index.js';
import { UsageError, parseSimOptions, scenarioHelp } from './options.js';
import { profileOf } from './profile.js';
import { commPerf } from './comm-perf.js';
import { exploreCommand } from './explore-cli.js';
import { enableRelaxedSimd } from './relaxed-simd.js';

/** Where the command line writes. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether `err` is a terminal (the progress bar is drawn only there). */
  readonly errIsTty: boolean;
  /** Writes a file (tests give their own). */
  writeFile(path: string, data: string): void;
  /** Why a file cannot be written there (no such folder, not writable, a folder), or null; checked before a run. */
  checkWritable?(path: string): string | null;
  /** Removes a file this run wrote (when a later output fails, so nothing is left half-written). */
  removeFile?(path: string): void;
  /** Milliseconds, for the progress bar's one-second rule. */
  now(): number;
}

function usage(): string {
  return [
    'mindsim: simulated Ascend, GPU and CPU devices running a MindSpore-style programming model',
    '',
    'usage:',
    '  mindsim list                       the scenarios and their options',
    '  mindsim sim <scenario> [options]   run a scenario (mindsim sim <scenario> --help: its options)',
    '  mindsim comm-perf --cluster <preset> [--nodes N] [--op all_reduce] [-b 8] [-e 8G] [-f 2] [--json]',
    '                                     nccl-tests on a simulated cluster (mindsim comm-perf --help)',
    '  mindsim explore <module.mjs> [--policy] [--runs] [--seed] [--workers N] [--shard i/n] [--replay s] [--json]',
    '                                     explore a program module\'s execution orders (mindsim explore --help)',
    '  mindsim explore --merge <report.json>...   join the shards\' reports',
    '  mindsim --version                  the version',
    '  mindsim --help                     this text',
    '',
    'options of sim (besides each scenario\'s own; --name value or --name=value):',
    '  --trace <file.json>   write the run\'s Chrome trace (open it in https://ui.perfetto.dev; - : standard output)',
    '  --svg <file.svg>      write the run\'s timeline as SVG (lanes per stream, overflow marks; - : standard output)',
    '  --json                print the results as JSON instead of tables',
    '  --profile             a summary per op: count, simulated device time, bytes, streams',
    '',
    'Mistakes print one line on stderr and exit with status 2; a failing run exits with 1. No colours are',
    'used (NO_COLOR is respected trivially); status lines go to stderr.',
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

/** The package's version (from its package.json, beside sim/ in a checkout or above dist/sim/ when built). */
export function version(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'mindsim' && pkg.version) return pkg.version;
    } catch {
      // not there: the other layout
    }
  }
  return 'unknown';
}

/** JSON with non-finite numbers as strings ("Infinity", "NaN"), never null. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x), 2);
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
    if (command === '--version' || command === '-v' || command === '-V' || command === 'version') {
      io.out(`mindsim ${version()}\n`);
      return 0;
    }
    if (command === 'list') {
      if (rest.some((a) => a === '--help' || a === '-h')) io.out('usage: mindsim list   the scenarios and their options\n');
      else if (rest.length > 0) throw new UsageError(`list takes no arguments, but got '${rest[0]}'`);
      else io.out(`${listing()}\n`);
      return 0;
    }
    if (command === 'comm-perf') {
      io.out(`${commPerf(rest).text}\n`);
      return 0;
    }
    if (command === 'explore') {
      const { text, status } = await exploreCommand(rest);
      io.out(`${text}\n`); // a failure's report too: --json > shard.json must hold it
      return status;
    }
    if (command !== 'sim') throw new UsageError(`unknown command '${command}'; try: mindsim list, mindsim sim <scenario>, mindsim comm-perf, mindsim explore, mindsim --help`);
    return await sim(rest, io);
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

/** The SVG's title: the scenario, the device (or cluster) and the step count. */
export function titleOf(name: string, params: Readonly<Record<string, number | string>>): string {
  const where = params['device'] ?? params['cluster'];
  const steps = params['steps'];
  return `mindsim sim ${name}${where !== undefined ? ` on ${where}` : ''}${steps !== undefined ? `, ${steps} step${steps === 1 ? '' : 's'}` : ''}`;
}

/** `mindsim sim <scenario> [options]`. */
async function sim(args: readonly string[], io: CliIo): Promise<number> {
  const [name, ...options] = args;
  if (name === '--help' || name === '-h') {
    io.out(`usage: mindsim sim <scenario> [options]\n\n${listing()}\n`);
    return 0;
  }
  if (name === undefined || name.startsWith('-')) throw new UsageError(`sim needs a scenario: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const scenario = findScenario(name);
  if (!scenario) throw new UsageError(`unknown scenario '${name}'; scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const opts = parseSimOptions(scenario, options);
  if (opts.help) {
    io.out(`${scenarioHelp(scenario)}\n`);
    return 0;
  }
  // output paths are checked before the run: a mistake costs nothing and leaves nothing behind
  for (const [what, path] of [['--trace', opts.trace], ['--svg', opts.svg]] as const) {
    if (path === undefined || path === '-') continue;
    const problem = io.checkWritable?.(path) ?? null;
    if (problem) throw new UsageError(`cannot write ${what} to '${path}': ${problem}`);
  }
  const bar = progressBar(io);
  let result: unknown;
  try {
    result = await scenario.run(opts.params, bar.update);
  } finally {
    bar.done();
  }
  const simulator = (result as { [TRACE]?: runtime.Simulator } | null)?.[TRACE] ?? getSimulator(); // a cluster scenario's own machine
  const profiled = opts.profile ? profileOf(simulator) : null;
  // standard output carries one thing: the JSON, a file sent to -, or the tables
  const stdoutTaken = opts.trace === '-' || opts.svg === '-';
  const results = opts.json ? `${toJson({ scenario: scenario.name, params: opts.params, result, ...(profiled ? { profile: profiled.rows } : {}) })}\n` : `${scenario.format(result)}\n${profiled ? `\n${profiled.text}\n` : ''}`;
  (stdoutTaken ? io.err : io.out).call(io, results);
  const outputs: [string, string, () => string][] = [];
  if (opts.trace !== undefined) outputs.push(['Chrome trace', opts.trace, () => JSON.stringify(simulator.chromeTrace())]);
  if (opts.svg !== undefined) outputs.push(['SVG timeline', opts.svg, () => simulator.svgTimeline({ title: titleOf(scenario.name, opts.params) })]);
  const written: string[] = [];
  for (const [what, path, data] of outputs) {
    if (path === '-') {
      io.out(data());
      continue;
    }
    try {
      io.writeFile(path, data());
    } catch (e) {
      for (const done of written) io.removeFile?.(done); // nothing half-written
      throw new UsageError(`cannot write ${what} to '${path}': ${(e as Error).message}`);
    }
    written.push(path);
  }
  for (const [what, path] of outputs) if (path !== '-') io.err(`${what} written to ${path}\n`);
  return 0;
}

/** The process's own streams and files. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  errIsTty: process.stderr.isTTY === true,
  writeFile: (path, data) => writeFileSync(path, data),
  checkWritable(path) {
    try {
      if (existsSync(path) && statSync(path).isDirectory()) return 'it is a folder';
      const dir = dirname(resolve(path));
      if (!existsSync(dir)) return `no folder ${dir}`;
      accessSync(dir, constants.W_OK);
      if (existsSync(path)) accessSync(path, constants.W_OK);
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  },
  removeFile: (path) => rmSync(path, { force: true }),
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

if (isMain()) {
  enableRelaxedSimd();
  process.exitCode = await runCli(process.argv.slice(2), processIo);
}
