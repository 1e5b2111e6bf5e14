/**
 * nccl-tests for a simulated cluster: a collective timed at a range of sizes, with nccl-tests'
 * definitions of algorithm and bus bandwidth (NVIDIA/nccl-tests doc/PERFORMANCE.md): algbw = S / t
 * (GB = 1e9 bytes) and busbw = algbw × factor, factor 2(n − 1)/n for AllReduce, (n − 1)/n for AllGather,
 * ReduceScatter and AlltoAll, 1 for Broadcast; S is each rank's buffer (AllGather and ReduceScatter:
 * the whole gathered array). Timing-only by default, so large sizes cost no host memory.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { resolveDType, type CollectiveAttrs, type DTypeLike } from '../../kernels/index.js';
import { Cluster, busFactor, type ClusterSpec, type CollectiveKind } from '../../runtime/index.js';

/** The collectives perf times, by their nccl-tests names. */
export const PERF_COLLECTIVES = Object.freeze({
  /** all_reduce_perf */
  all_reduce: 'AllReduce',
  /** all_gather_perf */
  all_gather: 'AllGather',
  /** reduce_scatter_perf */
  reduce_scatter: 'ReduceScatter',
  /** broadcast_perf */
  broadcast: 'Broadcast',
  /** alltoall_perf */
  alltoall: 'AlltoAll',
} as const satisfies Record<string, CollectiveKind>);

/** One of {@link PERF_COLLECTIVES}' names. */
export type PerfCollective = keyof typeof PERF_COLLECTIVES;

/** Options of {@link perf}. */
export interface PerfOptions {
  /** A cluster preset or a spec of your own. */
  readonly cluster: string | ClusterSpec;
  /** Nodes (default 1). */
  readonly nodes?: number;
  /** The collective, as nccl-tests names it (default `all_reduce`). */
  readonly collective?: PerfCollective;
  /** The smallest size in bytes (default 8). */
  readonly minBytes?: number;
  /** The largest size in bytes (default 128 MiB). */
  readonly maxBytes?: number;
  /** Each size is the previous times this (default 2). */
  readonly factor?: number;
  /** The element type (default float32). */
  readonly dtype?: DTypeLike;
}

/** One row of the table, as nccl-tests prints it. */
export interface PerfRow {
  /** S: bytes (each rank's buffer; AllGather and ReduceScatter: the whole gathered array). */
  readonly bytes: number;
  /** Elements in S. */
  readonly count: number;
  /** The collective's time, µs. */
  readonly timeUs: number;
  /** S / t, GB/s. */
  readonly algbw: number;
  /** algbw × the collective's factor, GB/s. */
  readonly busbw: number;
  /** The algorithm and protocol the library chose (`ring/simple`). */
  readonly algorithm: string;
}

const check = (ok: boolean, message: string) => {
  if (!ok) throw new ArgumentValueError(`communication.perf: ${message}`);
};

/**
 * Times a collective over every rank of a simulated cluster at sizes from `minBytes` to `maxBytes`.
 *
 * @throws {@link ArgumentValueError} for an unknown cluster or collective, or sizes and factor out of
 *   range; {@link ArgumentTypeError} when options is not an object.
 * @example
 * ```ts
 * import { communication } from 'mindsim';
 * const rows = communication.perf({ cluster: 'dgx-h100', collective: 'all_reduce', minBytes: 2 ** 30, maxBytes: 2 ** 30 });
 * console.log(rows[0]!.busbw.toFixed(0), rows[0]!.algorithm); // 478 nvls/simple
 * ```
 */
