/**
 * The SPMD launcher: runs a program once per rank of a simulated cluster, each rank in its own
 * ExecutionContext on its own device of one shared platform (one clock), as MindSpore runs one process
 * per device.
 *
 * How a rank waits: a rank's program is an ordinary function, or an `async` one that reads values with
 * `await tensor.asnumpyAsync()`. JavaScript runs one function at a time and cannot block one rank while
 * another runs, so a rank whose value depends on other ranks (a collective they have not reached yet)
 * must yield, as TensorFlow.js programs do with `await t.data()`. The launcher runs one rank at a time:
 * it starts each rank until its first await, then advances the shared simulation until some awaited
 * value is ready, and resumes those ranks in rank order; every choice is deterministic. A synchronous
 * read (`asnumpy`, `String(t)`) works inside a rank whenever the value does not wait for another rank;
 * when it does, it is a DeadlockError that says to await, never a hang.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, DeadlockError, LaunchError } from '../../errors/index.js';
import { Cluster, ParameterServerHub, deadlockError, defaultRegistry, type ClusterSpec, type ScheduleOptions } from '../../runtime/index.js';
import { ExecutionContext, switchContext, type ExecutionMode, type RankWaits } from '../execution-context.js';
import { executorOf } from '../graph/executor.js';
import type { NDArray } from '../numpy/index.js';
import type { Tensor } from '../tensor.js';

/** Options of {@link launch}. */
export interface LaunchOptions {
  /** A cluster preset (`dgx-h100`, `atlas800-910`...) or a spec of your own. */
  readonly cluster: string | ClusterSpec;
  /** Nodes of it (default 1). */
  readonly nodes?: number;
  /** Use only the first devices of each node (a 4-NPU job on an Atlas server); all by default. */
  readonly devicesPerNode?: number;
  /** Every rank's execution mode (default GRAPH_MODE, as MindSpore's). */
  readonly mode?: ExecutionMode;
  /** Every rank's GRAPH_MODE schedule (default critical-path). */
  readonly schedule?: ScheduleOptions;
  /** Trace records the shared simulator keeps (default 100,000). */
  readonly record?: number;
  /** Costs and ordering only: no arithmetic, no data (large clusters and sizes cost no host memory). */
  readonly timingOnly?: boolean;
  /** Seed of the tie-break among same-time events (see the Simulator). */
  readonly tieBreakSeed?: number;
  /** How long a collective waits for a failed peer before it fails, simulated ns (default 1800 s). */
  readonly collectiveTimeoutNs?: number;
  /** Where the ranks' `print` and Print ops write (default standard output). */
  readonly printSink?: (text: string) => void;
  /** A global seed every rank starts from (as each process calling `setSeed`); none by default. */
  readonly seed?: number;
  /**
   * Parameter-server training: `servers` server processes (and a scheduler) besides the ranks, which
   * become the workers (their environment has `MS_ROLE=MS_WORKER`, `MS_SERVER_NUM`, `MS_WORKER_NUM`:
   * `setPsContext({ enablePs: true })` reads it). Server s runs on the host CPU of node s mod nodes and
   * runs r1.5's server loop: what `model.train` does on a server; the program runs on the workers.
   */
  readonly ps?: {
    /** How many servers (keys are spread over them: key mod servers). */
    readonly servers: number;
  };
}

/** @internal how the explorer steers a launch: each rank's schedule, and the order ready ranks resume in */
export interface LaunchHooks {
  /** Rank r's GRAPH_MODE schedule (over the options' schedule). */
  rankSchedule?(rank: number): ScheduleOptions;
  /** Of `n` ranks ready to resume at once, which goes next (0: the lowest rank). */
  interleave?(n: number): number;
  /** Called with every rank's context before any program runs. */
  beforeStart?(contexts: readonly ExecutionContext[]): void;
}

/** What a rank's program is given. */
export interface RankInfo {
  /** Its world rank. */
  readonly rank: number;
  /** Its number on its node. */
  readonly localRank: number;
  /** Its node. */
  readonly node: number;
  /** The world size. */
  readonly size: number;
  /** Its device's name on the cluster's platform (`GPU:5`). */
  readonly device: string;
  /** Its context (current while its program runs). */
  readonly context: ExecutionContext;
}

/** What {@link launch} returns. */
export interface LaunchResult<R> {
  /** Each rank's result, by rank. */
  readonly results: R[];
  /** The simulated time when the last rank finished, ns. */
  readonly time: number;
  /** The cluster (its platform's simulator holds the trace). */
  readonly cluster: Cluster;
  /** Each rank's context. */
  readonly contexts: readonly ExecutionContext[];
}

