/**
 * Training on simulated devices: a LeNet-style network learns a synthetic set on CPU, GPU and Ascend
 * (loss below a bound in a fixed number of steps, identical curves for the same seed, the targets
 * agreeing in float32), mixed precision O2, optimizers against host references, their updates ordered
 * by the memory chain under every schedule, and a small network's gradients against finite differences.
 */
import t from 'tap';
import { NDArray, Parameter, Tensor, amp, currentDevice, getSimulator, models, nn, ops, resetPlatform, setContext, setSeed, type DeviceTarget } from '../../src/index.js';
import { explore } from '../../src/testing.js';

function train(target: DeviceTarget, steps: number, level: 'O0' | 'O2' = 'O0'): number[] {
  setContext({ deviceTarget: target, mode: 'GRAPH_MODE' });
  setSeed(1);
  const net = new models.LeNet();
  const loss = new nn.SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' });
  const step = amp.buildTrainNetwork(net, new nn.Momentum(net.trainableParams(), 0.05, 0.9), loss, { level });
  const { images, labels } = models.syntheticImages({ n: 32, seed: 7 });
  return Array.from({ length: steps }, () => Number(step.call(images, labels).asnumpy().item()));
}

const STEPS = 16;
const BOUND = 0.05;

t.test('LeNet learns the synthetic set on every target; a seed fixes the curve; the targets agree', async (t) => {
  const curves = new Map<string, number[]>();
  for (const target of ['CPU', 'GPU', 'Ascend'] as const) {
    const curve = train(target, STEPS);
    t.ok(Math.abs(curve[0]! - Math.log(4)) < 0.01, `${target}: starts at ln 4 (${curve[0]!.toFixed(4)})`);
    t.ok(curve[STEPS - 1]! < BOUND, `${target}: below ${BOUND} after ${STEPS} steps (${curve[STEPS - 1]!.toExponential(2)})`);
    t.same(train(target, STEPS), curve, `${target}: the same seed gives the same curve`);
    curves.set(target, curve);
  }
  const cpu = curves.get('CPU')!;
  for (const target of ['GPU', 'Ascend']) {
    const worst = Math.max(...curves.get(target)!.map((l, i) => Math.abs(l - cpu[i]!) / Math.max(1e-3, cpu[i]!)));
    t.ok(worst < 1e-5, `${target} agrees with CPU within 1e-5 (worst ${worst.toExponential(1)})`);
  }
});

t.test('mixed precision O2: a float16 network over float32 weights still learns', async (t) => {
  const o0 = train('Ascend', STEPS);
  const o2 = train('Ascend', STEPS, 'O2');
  t.ok(o2[STEPS - 1]! < BOUND, `O2 below the bound (${o2[STEPS - 1]!.toExponential(2)})`);
  t.notSame(o2, o0, 'float16 arithmetic changes the curve');
  t.ok(o2.every((l, i) => Math.abs(l - o0[i]!) < 0.01), 'but only a little');
  setSeed(1);
  const net = new models.LeNet();
  amp.buildTrainNetwork(net, new nn.SGD(net.trainableParams()), new nn.MSELoss(), { level: 'O2' });
  t.same([String(net.conv1.weight.dtype), String(net.fc2.computeDtype), String(net.call(models.syntheticImages({ n: 2 }).images).dtype)], ['Float32', 'Float16', 'Float16']);
  t.throws(() => amp.buildTrainNetwork(net, new nn.SGD(net.trainableParams()), new nn.MSELoss(), { level: 'O3' as never }), /the 'level' must be 'O0' or 'O2', but got 'O3'/);
});

