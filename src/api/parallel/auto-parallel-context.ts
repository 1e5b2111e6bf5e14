/**
 * MindSpore r1.5's auto-parallel context: the parallel mode and its settings, kept per
 * {@link ExecutionContext} (one per rank, as one per MindSpore process), with r1.5's defaults,
 * type checks, validation and messages (shared spec: distributed.md, section 2).
 * @module
 */
import { nodeFsOrNull } from '../node-fs.js';
import { ArgumentTypeError, ArgumentValueError, MindsimError } from '../../errors/index.js';
import { pythonType } from '../python-type.js';

/** MindSpore's `ParallelMode`: the five modes, plain strings. */
export const ParallelMode = Object.freeze({
  /** One device. */
  STAND_ALONE: 'stand_alone',
  /** Every rank holds the whole model; gradients are AllReduced. */
  DATA_PARALLEL: 'data_parallel',
  /** Data parallel, with Parameters sliced and collectives inserted by hand. */
  HYBRID_PARALLEL: 'hybrid_parallel',
  /** Operators sharded by the strategies the user gives (`primitive.shard`). */
  SEMI_AUTO_PARALLEL: 'semi_auto_parallel',
  /** Strategies searched by the framework. */
  AUTO_PARALLEL: 'auto_parallel',
  /** The five, in r1.5's order. */
  MODE_LIST: Object.freeze(['stand_alone', 'data_parallel', 'hybrid_parallel', 'semi_auto_parallel', 'auto_parallel'] as const),
});
/** One of {@link ParallelMode}'s modes. */
export type ParallelModeValue = 'stand_alone' | 'data_parallel' | 'hybrid_parallel' | 'semi_auto_parallel' | 'auto_parallel';

/** What `setAutoParallelContext` takes (r1.5's keys, camel-cased). */
export interface AutoParallelOptions {
  /** Devices in the job, 1..4096 (default 1; the group size is used until it is set). */
  deviceNum?: number;
  /** This rank, 0..4095 (default 0; the communication rank is used until it is set). */
  globalRank?: number;
  /** Average the AllReduced gradients (false: sum). */
  gradientsMean?: boolean;
  /** AllReduce gradients in float32 under semi/auto parallel (true). */
  gradientFp32Sync?: boolean;
  /** Mean over repeated calculations in distributed autodiff (true). */
  lossRepeatedMean?: boolean;
  /** The parallel mode (`stand_alone`). */
  parallelMode?: ParallelModeValue | string;
  /** `dynamic_programming` (default) or `recursive_programming`. */
  autoParallelSearchMode?: string;
  /** Broadcast rank 0's Parameters before the first step (false). */
  parameterBroadcast?: boolean;
  /** Where to load a strategy checkpoint from (''). */
  strategyCkptLoadFile?: string;
  /** Where to save the strategy checkpoint ('' ; setting it creates the parent directory). */
  strategyCkptSaveFile?: string;
  /** Where to save the group checkpoint (set-only, as r1.5). */
  groupCkptSaveFile?: string;
  /** Every rank loads the whole batch (false; semi/auto parallel only). */
  fullBatch?: boolean;
  /** `'data_parallel'` (default), `'full_batch'`, or one tuple of ints per dataset column. */
  datasetStrategy?: string | readonly (readonly number[])[];
  /** The parallel optimizer (false). */
  enableParallelOptimizer?: boolean;
  /** Gradient AllReduce fusion: ascending Parameter indices where a new bucket starts after ([]). */
  allReduceFusionConfig?: readonly number[];
  /** Pipeline stages (1). */
  pipelineStages?: number;
  /** Gradient accumulation steps (1). */
  gradAccumulationStep?: number;
  /** `all_group_parallel` (default), `same_server_group_parallel` or `no_group_parallel`. */
  communiParallelMode?: string;
  /** The parallel optimizer's shard size (-1: the whole group; ≤ 1 is ignored with a warning). */
  optimizerWeightShardSize?: number;
  /** Save the parallel optimizer's shards aggregated (false). */
  optimizerWeightShardAggregatedSave?: boolean;
  /** Propagate sharding strategies (false). */
  shardingPropagation?: boolean;
  /** Use AlltoAll in redistribution (false: AllGather, Split, Concat). */
  enableAlltoall?: boolean;
}

