import t from 'tap';
import { DeviceError, Parameter, Tensor, getSimulator, launchPending, np, ops, print, resetPlatform, runtime, setContext } from '../../src/index.js';
import { golden, output } from '../helpers/printed.js';


/** The seed's float-status example (example 8). */
function example8(): void {
  const npuAllocStatus = ops.NPUAllocFloatStatus();
  const npuGetStatus = ops.NPUGetFloatStatus();
  const npuClearStatus = ops.NPUClearFloatStatus();
  const x = new Tensor(np.ones([3, 3]).astype('float32'));
  const y = new Tensor(np.ones([3, 3]).astype('float32'));
  let init = npuAllocStatus();
  let sum = ops.Add()(x, y);
  let product = ops.MatMul()(x, y);
  init = ops.depend(init, sum);
  init = ops.depend(init, product);
  const getStatus = npuGetStatus(init);
  sum = ops.depend(sum, getStatus);
  product = ops.depend(product, getStatus);
  let out = ops.Add()(sum, product);
  init = ops.depend(init, out);
  const clear = npuClearStatus(init);
  out = ops.depend(out, clear);
  print(out);
}

const records = (): runtime.TraceRecord[] => getSimulator().records();
const spanOf = (op: string, nth = 0) => {
  const begins = records().filter((r) => r.type === 'begin' && r.op === op);
  const b = begins[nth]!;
  const e = records().find((r) => r.type === 'end' && 'id' in r && 'id' in b && r.id === b.id)!;
  return { begin: b.time, end: e.time, stream: 'stream' in b ? b.stream : -1 };
};

for (const mode of ['GRAPH_MODE', 'PYNATIVE_MODE'] as const) {
  t.test(`example 8 on Ascend (${mode}) prints golden/example-8.txt, each op at its simulated time`, async (t) => {
    resetPlatform({ record: Infinity });
    setContext({ deviceTarget: 'Ascend', mode });
    const out = output(example8);
    t.equal(out, golden(8));
    const get = spanOf('NPUGetFloatStatus');
    t.ok(get.begin >= spanOf('Add').end && get.begin >= spanOf('MatMul').end, 'the status is read after both watched ops (Depend)');
    t.ok(spanOf('Add', 1).begin >= get.end, 'the final Add runs after the read');
    t.ok(spanOf('NPUClearFloatStatus').begin >= spanOf('Add', 1).end, 'the clear runs after the final Add');
    if (mode === 'PYNATIVE_MODE') t.ok(records().every((r) => !('stream' in r) || r.stream === 0), 'PyNative: one stream');
  });
}

t.test('on GPU and CPU the NPU float-status primitives raise a clear error', async (t) => {
  for (const deviceTarget of ['GPU', 'CPU'] as const) {
    resetPlatform();
    setContext({ deviceTarget, mode: 'GRAPH_MODE' });
    try {
      output(example8);
      t.fail('no error');
    } catch (e) {
      t.ok(e instanceof DeviceError && e.message.includes(`NPUAllocFloatStatus is not supported on ${deviceTarget}:0`), (e as Error).message);
    }
  }
});

t.test('GRAPH_MODE runs independent chains on several streams; data dependencies hold', async (t) => {
  resetPlatform({ record: Infinity });
  setContext({ deviceTarget: 'GPU', mode: 'GRAPH_MODE' });
  const x = new Tensor(np.ones([64, 64]).astype('float32'));
  const a = ops.MatMul()(x, x);
  const b = ops.Add()(x, x);
  const c = ops.Add()(a, b);
  t.equal(String(ops.ReduceSum()(c)), String(64 * 64 * 66) + '.0');
  const mm = spanOf('MatMul');
  const add0 = spanOf('Add', 0);
  t.not(mm.stream, add0.stream, 'independent ops on different streams');
  t.ok(spanOf('Add', 1).begin >= Math.max(mm.end, add0.end), 'the consumer waits for both producers');
});

t.test('memory side effects: Assign is ordered with reads of its Parameter; IO in program order', async (t) => {
  resetPlatform({ record: Infinity });
  setContext({ deviceTarget: 'CPU', mode: 'GRAPH_MODE' });
  const w = new Parameter(new Tensor(np.zeros([4]).astype('float32')), 'w');
  const before = ops.Add()(w, 1);
  ops.Assign()(w, new Tensor(np.full([4], 5).astype('float32')));
  const after = ops.Add()(w, 1);
  ops.AssignAdd()(w, 2);
  const out = output(() => {
    ops.Print()('before', before);
    ops.Print()('after', after);
    print(w.asnumpy());
  });
  t.equal(out, 'before\n[1. 1. 1. 1.]\nafter\n[6. 6. 6. 6.]\n[7. 7. 7. 7.]\n', "outside a cell, r1.5's Python print: each argument on its own line");
  t.ok(spanOf('Assign').begin >= spanOf('Add', 0).end, 'the write waits for the earlier read');
  t.ok(spanOf('Add', 1).begin >= spanOf('Assign').end, 'the later read waits for the write');
  t.ok(spanOf('Print', 1).begin >= spanOf('Print', 0).end, 'prints in program order');
  t.same([ops.Assign().sideEffectMem, ops.Print().sideEffectIo, ops.Add().sideEffectMem, ops.NPUGetFloatStatus().sideEffectMem], [true, true, false, false]);
});