/** Three steps of an optimizer on fixed values; the update rule on the host, float32 state as the device keeps it. */
t.test('optimizers follow MindSpore r1.5 update rules', async (t) => {
  setContext({ deviceTarget: 'CPU', mode: 'GRAPH_MODE' });
  const p0 = [0.5, -1.5, 2];
  const grads = [[0.1, -0.2, 0.3], [0.4, 0.1, -0.5], [-0.3, 0.2, 0.1]];
  const f = Math.fround;
  const run = (make: (ps: Parameter[]) => nn.Optimizer) => {
    const w = new Parameter(new Tensor(p0, 'float32'), 'w');
    const opt = make([w]);
    for (const g of grads) opt.call(new Tensor(g, 'float32'));
    return [...(w.asnumpy().data as Float32Array)];
  };
  const close = (a: number[], b: number[]) => a.every((x, i) => Math.abs(x - b[i]!) <= 1e-6 * Math.max(1, Math.abs(b[i]!)));

  // Momentum: acc = acc * m + g; w -= lr * acc
  const lr = f(0.1);
  let w = p0.map(f);
  let acc = [0, 0, 0];
  for (const g of grads) {
    acc = acc.map((a, i) => f(a * 0.9 + f(g[i]!)));
    w = w.map((x, i) => f(x - lr * acc[i]!));
  }
  t.ok(close(run((ps) => new nn.Momentum(ps, 0.1, 0.9)), w), 'Momentum');

  // SGD with momentum 0.9, dampening 0.1, weight decay 0.01: the first step sets accum = grad
  w = p0.map(f);
  acc = [0, 0, 0];
  grads.forEach((g, step) => {
    const gd = g.map((x, i) => f(x) + 0.01 * w[i]!);
    acc = gd.map((x, i) => f(step === 0 ? x : acc[i]! * 0.9 + (1 - 0.1) * x));
    w = w.map((x, i) => f(x - lr * acc[i]!));
  });
  t.ok(close(run((ps) => new nn.SGD(ps, { learningRate: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 })), w), 'SGD with momentum, dampening and weight decay');

  // Adam: beta powers advance before each step
  w = p0.map(f);
  let m = [0, 0, 0];
  let v = [0, 0, 0];
  let b1p = 1;
  let b2p = 1;
  for (const g of grads) {
    b1p = f(b1p * 0.9);
    b2p = f(b2p * 0.999);
    const lrT = (f(0.01) * Math.sqrt(1 - b2p)) / (1 - b1p);
    m = m.map((x, i) => f(x + (f(g[i]!) - x) * (1 - f(0.9))));
    v = v.map((x, i) => f(x + (f(g[i]!) ** 2 - x) * (1 - f(0.999))));
    w = w.map((x, i) => f(x - (lrT * m[i]!) / (Math.sqrt(v[i]!) + f(1e-8))));
  }
  t.ok(close(run((ps) => new nn.Adam(ps, { learningRate: 0.01 })), w), 'Adam');

  t.throws(() => new nn.Momentum([], 0.1, 0.9), /the argument 'parameters' must not be empty/);
  t.throws(() => new nn.Adam([new Parameter(1, 'x')], { beta1: 1 }), /the 'beta1' must be in range \(0.0, 1.0\), but got 1/);
  t.throws(() => new nn.SGD([new Parameter(1, 'x')], { nesterov: true }), /if 'nesterov' is true, 'momentum' must be > 0/);
  t.throws(() => new nn.SGD([new Parameter(1, 'x')]).call(), /expected 1 gradients, but got 0/);
});

t.test('optimizer updates obey the memory chain: reads before see the old weight, reads after the new, under every schedule', async (t) => {
  setContext({ deviceTarget: 'Ascend' });
  const program = () => {
    const w = new Parameter(new Tensor([1, 2], 'float32'), 'w');
    const opt = new nn.Momentum([w], 0.5, 0.9);
    const before = ops.Mul()(w, 1);
    const done = opt.call(new Tensor([1, 1], 'float32'));
    const after = ops.Mul()(w, 1);
    const second = opt.call(ops.Mul()(w, 0)); // a zero gradient: the moment alone moves it
    return { before, after, done, second, final: ops.Add()(w, 0) };
  };
  const expect = (run: { result?: { before: NDArray; after: NDArray; final: NDArray } }) => {
    const r = run.result!;
    return String(r.before) === '[1. 2.]' && String(r.after) === '[0.5 1.5]' && String(r.final) === '[0.05000001 1.05      ]';
  };
  for (const policy of ['exhaustive', 'random', 'pct'] as const) {
    const r = explore(program, { policy, runs: 40, property: expect });
    t.ok(r.ok, `${policy}: ${r.runs} runs${r.failure ? `\n${r.failure.message}` : ''}`);
  }
  for (const policy of ['critical-path', 'program-order'] as const) {
    setContext({ mode: 'GRAPH_MODE', schedule: { policy } });
    const r = program();
    t.ok(expect({ result: { before: r.before.asnumpy(), after: r.after.asnumpy(), final: r.final.asnumpy() } }), policy);
  }
  setContext({ mode: 'PYNATIVE_MODE' });
  const r = program();
  t.ok(expect({ result: { before: r.before.asnumpy(), after: r.after.asnumpy(), final: r.final.asnumpy() } }), 'PYNATIVE_MODE');
  setContext({ mode: 'GRAPH_MODE', schedule: { policy: 'critical-path' } });
});

