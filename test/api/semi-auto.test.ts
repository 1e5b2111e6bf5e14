/**
 * Semi-automatic parallel on 8 ranks: MatMul, BatchMatMul, BiasAdd, elementwise ops and ReLU sharded
 * by r1.5's strategies equal stand-alone (each rank's block put back by its layout); the
 * redistribution r1.5 inserts (AllGather, AllReduce, local slices) runs as collectives; nn.Dense is
 * sharded through its primitives and a training step on sharded Parameters equals one device trained
 * on the whole batch; lazy Parameters are initialised as their slices; r1.5's strategy errors.
 */
import t from 'tap';
import {
  ExecutionContext, NDArray, Parameter, Tensor, communication, currentContext, launch, nn, np, ops, runtime, setAutoParallelContext, setSeed, type MindsimError,
} from '../../src/index.js';
import { sliceCoordinates, tensorStrategy } from '../../src/api/parallel/layout.js';
import type { DistLayout } from '../../src/api/parallel/dist-layout.js';

/** A rank's block and its layout. */
interface Block {
  values: number[];
  shape: number[];
  layout: DistLayout;
}

/** The whole tensor from every rank's block (each block placed at its coordinates; replicas must agree). */
function assemble(blocks: readonly Block[]): { shape: number[]; values: number[]; replicasAgree: boolean } {
  const { fullShape, devMat, tensorMap } = blocks[0]!.layout;
  const split = tensorStrategy(devMat, tensorMap);
  const strides = fullShape.map((_, d) => fullShape.slice(d + 1).reduce((a, b) => a * b, 1));
  const out = new Array<number>(fullShape.reduce((a, b) => a * b, 1)).fill(NaN);
  let replicasAgree = true;
  blocks.forEach((b, rank) => {
    const coords = sliceCoordinates(devMat, tensorMap, rank);
    const local = fullShape.map((s, d) => s / split[d]!);
    b.values.forEach((v, i) => {
      let rest = i;
      let at = 0;
      for (let d = local.length - 1; d >= 0; d--) {
        const c = rest % local[d]!;
        rest = Math.floor(rest / local[d]!);
        at += (coords[d]! * local[d]! + c) * strides[d]!;
      }
      if (!Number.isNaN(out[at]!) && out[at] !== v) replicasAgree = false;
      out[at] = v;
    });
  });
  return { shape: [...fullShape], values: out, replicasAgree };
}

async function block(y: Tensor): Promise<Block> {
  return { values: Array.from((await y.asnumpyAsync()).data as Float32Array), shape: [...y.shape], layout: currentContext().semi.layouts.get(y.data_)! };
}

const A = np.arange(8 * 16).reshape(8, 16).astype('float32');
const B = np.arange(16 * 8).reshape(16, 8).astype('float32');
const standAlone = (fn: () => Tensor) => Array.from(new ExecutionContext().run(() => fn().asnumpy().data as Float32Array));

/** Runs `fn` on every rank of a DGX A100 in semi-auto parallel; every rank's block of its result. */
async function sharded(fn: (rank: number) => Tensor, cluster = 'dgx-a100') {
  const run = await launch(async ({ rank }) => {
    communication.init();
    setAutoParallelContext({ parallelMode: 'semi_auto_parallel' });
    return block(fn(rank));
  }, { cluster });
  return { ...run, whole: assemble(run.results) };
}

const collectives = (run: { cluster: runtime.Cluster }, op: string) =>
  run.cluster.platform.sim.records().filter((r): r is runtime.CollectiveRecord => r.type === 'collective' && r.phase === 'start' && r.op === op);