/** What `getAutoParallelContext` reads: every key of {@link AutoParallelOptions} but the set-only `groupCkptSaveFile`. */
export type AutoParallelState = Required<Omit<AutoParallelOptions, 'groupCkptSaveFile' | 'parallelMode' | 'datasetStrategy' | 'allReduceFusionConfig'>> & {
  /** The parallel mode. */
  parallelMode: ParallelModeValue;
  /** `'data_parallel'`, `'full_batch'`, or the tuple strategy (`[]` after a reset that followed one, as r1.5). */
  datasetStrategy: string | number[][];
  /** The fusion split indices of the current device target's fusion group. */
  allReduceFusionConfig: number[];
};

/** The Python type each key's type check wants (r1.5's `args_type_check`; a bool passes as an int). */
const KEY_TYPES: Readonly<Record<keyof AutoParallelOptions, 'int' | 'bool' | 'str' | 'list' | 'any'>> = Object.freeze({
  deviceNum: 'int', globalRank: 'int', gradientsMean: 'bool', gradientFp32Sync: 'bool', lossRepeatedMean: 'bool', parallelMode: 'str',
  autoParallelSearchMode: 'str', parameterBroadcast: 'bool', strategyCkptLoadFile: 'str', strategyCkptSaveFile: 'str', groupCkptSaveFile: 'str',
  fullBatch: 'bool', datasetStrategy: 'any', enableParallelOptimizer: 'bool', allReduceFusionConfig: 'list', pipelineStages: 'int',
  gradAccumulationStep: 'int', communiParallelMode: 'str', optimizerWeightShardSize: 'int', optimizerWeightShardAggregatedSave: 'bool',
  shardingPropagation: 'bool', enableAlltoall: 'bool',
});

/** The keys `setAutoParallelContext` takes. */
export const AUTO_PARALLEL_KEYS: readonly string[] = Object.freeze(Object.keys(KEY_TYPES));

/** r1.5's key for a camel-cased one (`deviceNum` → `device_num`). */
export const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const PY_CLASS = Object.freeze({ int: "<class 'int'>", bool: "<class 'bool'>", str: "<class 'str'>", list: "<class 'list'>" } as const);

function typeMatches(kind: 'int' | 'bool' | 'str' | 'list', v: unknown): boolean {
  if (kind === 'int') return typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v));
  if (kind === 'bool') return typeof v === 'boolean';
  if (kind === 'str') return typeof v === 'string';
  return Array.isArray(v);
}

const SEARCH_MODES: readonly string[] = Object.freeze(['dynamic_programming', 'recursive_programming']);
const COMMUNI_MODES: readonly string[] = Object.freeze(['all_group_parallel', 'same_server_group_parallel', 'no_group_parallel']);

function defaults(): AutoParallelState {
  return {
    deviceNum: 1, globalRank: 0, gradientsMean: false, gradientFp32Sync: true, lossRepeatedMean: true, parallelMode: 'stand_alone',
    autoParallelSearchMode: 'dynamic_programming', parameterBroadcast: false, strategyCkptLoadFile: '', strategyCkptSaveFile: '', fullBatch: false,
    datasetStrategy: 'data_parallel', enableParallelOptimizer: false, allReduceFusionConfig: [], pipelineStages: 1, gradAccumulationStep: 1,
    communiParallelMode: 'all_group_parallel', optimizerWeightShardSize: -1, optimizerWeightShardAggregatedSave: false, shardingPropagation: false,
    enableAlltoall: false,
  };
}

/**
 * Creates a file's parent folder, as r1.5 does for the strategy and group checkpoint files: through
 * Node's fs, looked up at the call (`process.getBuiltinModule`), so that a browser bundle of mindsim
 * imports no Node module (there, nothing is created).
 */
