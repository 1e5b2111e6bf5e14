/**
 * ExecutionContext: each simulated program's state in one object. Two contexts interleaved in one
 * process stay apart; a device Tensor of one context is refused by the other's ops; explore runs in
 * fresh contexts and leaves the caller's exactly as it was.
 */
import t from 'tap';
import {
  ArgumentTypeError, ArgumentValueError, DeviceError, ExecutionContext, Parameter, Tensor, currentContext, getContext, getPlatform, getSeed,
  getSimulator, initializer, ops, print, resetPlatform, scheduleChoices, setContext, setPrintSink, setSeed,
} from '../../src/index.js';
import { explore } from '../../src/testing.js';

const kernelDevices = (ctx: ExecutionContext, name: string): string[] => [
  ...new Set(ctx.getSimulator().records().flatMap((r) => (r.type === 'end' && r.op === name ? [r.device] : []))),
];

t.test('two contexts interleaved: Ascend 910 GRAPH_MODE and GPU PYNATIVE_MODE, both setSeed(1)', async (t) => {
  const npu = new ExecutionContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE', platform: { record: Infinity } });
  const gpu = new ExecutionContext({ deviceTarget: 'GPU', mode: 'PYNATIVE_MODE', platform: { record: Infinity } });
  const defaultTarget = getContext('deviceTarget');
  npu.run(() => setSeed(1));
  gpu.run(() => setSeed(1));
  // initializers draw from each context's own streams, interleaved
  const wa = npu.run(() => initializer('normal', [4], 'float32').initData());
  const wb = gpu.run(() => initializer('normal', [4], 'float32').initData());
  const ua = npu.run(() => initializer('uniform', [3], 'float32').initData());
  const ub = gpu.run(() => initializer('uniform', [3], 'float32').initData());
  t.equal(String(wa), String(wb), 'the same Normal values in each');
  t.equal(String(ua), String(ub), 'the same Uniform values in each (numpy stream per context)');
  t.equal(npu.run(() => getSeed()), 1);
  t.equal(getSeed() === 1 && currentContext() !== npu, false, 'the default context did not get the seed');

  const ya = npu.run(() => ops.Mul()(wa, 2)); // GRAPH_MODE: pending
  const yb = gpu.run(() => ops.Mul()(wb, 2)); // PYNATIVE_MODE: launched at once
  t.equal(npu.getSimulator().now(), 0, 'nothing of the Ascend context has run yet');
  t.same(kernelDevices(npu, 'Mul'), [], 'the Ascend context launched nothing');
  t.ok(gpu.getSimulator().records().some((r) => r.type === 'submit' && r.op === 'Mul'), 'the GPU context launched its op at once');
  t.not(npu.getSimulator(), gpu.getSimulator(), 'each has its own machine');

  gpu.run(() => setContext({ mode: 'GRAPH_MODE', schedule: { policy: 'program-order' } }));
  t.same([npu.getContext('mode'), npu.getContext('schedule').policy, npu.getContext('deviceTarget')], ['GRAPH_MODE', 'critical-path', 'Ascend'], 'setContext inside one leaves the other as it was');
  t.equal(getContext('deviceTarget'), defaultTarget, 'and the default context too');

  // one context's result read while the other is current: it synchronises its own context
  const read = gpu.run(() => String(ya));
  t.equal(read, String(yb), 'the same values');
  t.ok(npu.getSimulator().now() > 0, 'reading ran the Ascend context');
  t.same(kernelDevices(npu, 'Mul'), ['Ascend:0'], 'the Ascend context ran Mul on its Ascend 910');
  t.same(kernelDevices(gpu, 'Mul'), ['GPU:0'], 'the GPU context ran Mul on its GPU');
  t.equal(npu.currentDevice().spec.preset, 'ascend910');
  t.equal(gpu.currentDevice().spec.preset, 'a100');
});

t.test('ctx.run nests, returns fn result, and restores the previous context even when fn throws', async (t) => {
  const outer = new ExecutionContext();
  const inner = new ExecutionContext();
  const seen = outer.run(() => [currentContext() === outer, inner.run(() => currentContext() === inner), currentContext() === outer]);
  t.same(seen, [true, true, true]);
  const before = currentContext();
  t.throws(() => outer.run(() => { throw new Error('boom'); }), /boom/);
  t.equal(currentContext(), before);
  t.throws(() => outer.run(42 as never), ArgumentTypeError);
  t.throws(() => new ExecutionContext({ deviceTarget: 'TPU' as never }), ArgumentValueError);
  t.throws(() => new ExecutionContext({ printSink: 3 as never }), ArgumentTypeError);
});