t.test('MatMul under several strategies equals stand-alone; the collectives r1.5 inserts run', async (t) => {
  const expected = standAlone(() => ops.MatMul()(new Tensor(A), new Tensor(B)));
  const cases: [number[][], string, number[], Record<string, number>][] = [
    [[[8, 1], [1, 1]], 'data parallel: A split on rows', [1, 8], { AllReduce: 0, AllGather: 0 }],
    [[[1, 1], [1, 8]], 'B split on columns', [8, 1], { AllReduce: 0, AllGather: 0 }],
    [[[1, 8], [8, 1]], 'the reduce dimension split: partial sums AllReduced', [8, 8], { AllReduce: 1, AllGather: 0 }],
    [[[2, 1], [1, 4]], '2 x 4', [4, 2], { AllReduce: 0, AllGather: 0 }],
    [[[2, 2], [2, 2]], '2 x 2 x 2', [4, 4], { AllReduce: 4, AllGather: 0 }],
    [[[1, 2], [2, 1]], 'on 2 of 8 devices: a repeat axis', [8, 8], { AllReduce: 4, AllGather: 0 }],
  ];
  for (const [strategy, what, local, comm] of cases) {
    const run = await sharded(() => ops.MatMul().shard(strategy)(new Tensor(A), new Tensor(B)));
    t.same(run.results[5]!.shape, local, `${what}: the local block`);
    t.same([run.whole.values, run.whole.replicasAgree], [expected, true], `${what}: equals stand-alone`);
    for (const [op, groups] of Object.entries(comm)) t.equal(collectives(run, op).length, groups, `${what}: ${groups} ${op} group(s)`);
  }
  const transposed = await sharded(() => ops.MatMul({ transposeB: true }).shard([[2, 4], [1, 4]])(new Tensor(A), ops.Transpose()(new Tensor(B), [1, 0])));
  t.same(transposed.whole.values, expected, 'transposeB: B stored [N, K], split as stored');
});

t.test('a split input meets a strategy that needs it otherwise: AllGather, then local slices', async (t) => {
  const expected = standAlone(() => ops.ReLU()(ops.MatMul()(ops.MatMul()(new Tensor(A), new Tensor(B)), new Tensor(np.ones([8, 4]).astype('float32')))));
  const run = await sharded(() => {
    const y = ops.MatMul().shard([[1, 1], [1, 8]])(new Tensor(A), new Tensor(B)); // columns split 8 ways
    const z = ops.MatMul().shard([[8, 1], [1, 1]])(y, new Tensor(np.ones([8, 4]).astype('float32'))); // needs rows split
    return ops.ReLU().shard([[4, 1]])(z);
  });
  t.same(run.whole.values, expected);
  t.equal(collectives(run, 'AllGather').length, 2, "y's column blocks gathered for the second MatMul, then z's row blocks for ReLU's 4-way split");
});

t.test('BatchMatMul, BiasAdd and broadcasting elementwise ops under strategies', async (t) => {
  const x = np.arange(4 * 4 * 6).reshape(4, 4, 6).astype('float32');
  const w = np.arange(4 * 6 * 2).reshape(4, 6, 2).astype('float32');
  const bias = np.array([0.5, -1], 'float32');
  const expected = standAlone(() => ops.Mul()(ops.BiasAdd()(ops.Reshape()(ops.BatchMatMul()(new Tensor(x), new Tensor(w)), [16, 2]), new Tensor(bias)), 2));
  const run = await sharded(() => {
    const y = ops.BatchMatMul().shard([[2, 2, 2], [2, 2, 1]])(new Tensor(x), new Tensor(w));
    const flat = ops.Reshape()(y, [16, 2]); // no strategy rule: gathered whole
    const biased = ops.BiasAdd().shard([[4, 2], [2]])(flat, new Tensor(bias));
    return ops.Mul().shard([[8, 1]])(biased, 2); // the scalar needs no tuple
  });
  t.same(run.whole.values, expected);
  t.same(run.results[3]!.shape, [2, 2]);
});

