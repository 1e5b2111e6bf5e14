/**
 * mindspore.communication as r1.5 has it: init's rules and messages per target and backend, the rank
 * and group queries, create_group/destroy_group checks, NCCL's refusals, and the collective primitives'
 * construction checks.
 */
import t from 'tap';
import {
  ArgumentValueError, DTypeError, ExecutionContext, LaunchError, Tensor, communication, currentContext, launch, ops, runtime,
} from '../../src/index.js';

const four: runtime.ClusterSpec = { ...runtime.defaultClusterRegistry.preset('atlas800t-a2')!, preset: 'four-910b', devicesPerNode: 4 };

/** Runs `fn` on every rank of a launch and returns rank 0's outcome: its value, or its error. */
async function onRank0<R>(fn: (rank: number) => R | Promise<R>, cluster: string | runtime.ClusterSpec = four): Promise<R | Error> {
  try {
    return (await launch(({ rank }) => fn(rank), { cluster })).results[0]!;
  } catch (e) {
    if (e instanceof LaunchError) return e.failures[0]!.error;
    throw e;
  }
}

t.test('init: the backend follows the target; r1.5 messages outside a launch and for wrong backends', async (t) => {
  const cpu = new ExecutionContext({ deviceTarget: 'CPU' });
  t.throws(() => cpu.run(() => communication.init()), { name: 'MindsimError', pythonType: 'RuntimeError', message: 'Device target CPU is not supported in parallel initialization, please use Ascend or GPU.' });
  const npu = new ExecutionContext({ deviceTarget: 'Ascend' });
  t.throws(() => npu.run(() => communication.init()), { message: 'Environment variables RANK_ID has not been exported' }, 'HCCL needs the rank environment launch gives');
  t.throws(() => npu.run(() => communication.init(3 as never)), { name: 'ArgumentTypeError', message: "Backend name must be a string, but got <class 'int'>" });
  t.throws(() => npu.run(() => communication.init('nccl')), { message: "Device target should be 'GPU' to init nccl, but got Ascend" });
  t.throws(() => npu.run(() => communication.init('gloo')), { message: 'Backend name gloo is not supported.' });
  const gpu = new ExecutionContext({ deviceTarget: 'GPU', mode: 'PYNATIVE_MODE' });
  t.throws(() => gpu.run(() => communication.init('hccl')), { message: "Device target should be 'Ascend' to init hccl, but got GPU" });
  gpu.run(() => communication.init());
  t.same(gpu.run(() => [communication.getRank(), communication.getGroupSize()]), [0, 1], 'NCCL outside launch: a world of one, as a process without mpirun');
  t.equal(gpu.run(() => String(ops.AllReduce()(new Tensor([1, 2], 'float32')))), '[1. 2.]', 'its AllReduce is the identity');
  const fresh = new ExecutionContext({ deviceTarget: 'GPU' });
  t.throws(() => fresh.run(() => communication.getRank()), { message: 'Distributed Communication has not been inited' });
  t.throws(() => fresh.run(() => communication.getRank(5 as never)), { name: 'ArgumentTypeError', message: "Group name must be a string, but got <class 'int'>" }, 'the group type is checked first');
});

t.test('queries on HCCL: ranks, local ranks, groups and conversions', async (t) => {
  const result = await onRank0(async (rank) => {
    communication.init();
    const out: unknown[] = [communication.getRank(), communication.getGroupSize(), communication.getLocalRank(), communication.getLocalRankSize()];
    if (rank === 0 || rank === 2) {
      communication.createGroup('pair', [2, 0]);
      communication.createGroup('pair', [2, 0]); // the same again: a warning, nothing else
      out.push(communication.getRank('pair'), communication.getGroupSize('pair'), communication.getWorldRankFromGroupRank('pair', 0), communication.getGroupRankFromWorldRank(0, 'pair'));
    }
    return out;
  });
  t.same(result, [0, 4, 0, 4, 1, 2, 2, 1], 'rank 0 is the second member of [2, 0]');
  const twoNodes = await launch(() => {
    communication.init();
    return [communication.getRank(), communication.getLocalRank(), communication.getLocalRankSize()];
  }, { cluster: 'atlas800-910', nodes: 2 });
  t.same(twoNodes.results[13], [13, 5, 8]);
});

