/**
 * `mindsim comm-perf`: nccl-tests for a simulated cluster. Options as nccl-tests takes them
 * (`-b 8 -e 8G -f 2`, sizes with K, M, G suffixes in powers of 1024), parsed by Node's util.parseArgs.
 * @module
 */
import { parseArgs } from 'node:util';
import { communication, runtime } from '../src/index.js';
import { UsageError } from './options.js';

/** nccl-tests' size syntax: a number with an optional K, M or G (powers of 1024). */
export function parseSize(text: string, what: string): number {
  const m = /^(\d+)([KMG]?)$/i.exec(text.trim());
  if (!m) throw new UsageError(`${what} must be a size in bytes (8, 64K, 128M, 8G), but got '${text}'`);
  const scale = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 }[m[2]!.toUpperCase() as '' | 'K' | 'M' | 'G'];
  const n = Number(m[1]) * scale;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${what} must be a positive size, but got '${text}'`);
  return n;
}

/** The help text. */
export const COMM_PERF_USAGE = [
  'usage: mindsim comm-perf --cluster <preset> [--nodes N] [--op <collective>] [-b <min>] [-e <max>] [-f <factor>] [--dtype <dtype>] [--json]',
  '',
  '  --cluster   a cluster preset: ' + '<presets>',
  '  --nodes     nodes of it (default 1)',
  `  --op        ${Object.keys(communication.PERF_COLLECTIVES).join(', ')} (default all_reduce)`,
  '  -b, --minbytes   smallest size (default 8; K, M, G suffixes)',
  '  -e, --maxbytes   largest size (default 128M)',
  '  -f, --stepfactor each size is the previous times this (default 2)',
  '  --dtype     float32 (default), float16, int32, int8',
  '  --json      the rows as JSON',
].join('\n');

/** Runs `comm-perf` with its arguments; returns what to print. */
export function commPerf(args: readonly string[]): { text: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        cluster: { type: 'string' },
        nodes: { type: 'string' },
        op: { type: 'string' },
        minbytes: { type: 'string', short: 'b' },
        maxbytes: { type: 'string', short: 'e' },
        stepfactor: { type: 'string', short: 'f' },
        dtype: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (e) {
    throw new UsageError(`comm-perf: ${(e as Error).message}`);
  }
  const v = parsed.values;
  const presets = runtime.defaultClusterRegistry.names();
  if (v.help) return { text: COMM_PERF_USAGE.replace('<presets>', presets.join(', ')) };
  if (!v.cluster) throw new UsageError(`comm-perf needs --cluster (one of ${presets.join(', ')})`);
  if (!runtime.defaultClusterRegistry.preset(v.cluster)) throw new UsageError(`unknown cluster '${v.cluster}'; one of: ${presets.join(', ')}`);
  const nodes = v.nodes === undefined ? 1 : Number(v.nodes);
  if (!Number.isSafeInteger(nodes) || nodes < 1) throw new UsageError(`--nodes needs a positive integer, but got '${v.nodes}'`);
  const op = v.op ?? 'all_reduce';
  if (!Object.hasOwn(communication.PERF_COLLECTIVES, op)) throw new UsageError(`unknown --op '${op}'; one of: ${Object.keys(communication.PERF_COLLECTIVES).join(', ')}`);
  const minBytes = parseSize(v.minbytes ?? '8', '-b');
  const maxBytes = parseSize(v.maxbytes ?? '128M', '-e');
  if (maxBytes < minBytes) throw new UsageError(`-e (${maxBytes}) must not be less than -b (${minBytes})`);
  const factor = v.stepfactor === undefined ? 2 : Number(v.stepfactor);
  if (!(factor > 1) || !Number.isFinite(factor)) throw new UsageError(`-f needs a number > 1, but got '${v.stepfactor}'`);
  const dtype = v.dtype ?? 'float32';
  if (!['float32', 'float16', 'int32', 'int8'].includes(dtype)) throw new UsageError(`unknown --dtype '${dtype}'; one of: float32, float16, int32, int8`);
  if (nodes * runtime.defaultClusterRegistry.preset(v.cluster)!.devicesPerNode > runtime.MAX_RANKS) throw new UsageError(`--nodes ${nodes} makes more than ${runtime.MAX_RANKS} ranks`);
  const rows = communication.perf({ cluster: v.cluster, nodes, collective: op as communication.PerfCollective, minBytes, maxBytes, factor, dtype });
  if (v.json) return { text: JSON.stringify({ cluster: v.cluster, nodes, op, dtype, rows }, (_, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x), 2) };
  return { text: communication.formatPerf(rows, { cluster: v.cluster, nodes, collective: op as communication.PerfCollective, dtype }) };
}