t.test('a device Tensor of one context passed to an op of another: a clear error, nothing changed', async (t) => {
  const a = new ExecutionContext({ deviceTarget: 'Ascend', mode: 'PYNATIVE_MODE', platform: { record: Infinity } });
  const b = new ExecutionContext({ deviceTarget: 'GPU', mode: 'GRAPH_MODE', platform: { record: Infinity } });
  const host = new Tensor([1, 2, 3], 'float32');
  const onA = a.run(() => ops.Add()(host, 1));
  const pendingB = b.run(() => ops.Neg()(host)); // host data is usable everywhere
  const recordsBefore = b.getSimulator().records().length;
  const err = b.run(() => {
    try {
      ops.Mul()(onA, pendingB);
      return null;
    } catch (e) {
      return e;
    }
  });
  t.type(err, DeviceError);
  t.match((err as Error).message, /Mul: input 0 \(a Tensor of shape \(3,\)\) lives on Ascend:0 of another ExecutionContext; this op runs on GPU:0/);
  t.equal(b.getSimulator().records().length, recordsBefore, 'the refused op left no trace');
  t.equal(String(pendingB), '[-1. -2. -3.]', "the other context's pending work is intact");
  t.equal(b.run(() => String(ops.Mul()(pendingB, 2))), '[-2. -4. -6.]', 'and its next op works');
  t.equal(String(onA), '[2. 3. 4.]', 'the refused input is still readable');
  t.equal(b.run(() => String(ops.Mul()(onA, 2))), '[4. 6. 8.]', 'once read to the host, another context may read it: it gets a device copy of its own');
  t.equal(b.getSimulator().records().filter((r) => r.type === 'submit' && r.op === 'copy H2D').length > 0, true);
  const p = a.run(() => { const p = new Parameter(new Tensor([1, 1], 'float32'), 'p'); ops.AssignAdd()(p, 1); return p; });
  t.equal(String(p.asnumpy()), '[2. 2.]');
  t.throws(() => b.run(() => ops.Add()(p, 1)), { name: 'DeviceError', message: /lives on Ascend:0 of another ExecutionContext/ }, 'asnumpy keeps no host copy (r1.5 reads the device back on every call): p still lives on Ascend:0 only');
  t.throws(() => b.run(() => ops.AssignAdd()(p, 1)), { name: 'DeviceError', message: /AssignAdd: input 0 \(a Tensor of shape \(2,\)\) would be written in place but lives on Ascend:0 of another ExecutionContext/ }, 'writing in place into it is refused');
  t.equal(String(b.run(() => ops.Add()(new Tensor(p.asnumpy()), 1))), '[3. 3.]', 'reading a host copy of it is not');
  t.equal(String(a.run(() => { ops.AssignAdd()(p, 1); return ops.Add()(p, 0); })), '[3. 3.]', 'and its own context goes on with it');
  const pendingA = a.run(() => { setContext({ mode: 'GRAPH_MODE' }); return ops.Neg()(host); });
  t.throws(() => b.run(() => ops.Add()(pendingA, 1)), { name: 'DeviceError', message: /lives on Ascend:0 of another ExecutionContext/ }, 'a pending result is refused too');
  const copied = b.run(() => ops.Add()(new Tensor(onA.asnumpy()), 1));
  t.equal(String(copied), '[3. 4. 5.]', 'a host copy of it is usable');
});

t.test('explore leaves the caller context exactly as it was: pending work, seed, schedule', async (t) => {
  const ctx = new ExecutionContext({ deviceTarget: 'CPU', mode: 'GRAPH_MODE', schedule: { policy: 'random', seed: 5 }, seed: 42, platform: { record: Infinity } });
  const reference = new ExecutionContext({ seed: 42 });
  ctx.run(() => {
    const schedule = getContext('schedule');
    const x = new Tensor([1, 2], 'float32');
    const pending = ops.Add()(ops.Mul()(x, x), ops.Neg()(x));
    const platform = getPlatform();
    const records = getSimulator().records().length;
    let explored = 0;
    const result = explore(() => {
      explored++;
      t.not(currentContext(), ctx, 'each run is a fresh context');
      const w = initializer('uniform', [2], 'float32').initData();
      const p = new Parameter(new Tensor([1], 'float32'), 'p');
      const seen = ops.Add()(p, 0);
      ops.Assign()(p, new Tensor([5], 'float32'));
      return { seen, w };
    }, { policy: 'random', runs: 5, property: ({ result }) => result!.seen.item() === 1 });
    t.same([result.ok, explored], [true, 5]);
    t.equal(getPlatform(), platform, 'the same machine');
    t.equal(getSimulator().records().length, records, 'nothing of the pending work was launched');
    t.equal(getSimulator().now(), 0);
    t.equal(getContext('schedule'), schedule, 'the same schedule object');
    t.same([getContext('mode'), getContext('deviceTarget'), getSeed()], ['GRAPH_MODE', 'CPU', 42]);
    t.same(scheduleChoices(), [], 'no choice made yet');
    t.equal(String(pending), '[0. 2.]', 'the pending work runs when read');
    t.same(scheduleChoices().length, 1, 'under the caller schedule');
    const next = String(initializer('uniform', [2], 'float32').initData());
    t.equal(next, reference.run(() => String(initializer('uniform', [2], 'float32').initData())), 'the seed stream continues as if explore never ran');
  });
});