function makeParentFolder(file: string): void {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  if (slash <= 0) return;
  const fs = nodeFsOrNull();
  const dir = file.slice(0, slash);
  if (fs && !fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
}

/** The fusion groups r1.5 stores `all_reduce_fusion_config` under, by device target. */
export const FUSION_GROUPS = Object.freeze({ Ascend: 'hccl_world_groupsum1', GPU: 'nccl_world_groupsum1', CPU: 'nccl_world_groupsum1' });

/**
 * One context's auto-parallel settings. The functions `setAutoParallelContext` & co. act on the
 * current context's; framework code reads them through {@link AutoParallelContext.deviceNum} and the
 * other accessors.
 */
export class AutoParallelContext {
  private state = defaults();
  /** Whether `deviceNum` / `globalRank` / `parameterBroadcast` were set (r1.5's `*_is_set`). */
  private readonly isSet = { deviceNum: false, globalRank: false, parameterBroadcast: false };
  /** `allReduceFusionConfig` per fusion group (the group follows the device target when set). */
  private fusion = new Map<string, number[]>();
  /** Whether a tuple dataset strategy is in use (r1.5's Python-side flag, which reset leaves alone). */
  private datasetTuple = false;
  /** The group checkpoint file (set-only). */
  groupCkptSaveFile = '';
  /** Warnings r1.5 logs (where they go: the context's print sink, prefixed `[WARNING]`). */
  constructor(private readonly warn: (message: string) => void, private readonly target: () => 'Ascend' | 'GPU' | 'CPU') {}

  /**
   * Applies `options` as r1.5's `set_auto_parallel_context`: every key's type is checked first, then
   * the keys are validated and applied in order. Unlike r1.5, nothing is applied when any key is refused.
   */
  set(options: AutoParallelOptions): void {
    if (options === null || typeof options !== 'object') throw new ArgumentTypeError(`For 'set_auto_parallel_context', the options must be an object, but got ${pythonType(options)}.`);
    const entries = Object.entries(options).filter(([, v]) => v !== undefined);
    for (const [key, value] of entries) {
      const kind = Object.hasOwn(KEY_TYPES, key) ? KEY_TYPES[key as keyof AutoParallelOptions] : undefined;
      if (kind && kind !== 'any' && value !== null && !typeMatches(kind, value)) throw new ArgumentTypeError(`Argument ${snakeCase(key)} must be ${PY_CLASS[kind]}`);
    }
    const staged = new AutoParallelContext(this.warn, this.target);
    staged.copyFrom(this);
    for (const [key, value] of entries) {
      if (!Object.hasOwn(KEY_TYPES, key)) throw new ArgumentValueError(`Set context keyword ${snakeCase(key)} is not recognized!`);
      if (value !== null) staged.apply(key as keyof AutoParallelOptions, value);
    }
    this.copyFrom(staged);
  }

  private copyFrom(other: AutoParallelContext): void {
    this.state = { ...other.state, allReduceFusionConfig: [...other.state.allReduceFusionConfig] };
    Object.assign(this.isSet, other.isSet);
    this.fusion = new Map(other.fusion);
    this.datasetTuple = other.datasetTuple;
    this.groupCkptSaveFile = other.groupCkptSaveFile;
  }

  private apply(key: keyof AutoParallelOptions, value: unknown): void {
    const s = this.state;
    switch (key) {
      case 'deviceNum': {
        const v = Number(value);
        if (v < 1 || v > 4096) throw new ArgumentValueError(`Device num must be in [1, 4096], but got ${v}`);
        s.deviceNum = v;
        this.isSet.deviceNum = true;
        return;
      }
      case 'globalRank': {
        const v = Number(value);
        if (v < 0 || v > 4095) throw new ArgumentValueError(`Global rank must be in [0, 4095], but got ${v}`);
        s.globalRank = v;
        this.isSet.globalRank = true;
        return;
      }
      case 'parallelMode':
        if (!(ParallelMode.MODE_LIST as readonly string[]).includes(value as string)) throw new ArgumentValueError(`Parallel mode does not support ${String(value)}`);
        s.parallelMode = value as ParallelModeValue;
        return;
      case 'autoParallelSearchMode':
        if (!SEARCH_MODES.includes(value as string)) throw new ArgumentValueError(`Strategy search mode does not support ${String(value)}`);
        s.autoParallelSearchMode = value as string;
        return;
      case 'communiParallelMode':
        if (!COMMUNI_MODES.includes(value as string)) throw new ArgumentValueError(`Communication parallel mode does not support ${String(value)}`);
        s.communiParallelMode = value as string;
        return;
      case 'parameterBroadcast':
        s.parameterBroadcast = value as boolean;
        this.isSet.parameterBroadcast = true;
        return;
      case 'strategyCkptSaveFile':
      case 'groupCkptSaveFile': {
        makeParentFolder(value as string);
        if (key === 'groupCkptSaveFile') this.groupCkptSaveFile = value as string;
        else s.strategyCkptSaveFile = value as string;
        return;
      }
      case 'datasetStrategy':
        this.setDatasetStrategy(value);
        return;
      case 'allReduceFusionConfig':
        this.setFusion(value as unknown[]);
        return;
      case 'pipelineStages': {
        if (typeof value === 'boolean') throw new ArgumentTypeError('The type of pipeline_stage_num must be int, but got bool.');
        const v = value as number;
        if (v < 1) throw new ArgumentValueError("pipeline_stage_num can't be less than 1.");
        if (v > 1 && this.target() === 'GPU') throw new MindsimError("Now GPU don't support pipeline parallel.", 'RuntimeError');
        s.pipelineStages = v;
        return;
      }
      case 'gradAccumulationStep': {
        const v = Number(value);
        if (typeof value === 'boolean' || v <= 0) throw new ArgumentValueError(`  should be an int and must > 0, but got \`${String(value)}\` with type \`${typeof value === 'boolean' ? 'bool' : 'int'}\`.`);
        s.gradAccumulationStep = v;
        return;
      }
      case 'optimizerWeightShardSize':
        if ((value as number) <= 1) {
          this.warn("The setting 'optimizer_weight_shard_size' is invalid. Please use the integer larger than 1.");
          return;
        }
        s.optimizerWeightShardSize = value as number;
        return;
      default:
        (s as unknown as Record<string, unknown>)[key] = value;
    }
  }

  private setDatasetStrategy(value: unknown): void {
    if (typeof value === 'string') {
      if (value !== 'data_parallel' && value !== 'full_batch') {
        throw new ArgumentValueError("The dataset_strategy string should be 'full_batch' or 'data_parallel', otherwise, incoming tuple(tuple) type strategy");
      }
      this.state.datasetStrategy = value;
      this.state.fullBatch = value === 'full_batch';
      this.datasetTuple = false;
      return;
    }
    if (!Array.isArray(value)) throw new ArgumentTypeError(`strategy must be str or tuple type, but got:${pythonType(value)}`);
    for (const element of value) {
      if (!Array.isArray(element)) throw new ArgumentTypeError(`The element of strategy must be tuple type, but got:${pythonType(element)}`);
      for (const dim of element) {
        if (typeof dim !== 'number' || !Number.isInteger(dim)) throw new ArgumentTypeError(`The dim of each strategy value must be int type, but got:${pythonType(dim)}`);
      }
    }
    this.state.datasetStrategy = value.map((e: number[]) => [...e]);
    this.datasetTuple = true;
  }

  private setFusion(indices: unknown[]): void {
    for (const index of indices) {
      if (typeof index !== 'number' || !Number.isInteger(index)) throw new ArgumentTypeError(`The type of index must be int, but got ${pythonType(index)}.`);
    }
    const list = indices as number[];
    if (list.length === 0) throw new ArgumentValueError('indices can not be empty');
    if (new Set(list).size !== list.length) throw new ArgumentValueError('indices has duplicate elements');
    if (list.some((v, i) => i > 0 && v < list[i - 1]!)) throw new ArgumentValueError('elements in indices must be sorted in ascending order');
    this.fusion.set(FUSION_GROUPS[this.target()], [...list]);
  }

  /**
   * One setting, as r1.5's `get_auto_parallel_context`.
   *
   * @throws {@link ArgumentValueError} "Get context keyword {key} is not recognized!".
   */
  get<K extends keyof AutoParallelState>(key: K): AutoParallelState[K] {
    if (typeof key !== 'string' || !Object.hasOwn(this.state, key)) throw new ArgumentValueError(`Get context keyword ${snakeCase(String(key))} is not recognized!`);
    if (key === 'allReduceFusionConfig') return [...(this.fusion.get(FUSION_GROUPS[this.target()]) ?? [])] as AutoParallelState[K];
    if (key === 'datasetStrategy') {
      const v = this.state.datasetStrategy;
      if (this.datasetTuple) return (typeof v === 'string' ? [] : v.map((e) => [...e])) as AutoParallelState[K];
      return v as AutoParallelState[K];
    }
    return this.state[key];
  }

  /** Restores every default (r1.5's quirk kept: a tuple dataset strategy reads `[]` until a string one is set). */
  reset(): void {
    this.state = defaults();
    this.isSet.deviceNum = this.isSet.globalRank = this.isSet.parameterBroadcast = false;
    this.fusion.clear();
    this.groupCkptSaveFile = '';
  }

  /** The parallel mode. */
  get parallelMode(): ParallelModeValue {
    return this.state.parallelMode;
  }

  /** Whether semi-automatic or automatic parallel is on (Parameters from initializers stay lazy). */
  get semiOrAuto(): boolean {
    return this.state.parallelMode === 'semi_auto_parallel' || this.state.parallelMode === 'auto_parallel';
  }

  /** Whether `deviceNum` was set. */
  get deviceNumIsSet(): boolean {
    return this.isSet.deviceNum;
  }

  /** Whether `globalRank` was set. */
  get globalRankIsSet(): boolean {
    return this.isSet.globalRank;
  }

  /** The fusion split indices of the current target's group. */
  fusionIndices(): readonly number[] {
    return this.fusion.get(FUSION_GROUPS[this.target()]) ?? [];
  }
}