t.test('gradient ops run on the device: they are in the trace', async (t) => {
  resetPlatform({ record: Infinity });
  train('GPU', 1);
  const kernels = new Set(getSimulator().records().filter((r) => r.type === 'end' && r.work === 'kernel').map((r) => ('op' in r ? r.op : '')));
  for (const op of ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'BiasAddGrad', 'ReluGrad', 'MatMul', 'ApplyMomentum']) t.ok(kernels.has(op), op);
});

t.test('a Conv2d + Dense network: gradients of every Parameter equal central differences (float64)', async (t) => {
  setContext({ deviceTarget: 'CPU', mode: 'PYNATIVE_MODE' });
  const f64 = (shape: number[], seed: number) => new Tensor(new NDArray(Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(seed + 1.3 * i)), shape, 'float64'));
  class Net extends nn.Cell {
    conv = new nn.Conv2d(2, 3, 3, { stride: 2, hasBias: true, weightInit: f64([3, 2, 3, 3], 1), biasInit: f64([3], 2) });
    relu = new nn.ReLU();
    flatten = new nn.Flatten();
    fc = new nn.Dense(12, 2, { weightInit: f64([2, 12], 3), biasInit: f64([2], 4) });
    override construct(x: Tensor): Tensor {
      return this.fc.call(this.flatten.call(this.relu.call(this.conv.call(x))));
    }
  }
  const net = new nn.WithLossCell(new Net(), new nn.MSELoss());
  const x = f64([2, 2, 4, 4], 5);
  const y = f64([2, 2], 6);
  const params = net.trainableParams();
  const grads = ops.GradOperation({ getByList: true })(net, params)(x, y) as Tensor[];
  let worst = 0;
  params.forEach((p, k) => {
    const base = p.asnumpy().data as Float64Array;
    const g = grads[k]!.asnumpy().data as Float64Array;
    for (let i = 0; i < base.length; i++) {
      const at = (delta: number) => {
        const d = base.slice();
        d[i] = d[i]! + delta;
        p.setData(new Tensor(new NDArray(d, p.shape, 'float64')));
        const l = Number(net.call(x, y).asnumpy().item());
        p.setData(new Tensor(new NDArray(base.slice(), p.shape, 'float64')));
        return l;
      };
      const numeric = (at(1e-6) - at(-1e-6)) / 2e-6;
      worst = Math.max(worst, Math.abs(numeric - g[i]!) / Math.max(1, Math.abs(numeric)));
    }
  });
  t.same(params.map((p) => p.name), ['conv.weight', 'conv.bias', 'fc.weight', 'fc.bias']);
  t.ok(worst < 1e-6, `worst relative error ${worst.toExponential(2)} over ${params.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0)} weights`);
  setContext({ mode: 'GRAPH_MODE' });
});

t.test('a training loop holds steady device memory: each step releases its intermediates', async (t) => {
  setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' });
  setSeed(1);
  class Spy extends nn.Cell {
    inner = new models.LeNet();
    seen: Tensor | null = null;
    override construct(x: Tensor): Tensor {
      return (this.seen = this.inner.call(x));
    }
  }
  const net = new Spy();
  const loss = new nn.SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' });
  const step = new nn.TrainOneStepCell(new nn.WithLossCell(net, loss), new nn.Momentum(net.trainableParams(), 0.05, 0.9));
  const { images, labels } = models.syntheticImages({ n: 32, seed: 7 });
  const device = currentDevice();
  const used: number[] = [];
  for (let i = 0; i < 12; i++) {
    step.call(images, labels).asnumpy();
    used.push(device.memory.used);
  }
  const perStep = (used[11]! - used[1]!) / 10;
  t.ok(perStep <= 512, `after the first step, ${perStep} bytes per step (the returned loss) instead of ~346 KB`);
  t.throws(() => String(net.seen), /the data of shape 32,4 was released \(the end of a TrainOneStepCell step\); keep what you need by returning it/);
  t.throws(() => ops.Add()(net.seen!, 1).asnumpy(), /Add: input 0 \(a Tensor of shape \(32, 4\)\) was released \(the end of a TrainOneStepCell step\)/);
  t.ok(net.inner.conv1.weight.asnumpy().data.length > 0, 'Parameters are never released');
});