t.test("r1.5's strategy rules and messages", async (t) => {
  const { results } = await launch(async () => {
    communication.init();
    setAutoParallelContext({ parallelMode: 'semi_auto_parallel' });
    const out: string[] = [];
    const attempt = (fn: () => unknown) => {
      try {
        fn();
        out.push('no error');
      } catch (e) {
        out.push(`${(e as MindsimError).pythonType}: ${(e as Error).message}`);
      }
    };
    const a = new Tensor(A);
    const b = new Tensor(B);
    attempt(() => ops.MatMul().shard([[3, 1], [1, 1]])(a, b));
    attempt(() => ops.MatMul().shard([[16, 1], [1, 1]])(a, b));
    attempt(() => ops.MatMul().shard([[1, 2], [4, 1]])(a, b));
    attempt(() => ops.MatMul().shard([[4, 4], [4, 1]])(a, b));
    attempt(() => ops.MatMul().shard([[1, 1]])(a, b));
    attempt(() => ops.MatMul().shard([8, 1] as never));
    attempt(() => ops.MatMul().shard(8 as never));
    out.push(String(ops.Add().shard([[2, 1], [2, 1]])), String(ops.ReLU().shard([[8]])), String(ops.Add()));
    return out;
  }, { cluster: 'dgx-a100' });
  t.same(results[0], [
    'RuntimeError: Failure:operator MatMul init failed trace: the strategy of input 0 ((3, 1),): each entry must be a power of 2, but got 3',
    'RuntimeError: Failure:operator MatMul init failed trace: the strategy of input 0 ((16, 1),): 16 does not divide dimension 0 of (8, 16)',
    'RuntimeError: Failure:operator MatMul init failed trace: the strategy ((1, 2), (4, 1)): the reduce dimension must be split alike in both inputs (2 vs 4)',
    'RuntimeError: Failure:operator MatMul init failed trace: the strategy ((4, 4), (4, 1)) uses 16 devices, which does not divide the stage\'s 8',
    'RuntimeError: Failure:operator MatMul init failed trace: the strategy ((1, 1),) needs one tuple per input (2)',
    "TypeError: The element of strategy must be tuple type, but got:<class 'int'>",
    "TypeError: strategy must be tuple type, but got:<class 'int'>",
    'Prim[Add]<strategy=((2, 1), (2, 1))>', 'Prim[ReLU]<strategy=((8,),)>', 'Prim[Add]',
  ]);
  const sink: string[] = [];
  new ExecutionContext({ printSink: (s) => sink.push(s) }).run(() => ops.MatMul().shard([[2, 1], [1, 1]]));
  t.same(sink, ['[WARNING] The shard strategy ((2, 1), (1, 1)) of MatMul is not valid in stand_alone. Please use semi auto or auto parallel mode.\n']);
});

/** Dense → ReLU → Dense with MSE, its primitives sharded; `shard`: whether to set the strategies. */
function network(shard: boolean) {
  // concrete weights: a Parameter made from data is cut by numpy slicing, so the slices are the whole
  // tensor's pieces (an initializer would draw each slice with r1.5's per-slice seeding instead)
  const values = (shape: number[], k: number) => new Tensor(np.array(Array.from({ length: shape[0]! * shape[1]! }, (_, i) => 0.3 * Math.sin(k + i * 1.3)), 'float32').reshape(...shape));
  const fc1 = new nn.Dense(6, 8, { weightInit: values([8, 6], 1), biasInit: new Tensor(np.array([0.1, -0.2, 0.3, 0, 0.05, -0.1, 0.2, 0], 'float32')) });
  const fc2 = new nn.Dense(8, 2, { weightInit: values([2, 8], 2) });
  const relu = ops.ReLU();
  if (shard) {
    fc1.matmul.shard([[2, 1], [4, 1]]); // weight [8, 6] split on its output rows
    fc1.biasAdd.shard([[2, 4], [4]]);
    relu.shard([[2, 4]]);
    fc2.matmul.shard([[2, 4], [1, 4]]); // the reduce dimension split 4 ways: partial sums
  }
  class Net extends nn.Cell {
    fc1 = fc1;
    fc2 = fc2;
    override construct(x: Tensor): Tensor {
      return this.fc2.call(relu(this.fc1.call(x)));
    }
  }
  return new Net();
}