t.test('explore runs start from the caller seed, device and print sink', async (t) => {
  const out: string[] = [];
  const ctx = new ExecutionContext({ deviceTarget: 'GPU', device: 'h100', seed: 7, printSink: (s) => out.push(s) });
  const reference = new ExecutionContext({ seed: 7 }).run(() => String(initializer('uniform', [3], 'float32').initData()));
  ctx.run(() => {
    const result = explore(() => {
      print('run');
      return { device: currentContext().currentDevice().spec.preset, w: String(initializer('uniform', [3], 'float32').initData()) };
    }, { runs: 3, property: ({ result }) => result!.device === 'h100' && result!.w === reference });
    t.ok(result.ok, result.failure?.message ?? 'every run: h100, the caller seed');
  });
  t.same(out, ['run\n', 'run\n', 'run\n'], "every run printed to the caller's sink");
});

t.test('setContext naming another preset for a device id in use: a clear error that says what to do', async (t) => {
  const ctx = new ExecutionContext({ deviceTarget: 'Ascend' });
  ctx.run(() => {
    String(ops.Add()(new Tensor([1], 'float32'), 1)); // Ascend:0 is now an ascend910
    t.throws(() => setContext({ device: 'ascend910b' }), {
      name: 'ArgumentValueError',
      message: /Ascend:0 of this context's machine is already a ascend910; it cannot become a ascend910b\. Use another device id, call resetPlatform\(\) for a fresh machine, or run the program in a new ExecutionContext\(\{ device: 'ascend910b' \}\)/,
    });
    t.equal(getContext('device'), undefined, 'nothing changed');
    setContext({ device: 'ascend910b', deviceId: 1 });
    t.equal(String(ops.Add()(new Tensor([1], 'float32'), 1)), '[2.]', 'another id works');
    t.throws(() => setContext({ deviceId: 0 }), ArgumentValueError, 'the preset stays 910B: id 0 conflicts');
    setContext({ deviceTarget: 'Ascend', deviceId: 0 });
    t.equal(currentContext().currentDevice().spec.preset, 'ascend910', 'the family default again');
    resetPlatform();
    setContext({ device: 'ascend910b', deviceId: 0 });
    t.equal(currentContext().currentDevice().spec.preset, 'ascend910b', 'after resetPlatform it works');
  });
  const other = new ExecutionContext({ device: 'ascend910b' });
  t.equal(other.currentDevice().spec.preset, 'ascend910b', 'as it does in a new context');
});

t.test('resetPlatform: a result pending on the old machine stays readable and usable', async (t) => {
  const ctx = new ExecutionContext({ deviceTarget: 'CPU', mode: 'GRAPH_MODE' });
  ctx.run(() => {
    const x = ops.Add()(new Tensor([1, 2], 'float32'), 1);
    const old = getPlatform();
    resetPlatform();
    t.not(getPlatform(), old);
    t.equal(String(ops.Mul()(x, 10)), '[20. 30.]', 'used by an op on the new machine');
    t.equal(String(x), '[2. 3.]', 'and read');
  });
});

t.test('print sinks are per context', async (t) => {
  const a: string[] = [];
  const b: string[] = [];
  const ca = new ExecutionContext({ printSink: (s) => a.push(s), deviceTarget: 'CPU' });
  const cb = new ExecutionContext({ deviceTarget: 'CPU', mode: 'GRAPH_MODE' });
  cb.run(() => setPrintSink((s) => b.push(s)));
  ca.run(() => print('to a'));
  const x = new Tensor([1], 'float32');
  cb.run(() => ops.Print()('op in b', x)); // outside a cell: r1.5's Python print, before the call returns
  ca.run(() => cb.run(() => ops.Add()(x, 1)).asnumpy()); // b's work runs while a is current
  t.same(a, ['to a\n']);
  t.same(b, ['op in b\n[1.]\n'], "the Print op wrote to its own context's sink");
});

t.test('contexts sharing one platform: one clock, a device each', async (t) => {
  const platform = new (await import('../../src/index.js')).runtime.Platform({ record: Infinity });
  const ranks = [0, 1].map((r) => new ExecutionContext({ deviceTarget: 'GPU', deviceId: r, mode: 'PYNATIVE_MODE', platform }));
  const ys = ranks.map((ctx, r) => ctx.run(() => ops.Mul()(new Tensor([1, 2], 'float32'), r + 1)));
  t.same(ys.map(String), ['[1. 2.]', '[2. 4.]']);
  t.equal(ranks[0]!.getSimulator(), ranks[1]!.getSimulator(), 'one simulator');
  t.same(kernelDevices(ranks[0]!, 'Mul').sort(), ['GPU:0', 'GPU:1'], 'each rank ran on its own device');
});
