/**
 * The auto-parallel and parameter-server contexts, with r1.5's defaults, type checks, validation and
 * messages (shared spec: distributed.md, sections 2 and 6); setContext/getContext refuse unknown keys
 * as r1.5 does; a Parameter made from an initializer stays lazy under semi/auto parallel and refuses a
 * mode change ("Must set or change parallel mode before any Tensor created.").
 */
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import {
  ExecutionContext, MindsimError, Parameter, ParallelMode, getAutoParallelContext, getContext, getPsContext, initializer, resetAutoParallelContext,
  resetPsContext, setAutoParallelContext, setContext, setPsContext, type AutoParallelOptions, type AutoParallelState,
} from '../../src/index.js';

/** Runs `fn` in a fresh context (the default one is left alone). */
const fresh = <R>(fn: () => R, options = {}): R => new ExecutionContext(options).run(fn);
const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return `${(e as MindsimError).pythonType ?? (e as Error).name}: ${(e as Error).message}`;
  }
  return 'no error';
};

t.test('ParallelMode and the defaults', async (t) => {
  t.same(ParallelMode.MODE_LIST, ['stand_alone', 'data_parallel', 'hybrid_parallel', 'semi_auto_parallel', 'auto_parallel']);
  t.same([ParallelMode.STAND_ALONE, ParallelMode.DATA_PARALLEL, ParallelMode.HYBRID_PARALLEL, ParallelMode.SEMI_AUTO_PARALLEL, ParallelMode.AUTO_PARALLEL], ParallelMode.MODE_LIST);
  const defaults: Partial<AutoParallelState> = {
    deviceNum: 1, globalRank: 0, gradientsMean: false, gradientFp32Sync: true, lossRepeatedMean: true, parallelMode: 'stand_alone',
    autoParallelSearchMode: 'dynamic_programming', parameterBroadcast: false, strategyCkptLoadFile: '', strategyCkptSaveFile: '', fullBatch: false,
    datasetStrategy: 'data_parallel', enableParallelOptimizer: false, allReduceFusionConfig: [], pipelineStages: 1, gradAccumulationStep: 1,
    communiParallelMode: 'all_group_parallel', optimizerWeightShardSize: -1, optimizerWeightShardAggregatedSave: false, shardingPropagation: false, enableAlltoall: false,
  };
  fresh(() => {
    for (const [key, value] of Object.entries(defaults)) t.same(getAutoParallelContext(key as keyof AutoParallelState), value, key);
    setAutoParallelContext({ parallelMode: 'semi_auto_parallel', deviceNum: 8, globalRank: 3, gradientsMean: true, allReduceFusionConfig: [2, 5], datasetStrategy: 'full_batch' });
    t.same([getAutoParallelContext('deviceNum'), getAutoParallelContext('fullBatch'), getAutoParallelContext('allReduceFusionConfig')], [8, true, [2, 5]]);
    resetAutoParallelContext();
    for (const [key, value] of Object.entries(defaults)) t.same(getAutoParallelContext(key as keyof AutoParallelState), value, `reset: ${key}`);
  });
});

t.test("r1.5's type checks run on every key first; nothing is applied when one is refused", async (t) => {
  fresh(() => {
    const cases: [AutoParallelOptions, string][] = [
      [{ deviceNum: 'a' as never }, "TypeError: Argument device_num must be <class 'int'>"],
      [{ gradientsMean: 1 as never }, "TypeError: Argument gradients_mean must be <class 'bool'>"],
      [{ parallelMode: 3 as never }, "TypeError: Argument parallel_mode must be <class 'str'>"],
      [{ allReduceFusionConfig: 3 as never }, "TypeError: Argument all_reduce_fusion_config must be <class 'list'>"],
      [{ deviceNum: 0 }, 'ValueError: Device num must be in [1, 4096], but got 0'],
      [{ deviceNum: 4097 }, 'ValueError: Device num must be in [1, 4096], but got 4097'],
      [{ globalRank: 4096 }, 'ValueError: Global rank must be in [0, 4095], but got 4096'],
      [{ parallelMode: 'model_parallel' }, 'ValueError: Parallel mode does not support model_parallel'],
      [{ autoParallelSearchMode: 'greedy' }, 'ValueError: Strategy search mode does not support greedy'],
      [{ communiParallelMode: 'x' }, 'ValueError: Communication parallel mode does not support x'],
      [{ allReduceFusionConfig: [] }, 'ValueError: indices can not be empty'],
      [{ allReduceFusionConfig: [1, 1] }, 'ValueError: indices has duplicate elements'],
      [{ allReduceFusionConfig: [3, 1] }, 'ValueError: elements in indices must be sorted in ascending order'],
      [{ allReduceFusionConfig: [1, 1.5] }, "TypeError: The type of index must be int, but got <class 'float'>."],
      [{ pipelineStages: true as never }, 'TypeError: The type of pipeline_stage_num must be int, but got bool.'],
      [{ pipelineStages: 0 }, "ValueError: pipeline_stage_num can't be less than 1."],
      [{ gradAccumulationStep: 0 }, 'ValueError:   should be an int and must > 0, but got `0` with type `int`.'],
      [{ datasetStrategy: 'model' }, "ValueError: The dataset_strategy string should be 'full_batch' or 'data_parallel', otherwise, incoming tuple(tuple) type strategy"],
      [{ datasetStrategy: 3 as never }, "TypeError: strategy must be str or tuple type, but got:<class 'int'>"],
      [{ datasetStrategy: [3] as never }, "TypeError: The element of strategy must be tuple type, but got:<class 'int'>"],
      [{ datasetStrategy: [[1.5]] }, "TypeError: The dim of each strategy value must be int type, but got:<class 'float'>"],
      [{ parallelMode: 'data_parallel', devices: 8 } as never, 'ValueError: Set context keyword devices is not recognized!'],
      [{ gradientsMean: true, deviceNum: 'x' as never }, "TypeError: Argument device_num must be <class 'int'>"],
    ];
    for (const [options, expected] of cases) {
      t.equal(message(() => setAutoParallelContext(options)), expected, JSON.stringify(options));
      t.same([getAutoParallelContext('parallelMode'), getAutoParallelContext('gradientsMean')], ['stand_alone', false], 'nothing applied');
    }
    t.equal(message(() => getAutoParallelContext('devices' as never)), 'ValueError: Get context keyword devices is not recognized!');
    t.equal(message(() => setAutoParallelContext({ deviceNum: true as never })), 'no error', 'a bool passes as an int (Python)');
    t.equal(getAutoParallelContext('deviceNum'), 1);
  });
  t.equal(fresh(() => message(() => setAutoParallelContext({ pipelineStages: 2 })), { deviceTarget: 'GPU' }), "RuntimeError: Now GPU don't support pipeline parallel.");
});

