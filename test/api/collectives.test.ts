/**
 * Collectives on 2, 3, 8 and 16 ranks against a host reference (fast-check over shapes, values, dtypes
 * and reductions; groups that are subsets of the world); and failures that are never hangs: mismatched
 * calls, a missing rank, a lost device.
 */
import t from 'tap';
import fc from 'fast-check';
import {
  CollectiveMismatchError, CollectiveTimeoutError, DeadlockError, LaunchError, Tensor, communication, kernels, launch, np, ops, runtime,
  type RankInfo, type Tensor as T,
} from '../../src/index.js';

const preset = (name: string) => runtime.defaultClusterRegistry.preset(name)!;
/** The clusters: 2 (NCCL), 3 (HCCL mesh), 8 (HCCL, two meshes) and 16 ranks (NCCL, two nodes). */
const CLUSTERS: readonly { ranks: number; cluster: runtime.ClusterSpec | string; nodes: number; dtypes: readonly string[] }[] = [
  { ranks: 2, cluster: { ...preset('dgx-a100'), preset: 'two-a100', devicesPerNode: 2 }, nodes: 1, dtypes: ['float32', 'float16', 'int32'] },
  { ranks: 3, cluster: { ...preset('atlas800t-a2'), preset: 'three-910b', devicesPerNode: 3 }, nodes: 1, dtypes: ['int8', 'int32', 'float16', 'float32'] },
  { ranks: 8, cluster: 'atlas800-910', nodes: 1, dtypes: ['int8', 'int32', 'float16', 'float32'] },
  { ranks: 16, cluster: 'dgx-h100', nodes: 2, dtypes: ['float32', 'float16', 'int32'] },
];

type Kind = 'AllReduce' | 'AllGather' | 'ReduceScatter' | 'Broadcast' | 'AlltoAll';
type Op = 'sum' | 'max' | 'min' | 'prod';

/** One rounding to the dtype, as the host reference does it (float16 through numpy-exact bits). */
function round(dtype: string, v: number): number {
  switch (dtype) {
    case 'float32':
      return Math.fround(v);
    case 'float16': {
      const bits = kernels.float32BitsToFloat16Bits(new Uint32Array(new Float32Array([v]).buffer)[0]!);
      return kernels.float16ToFloat32(new Uint16Array([bits]))[0]!;
    }
    case 'int32':
      return v | 0;
    default:
      return (v << 24) >> 24; // int8 wraps
  }
}
const reduceOp = (op: Op, dtype: string) => (a: number, b: number): number => {
  if (op === 'max') return Math.max(a, b);
  if (op === 'min') return Math.min(a, b);
  if (op === 'prod') return dtype.startsWith('int') ? round(dtype, Math.imul(a, b)) : round(dtype, a * b);
  return round(dtype, a + b);
};

/** Values every rank contributes: small enough that sums and products of a few stay finite in float16. */
const valueArb = (dtype: string) => (dtype.startsWith('int') ? fc.integer({ min: -100, max: 100 }) : fc.double({ min: -3, max: 3, noNaN: true }).map((v) => round(dtype, v)));

const caseArb = fc.record({
  which: fc.nat({ max: CLUSTERS.length - 1 }),
  kind: fc.constantFrom<Kind>('AllReduce', 'AllGather', 'ReduceScatter', 'Broadcast', 'AlltoAll'),
  op: fc.constantFrom<Op>('sum', 'max', 'min', 'prod'),
  dtypeIndex: fc.nat(),
  rows: fc.integer({ min: 1, max: 3 }),
  cols: fc.integer({ min: 1, max: 3 }),
  root: fc.nat(),
  subset: fc.boolean(),
}).chain((c) => {
  const { ranks, dtypes } = CLUSTERS[c.which]!;
  const dtype = dtypes[c.dtypeIndex % dtypes.length]!;
  const rows = c.kind === 'ReduceScatter' || c.kind === 'AlltoAll' ? c.rows * ranks : c.rows; // divisible by the group size (set below)
  return fc.array(fc.array(valueArb(dtype), { minLength: rows * c.cols, maxLength: rows * c.cols }), { minLength: ranks, maxLength: ranks }).map((data) => ({ ...c, dtype, ranks, rows, data }));
});

