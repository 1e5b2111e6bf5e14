/**
 * The mindsim command line, on Node's util.parseArgs: --version, --help/-h on every command and
 * scenario, --name=value, every user mistake a one-line error with exit status 2 (bad values checked
 * before the run, output paths too, nothing half-written), status lines on stderr so --json is pure
 * JSON, non-finite numbers as strings, `-` for standard output, no colours; --trace (a structurally
 * valid Chrome trace), --svg, --profile, and the progress bar (only on a terminal, only after a second).
 */
import t from 'tap';
import { runCli, toJson, version, type CliIo } from '../../sim/cli.js';
import type { runtime } from '../../src/index.js';
import { chromeTraceProblems } from '../helpers/chrome-trace.js';

function io(options: { tty?: boolean; clock?: () => number; failWrite?: string; unwritable?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>();
  const removed: string[] = [];
  const fake: CliIo = {
    out: (s) => void out.push(s),
    err: (s) => void err.push(s),
    errIsTty: options.tty ?? false,
    writeFile: (path, data) => {
      if (options.failWrite === path) throw new Error(`ENOSPC: no space left on device, write '${path}'`);
      files.set(path, data);
    },
    checkWritable: (path) => (options.unwritable === path ? `no folder ${path.replace(/\/[^/]*$/, '')}` : null),
    removeFile: (path) => {
      removed.push(path);
      files.delete(path);
    },
    now: options.clock ?? (() => 0),
  };
  return { fake, out, err, files, removed, text: () => out.join(''), errors: () => err.join('') };
}

t.test('help, version and list', async (t) => {
  const h = io();
  t.equal(await runCli(['--help'], h.fake), 0);
  t.match(h.text(), /usage:\n {2}mindsim list/);
  t.match(h.text(), /scenarios: overflow, saturation, missing-depend, h2d-sync/);
  for (const flag of ['-h', 'help']) t.equal(await runCli([flag], io().fake), 0, flag);
  for (const flag of ['--version', '-v', '-V', 'version']) {
    const v = io();
    t.equal(await runCli([flag], v.fake), 0, flag);
    t.equal(v.text(), `mindsim ${version()}\n`);
  }
  t.match(version(), /^\d+\.\d+\.\d+/, 'read from package.json');
  const l = io();
  t.equal(await runCli(['list'], l.fake), 0);
  t.match(l.text(), /^overflow: float16 training with dynamic loss scaling/);
  t.match(l.text(), /--device {3}device preset \(default ascend910; one of ascend910, ascend910b, v100, a100, h100, h200, cpu\)/);
  const none = io();
  t.equal(await runCli([], none.fake), 2, 'no command: the usage on stderr, status 2');
  t.match(none.errors(), /usage:/);
  for (const argv of [['sim', '--help'], ['list', '-h'], ['comm-perf', '-h']]) t.equal(await runCli(argv, io().fake), 0, argv.join(' '));
  for (const scenario of ['overflow', 'saturation', 'missing-depend', 'h2d-sync', 'data-parallel', 'overflow-ranks', 'layerwise']) {
    for (const flag of ['--help', '-h']) {
      const x = io();
      t.equal(await runCli(['sim', scenario, flag], x.fake), 0, `${scenario} ${flag}`);
      t.match(x.text(), new RegExp(`^usage: mindsim sim ${scenario} \\[options\\]`));
    }
  }
  const o = io();
  await runCli(['sim', 'overflow', '-h'], o.fake);
  t.match(o.text(), /--seed {11}global seed \(default 1; an integer >= 0 and <= 4294967295\)/);
  t.match(o.text(), /--scale {10}initial loss scale \(default 1048576; a number >= 1 and <= 3\.4e\+38\)/);
});

t.test('user mistakes: one clear line, exit status 2, no stack trace', async (t) => {
  const cases: [string[], RegExp][] = [
    [['sim', 'nope'], /^mindsim: unknown scenario 'nope'; scenarios: overflow, saturation, missing-depend, h2d-sync, data-parallel, overflow-ranks, layerwise\n$/],
    [['sim', 'overflow', '--device', 'tpu'], /^mindsim: unknown device 'tpu' for scenario 'overflow'; one of: ascend910, ascend910b, v100, a100, h100, h200, cpu\n$/],
    [['sim', 'overflow', '--colour', 'red'], /^mindsim: unknown option '--colour' for scenario 'overflow'; its options: --device, --steps, --seed, --scale, --window, --trace, --svg, --json, --profile, --help\n$/],
    [['sim', 'overflow', '--steps', 'x'], /^mindsim: option '--steps' needs an integer >= 1, but got 'x'\n$/],
    [['sim', 'overflow', '--steps=x'], /^mindsim: option '--steps' needs an integer >= 1, but got 'x'\n$/],
    [['sim', 'overflow', '--steps', '0'], /^mindsim: option '--steps' needs an integer >= 1, but got '0'\n$/],
    [['sim', 'overflow', '--steps', '-1'], /^mindsim: option '--steps' needs an integer >= 1, but got '-1'\n$/],
    [['sim', 'overflow', '--steps', '0x2'], /^mindsim: option '--steps' needs an integer >= 1, but got '0x2'\n$/],
    [['sim', 'overflow', '--seed', '1.5'], /^mindsim: option '--seed' needs an integer >= 0 and <= 4294967295, but got '1\.5'\n$/],
    [['sim', 'overflow', '--seed', '-1'], /^mindsim: option '--seed' needs an integer >= 0/],
    [['sim', 'overflow', '--scale', '0'], /^mindsim: option '--scale' needs a number >= 1 and <= 3\.4e\+38, but got '0'\n$/],
    [['sim', 'overflow', '--scale', 'Infinity'], /^mindsim: option '--scale' needs a number >= 1/],
    [['sim', 'overflow', '--window', '0'], /^mindsim: option '--window' needs an integer >= 1, but got '0'\n$/],
    [['sim', 'h2d-sync', '--mb', '0'], /^mindsim: option '--mb' needs a number > 0 and <= 16384, but got '0'\n$/],
    [['sim', 'overflow', '--steps'], /^mindsim: option '--steps' needs a value\n$/],
    [['sim', 'overflow', '--json=yes'], /^mindsim: option '--json' takes no value\n$/],
    [['sim', 'overflow', 'extra'], /^mindsim: unexpected argument 'extra'/],
    [['sim', 'overflow', '--svg', ''], /^mindsim: option '--svg' needs a file name \(or - for standard output\), but got ''\n$/],
    [['sim', 'overflow', '--svg', '-', '--json'], /^mindsim: --svg - and --json would all write to standard output; send all but one to files\n$/],
    [['sim', 'overflow', '--svg', 'a', '--trace', 'a'], /^mindsim: --trace and --svg name the same file 'a'\n$/],
    [['sim', 'overflow-ranks', '--ranks', '3'], /^mindsim: --ranks must be 1, 2, 4 or 8/],
    [['sim', 'overflow-ranks', '--overflow-rank', '5'], /^mindsim: --overflow-rank must be one of the ranks 0\.\.3, but got 5\n$/],
    [['sim', 'data-parallel', '--ranks', '3'], /^mindsim: --ranks 3 does not fit one node of atlas800-910/],
    [['sim'], /^mindsim: sim needs a scenario: overflow, saturation, missing-depend, h2d-sync, data-parallel, overflow-ranks, layerwise\n$/],
    [['simulate'], /^mindsim: unknown command 'simulate'; try: mindsim list/],
    [['list', 'extra'], /^mindsim: list takes no arguments, but got 'extra'\n$/],
  ];
  for (const [argv, message] of cases) {
    const x = io();
    t.equal(await runCli(argv, x.fake), 2, argv.join(' '));
    t.match(x.errors(), message);
    t.notMatch(x.errors(), /\n {4}at /, 'no stack trace');
    t.equal(x.text(), '', 'nothing on stdout');
  }
  const unwritable = io({ unwritable: '/nowhere/t.json' });
  t.equal(await runCli(['sim', 'overflow', '--steps', '1', '--svg', 'ok.svg', '--trace', '/nowhere/t.json'], unwritable.fake), 2);
  t.equal(unwritable.errors(), "mindsim: cannot write --trace to '/nowhere/t.json': no folder /nowhere\n", 'refused before the run');
  t.same([unwritable.text(), [...unwritable.files.keys()]], ['', []], 'no results printed, nothing written');
  const full = io({ failWrite: 't.svg' });
  t.equal(await runCli(['sim', 'overflow', '--steps', '1', '--trace', 't.json', '--svg', 't.svg'], full.fake), 2);
  t.match(full.errors(), /mindsim: cannot write SVG timeline to 't\.svg': ENOSPC/);
  t.same([[...full.files.keys()], full.removed], [[], ['t.json']], 'the trace written before the failing SVG is removed: nothing half-written');
});

t.test('conventions: --name=value, status lines on stderr, pure JSON, non-finite numbers as strings, - for stdout, no colours', async (t) => {
  const eq = io();
  t.equal(await runCli(['sim', 'overflow', '--steps=1', '--device=cpu', '--trace=t.json'], eq.fake), 0);
  t.match(eq.text(), /on cpu\n/);
  t.notMatch(eq.text(), /written to/, 'no status on stdout');
  t.equal(eq.errors(), 'Chrome trace written to t.json\n', 'status on stderr');
  const j = io();
  t.equal(await runCli(['sim', 'overflow', '--steps', '1', '--json', '--svg', 't.svg'], j.fake), 0);
  t.doesNotThrow(() => JSON.parse(j.text()), 'stdout is pure JSON');
  t.equal(toJson({ a: Infinity, b: -Infinity, c: NaN, d: [1, 2] }), '{\n  "a": "Infinity",\n  "b": "-Infinity",\n  "c": "NaN",\n  "d": [\n    1,\n    2\n  ]\n}');
  const dash = io();
  t.equal(await runCli(['sim', 'overflow', '--steps', '1', '--svg', '-'], dash.fake), 0);
  t.match(dash.text(), /^<svg xmlns/, 'the SVG on stdout');
  t.match(dash.errors(), /^overflow: float16 LeNet/, 'the table on stderr then');
  const everything = [eq, j, dash].map((x) => x.text() + x.errors()).join('');
  t.notMatch(everything, /\x1b\[[0-9;]*m/, 'no colour codes (NO_COLOR holds: none are used)');
});

t.test('--profile: per op count, simulated device time, bytes and streams (JSON too)', async (t) => {
  const p = io();
  t.equal(await runCli(['sim', 'overflow', '--steps', '1', '--profile'], p.fake), 0);
  t.match(p.text(), /profile \(simulated device time per op\):\nop\s+kind\s+count\s+device time\s+mean\s+share\s+bytes\s+streams\n/);
  t.match(p.text(), /\nConv2D\s+kernel\s+2\s/);
  const j = io();
  t.equal(await runCli(['sim', 'overflow', '--steps', '1', '--profile', '--json'], j.fake), 0);
  const rows = (JSON.parse(j.text()) as { profile: { op: string; count: number; streams: string[] }[] }).profile;
  t.ok(rows.find((r) => r.op === 'MatMul' && r.count > 0 && r.streams[0]!.startsWith('Ascend:0/')));
});

t.test('sim: tables by default, --json for machines, --trace and --svg files', async (t) => {
  const x = io();
  t.equal(await runCli(['sim', 'overflow', '--steps', '2', '--trace', 't.json', '--svg', 't.svg'], x.fake), 0);
  t.match(x.text(), /overflow: float16 LeNet with dynamic loss scaling on ascend910\n\nstep {4}loss {4}scale {2}overflow {2}skipped/);
  t.equal(x.errors(), 'Chrome trace written to t.json\nSVG timeline written to t.svg\n');
  const trace = JSON.parse(x.files.get('t.json')!) as runtime.ChromeTrace;
  t.ok(trace.traceEvents.filter((e) => e.ph === 'X').length > 100, 'the trace has the run');
  t.same(chromeTraceProblems(trace), [], 'events nest per thread and flows match');
  t.ok(trace.traceEvents.some((e) => e.ph === 's'), 'with flows from event records to waits');
  const svg = x.files.get('t.svg')!;
  t.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="1200"/);
  t.match(svg, /<path class="overflow"/, 'overflow marks');
  t.match(svg, /<circle class="register-clear"/, 'status clears');
  t.match(svg, /<circle class="register-read"/, 'status reads');
  const j = io();
  t.equal(await runCli(['sim', 'overflow', '--steps', '2', '--json'], j.fake), 0);
  const parsed = JSON.parse(j.text()) as { scenario: string; params: { steps: number }; result: { overflowSteps: number[]; rows: { scale: number }[] } };
  t.same([parsed.scenario, parsed.params.steps, parsed.result.overflowSteps, parsed.result.rows.map((r) => r.scale)], ['overflow', 2, [1], [2 ** 20, 2 ** 19]]);
});

t.test('the progress bar: drawn on a terminal once a run takes a second, cleared after', async (t) => {
  let clock = 0;
  const slow = io({ tty: true, clock: () => (clock += 600) }); // each look at the clock: 0.6 s later
  t.equal(await runCli(['sim', 'overflow', '--steps', '3'], slow.fake), 0);
  t.match(slow.errors(), /\r\[#{20}\.{10}\] 67% step 2\/3/, 'drawn (from the second step: the first ended before a second had passed)');
  t.match(slow.errors(), /\r\[#{30}\] 100% step 3\/3/);
  t.match(slow.errors(), /\r\x1b\[K$/, 'and cleared');
  const piped = io({ tty: false, clock: () => (clock += 400) });
  await runCli(['sim', 'overflow', '--steps', '2'], piped.fake);
  t.equal(piped.errors(), '', 'not on a pipe');
  const quick = io({ tty: true, clock: () => 0 });
  await runCli(['sim', 'overflow', '--steps', '2'], quick.fake);
  t.equal(quick.errors(), '', 'not for a run under a second');
});

t.test('comm-perf prints the nccl-tests table (and JSON), and refuses bad values with status 2', async (t) => {
  const x = io();
  t.equal(await runCli(['comm-perf', '--cluster', 'dgx-h100', '--nodes', '2', '--op', 'all_reduce', '-b', '8', '-e', '8G', '-f', '2'], x.fake), 0, x.errors());
  const lines = x.text().trim().split('\n');
  t.match(lines[0]!, /all_reduce on dgx-h100 x 2 node\(s\)/);
  t.match(lines[2]!, /size\s+count\s+type\s+redop\s+root\s+time\s+algbw\s+busbw/);
  const rows = lines.filter((l) => !l.startsWith('#'));
  t.equal(rows.length, 31, '8 B to 8 GiB by 2: 31 sizes');
  t.match(rows[0]!, /^\s+8\s+2\s+float\s+sum\s+-1\s+[\d.]+\s+0\.00\s+0\.00\s+tree\/ll$/);
  t.match(rows.at(-1)!, /^\s+8589934592\s+2147483648\s+float\s+sum/);
  t.match(lines.at(-1)!, /^# Avg bus bandwidth\s+: [\d.]+$/);
  const j = io();
  t.equal(await runCli(['comm-perf', '--cluster', 'atlas800t-a2', '--op=all_gather', '-b', '1M', '-e', '4M', '--json'], j.fake), 0);
  const parsed = JSON.parse(j.text()) as { rows: { bytes: number; busbw: number }[] };
  t.same(parsed.rows.map((r) => r.bytes), [2 ** 20, 2 ** 21, 2 ** 22]);
  t.ok(parsed.rows.every((r) => r.busbw > 0));
  const help = io();
  t.equal(await runCli(['comm-perf', '--help'], help.fake), 0);
  t.match(help.text(), /--cluster\s+a cluster preset: atlas800-910, atlas800t-a2, cpu-hosts, dgx-a100, dgx-h100/);
  for (const [argv, message] of [
    [['comm-perf'], /comm-perf needs --cluster/],
    [['comm-perf', '--cluster', 'dgx-z'], /unknown cluster 'dgx-z'; one of: atlas800-910/],
    [['comm-perf', '--cluster', 'dgx-a100', '--nodes', '0'], /--nodes needs a positive integer, but got '0'/],
    [['comm-perf', '--cluster', 'dgx-a100', '--op', 'gather'], /unknown --op 'gather'/],
    [['comm-perf', '--cluster', 'dgx-a100', '-b', '8X'], /-b must be a size in bytes/],
    [['comm-perf', '--cluster', 'dgx-a100', '-b', '1G', '-e', '1M'], /-e \(1048576\) must not be less than -b/],
    [['comm-perf', '--cluster', 'dgx-a100', '-f', '1'], /-f needs a number > 1/],
    [['comm-perf', '--cluster', 'dgx-a100', '--bogus'], /Unknown option '--bogus'/],
  ] as const) {
    const bad = io();
    t.equal(await runCli(argv, bad.fake), 2, argv.join(' '));
    t.match(bad.errors(), message);
    t.equal(bad.text(), '', 'nothing on stdout');
  }
});
