/**
 * One explored run: a fresh ExecutionContext (a fresh simulated machine, the same starting seed,
 * GRAPH_MODE under a given schedule); the program's result read back to the host, the trace, the choices made and the ops in
 * the order they were launched.
 * @module
 */
import type { ScheduleOptions, TraceRecord } from '../../runtime/index.js';
import { ExecutionContext } from '../execution-context.js';
import { executorOf } from '../graph/executor.js';
import type { OpNode } from '../graph/op-node.js';
import { NDArray } from '../numpy/index.js';
import { Tensor } from '../tensor.js';

/** A program's result with every Tensor read back to the host as an NDArray. */
export type HostValue<R> = R extends Tensor
  ? NDArray
  : R extends NDArray
    ? R
    : R extends readonly unknown[]
      ? { [K in keyof R]: HostValue<R[K]> }
      : R extends object
        ? { [K in keyof R]: HostValue<R[K]> }
        : R;

/** An op of an explored run, in launch order. */
export interface ExploredOp {
  /** Its place in program order (0 for the first op the program called). */
  readonly index: number;
  /** The primitive's name. */
  readonly name: string;
  /** The device work item that ran it (its id in the trace). */
  readonly workId: number;
  /** Program-order indices of the unfinished ops it had to follow when launched. */
  readonly after: readonly number[];
  /** The batch it was launched in (0 for the first; a read of a value or the batch limit ends one). */
  readonly batch: number;
}

/** What the property sees of one run. */
export interface ExploreRun<R> {
  /** The program's return value, tensors read to the host (undefined when it threw). */
  readonly result: HostValue<R> | undefined;
  /** The error the program or the device raised, if any. */
  readonly error?: Error;
  /** The run's trace records (`runtime.findRaces`, `happensBefore` read them). */
  readonly trace: readonly TraceRecord[];
  /** The schedule: the choices made, one per step at which more than one op was ready. */
  readonly schedule: readonly number[];
  /** The ops in launch order. */
  readonly ops: readonly ExploredOp[];
}

/** A run together with the op nodes it launched (for diagnosis). */
export interface RunRecord<R> {
  readonly run: ExploreRun<R>;
  readonly nodes: readonly OpNode[];
  readonly first: number;
}

/** Reads tensors in a result to the host (arrays and plain objects are walked). */
export function toHost(value: unknown): unknown {
  if (value instanceof Tensor) return value.asnumpy();
  if (value instanceof NDArray || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toHost);
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toHost(v)]));
}

/** Where an explored run starts: the caller's device and print sink, and a global seed. */
export interface RunBase {
  readonly deviceTarget: 'Ascend' | 'GPU' | 'CPU';
  readonly device: string | undefined;
  readonly deviceId: number;
  readonly printSink: (text: string) => void;
  readonly seed: number;
}

/**
 * Runs `program` once in a fresh context (a fresh machine, GRAPH_MODE) under `schedule`. The run keeps
 * no trace (most properties never read it, and recording is a sixth of a small run's cost): reading
 * `run.trace` replays the run's own choices with the trace on — the same run, since a run is
 * determined by its starting seed and its choices — its prints going nowhere the second time.
 */
export function runProgram<R>(program: () => R, schedule: ScheduleOptions, base: RunBase, record = 0): RunRecord<R> {
  const { seed, printSink, device, ...target } = base;
  const ctx = new ExecutionContext({ ...target, ...(device !== undefined ? { device } : {}), mode: 'GRAPH_MODE', schedule, seed, printSink, platform: { record } });
  const executor = executorOf(ctx);
  const first = executor.nextNodeId;
  executor.logLaunches(true);
  let result: HostValue<R> | undefined;
  let error: Error | undefined;
  try {
    result = ctx.run(() => toHost(program())) as HostValue<R>;
    executor.drain();
  } catch (e) {
    error = e instanceof Error ? e : new Error(String(e));
  }
  const log = executor.logLaunches(false);
  const ops: ExploredOp[] = log.map(({ node, deps, batch }) => ({
    batch,
    index: node.id - first,
    name: node.name,
    workId: node.workId,
    after: deps.map((d) => d.id - first).filter((i) => i >= 0),
  }));
  // the trace is made when the property first reads it
  const sim = ctx.getSimulator();
  const choices = executor.scheduleChoices();
  let trace: TraceRecord[] | undefined;
  const traced = (): TraceRecord[] => {
    if (record > 0) return sim.records();
    const again = { policy: 'replay' as const, choices, ...(schedule.streams !== undefined ? { streams: schedule.streams } : {}), ...(schedule.batchLimit !== undefined ? { batchLimit: schedule.batchLimit } : {}) };
    return runProgram(program, again, { ...base, printSink: () => {} }, Infinity).run.trace as TraceRecord[];
  };
  const run = {
    result,
    get trace(): TraceRecord[] {
      return (trace ??= traced());
    },
    schedule: choices,
    ops,
    ...(error ? { error } : {}),
  } as ExploreRun<R>;
  return { run, nodes: log.map((l) => l.node), first };
}