/** The host reference: what each member gets, in group order. */
function reference(kind: Kind, op: Op, dtype: string, parts: readonly number[][], rows: number, cols: number, root: number): number[][] {
  const p = parts.length;
  const reduced = () => parts.slice(1).reduce((acc, x) => acc.map((a, i) => reduceOp(op, dtype)(a, x[i]!)), parts[0]!.slice());
  switch (kind) {
    case 'AllReduce':
      return parts.map(() => reduced());
    case 'ReduceScatter': {
      const r = reduced();
      const block = r.length / p;
      return parts.map((_, i) => r.slice(i * block, (i + 1) * block));
    }
    case 'AllGather':
      return parts.map(() => parts.flat());
    case 'Broadcast':
      return parts.map(() => parts[root]!.slice());
    case 'AlltoAll': {
      const block = (rows / p) * cols; // split on dim 0 into p blocks, concatenated on dim 0
      return parts.map((_, j) => parts.flatMap((x) => x.slice(j * block, (j + 1) * block)));
    }
  }
}

function call(kind: Kind, op: Op, root: number, group: string): (x: T) => T {
  switch (kind) {
    case 'AllReduce':
      return (x) => ops.AllReduce({ op, group })(x);
    case 'ReduceScatter':
      return (x) => ops.ReduceScatter({ op, group })(x);
    case 'AllGather':
      return (x) => ops.AllGather({ group })(x);
    case 'Broadcast':
      return (x) => ops.Broadcast(root, { group })([x])[0]!;
    case 'AlltoAll':
      return (x) => ops.AlltoAll(-1, 0, 0, { group })(x);
  }
}

t.test('every collective, dtype and reduction on 2, 3, 8 and 16 ranks equals the host reference (groups too)', async (t) => {
  let runs = 0;
  const seen = new Set<string>();
  await fc.assert(
    fc.asyncProperty(caseArb, async (c) => {
      const { cluster, nodes } = CLUSTERS[c.which]!;
      // a subset group (HCCL only: r1.5's NCCL has no create_group): every other rank
      const hccl = typeof cluster === 'string' ? cluster.startsWith('atlas') : cluster.library.name === 'hccl';
      const members = c.subset && hccl ? Array.from({ length: c.ranks }, (_, r) => r).filter((r) => r % 2 === 0) : Array.from({ length: c.ranks }, (_, r) => r);
      if (c.kind === 'ReduceScatter' || c.kind === 'AlltoAll') if (c.rows % members.length !== 0) return; // sizes fit the whole world only
      const p = members.length;
      const root = c.root % p;
      const { results } = await launch(async ({ rank }) => {
        communication.init();
        if (!members.includes(rank)) return null;
        const group = members.length === c.ranks ? communication.HCCL_WORLD_COMM_GROUP : 'even';
        if (group === 'even') communication.createGroup('even', members);
        const x = new Tensor(np.array(c.data[rank]!, c.dtype).reshape(c.rows, c.cols));
        const fn = c.kind === 'AlltoAll' ? (y: T) => ops.AlltoAll(p, 0, 0, { group })(y) : call(c.kind, c.op, root, group);
        return ((await fn(x).asnumpyAsync()).astype('float64').data as Float64Array).reduce<number[]>((a, v) => [...a, v], []);
      }, { cluster, nodes });
      const expected = reference(c.kind, c.op, c.dtype, members.map((r) => c.data[r]!), c.rows, c.cols, root);
      members.forEach((r, i) => {
        if (JSON.stringify(results[r]) !== JSON.stringify(expected[i])) throw new Error(`${c.kind}(${c.op}) ${c.dtype} on ${c.ranks} ranks, members ${members}: rank ${r} got ${JSON.stringify(results[r])}, expected ${JSON.stringify(expected[i])}`);
      });
      runs++;
      seen.add(`${c.ranks}:${c.kind}:${c.dtype}`);
    }),
    { numRuns: 120 },
  );
  t.ok(runs >= 80, `${runs} launches checked, ${seen.size} (ranks, collective, dtype) combinations`);
});

const four: runtime.ClusterSpec = { ...preset('atlas800t-a2'), preset: 'four-910b', devicesPerNode: 4 };
const fourGpu: runtime.ClusterSpec = { ...preset('dgx-a100'), preset: 'four-a100', devicesPerNode: 4 };

/** Runs a launch that must fail; returns its error and the wall time it took. */
async function failing(program: (info: RankInfo) => unknown, options: Parameters<typeof launch>[1]): Promise<{ error: LaunchError; wallMs: number }> {
  const start = performance.now();
  try {
    await launch(program, options);
  } catch (e) {
    return { error: e as LaunchError, wallMs: performance.now() - start };
  }
  throw new Error('the launch did not fail');
}