t.test('the quirks r1.5 has: a tuple dataset strategy reads [] after reset; fusion indices per target group; a bad shard size warns', async (t) => {
  const out: string[] = [];
  fresh(() => {
    setAutoParallelContext({ datasetStrategy: [[8, 1], [8]] });
    t.same(getAutoParallelContext('datasetStrategy'), [[8, 1], [8]]);
    resetAutoParallelContext();
    t.same(getAutoParallelContext('datasetStrategy'), [], 'reset keeps the tuple flag');
    setAutoParallelContext({ datasetStrategy: 'data_parallel' });
    t.equal(getAutoParallelContext('datasetStrategy'), 'data_parallel');
    setAutoParallelContext({ allReduceFusionConfig: [4] }); // stored for hccl_world_groupsum1 (Ascend)
    setContext({ deviceTarget: 'GPU' });
    t.same(getAutoParallelContext('allReduceFusionConfig'), [], "read for nccl_world_groupsum1 on GPU: none");
    setContext({ deviceTarget: 'Ascend' });
    t.same(getAutoParallelContext('allReduceFusionConfig'), [4]);
    setAutoParallelContext({ optimizerWeightShardSize: 1 });
    t.equal(getAutoParallelContext('optimizerWeightShardSize'), -1, 'ignored');
  }, { printSink: (s: string) => out.push(s) });
  t.same(out, ["[WARNING] The setting 'optimizer_weight_shard_size' is invalid. Please use the integer larger than 1.\n"]);
});

t.test('strategyCkptSaveFile creates its directory, as r1.5 does', async (t) => {
  const dir = join(mkdtempSync(join(tmpdir(), 'mindsim-')), 'strategies', 'deep');
  fresh(() => setAutoParallelContext({ strategyCkptSaveFile: join(dir, 'strategy.ckpt') }));
  t.ok(existsSync(dir));
});

t.test('setContext and getContext refuse unknown keys with r1.5\'s messages, changing nothing', async (t) => {
  fresh(() => {
    t.equal(message(() => setContext({ deviceTarget: 'GPU', saveGraphs: true } as never)), 'ValueError: Set context keyword save_graphs is not recognized!');
    t.equal(getContext('deviceTarget'), 'Ascend', 'the earlier key was not applied');
    t.equal(
      message(() => setContext({ parallelMode: 'data_parallel' } as never)),
      'ValueError: Set context keyword parallel_mode is not recognized! (parallelMode is an auto-parallel setting: use setAutoParallelContext)',
    );
    t.equal(message(() => getContext('parallelMode' as never)), 'ValueError: Get context keyword parallel_mode is not recognized!');
  });
});