t.test('nn.Dense sharded through its primitives: lazy Parameters become their slices; a training step equals one device', async (t) => {
  const x = np.array(Array.from({ length: 16 * 6 }, (_, i) => Math.sin(i * 0.37)), 'float32').reshape(16, 6);
  const y = np.array(Array.from({ length: 16 * 2 }, (_, i) => Math.cos(i * 0.21)), 'float32').reshape(16, 2);
  const rows = (a: NDArray, from: number, n: number) => new Tensor(new NDArray((a.data as Float32Array).slice(from * a.shape[1]!, (from + n) * a.shape[1]!), [n, a.shape[1]!], 'float32'));
  const single = new ExecutionContext().run(() => {
    const net = network(false);
    const step = new nn.TrainOneStepCell(new nn.WithLossCell(net, new nn.MSELoss()), new nn.SGD(net.trainableParams(), { learningRate: 0.1 }));
    const losses = [0, 1, 2].map(() => Number(step.call(new Tensor(x), new Tensor(y)).asnumpy().item()));
    return { losses, w1: Array.from(net.fc1.weight.asnumpy().data as Float32Array) };
  });
  const run = await launch(async ({ rank }) => {
    communication.init();
    setAutoParallelContext({ parallelMode: 'semi_auto_parallel' });
    const net = network(true);
    setSeed(2);
    const probe = new nn.Dense(6, 8, { weightInit: 'normal' });
    probe.matmul.shard([[2, 1], [4, 1]]);
    const lazy = probe.weight.hasInit;
    probe.call(rows(x, 2 * rank, 2)); // its first use initialises only this rank's slice
    const probed = [probe.weight.hasInit, probe.weight.sliced, probe.weight.shape];
    const step = new nn.TrainOneStepCell(new nn.WithLossCell(net, new nn.MSELoss()), new nn.SGD(net.trainableParams(), { learningRate: 0.1 }));
    const losses: number[] = [];
    // the dataset splits the batch over the 8 devices: each rank gets 2 rows
    for (let s = 0; s < 3; s++) losses.push(Number((await step.call(rows(x, 2 * rank, 2), rows(y, 2 * rank, 2)).asnumpyAsync()).item()));
    return { lazy, probed, shape: net.fc1.weight.shape, losses, w1: await block(net.fc1.weight) };
  }, { cluster: 'atlas800-910' });
  const r0 = run.results[0]!;
  t.same([r0.lazy, r0.probed], [true, [false, true, [2, 6]]], "a Dense weight from 'normal' is lazy, then initialised as its [2, 6] slice (rows split 4 ways)");
  t.same(r0.shape, [2, 6], 'a weight from data is cut to its slice');
  run.results.forEach((r) => r.losses.forEach((l, s) => t.ok(Math.abs(l - single.losses[s]!) < 1e-5, `rank ${run.results.indexOf(r)} step ${s}: loss ${l} vs ${single.losses[s]}`)));
  const w = assemble(run.results.map((r) => r.w1));
  t.ok(w.replicasAgree, 'replicas of each slice agree after training');
  t.ok(w.values.every((v, i) => Math.abs(v - single.w1[i]!) < 1e-5), 'the trained fc1.weight equals one device\'s');
});

t.test("a replicated Parameter is mirrored ('_MirrorOperator'): its gradient is AllReduced over its replicas", async (t) => {
  const run = await launch(async ({ rank }) => {
    communication.init();
    setAutoParallelContext({ parallelMode: 'semi_auto_parallel' });
    const w = new Parameter(new Tensor(np.ones([4, 2]).astype('float32')), 'w');
    const x = new Tensor(np.array([[rank, 1, 0, 2]], 'float32'));
    const f = (input: Tensor) => ops.ReduceSum()(ops.MatMul().shard([[1, 1], [1, 1]])(input, w));
    const [g] = ops.GradOperation({ getByList: true })(f, [w])(x) as Tensor[];
    return Array.from((await g!.asnumpyAsync()).data as Float32Array);
  }, { cluster: 'dgx-a100' });
  // each rank's x is replicated data here (not a cell input): every rank computes the same... per rank input differs
  const sumRanks = [0, 1, 2, 3, 4, 5, 6, 7].reduce((a, b) => a + b, 0) / 8;
  t.same(run.results[0], [sumRanks, sumRanks, 1, 1, 0, 0, 2, 2], 'the mean over ranks of each rank\'s gradient (its loss replicated on 8 ranks: 1/8 each), summed by the mirror');
  t.ok(collectives(run, 'AllReduce').length >= 1);
});