interface Waiter {
  readonly tensor: Tensor;
  readonly owner: ExecutionContext;
  readonly resolve: (value: NDArray) => void;
  readonly reject: (error: Error) => void;
  /** Work items of its owner's device still to finish (the last of each stream when it began waiting). */
  pending: number;
  /** Whether the value is on the host. */
  arrived: boolean;
}

interface RankState {
  readonly rank: number;
  readonly context: ExecutionContext;
  status: 'running' | 'done' | 'failed';
  result?: unknown;
  error?: Error;
  waiters: Waiter[];
}

/** A macrotask boundary: every microtask queued before it has run. */
const macrotask = (): Promise<void> => new Promise((resolve) => (globalThis.setImmediate ?? setTimeout)(resolve));

class Launcher implements RankWaits {
  readonly states: RankState[] = [];
  /** The interleaving choices made: at each resumption with more than one rank ready, the one taken. */
  readonly interleaving: number[] = [];
  constructor(
    readonly cluster: Cluster,
    private readonly hooks: LaunchHooks,
  ) {}

  read(ctx: ExecutionContext, t: Tensor): Promise<NDArray> {
    const state = this.states.find((s) => s.context === ctx);
    const owner = t.data_.owner?.context ?? ctx;
    if (!state) return Promise.resolve(t.asnumpy());
    executorOf(owner).launchPending(); // its collectives reach the hub before this rank waits
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { tensor: t, owner, resolve, reject, pending: 0, arrived: false };
      // ready when its owner's device has nothing left to run (the last item of each stream has
      // finished) and the value has come back to the rank's host (a D2H copy and the sync latency,
      // on that rank's time: other ranks go on meanwhile)
      const arrived = () => executorOf(owner).readAsync(t, () => {
        waiter.arrived = true;
        this.readyCount++;
      });
      waiter.pending = 1;
      const settled = () => {
        if (--waiter.pending === 0) arrived();
      };
      for (const s of owner.currentDevice().listStreams()) {
        const last = s.last;
        if (!last || last.finished) continue;
        waiter.pending++;
        (last.onFinish ??= []).push(settled);
      }
      state.waiters.push(waiter);
      settled();
    });
  }

  /** Waiters whose values are ready, not yet resumed (the simulation runs until there is one). */
  private readyCount = 0;

  /** Whether a waiter's value is ready (its device idle and the value on the host). */
  private ready(w: Waiter): boolean {
    return w.arrived;
  }

  /** Runs one rank until it awaits a read again, returns, or throws. */
  private async turn(state: RankState, resume: () => void): Promise<void> {
    const previous = switchContext(state.context);
    try {
      resume();
      await macrotask(); // the rank's continuations run now, with its context current
    } finally {
      switchContext(previous);
    }
    if (state.status === 'running' && state.waiters.length === 0) {
      this.fail(state, new ArgumentValueError(
        `launch: rank ${state.rank} awaits something other than a mindsim read (a timer, I/O, or a promise resolved elsewhere); inside launch, await tensor.asnumpyAsync() and promises that resolve at once`,
      ));
    }
  }

  private fail(state: RankState, error: Error): void {
    if (state.status !== 'running') return;
    state.status = 'failed';
    state.error = error;
    this.cluster.hub.rankExited(state.rank, error);
  }

  async run<R>(program: (info: RankInfo) => R | Promise<R>): Promise<void> {
    for (const state of this.states) {
      const info = rankInfo(this.cluster, state);
      await this.turn(state, () => {
        let out: unknown;
        try {
          out = program(info);
        } catch (e) {
          this.fail(state, asError(e));
          return;
        }
        Promise.resolve(out).then(
          (v) => {
            if (state.status !== 'running') return;
            try {
              executorOf(state.context).launchPending(); // its graph runs to the end, as MindSpore's does
              [state.status, state.result] = ['done', v];
            } catch (e) {
              this.fail(state, asError(e));
            }
          },
          (e: unknown) => this.fail(state, asError(e)),
        );
      });
    }
    const sim = this.cluster.platform.sim;
    let deadlockedAt = -1;
    for (;;) {
      const waiting = this.states.filter((s) => s.status === 'running' && s.waiters.length > 0);
      if (waiting.length === 0) return this.finish();
      if (!sim.runUntil(() => this.readyCount > 0)) {
        const error = this.cluster.hub.crossedWaits() ?? this.deadlock(waiting);
        if (deadlockedAt === sim.eventsFired) {
          for (const s of waiting) this.fail(s, error); // they caught it and waited again: nothing can change
          continue;
        }
        deadlockedAt = sim.eventsFired;
        for (const s of waiting) await this.turn(s, () => s.waiters.splice(0).forEach((w) => w.reject(error)));
        continue;
      }
      const pool = waiting.filter((s) => s.waiters.some((w) => this.ready(w)));
      const order: RankState[] = [];
      while (pool.length > 0) {
        let c = 0;
        if (pool.length > 1 && this.hooks.interleave) {
          c = this.hooks.interleave(pool.length);
          this.interleaving.push(c);
        }
        order.push(...pool.splice(c, 1));
      }
      for (const s of order) {
        const ready = s.waiters.filter((w) => this.ready(w));
        if (ready.length === 0) continue;
        this.readyCount -= ready.length;
        s.waiters = s.waiters.filter((w) => !ready.includes(w));
        await this.turn(s, () => {
          for (const w of ready) {
            try {
              w.resolve(w.tensor.asnumpy());
            } catch (e) {
              w.reject(asError(e));
            }
          }
        });
      }
    }
  }

  /**
   * Every program has ended: the work they left runs to its end. Work that can never end (a collective
   * a rank never reached) and sticky errors fail the ranks they belong to.
   */
  private finish(): void {
    const sim = this.cluster.platform.sim;
    sim.run();
    for (const s of this.states) {
      if (s.status !== 'done') continue;
      const device = s.context.currentDevice();
      const stuck = device.listStreams().some((st) => !st.idle);
      if (stuck) {
        const waiting = this.cluster.hub.waiting().map((w) => `\n  ${w}`).join('');
        s.status = 'running'; // it failed after all
        this.fail(s, this.cluster.hub.crossedWaits() ?? new DeadlockError(`launch: rank ${s.rank} returned, but work it left on ${device.name} can never finish:${waiting}\n${deadlockError(device.name, this.cluster.platform.allStreams()).message}`));
        continue;
      }
      const sticky = device.listStreams().find((st) => st.error)?.error;
      if (sticky) {
        s.status = 'running';
        this.fail(s, sticky);
      }
    }
  }

  private deadlock(waiting: readonly RankState[]): Error {
    const streams = this.cluster.platform.allStreams();
    const lines = waiting.map((s) => `  rank ${s.rank} awaits a value on ${s.waiters[0]!.owner.currentDevice().name}`);
    const ended = this.states.filter((s) => s.status !== 'running').map((s) => `rank ${s.rank} ${s.status === 'done' ? 'returned' : 'failed'}`);
    const base = deadlockError(`the awaited values of rank${waiting.length === 1 ? '' : 's'} ${waiting.map((s) => s.rank).join(', ')}`, streams);
    const collectives = this.cluster.hub.waiting().map((w) => `  ${w}`);
    return new DeadlockError(
      `launch: no rank can go on at t=${this.cluster.platform.sim.now()} ns.\n${lines.join('\n')}${collectives.length ? `\n${collectives.join('\n')}` : ''}${ended.length ? `\n  ${ended.join('; ')}` : ''}\n${base.message}`,
    );
  }
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** A rank's environment, as its launcher sets it for a MindSpore process (RANK_ID and the rank table; a PS worker's role). */
function rankEnv(cluster: Cluster, rank: number, servers: number | undefined): Record<string, string> {
  const env: Record<string, string> = { RANK_ID: String(rank), RANK_SIZE: String(cluster.size), DEVICE_ID: String(cluster.topology.localRankOf(rank)) };
  if (servers !== undefined) Object.assign(env, { MS_ROLE: 'MS_WORKER', MS_SERVER_NUM: String(servers), MS_WORKER_NUM: String(cluster.size), MS_SCHED_HOST: '127.0.0.1', MS_SCHED_PORT: '8081' });
  return env;
}

