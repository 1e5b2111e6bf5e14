/**
 * The parallel context functions, as MindSpore r1.5's `context.set_auto_parallel_context` & co. and
 * `set_ps_context` & co.: each acts on the current {@link ExecutionContext} (a rank's own, under
 * `launch`). Also the values framework code reads, as r1.5's `parallel/_utils.py` gives them.
 * @module
 */
import { getGroupSize, getRank } from '../comm/communication.js';
import { currentContext } from '../execution-context.js';
import type { AutoParallelOptions, AutoParallelState, ParallelModeValue } from './auto-parallel-context.js';
import type { PsOptions, PsState } from './ps-context.js';

export { ParallelMode, type AutoParallelOptions, type AutoParallelState, type ParallelModeValue } from './auto-parallel-context.js';
export type { PsOptions, PsRole, PsState } from './ps-context.js';
export type { ParameterLayout } from './layout.js';

/**
 * Sets auto-parallel options (only those given), as r1.5's `set_auto_parallel_context`: the parallel
 * mode, `deviceNum`, `gradientsMean`, `parameterBroadcast`, `allReduceFusionConfig`... (see
 * {@link AutoParallelOptions} for every key and default). Set the mode before building the network:
 * a Parameter made from an initializer remembers whether semi/auto parallel was on.
 *
 * @throws {@link ArgumentTypeError} "Argument {key} must be {type}" (every key is type-checked first),
 *   and r1.5's TypeErrors for a bad dataset strategy or fusion index.
 * @throws {@link ArgumentValueError} for a value r1.5 refuses ("Device num must be in [1, 4096], but got
 *   0", "Parallel mode does not support x", "indices can not be empty"...) or an unknown key ("Set
 *   context keyword {key} is not recognized!"). Nothing is changed then (r1.5 keeps the keys before it).
 * @throws {@link MindsimError} (RuntimeError) "Now GPU don't support pipeline parallel." for
 *   `pipelineStages > 1` on GPU.
 * @example
 * ```ts
 * import { ParallelMode, getAutoParallelContext, setAutoParallelContext } from 'mindsim';
 * setAutoParallelContext({ parallelMode: ParallelMode.DATA_PARALLEL, gradientsMean: true, deviceNum: 8 });
 * console.log(getAutoParallelContext('parallelMode'), getAutoParallelContext('deviceNum')); // data_parallel 8
 * ```
 */
export function setAutoParallelContext(options: AutoParallelOptions): void {
  currentContext().autoParallel.set(options);
}

/**
 * One auto-parallel setting, as r1.5's `get_auto_parallel_context`.
 *
 * @throws {@link ArgumentValueError} "Get context keyword {key} is not recognized!".
 * @example
 * ```ts
 * import { getAutoParallelContext } from 'mindsim';
 * console.log(getAutoParallelContext('parallelMode'), getAutoParallelContext('gradientFp32Sync')); // stand_alone true
 * ```
 */
export function getAutoParallelContext<K extends keyof AutoParallelState>(key: K): AutoParallelState[K] {
  return currentContext().autoParallel.get(key);
}

/**
 * Restores every auto-parallel default, as r1.5's `reset_auto_parallel_context`.
 *
 * @example
 * ```ts
 * import { getAutoParallelContext, resetAutoParallelContext, setAutoParallelContext } from 'mindsim';
 * setAutoParallelContext({ parallelMode: 'semi_auto_parallel' });
 * resetAutoParallelContext();
 * console.log(getAutoParallelContext('parallelMode')); // stand_alone
 * ```
 */
export function resetAutoParallelContext(): void {
  currentContext().autoParallel.reset();
}

/**
 * Sets parameter-server options, as r1.5's `set_ps_context`: `enablePs: true` reads the role and the
 * server and worker counts from the context's environment (`MS_ROLE`...; `launch` with `ps` sets them).
 *
 * @throws {@link ArgumentTypeError} "Argument enable_ps must be <class 'bool'>".
 * @throws {@link ArgumentValueError} "Set PS context keyword {key} is not recognized!".
 * @example
 * ```ts
 * import { ExecutionContext, getPsContext, setPsContext } from 'mindsim';
 * const worker = new ExecutionContext({ env: { MS_ROLE: 'MS_WORKER', MS_SERVER_NUM: '1', MS_WORKER_NUM: '4' } });
 * worker.run(() => setPsContext({ enablePs: true }));
 * console.log(worker.run(() => [getPsContext('msRole'), getPsContext('workerNum')])); // [ 'MS_WORKER', 4 ]
 * ```
 */
export function setPsContext(options: PsOptions): void {
  currentContext().ps.set(options);
}

/**
 * One parameter-server setting, as r1.5's `get_ps_context`.
 *
 * @throws {@link ArgumentValueError} "Get PS context keyword {key} is not recognized!".
 * @example
 * ```ts
 * import { getPsContext } from 'mindsim';
 * console.log(getPsContext('enablePs'), getPsContext('msRole')); // false MS_NOT_PS
 * ```
 */
export function getPsContext<K extends keyof PsState>(key: K): PsState[K] {
  return currentContext().ps.get(key);
}

/**
 * Turns parameter-server training off, as r1.5's `reset_ps_context`.
 *
 * @example
 * ```ts
 * import { getPsContext, resetPsContext } from 'mindsim';
 * resetPsContext();
 * console.log(getPsContext('enablePs')); // false
 * ```
 */
export function resetPsContext(): void {
  currentContext().ps.reset();
}

/** @internal the parallel mode in force (r1.5's `_get_parallel_mode`; a PS server reads stand_alone) */
export function parallelMode(): ParallelModeValue {
  const ctx = currentContext();
  return ctx.ps.role === 'MS_PSERVER' ? 'stand_alone' : ctx.autoParallel.parallelMode;
}

/** @internal r1.5's `_get_device_num`: 1 in stand_alone; else the set `deviceNum`, else the world size (which needs `init()`) */
export function deviceNum(): number {
  const ap = currentContext().autoParallel;
  if (parallelMode() === 'stand_alone') return 1;
  return ap.deviceNumIsSet ? ap.get('deviceNum') : getGroupSize();
}

/** @internal r1.5's `_get_global_rank`: 0 in stand_alone; else the set `globalRank`, else the communication rank (which needs `init()`) */
export function globalRank(): number {
  const ap = currentContext().autoParallel;
  if (parallelMode() === 'stand_alone') return 0;
  return ap.globalRankIsSet ? ap.get('globalRank') : getRank();
}