t.test('a Parameter from an initializer stays lazy under semi/auto parallel and refuses a mode change', async (t) => {
  fresh(() => {
    const eager = new Parameter(initializer('ones', [2], 'float32'), 'eager');
    t.equal(eager.hasInit, false, 'stand_alone: initialised at once');
    setAutoParallelContext({ parallelMode: 'data_parallel' });
    t.equal(new Parameter(initializer('ones', [2], 'float32')).hasInit, false, 'data_parallel: too');
    t.equal(message(() => eager.initData()), 'no error', 'stand_alone ↔ data_parallel is no change');
    setAutoParallelContext({ parallelMode: 'semi_auto_parallel' });
    const lazy = new Parameter(initializer('normal', [1000, 1000], 'float32'), 'lazy');
    t.equal(lazy.hasInit, true, 'semi_auto_parallel: lazy (no buffer)');
    t.equal(message(() => eager.initData()), 'RuntimeError: Must set or change parallel mode before any Tensor created.', 'even an initialised one checks');
    t.equal(message(() => new Parameter(1, 'x').initData()), 'no error', 'a Parameter from concrete data never checks');
    setAutoParallelContext({ parallelMode: 'auto_parallel' });
    t.equal(message(() => lazy.initData(null)), 'no error', 'semi ↔ auto is no change');
    t.equal(lazy.hasInit, false);
    const again = new Parameter(initializer('ones', [2], 'float32'), 'again');
    resetAutoParallelContext();
    t.equal(message(() => again.initData()), 'RuntimeError: Must set or change parallel mode before any Tensor created.');
    t.equal(again.hasInit, true, 'still lazy after the refusal');
    setAutoParallelContext({ parallelMode: 'semi_auto_parallel' });
    t.equal(message(() => again.initData('x' as never)), "TypeError: The argument 'layout' should be tuple, but got <class 'str'>.");
    t.equal(message(() => again.initData([[2], [0], [1]] as never)), "ValueError: The length of 'layout' must be larger than 5, but got 3.");
    t.equal(again.hasInit, true);
    t.equal(again.initData(null, true).sliced, true, 'no layout: the whole tensor, sliced as asked');
  });
});

t.test('the parameter-server context reads the role from the environment when enabled', async (t) => {
  fresh(() => {
    t.same([getPsContext('enablePs'), getPsContext('msRole')], [false, 'MS_NOT_PS']);
    t.equal(message(() => setPsContext({ enablePs: 1 } as never)), "TypeError: Argument enable_ps must be <class 'bool'>");
    t.equal(message(() => setPsContext({ psMode: true } as never)), 'ValueError: Set PS context keyword ps_mode is not recognized!');
    t.equal(message(() => getPsContext('psMode' as never)), 'ValueError: Get PS context keyword ps_mode is not recognized!');
    t.equal(message(() => new Parameter(1, 'w').setParamPs()), 'RuntimeError: Must complete following two steps before calling set_param_ps: \n1. context.set_ps_context(enable_ps=True) \n2. export MS_ROLE environment variable \nPlease refer to the official website for detailed usage.');
    setPsContext({ enablePs: true });
    t.same([getPsContext('enablePs'), getPsContext('msRole')], [true, 'MS_NOT_PS'], 'enabled, but no MS_ROLE: no role');
  });
  fresh(() => {
    setPsContext({ enablePs: true });
    t.same([getPsContext('msRole'), getPsContext('serverNum'), getPsContext('workerNum'), getPsContext('schedulerPort')], ['MS_PSERVER', 2, 8, 8081]);
    t.equal(getAutoParallelContext('parallelMode'), 'stand_alone');
    const w = new Parameter(1, 'w');
    w.setParamPs();
    t.same([w.isParamPs, w.initInServer, w.clone().isParamPs], [true, false, true]);
    t.equal(message(() => w.setParamPs(true)), "RuntimeError: Can not initialize parameter 'w' in server, only parameters of sparse operator support initialization in server.");
    const table = new Parameter(initializer('normal', [4, 2], 'float32'), 'embedding_table');
    t.equal(table.hasInit, true, 'lazy under a PS role');
    table.setParamPs(true);
    t.equal(table.initData().hasInit, true, 'a server returns it without data');
    resetPsContext();
    t.equal(getPsContext('msRole'), 'MS_NOT_PS');
  }, { env: { MS_ROLE: 'MS_PSERVER', MS_SERVER_NUM: '2', MS_WORKER_NUM: '8', MS_SCHED_HOST: '127.0.0.1', MS_SCHED_PORT: '8081' } });
  t.equal(message(() => new ExecutionContext({ env: { A: 1 } as never })), 'TypeError: ExecutionContext: env must be an object of strings, but got an instance of Object');
});

t.test("fullBatch outside semi/auto parallel is r1.5's compile-time error at a top-level cell call", async (t) => {
  const { nn, Tensor: T } = await import('../../src/index.js');
  fresh(() => {
    setAutoParallelContext({ fullBatch: true });
    const net = new nn.Dense(2, 1);
    t.equal(message(() => net.call(new T([[1, 2]], 'float32'))), 'RuntimeError: full_batch could only be used under semi_auto_parallel or auto_parallel.');
  });
});

t.test('on a PS server or scheduler, init() does nothing and the rank queries read 0 and 1 (r1.5)', async (t) => {
  const { communication } = await import('../../src/index.js');
  for (const role of ['MS_PSERVER', 'MS_SCHED']) {
    fresh(() => {
      setPsContext({ enablePs: true });
      communication.init();
      t.same([communication.getRank(), communication.getGroupSize(), getAutoParallelContext('parallelMode')], [0, 1, 'stand_alone'], role);
    }, { env: { MS_ROLE: role }, deviceTarget: 'CPU' });
  }
});