t.test('createGroup and destroyGroup: r1.5 checks and messages', async (t) => {
  const cases: [string, () => void, RegExp, string][] = [
    ['not a list', () => communication.createGroup('g', 3 as never), /^Rank_ids 3 should be list$/, 'ArgumentTypeError'],
    ['empty', () => communication.createGroup('g', []), /^Rank_ids size 0 should be large than 0$/, 'ArgumentValueError'],
    ['duplicates', () => communication.createGroup('g', [0, 0]), /^List rank_ids in Group g has duplicate data!$/, 'ArgumentValueError'],
    ['bad name', () => communication.createGroup('', [0]), /^Group name is invalid\.$/, 'ArgumentValueError'],
    ['negative id', () => communication.createGroup('g', [0, -1]), /^Rank id must be unsigned integer!$/, 'ArgumentValueError'],
    ['not a member', () => communication.createGroup('g', [1, 2]), /^Create group error, the error code is 1/, 'MindsimError'],
    ['beyond the world', () => communication.createGroup('g', [0, 9]), /^Create group error, the error code is 1/, 'MindsimError'],
    ['destroy the world', () => communication.destroyGroup(communication.HCCL_WORLD_COMM_GROUP), /^The hccl_world_group does not support destruction\.$/, 'ArgumentValueError'],
    ['world rank of the world', () => communication.getWorldRankFromGroupRank(communication.HCCL_WORLD_COMM_GROUP, 0), /^Group cannot be 'hccl_world_group'\. $/, 'ArgumentValueError'],
    ['bad rank id type', () => communication.getWorldRankFromGroupRank('g', 1.5), /^group_rank_id should be int, but got type <class 'float'>$/, 'ArgumentTypeError'],
    ['unknown group', () => communication.getRank('nope'), /^Get rank id error\.$/, 'MindsimError'],
    ['unknown group size', () => communication.getGroupSize('nope'), /^Get rank size error\.$/, 'MindsimError'],
  ];
  for (const [what, fn, message, name] of cases) {
    const e = await onRank0(() => {
      communication.init();
      try {
        fn();
      } catch (err) {
        return err as Error;
      }
      return null;
    });
    t.match((e as Error | null)?.message ?? '(no error)', message, what);
    t.equal((e as Error | null)?.name, name, `${what}: ${name}`);
  }
  const other = await onRank0((rank) => {
    communication.init();
    if (rank > 1) return null;
    communication.createGroup('g', [0, 1]);
    try {
      communication.createGroup('g', [0, 1, 2]);
    } catch (e) {
      return e as Error;
    }
    return null;
  });
  t.match((other as Error).message, /^The group g has been created, the rank_list is \[0, 1\], but current rank_list for the group is \[0, 1, 2\]$/);
});

t.test("NCCL refuses what r1.5's NCCL does not support", async (t) => {
  const refusals = (await onRank0(() => {
    communication.init();
    const out: string[] = [];
    for (const fn of [
      () => communication.getLocalRank(),
      () => communication.getLocalRankSize(),
      () => communication.getWorldRankFromGroupRank('g', 0),
      () => communication.getGroupRankFromWorldRank(0, 'g'),
      () => communication.createGroup('g', [0, 1]),
      () => communication.destroyGroup('g'),
      () => communication.getRank('nope'),
    ]) {
      try {
        fn();
      } catch (e) {
        out.push((e as Error).message);
      }
    }
    return out;
  }, 'dgx-a100')) as string[];
  t.same(refusals, [
    "Nccl doesn't support get_local_rank_id now.",
    "Nccl doesn't support get_local_rank_size now.",
    "Nccl doesn't support get_world_rank_from_group_rank now.",
    "Nccl doesn't support get_group_rank_from_world_rank now.",
    "Nccl doesn't support create_group now.",
    "Nccl doesn't support destroy_group now.",
    'Failed to get MPI group by group name nope',
  ]);
});

