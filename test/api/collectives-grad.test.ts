/**
 * The collectives' gradient rules (r1.5's grad_comm_ops) under launch: on every rank, GradOperation of
 * f_r(x_r) = sum(C(x_r) · w_r) equals the host's gradient of the global loss F = Σ_r f_r by x_r (the
 * rules' transpose collectives make it so), or r1.5's rule where r1.5 defines it otherwise (Broadcast:
 * the output's gradient passes through unchanged).
 */
import t from 'tap';
import { NDArray, Tensor, communication, launch, ops, runtime, type Tensor as T } from '../../src/index.js';

const cluster: runtime.ClusterSpec = { ...runtime.defaultClusterRegistry.preset('atlas800t-a2')!, preset: 'four-910b', devicesPerNode: 4 };
const N = 4;
const f32 = (data: number[], shape = [data.length]) => new Tensor(new NDArray(Float32Array.from(data), shape, 'float32'));
/** Distinct, exactly representable inputs and weights per rank. */
const xs = (r: number, n: number) => Array.from({ length: n }, (_, i) => (r + 1) * 0.5 + i * 0.25);
const ws = (r: number, n: number) => Array.from({ length: n }, (_, i) => r - i * 0.5 + 2);

/** Each rank's gradient of sum(collective(x) · w) by x. */
async function grads(n: number, wLength: number, collective: (x: T) => T): Promise<number[][]> {
  const { results } = await launch(async ({ rank }) => {
    communication.init();
    const w = f32(ws(rank, wLength));
    const f = (x: T) => ops.ReduceSum()(ops.Mul()(collective(x), w));
    const g = ops.GradOperation()(f)(f32(xs(rank, n))) as T;
    return [...((await g.asnumpyAsync()).data as Float32Array)];
  }, { cluster });
  return results;
}

const sumOverRanks = (n: number, at: (s: number, i: number) => number) => Array.from({ length: n }, (_, i) => Array.from({ length: N }, (_, s) => at(s, i)).reduce((a, b) => a + b, 0));

t.test("'AllReduce' sum, max, min and prod: the gradient of the global loss", async (t) => {
  const n = 3;
  const wSum = sumOverRanks(n, (s, i) => ws(s, n)[i]!);
  t.same(await grads(n, n, (x) => ops.AllReduce()(x)), Array.from({ length: N }, () => wSum), 'sum: Σ_s w_s on every rank');
  const max = await grads(n, n, (x) => ops.AllReduce({ op: ops.ReduceOp.MAX })(x));
  t.same(max, Array.from({ length: N }, (_, r) => (r === N - 1 ? wSum : [0, 0, 0])), 'max: Σ_s w_s where this rank held the maximum, else 0');
  const min = await grads(n, n, (x) => ops.AllReduce({ op: ops.ReduceOp.MIN })(x));
  t.same(min, Array.from({ length: N }, (_, r) => (r === 0 ? wSum : [0, 0, 0])), 'min likewise');
  const prod = await grads(n, n, (x) => ops.AllReduce({ op: ops.ReduceOp.PROD })(x));
  const out = (i: number) => Array.from({ length: N }, (_, s) => xs(s, n)[i]!).reduce((a, b) => a * b, 1);
  prod.forEach((g, r) => g.forEach((v, i) => t.ok(Math.abs(v - (wSum[i]! * out(i)) / xs(r, n)[i]!) < 1e-3, `prod: rank ${r} element ${i}: ${v}`)));
});

t.test("'AllGather' (ReduceScatter of the gradients) and 'ReduceScatter' (AllGather of them)", async (t) => {
  const n = 2;
  const gathered = await grads(n, N * n, (x) => ops.AllGather()(x));
  t.same(gathered, Array.from({ length: N }, (_, r) => sumOverRanks(n, (s, i) => ws(s, N * n)[r * n + i]!)), 'AllGather: block r of Σ_s w_s');
  const scattered = await grads(N * n, n, (x) => ops.ReduceScatter()(x));
  const expected = Array.from({ length: N * n }, (_, j) => ws(Math.floor(j / n), n)[j % n]!);
  t.same(scattered, Array.from({ length: N }, () => expected), 'ReduceScatter: every rank gets the concatenated w');
  await t.rejects(grads(N, 1, (x) => ops.ReduceScatter({ op: ops.ReduceOp.MAX })(x)), /The reducescatter bprop only support ReduceOp.SUM until now\./, "r1.5's refusal for other reductions");
});

t.test("'Broadcast' passes the gradient through, as r1.5's rule does; 'AlltoAll' transposes", async (t) => {
  const n = 2;
  t.same(await grads(n, n, (x) => ops.Broadcast(1)([x])[0]!), Array.from({ length: N }, (_, r) => ws(r, n)), 'Broadcast: each rank gets its own w');
  const a2a = await grads(N, N, (x) => ops.AlltoAll(N, 0, 0)(x));
  // rank r's output j is rank j's element r, so dF/dx_r[j] = w_j[r]
  t.same(a2a, Array.from({ length: N }, (_, r) => Array.from({ length: N }, (_, j) => ws(j, N)[r]!)), 'AlltoAll: dF/dx_r[j] = w_j[r]');
});