t.test('an unordered status read misses an overflow; the Depend pattern catches it (Ascend 910)', async (t) => {
  resetPlatform({ record: Infinity });
  setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' });
  const big = new Tensor(np.full([256, 256], 60000).astype('float16'));
  // without Depend: the read may run before the overflowing MatMul
  let status = ops.NPUAllocFloatStatus()();
  status = ops.depend(status, ops.NPUClearFloatStatus()(status));
  const y = ops.MatMul()(big, big);
  ops.NPUGetFloatStatus()(status);
  t.equal(ops.ReduceSum()(status).asnumpy().item(), 0, 'missed: the read ran before the MatMul finished');
  t.equal(String(y.asnumpy().item(0)), '65504', 'saturation mode: the data looks finite');
  // with Depend, as the seed's start/get_overflow_status does: clear before the watched op, read after
  let s2 = ops.NPUAllocFloatStatus()();
  const clear = ops.NPUClearFloatStatus()(s2);
  const y2 = ops.MatMul()(ops.depend(big, clear), big);
  s2 = ops.depend(s2, y2);
  const get = ops.NPUGetFloatStatus()(s2);
  s2 = ops.depend(s2, get);
  t.equal(ops.ReduceSum()(s2).asnumpy().item(), 1, 'detected');
});

t.test("Parameter.isInit stays false on every target and mode, as with r1.5's published packages (only a GE build's init graph sets it)", async (t) => {
  for (const [deviceTarget, mode] of [['Ascend', 'GRAPH_MODE'], ['Ascend', 'PYNATIVE_MODE'], ['GPU', 'GRAPH_MODE'], ['CPU', 'GRAPH_MODE']] as const) {
    resetPlatform();
    setContext({ deviceTarget, mode });
    const p = new Parameter(new Tensor(np.ones([2]).astype('float32')), 'p');
    ops.Add()(p, p).asnumpy();
    ops.Assign()(p, ops.Mul()(p, 2)).asnumpy();
    t.equal(p.isInit, false, `${deviceTarget} ${mode}`);
    t.equal(p.clone().isInit, false, 'a clone starts false');
  }
  setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' });
});

t.test('ops: scalars, dtype promotion, shape ops, reductions', async (t) => {
  resetPlatform();
  setContext({ deviceTarget: 'CPU', mode: 'PYNATIVE_MODE' });
  const a = new Tensor(np.arange(6).reshape(2, 3).astype('float32'));
  t.equal(String(ops.Mul()(a, 2)), '[[ 0.  2.  4.]\n [ 6.  8. 10.]]');
  t.equal(String(ops.Add()(a, new Tensor(np.ones([3]).astype('float64'))).dtype), 'Float64', 'implicit promotion to the higher dtype');
  t.same(ops.Reshape()(a, [3, -1]).shape, [3, 2]);
  t.equal(String(ops.Transpose()(a, [1, 0])), '[[0. 3.]\n [1. 4.]\n [2. 5.]]');
  t.equal(String(ops.ReduceSum({ keepDims: true })(a, 1)), '[[ 3.]\n [12.]]');
  t.equal(String(ops.Cast()(a, 'int32')), '[[0 1 2]\n [3 4 5]]');
  t.equal(String(ops.OnesLike()(a)), '[[1. 1. 1.]\n [1. 1. 1.]]');
  t.equal(String(ops.Argmax()(a)), '[2 2]');
  t.throws(() => ops.MatMul()(a, a), { name: 'ShapeError' });
  setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' });
});

t.test('work launched early (launchPending) is still waited for by a consumer on another stream', async (t) => {
  resetPlatform({ record: Infinity });
  // program order over several streams (replaying no choices), so the quick op takes the first stream
  setContext({ deviceTarget: 'GPU', mode: 'GRAPH_MODE', schedule: { policy: 'replay', choices: [], streams: 4 } });
  const x = new Tensor(np.ones([96, 96]).astype('float32'));
  const quick = ops.Add()(x, x);
  let slow = x;
  for (let i = 0; i < 3; i++) slow = ops.MatMul()(slow, x); // 96^3 per element: long
  launchPending(); // two chains on two streams, no consumer yet
  const sum = ops.Add()(quick, slow); // a later batch: it continues neither chain
  t.equal(sum.asnumpy().data[0], 96 ** 3 + 2, 'the consumer read the finished MatMul result');
  const last = spanOf('MatMul', 2);
  t.not(spanOf('Add', 1).stream, last.stream, 'the consumer ran on another stream than the MatMul chain');
  t.equal(spanOf('Add', 1).stream, spanOf('Add', 0).stream, '(the stream of the quick op)');
  t.ok(spanOf('Add', 1).begin >= last.end, 'and began after the chain ended');
  setContext({ schedule: { policy: 'critical-path' } });
});