t.test("collective primitives: r1.5's construction and input checks", async (t) => {
  t.throws(() => ops.AllReduce({ op: 3 as never }), { name: 'ArgumentTypeError', message: "For 'AllReduce', the 'op' should be str, but got int." });
  t.throws(() => ops.AllReduce({ group: null as never }), { message: "For 'AllReduce', the 'group' should be str, but got NoneType." });
  t.throws(() => ops.AllReduce({ op: 'mean' as never }), ArgumentValueError);
  t.throws(() => ops.Broadcast(1.5), { message: "For 'Broadcast', the type of `root_rank` should be int, but got 1.5 with type float." });
  t.throws(() => ops.AllGather(), { message: /Distributed Communication has not been inited/ }, 'AllGather reads the group when made');
  t.throws(() => ops.Receive(0, 1, [2], 'float64'), DTypeError);
  const errors = (await onRank0(() => {
    communication.init();
    const x = new Tensor([1, 2, 3], 'float32');
    const out: Error[] = [];
    for (const fn of [
      () => ops.AllReduce()(new Tensor([1], 'float64')),
      () => ops.ReduceScatter()(x),
      () => ops.AllGather()(new Tensor(1, 'float32')),
      () => ops.AlltoAll(3, 0, 0)(x),
      () => ops.AlltoAll(4, 0, 0)(x),
      () => ops.Broadcast(0)(x as never),
      () => ops.AllReduce({ group: 'missing' })(x),
    ]) {
      try {
        fn();
      } catch (e) {
        out.push(e as Error);
      }
    }
    return out;
  })) as Error[];
  t.match(errors.map((e) => e.message), [
    "For 'AllReduce', the type of 'x' should be one of Tensor[Int8], Tensor[Int32], Tensor[Float16], Tensor[Float32], but got Tensor[Float64] . The supported data types depend on the hardware that executes the operator, please refer the official api document to get more information about the data type.",
    "For 'ReduceScatter', the first dimension of 'x_shape' should be divided by 'rank_size', but got 'x_shape[0]': 3, 'rank_size': 4.",
    '`x shape` in `AllGather` should be an int and must > 0, but got `0` with type `int`.',
    "For 'AlltoAll', the 'split_count' must be equal to 'rank_size', but got 'split_count': 3, 'rank_size': 4.",
    "For 'AlltoAll', the 'split_count' must be divisible by 'rank_size', but got 'split_count' 4, 'rank_size' 3.",
    "For 'Broadcast', the 'input_x' should be a tuple, but got Tensor!",
    /For 'AllReduce', the group 'missing' has not been created on rank 0/,
  ]);
  t.same(errors.map((e) => e.constructor.name), ['DTypeError', 'ShapeError', 'ArgumentValueError', 'ArgumentValueError', 'ArgumentValueError', 'ArgumentTypeError', 'MindsimError']);
  const gpuInt8 = await onRank0(() => {
    communication.init();
    try {
      ops.AllReduce()(new Tensor([1], 'int8'));
    } catch (e) {
      return e as Error;
    }
    return null;
  }, 'dgx-a100');
  t.match((gpuInt8 as Error).message, /NCCL on GPU:0 has no Int8 kernel/, "NCCL's kernels take no int8");
  const pynative = (await launch(() => {
    communication.init();
    const out: string[] = [];
    for (const fn of [() => ops.AllGather()(new Tensor([1], 'float32')), () => ops.AllReduce({ group: 'g' })(new Tensor([1], 'float32'))]) {
      try {
        fn();
      } catch (e) {
        out.push(`${(e as Error).constructor.name}: ${(e as Error).message}`);
      }
    }
    return out;
  }, { cluster: four, mode: 'PYNATIVE_MODE' })).results[0];
  t.same(pynative, [
    'NotImplementedYetError: AllGather is not supported in PYNATIVE_MODE (MindSpore r1.5 runs it in GRAPH_MODE only)',
    "MindsimError: For 'AllReduce', only hccl_world_group is supported in Pynative mode, but got 'group': g.",
  ]);
});

t.test('CPU hosts: init() gives MCCL (MindSpore >= 2.1; r1.5 refuses CPU) with its world group', async (t) => {
  const { results } = await launch(async ({ rank }) => {
    communication.init();
    const sum = await ops.AllReduce()(new Tensor([rank + 1], 'float32')).asnumpyAsync();
    return [communication.getRank(), communication.getGroupSize(), currentContext().comm!.hub.worldGroup, sum.item()];
  }, { cluster: 'cpu-hosts', nodes: 4 });
  t.same(results[2], [2, 4, 'mccl_world_group', 10]);
  const outside = new ExecutionContext({ deviceTarget: 'CPU' });
  t.throws(() => outside.run(() => communication.init()), { message: 'Device target CPU is not supported in parallel initialization, please use Ascend or GPU.' }, "outside a launched CPU cluster, r1.5's refusal");
  t.throws(() => outside.run(() => communication.init('mccl')), { message: 'Backend name mccl is not supported.' });
});