t.test('ranks that call different collectives, shapes, dtypes, reductions, groups or orders: CollectiveMismatchError naming each rank', async (t) => {
  const cases: [string, (rank: number) => Promise<unknown>, RegExp][] = [
    ['collectives', async (rank) => (rank === 1 ? ops.AllGather() : ops.AllReduce())(new Tensor([1, 2], 'float32')).asnumpyAsync(), /rank 0 called AllReduce\(op='sum'\) Float32 \(2,\); rank 1 called AllGather Float32 \(2,\)/],
    ['shapes', async (rank) => ops.AllReduce()(new Tensor(rank === 2 ? [1, 2, 3] : [1, 2], 'float32')).asnumpyAsync(), /rank 2 called AllReduce\(op='sum'\) Float32 \(3,\)/],
    ['dtypes', async (rank) => ops.AllReduce()(new Tensor([1, 2], rank === 3 ? 'int32' : 'float32')).asnumpyAsync(), /rank 3 called AllReduce\(op='sum'\) Int32 \(2,\)/],
    ['reductions', async (rank) => ops.AllReduce({ op: rank === 0 ? 'max' : 'sum' })(new Tensor([1], 'float32')).asnumpyAsync(), /rank 0 called AllReduce\(op='max'\)/],
    ['orders', async (rank) => {
      const x = new Tensor([1, 2, 3, 4], 'float32');
      const [a, b] = rank === 1 ? [ops.AllGather()(x), ops.AllReduce()(x)] : [ops.AllReduce()(x), ops.AllGather()(x)];
      return Promise.all([a.asnumpyAsync(), b.asnumpyAsync()]);
    }, /collective #1 of hccl_world_group: the ranks called different collectives: .*rank 1 called AllGather/],
    ['groups', async (rank) => {
      communication.createGroup('g0123', [0, 1, 2, 3]);
      const group = rank === 0 ? 'g0123' : communication.HCCL_WORLD_COMM_GROUP;
      return ops.AllReduce({ group })(new Tensor([1], 'float32')).asnumpyAsync();
    }, /wait in different collectives for each other.*rank 0 called AllReduce\(op='sum'\) Float32 \(1,\) on group g0123.*rank 1 called AllReduce\(op='sum'\) Float32 \(1,\) on group hccl_world_group/],
  ];
  for (const [what, body, message] of cases) {
    const { error, wallMs } = await failing(async ({ rank }) => {
      communication.init();
      return body(rank);
    }, { cluster: four });
    t.type(error, LaunchError, what);
    const mismatch = error.failures.map((f) => f.error).find((e) => e instanceof CollectiveMismatchError);
    t.ok(mismatch, `${what}: a CollectiveMismatchError (got ${error.failures.map((f) => f.error.name).join(', ')})`);
    t.match(mismatch?.message ?? '', message, `${what}: names each rank and what it called`);
    t.ok(wallMs < 1000, `${what}: reported in ${wallMs.toFixed(0)} ms of wall time`);
  }
});

t.test('a rank that never arrives: DeadlockError naming the missing rank', async (t) => {
  const { error, wallMs } = await failing(async ({ rank }) => {
    communication.init();
    if (rank === 3) return 'skipped';
    return ops.AllReduce()(new Tensor([1], 'float32')).asnumpyAsync();
  }, { cluster: four });
  t.same(error.failures.map((f) => f.rank), [0, 1, 2], 'the ranks that waited fail');
  for (const f of error.failures) {
    t.type(f.error, DeadlockError);
    t.match(f.error.message, /collective #1 of hccl_world_group waits for rank 3 \(arrived: 0, 1, 2\)/);
    t.match(f.error.message, /rank 3 returned/);
  }
  t.ok(wallMs < 1000, `in ${wallMs.toFixed(0)} ms`);
  // a synchronous read inside a rank: a DeadlockError that says to await, not a hang
  const sync = await failing(() => {
    communication.init();
    return String(ops.AllReduce()(new Tensor([1], 'float32')));
  }, { cluster: four });
  t.match(sync.error.failures[0]!.error.message, /waits in collective #1 of hccl_world_group for ranks 1, 2, 3[\s\S]*await tensor\.asnumpyAsync\(\)/);
});

t.test('a device lost on one rank fails the others at the simulated timeout, with the library error', async (t) => {
  for (const [cluster, pattern] of [[four, /EI0002: The wait execution of the Notify register times out\. Reason: The Notify register has not received the Notify record from remote rank \[2\]/], [fourGpu, /NCCL error: remote process exited or there was a network error/]] as const) {
    let clusterRef: runtime.Cluster | undefined;
    const { error, wallMs } = await failing(async ({ rank, context }) => {
      communication.init();
      const x = new Tensor([rank], 'float32');
      if (rank === 2) context.currentDevice().injectFault({ kind: 'device-lost' });
      return ops.AllReduce()(x).asnumpyAsync();
    }, { cluster, collectiveTimeoutNs: 5e9 });
    void clusterRef;
    const byRank = new Map(error.failures.map((f) => [f.rank, f.error]));
    t.match(byRank.get(2)?.name ?? '', /DeviceLostError/, 'the lost rank fails with DeviceLostError');
    for (const r of [0, 1, 3]) {
      t.type(byRank.get(r), CollectiveTimeoutError, `rank ${r} times out`);
      t.match(byRank.get(r)?.message ?? '', pattern);
      t.match(byRank.get(r)?.message ?? '', /after 5 s/);
    }
    t.ok(wallMs < 1000, `${typeof cluster === 'string' ? cluster : cluster.preset}: in ${wallMs.toFixed(0)} ms`);
  }
});

t.test('NeighborExchange with random routes, and Send/Receive pairs, deliver exactly what was sent', async (t) => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(1, 2), // clusters 1 (3 ranks, HCCL mesh) and 2 (8 ranks, two meshes)
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 10 }),
      async (which, wanted) => {
        const { ranks, cluster, nodes } = CLUSTERS[which]!;
        // messages (from, to, length), distinct pairs in order
        const messages = wanted.map(([a, b, n]) => ({ from: a % ranks, to: b % ranks, n })).filter((m, i, all) => m.from !== m.to && all.findIndex((x) => x.from === m.from && x.to === m.to) === i);
        const payload = (from: number, to: number, n: number) => Array.from({ length: n }, (_, i) => from * 100 + to * 10 + i);
        const { results } = await launch(async ({ rank }) => {
          communication.init();
          const mine = messages.filter((m) => m.from === rank);
          const theirs = messages.filter((m) => m.to === rank);
          const exchange = ops.NeighborExchange(mine.map((m) => m.to), theirs.map((m) => m.from), theirs.map((m) => [m.n]), mine.map((m) => [m.n]), 'int32');
          const got = exchange(mine.map((m) => new Tensor(payload(m.from, m.to, m.n), 'int32')));
          return Promise.all(got.map(async (g) => [...((await g.asnumpyAsync()).data as Int32Array)]));
        }, { cluster, nodes });
        for (let r = 0; r < ranks; r++) {
          const expected = messages.filter((m) => m.to === r).map((m) => payload(m.from, m.to, m.n));
          if (JSON.stringify(results[r]) !== JSON.stringify(expected)) throw new Error(`rank ${r} got ${JSON.stringify(results[r])}, expected ${JSON.stringify(expected)}`);
        }
        runs++;
      },
    ),
    { numRuns: 25 },
  );
  t.equal(runs, 25);
  // a ring of Sends and Receives: even ranks send first, odd ones receive first (a Send waits for its
  // Receive on the same stream, as NCCL's and HCCL's do: if every rank sent first, they would wait in a cycle)
  const ring = await launch(async ({ rank, size }) => {
    communication.init();
    const send = () => ops.Send(5, (rank + 1) % size)(new Tensor([rank], 'float32'));
    const receive = () => ops.Receive(5, (rank + size - 1) % size, [1], 'float32')();
    let got: Tensor;
    if (rank % 2 === 0) {
      send();
      got = receive();
    } else {
      got = receive();
      send();
    }
    return (await got.asnumpyAsync()).item();
  }, { cluster: 'dgx-h100', nodes: 2, mode: 'PYNATIVE_MODE' });
  t.same(ring.results, Array.from({ length: 16 }, (_, r) => (r + 15) % 16), 'a ring of Send/Receive pairs on 16 ranks');
  const cycle = await failing(async ({ rank, size }) => {
    communication.init();
    ops.Send(5, (rank + 1) % size)(new Tensor([rank], 'float32'));
    return ops.Receive(5, (rank + size - 1) % size, [1], 'float32')().asnumpyAsync();
  }, { cluster: four });
  t.match(cycle.error.failures[0]!.error.message, /Sends and Receives wait in a cycle\): rank 0 waits in its Send 0->1 tag 5 #1 of hccl_world_group; rank 1 waits in its Send 1->2/, 'every rank sending first: a clear error, not a hang');
  const bad = await failing(async ({ rank }) => {
    communication.init();
    const ex = rank === 0 ? ops.NeighborExchange([1], [], [], [[2]], 'float32') : rank === 1 ? ops.NeighborExchange([], [0], [[3]], [], 'float32') : ops.NeighborExchange([], [], [], [], 'float32');
    return Promise.all(ex(rank === 0 ? [new Tensor([1, 2], 'float32')] : []).map((x) => x.asnumpyAsync()));
  }, { cluster: four });
  t.match(bad.error.failures[0]!.error.message, /routes disagree: rank 0 sends \[2\] elements to rank 1, which receives \[3\] from it/);
});
