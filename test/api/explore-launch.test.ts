/**
 * The explorer across ranks: four ranks, only rank 3's data overflows, and each rank AllReduces its
 * float-status flag (as r1.5's loss-scale cell does). Without the Depend before NPUGetFloatStatus the
 * explorer finds the schedule where rank 3 reads its register before the overflowing op and every rank
 * goes on as if nothing overflowed; it shrinks the schedule, names rank 3's two ops, and replays it.
 * With the Depend every explored run sees the overflow on all ranks.
 */
import t from 'tap';
import { Tensor, communication, ops, runtime, type Tensor as T } from '../../src/index.js';
import { explore } from '../../src/testing.js';

const cluster: runtime.ClusterSpec = { ...runtime.defaultClusterRegistry.preset('atlas800t-a2')!, preset: 'four-910b', devicesPerNode: 4 };

/** One step's overflow check on every rank, the flag summed over ranks; `guarded`: the Depend before the read. */
const overflowCheck = (guarded: boolean) => async ({ rank }: { rank: number }) => {
  communication.init();
  const x = new Tensor([rank === 3 ? 60000 : 1, 1], 'float16');
  let status = ops.NPUAllocFloatStatus()();
  const clear = ops.NPUClearFloatStatus()(status);
  const grad: T = ops.Mul()(ops.depend(x, clear), 2); // 120000 overflows float16 on rank 3
  const extra = ops.Add()(x, 1); // other work the schedule may interleave
  if (guarded) status = ops.depend(status, grad);
  const got = ops.NPUGetFloatStatus()(status);
  const flag = ops.ReduceSum()(ops.depend(status, got));
  const all = ops.AllReduce()(ops.depend(flag, extra));
  return (await all.asnumpyAsync()).item() as number;
};

const everyRankSeesIt = ({ results }: { results: readonly (number | undefined)[] }) => results.every((v) => v !== undefined && v >= 1);

t.test('without the Depend, the explorer finds the run where rank 3 reads too early and every rank misses the overflow', async (t) => {
  const result = await explore(overflowCheck(false), { launch: { cluster }, policy: 'random', runs: 60, property: everyRankSeesIt });
  t.equal(result.ok, false, `found in run ${result.failure?.run}`);
  const f = result.failure!;
  t.same(f.results, [0, 0, 0, 0], 'every rank went on as if nothing had overflowed');
  t.same(f.schedule.ranks.slice(0, 3), [[], [], []], 'ranks 0-2 shrunk to program order');
  t.ok(f.schedule.ranks[3]!.length > 0, `rank 3 deviates: ${JSON.stringify(f.schedule.ranks[3])}`);
  t.same(f.schedule.interleave, [], 'the interleaving of ranks does not matter here');
  t.equal(f.reorderings.length, 1);
  const o = f.reorderings[0]!;
  t.same([o.rank, o.first.name, o.second.name], [3, 'NPUGetFloatStatus', 'Mul'], 'rank 3 read the register before the Mul that overflows');
  t.match(o.shared, /float-status register of Ascend:3/);
  t.match(f.message, /Rank 3: NPUGetFloatStatus \(op \d+\) ran before Mul \(op \d+\)/);
  const replay = await f.replay();
  t.same(replay.results, [0, 0, 0, 0], 'the replay misses it again');
  t.same(replay.schedule, f.schedule);
});

t.test('with the Depend, every explored run sees the overflow on all ranks', async (t) => {
  const result = await explore(overflowCheck(true), { launch: { cluster }, policy: 'random', runs: 30, property: everyRankSeesIt });
  t.same([result.ok, result.runs], [true, 30]);
  const pct = await explore(overflowCheck(true), { launch: { cluster }, policy: 'pct', depth: 3, runs: 20, property: everyRankSeesIt });
  t.ok(pct.ok, 'PCT too');
});

t.test('a rank-dependent collective is found, explained and not blamed on the order', async (t) => {
  const result = await explore(async ({ rank }) => {
    communication.init();
    const x = new Tensor([1], 'float32');
    if (rank !== 2) await ops.AllReduce()(x).asnumpyAsync(); // rank 2 skips it
    return rank;
  }, { launch: { cluster }, runs: 3, property: ({ errors }) => errors.length === 0 });
  t.equal(result.ok, false);
  t.match(result.failure!.message, /rank 0: launch: no rank can go on/);
  t.match(result.failure!.errors[0]!.error.message, /collective #1 of hccl_world_group waits for rank 2 \(arrived: 0, 1, 3\)/);
  t.same(result.failure!.schedule, { ranks: [[], [], [], []], interleave: [] });
  t.match(result.failure!.message, /It fails with every rank in program order: the order of ops is not the cause/);
});