function rankInfo(cluster: Cluster, state: RankState): RankInfo {
  const t = cluster.topology;
  return { rank: state.rank, localRank: t.localRankOf(state.rank), node: t.nodeOf(state.rank), size: t.size, device: cluster.device(state.rank).name, context: state.context };
}

/**
 * Runs `program` once per rank of a simulated cluster (SPMD), each rank in its own ExecutionContext
 * on its own device of one platform, and returns every rank's result and the simulated time. A rank's
 * program may be synchronous, or `async` and read values that wait for other ranks with
 * `await tensor.asnumpyAsync()`.
 *
 * @throws {@link ArgumentTypeError} when `program` is not a function.
 * @throws {@link ArgumentValueError} for an unknown cluster, a bad node count or option, or a cluster
 *   whose devices are not Ascend or GPU.
 * @throws {@link LaunchError} (the promise rejects) when ranks fail: each rank's error, by rank.
 * @example
 * ```ts
 * import { Tensor, communication, launch, ops } from 'mindsim';
 * const { results, time } = await launch(async ({ rank }) => {
 *   communication.init();
 *   const sum = ops.AllReduce()(new Tensor([rank, 1], 'float32'));
 *   return String(await sum.asnumpyAsync());
 * }, { cluster: 'dgx-a100' });
 * console.log(results[0], time > 0); // [28.  8.] true
 * ```
 */