t.test('an in-place op waits for the op that produces its target', async (t) => {
  resetPlatform({ record: Infinity });
  setContext({ deviceTarget: 'GPU', mode: 'GRAPH_MODE' });
  const x = new Tensor(np.ones([64, 64]).astype('float32'));
  const target = ops.MatMul()(x, x); // 64 everywhere
  const bumped = ops.AssignAdd()(target, new Tensor(np.ones([64, 64]).astype('float32')));
  t.equal(bumped.asnumpy().data[0], 65);
  t.ok(spanOf('AssignAdd').begin >= spanOf('MatMul').end, 'the update ran after its target was written');
});

t.test('long chains cross the launch queue bound and keep their values, in both modes', async (t) => {
  for (const mode of ['PYNATIVE_MODE', 'GRAPH_MODE'] as const) {
    resetPlatform({ record: 0 });
    setContext({ deviceTarget: 'CPU', mode });
    const c = new Tensor(np.ones([3]).astype('float32'));
    let x = c;
    for (let i = 0; i < 3 * runtime.LAUNCH_QUEUE_DEPTH; i++) x = ops.Add()(x, c);
    t.equal(String(x), `[${3 * runtime.LAUNCH_QUEUE_DEPTH + 1}. ${3 * runtime.LAUNCH_QUEUE_DEPTH + 1}. ${3 * runtime.LAUNCH_QUEUE_DEPTH + 1}.]`, mode);
  }
});

t.test('the Conv2D gradients are its adjoints; BiasAddGrad sums all but the channel axis', async (t) => {
  resetPlatform({ record: 0 });
  setContext({ deviceTarget: 'CPU', mode: 'GRAPH_MODE' });
  let state = 7;
  const rand = (n: number) => Array.from({ length: n }, () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5);
  const tensor = (shape: number[]) => new Tensor(np.array(rand(shape.reduce((a, b) => a * b, 1))).reshape(...shape).astype('float64'));
  const dot = (a: Tensor, b: Tensor) => Number(ops.ReduceSum()(ops.Mul()(a, b)).asnumpy().item());
  const options = { padMode: 'pad', pad: [1, 0, 2, 1], stride: [2, 1], dilation: [1, 2] } as const;
  const x = tensor([2, 3, 9, 8]);
  const w = tensor([4, 3, 3, 2]);
  const y = ops.Conv2D(4, [3, 2], options)(x, w);
  const dout = tensor(y.shape);
  const dx = ops.Conv2DBackpropInput(4, [3, 2], options)(dout, w, x.shape);
  const dw = ops.Conv2DBackpropFilter(4, [3, 2], options)(dout, x, w.shape);
  t.same([dx.shape, dw.shape], [x.shape, w.shape]);
  const forward = dot(y, dout);
  t.ok(Math.abs(forward - dot(x, dx)) < 1e-12 * Math.max(1, Math.abs(forward)), `<conv(x, w), dout> = <x, dx>: ${forward} ~ ${dot(x, dx)}`);
  t.ok(Math.abs(forward - dot(w, dw)) < 1e-12 * Math.max(1, Math.abs(forward)), `<conv(x, w), dout> = <w, dw>: ${forward} ~ ${dot(w, dw)}`);
  t.throws(() => ops.Conv2DBackpropFilter(5, [3, 2], options)(dout, x, w.shape), /For 'Conv2DBackpropFilter', the weight 4,3,3,2 does not match out_channel 5/);
  const g = new Tensor(np.arange(24).reshape(2, 3, 4).astype('float32'));
  t.equal(String(ops.BiasAddGrad()(g)), '[ 60.  92. 124.]');
});

t.test('FloatStatus runs on GPU; elsewhere it is a clear DeviceError', async (t) => {
  resetPlatform({ record: 0 });
  setContext({ deviceTarget: 'GPU', mode: 'PYNATIVE_MODE' });
  t.equal(String(ops.FloatStatus()(new Tensor([1, Infinity], 'float32'))), '[1.]');
  t.equal(String(ops.FloatStatus()(new Tensor([1, 2], 'float32'))), '[0.]');
  for (const deviceTarget of ['CPU', 'Ascend'] as const) {
    setContext({ deviceTarget });
    t.throws(() => ops.FloatStatus()(new Tensor([1, 2], 'float32')), { name: 'DeviceError', message: /FloatStatus is not supported on (CPU|Ascend):0/ });
  }
  setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' });
});