export function perf(options: PerfOptions): PerfRow[] {
  if (options === null || typeof options !== 'object') throw new ArgumentTypeError('communication.perf: options must be an object with a cluster');
  const name = options.collective ?? 'all_reduce';
  const kind = PERF_COLLECTIVES[name as PerfCollective];
  check(kind !== undefined && Object.hasOwn(PERF_COLLECTIVES, name), `unknown collective '${String(name)}' (one of ${Object.keys(PERF_COLLECTIVES).join(', ')})`);
  const dtype = resolveDType(options.dtype ?? 'float32', 'communication.perf');
  const min = options.minBytes ?? 8;
  const max = options.maxBytes ?? 128 * 2 ** 20;
  const factor = options.factor ?? 2;
  check(Number.isSafeInteger(min) && min >= 1, `minBytes must be a positive integer, but got ${String(min)}`);
  check(Number.isSafeInteger(max) && max >= min, `maxBytes must be an integer >= minBytes (${min}), but got ${String(max)}`);
  check(typeof factor === 'number' && factor > 1 && Number.isFinite(factor), `factor must be a number > 1, but got ${String(factor)}`);
  const cluster = new Cluster(options.cluster, options.nodes ?? 1, { timingOnly: true });
  const n = cluster.size;
  const sim = cluster.platform.sim;
  const attrs: CollectiveAttrs = kind === 'Broadcast' ? { kind, root: 0 } : kind === 'AlltoAll' ? { kind, splitCount: n, splitDim: 0, concatDim: 0 } : kind === 'AllGather' ? { kind } : { kind, op: 'sum' };
  const rows: PerfRow[] = [];
  for (let size = min; size <= max; size = Math.max(size + 1, Math.floor(size * factor))) {
    // nccl-tests rounds each size down to whole elements (and, where it splits by rank, whole blocks)
    const unit = dtype.itemsize * (kind === 'AllGather' || kind === 'ReduceScatter' || kind === 'AlltoAll' ? n : 1);
    const bytes = Math.max(unit, Math.floor(size / unit) * unit);
    const start = sim.now();
    for (let r = 0; r < n; r++) cluster.hub.submit(r, cluster.device(r).defaultStream, { op: kind, attrs, group: cluster.hub.worldGroup, signature: `${kind} ${bytes}`, bytes });
    sim.run();
    const t = (sim.now() - start) / 1e9;
    const algbw = bytes / t / 1e9;
    const algorithm = cluster.hub.lastPlan ? `${cluster.hub.lastPlan.algorithm}/${cluster.hub.lastPlan.protocol}` : 'local';
    rows.push({ bytes, count: bytes / dtype.itemsize, timeUs: t * 1e6, algbw, busbw: algbw * busFactor(kind, n), algorithm });
  }
  return rows;
}

/**
 * The rows as nccl-tests prints them (a header, one line per size, the average bus bandwidth).
 *
 * @example
 * ```ts
 * import { communication } from 'mindsim';
 * const text = communication.formatPerf(communication.perf({ cluster: 'dgx-a100', minBytes: 8, maxBytes: 8 }), { cluster: 'dgx-a100', nodes: 1, collective: 'all_reduce', dtype: 'float32' });
 * console.log(text.split("\n")[4]); //            8             2     float     sum      -1    14.18    0.00    0.00  ring/ll
 * ```
 */
export function formatPerf(rows: readonly PerfRow[], about: { cluster: string; nodes: number; collective: PerfCollective; dtype: string }): string {
  const kind = PERF_COLLECTIVES[about.collective];
  const type = resolveDType(about.dtype, 'formatPerf');
  const typeName = { float32: 'float', float16: 'half', float64: 'double', int32: 'int32', int8: 'int8', bfloat16: 'bfloat16' }[type.name as 'float32'] ?? type.name;
  const redop = kind === 'AllReduce' || kind === 'ReduceScatter' ? 'sum' : 'none';
  const root = kind === 'Broadcast' ? '0' : '-1';
  const pad = (s: string | number, w: number) => String(s).padStart(w);
  const lines = [
    `# mindsim comm-perf: ${about.collective} on ${about.cluster} x ${about.nodes} node(s), simulated (timing-only)`,
    '#                                                              out-of-place',
    `# ${pad('size', 10)} ${pad('count', 13)} ${pad('type', 9)} ${pad('redop', 7)} ${pad('root', 7)} ${pad('time', 8)} ${pad('algbw', 7)} ${pad('busbw', 7)}  algorithm`,
    `# ${pad('(B)', 10)} ${pad('(elements)', 13)} ${pad('', 9)} ${pad('', 7)} ${pad('', 7)} ${pad('(us)', 8)} ${pad('(GB/s)', 7)} ${pad('(GB/s)', 7)}`,
    ...rows.map((r) => `${pad(r.bytes, 12)} ${pad(r.count, 13)} ${pad(typeName, 9)} ${pad(redop, 7)} ${pad(root, 7)} ${pad(r.timeUs.toFixed(2), 8)} ${pad(r.algbw.toFixed(2), 7)} ${pad(r.busbw.toFixed(2), 7)}  ${r.algorithm}`),
    `# Avg bus bandwidth    : ${(rows.reduce((s, r) => s + r.busbw, 0) / Math.max(1, rows.length)).toFixed(4)}`,
  ];
  return lines.join('\n');
}