export async function launch<R>(program: (info: RankInfo) => R | Promise<R>, options: LaunchOptions): Promise<LaunchResult<R>> {
  const { launcher, failures } = await runLaunch(program, options, {});
  if (failures.length > 0) throw new LaunchError(failures);
  return launcher;
}

/** @internal what a launch leaves: the result (whatever failed) and the failures */
export interface LaunchOutcome<R> {
  readonly launcher: LaunchResult<R> & { readonly interleaving: readonly number[] };
  readonly failures: readonly { readonly rank: number; readonly error: Error }[];
}

/** @internal runs a launch steered by `hooks`; failed ranks are reported, not thrown */
export async function runLaunch<R>(program: (info: RankInfo) => R | Promise<R>, options: LaunchOptions, hooks: LaunchHooks): Promise<LaunchOutcome<R>> {
  if (typeof program !== 'function') throw new ArgumentTypeError(`launch: program must be a function, but got ${typeof program}`);
  if (options === null || typeof options !== 'object') throw new ArgumentTypeError('launch: options must be an object with a cluster');
  const { cluster: which, nodes, devicesPerNode, mode, schedule, record, timingOnly, tieBreakSeed, collectiveTimeoutNs, printSink, seed, ps } = options;
  if (ps !== undefined && (ps === null || typeof ps !== 'object' || !Number.isSafeInteger(ps.servers) || ps.servers < 1)) {
    throw new ArgumentValueError(`launch: ps.servers must be a positive integer, but got ${String(ps?.servers)}`);
  }
  const cluster = new Cluster(which, nodes ?? 1, {
    record: record ?? 100_000,
    ...(devicesPerNode !== undefined ? { devicesPerNode } : {}),
    ...(timingOnly !== undefined ? { timingOnly } : {}),
    ...(tieBreakSeed !== undefined ? { tieBreakSeed } : {}),
    ...(collectiveTimeoutNs !== undefined ? { collectiveTimeoutNs } : {}),
  });
  const kind = defaultRegistry.resolve(cluster.spec.device).spec.kind;
  if (kind !== 'Ascend' && kind !== 'GPU' && !(kind === 'CPU' && cluster.spec.library.name === 'mccl')) {
    throw new ArgumentValueError(`launch: cluster '${cluster.spec.preset}' has ${kind} devices; collectives run on Ascend (HCCL), GPU (NCCL) or CPU with MCCL (the cpu-hosts preset)`);
  }
  const launcher = new Launcher(cluster, hooks);
  const servers = ps
    ? new ParameterServerHub(cluster.topology, cluster.platform.sim, Array.from({ length: cluster.size }, (_, r) => cluster.device(r)),
      Array.from({ length: ps.servers }, (_, s) => ({ device: cluster.platform.device(`CPU:${s}`), node: s % cluster.topology.nodes })), timingOnly ?? false)
    : null;
  for (let rank = 0; rank < cluster.size; rank++) {
    const rankSchedule = hooks.rankSchedule?.(rank) ?? schedule;
    const context = new ExecutionContext({
      platform: cluster.platform,
      deviceTarget: kind,
      device: cluster.spec.device,
      deviceId: rank,
      ...(mode ? { mode } : {}),
      ...(rankSchedule ? { schedule: rankSchedule } : {}),
      ...(printSink ? { printSink } : {}),
      ...(seed !== undefined ? { seed } : {}),
      env: rankEnv(cluster, rank, ps?.servers),
    });
    if (servers) [context.ps.hub, context.ps.worker] = [servers, rank];
    context.comm = { hub: cluster.hub, topology: cluster.topology, rank, launched: true, inited: false, backend: null, created: new Map() };
    context.launcher = launcher;
    launcher.states.push({ rank, context, status: 'running', waiters: [] });
  }
  hooks.beforeStart?.(launcher.states.map((s) => s.context));
  await launcher.run(program);
  const failures = launcher.states.filter((s) => s.status === 'failed').map((s) => ({ rank: s.rank, error: s.error! }));
  const result = { results: launcher.states.map((s) => s.result as R), time: cluster.platform.sim.now(), cluster, contexts: launcher.states.map((s) => s.context), interleaving: launcher.interleaving };
  return { launcher: result, failures };
}
