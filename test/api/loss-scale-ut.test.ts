/**
 * r1.5's tests/ut/python/optimizer/test_optimizer_with_loss_scale.py ported line by line (GRAPH_MODE,
 * the default Ascend target). r1.5's tests only compile and print; the port asserts what r1.5's
 * semantics give: a float32-max scale overflows the float16 network and the step is skipped; a scale
 * of 1 does not; the dynamic manager halves 2^24 on overflow; Model trains with and without a
 * loss-scale manager; test_compile_fp16_overflow with Lamb: the float32-max scale overflows and the
 * step (and Lamb's global_step) is skipped. The r1.5 interface: `train_network(inputs, label)` returns
 * (loss, cond, scaling_sens) — `call` returns the loss, which unpacks as that triple (`step()` also
 * gives { loss, overflow, scale, skipped }); start/get/process of the overflow check and set_sense_scale;
 * test_adam_compile and test_adam_loss_scale_compile (loss_scale 1e-40: its float32 reciprocal is inf).
 */
import t from 'tap';
import { ExecutionContext, Model, Parameter, Tensor, dataset, nn, np, ops, type Tensor as T } from '../../src/index.js';

class Net extends nn.Cell {
  weight: Parameter;
  bias: Parameter;
  matmul = ops.MatMul();
  add = ops.Add();
  constructor(inFeatures: number, outFeatures: number) {
    super();
    this.weight = new Parameter(new Tensor(np.ones([outFeatures, inFeatures]).astype('float32')), 'weight');
    this.bias = new Parameter(new Tensor(np.ones([outFeatures]).astype('float32')), 'bias');
  }
  override construct(input: T): T {
    return this.add(this.matmul(input, this.weight), this.bias);
  }
}

class NetFP16 extends nn.Cell {
  weight: Parameter;
  bias: Parameter;
  matmul = ops.MatMul();
  add = ops.Add();
  cast = ops.Cast();
  constructor(inFeatures: number, outFeatures: number) {
    super();
    this.weight = new Parameter(new Tensor(np.ones([outFeatures, inFeatures]).astype('float32')), 'weight');
    this.bias = new Parameter(new Tensor(np.ones([outFeatures]).astype('float32')), 'bias');
  }
  override construct(input: T): T {
    return this.cast(this.add(this.matmul(this.cast(input, 'float16'), this.cast(this.weight, 'float16')), this.cast(this.bias, 'float16')), 'float32');
  }
}

/** r1.5's get_axis: every axis of x. */
const getAxis = (x: T): number[] => [...Array(ops.Shape()(x).length).keys()];

class MSELoss extends nn.Cell {
  reduceMean = ops.ReduceMean();
  square = ops.Square();
  override construct(data: T, label: T): T {
    const diff = ops.Sub()(data, label);
    return this.reduceMean(this.square(diff), getAxis(diff));
  }
}

/** r1.5's MindDataSet mock: `size` (2) elements of ones of the given shapes and types. */
function mindDataSet(types: string[], shapes: number[][]): dataset.Dataset {
  const row = () => shapes.map((s, i) => np.ones(s).astype(types[i] as 'float32'));
  return new dataset.GeneratorDataset([row(), row()], { columnNames: ['data', 'label'], shuffle: false });
}

const FLOAT32_MAX = 3.4028234663852886e38;
const run = (f: () => void) => new ExecutionContext({ mode: 'GRAPH_MODE', printSink: () => {} }).run(f);
const value = (x: T) => Number(x.asnumpy().item());

t.test('test_momentum_compile', async (t) => run(() => {
  const inputs = new Tensor(np.ones([15, 1]).astype('float32'));
  const label = new Tensor(np.zeros([15, 1]).astype('float32'));
  const net = new Net(1, 1);
  const loss = new MSELoss();
  const optimizer = new nn.Momentum(net.trainableParams(), 0.1, 0.9);
  const netWithLoss = new nn.WithLossCell(net, loss);
  const trainNetwork = new nn.TrainOneStepWithLossScaleCell(netWithLoss, optimizer, new Tensor(np.full([1], 1.0), 'float32'));
  trainNetwork.setTrain();
  const output = trainNetwork.step(inputs, label);
  t.same([value(output.loss), String(output.overflow), value(output.scale)], [4, 'False', 1], 'loss (1+1)², no overflow, scale 1');
  t.same(Array.from(net.weight.asnumpy().data as Float32Array), [Math.fround(0.6)], 'the step applied (float32)');
}));

t.test('test_compile_fp16_not_overflow', async (t) => run(() => {
  const inputs = new Tensor(np.ones([16, 16]).astype('float32'));
  const label = new Tensor(np.zeros([16, 16]).astype('float32'));
  const net = new NetFP16(16, 16);
  const trainNetwork = new nn.TrainOneStepWithLossScaleCell(new nn.WithLossCell(net, new MSELoss()), new nn.Momentum(net.trainableParams(), 0.1, 0.9), new Tensor(np.full([1], 1.0), 'float32'));
  trainNetwork.setTrain();
  const output = trainNetwork.call(inputs, label);
  const [loss, cond, scalingSens] = output; // r1.5's (loss, cond, scaling_sens)
  t.same([value(loss!), String(cond), String(scalingSens)], [289, 'False', '[1.]'], '(16 + 1)² = 289, no overflow, the scale');
  t.equal(value(output), 289, 'used as a Tensor, the output is the loss');
}));

t.test('test_compile_fp16_lr_overflow: a float32-max scale overflows; the step is skipped', async (t) => run(() => {
  const inputs = new Tensor(np.ones([16, 16]).astype('float32'));
  const label = new Tensor(np.zeros([16, 16]).astype('float32'));
  const lr = new Tensor(np.full([1], 0.1, 'float32'));
  const net = new NetFP16(16, 16);
  const optimizer = new nn.Momentum(net.trainableParams(), lr, 0.9);
  const trainNetwork = new nn.TrainOneStepWithLossScaleCell(new nn.WithLossCell(net, new MSELoss()), optimizer, new Tensor(np.full([1], FLOAT32_MAX), 'float32'));
  trainNetwork.setTrain();
  const output = trainNetwork.step(inputs, label);
  t.same([String(output.overflow), output.skipped], ['True', true]);
  t.same(Array.from(net.weight.asnumpy().data as Float32Array).slice(0, 2), [1, 1], 'weights untouched');
  t.equal(optimizer.dynamicLr, true, "a 1-element lr Tensor is r1.5's dynamic rate");
}));

t.test('test_compile_fp16_overflow (Lamb): a float32-max scale overflows; Lamb skips the step', async (t) => run(() => {
  const inputs = new Tensor(np.ones([16, 16]).astype('float32'));
  const label = new Tensor(np.zeros([16, 16]).astype('float32'));
  const net = new NetFP16(16, 16);

  const loss = new MSELoss();
  const optimizer = new nn.Lamb(net.trainableParams(), 0.01);
  const netWithLoss = new nn.WithLossCell(net, loss);
  const trainNetwork = new nn.TrainOneStepWithLossScaleCell(netWithLoss, optimizer, new Tensor(np.full([1], FLOAT32_MAX), 'float32'));
  trainNetwork.setTrain();
  const output = trainNetwork.step(inputs, label);
  t.same([String(output.overflow), output.skipped], ['True', true]);
  t.same(Array.from(net.weight.asnumpy().data as Float32Array).slice(0, 2), [1, 1], 'weights untouched');
  t.same(Array.from(optimizer.lambStep!.asnumpy().data as Float32Array), [0], "Lamb's global_step did not move");
  const fine = new nn.TrainOneStepWithLossScaleCell(new nn.WithLossCell(net, loss), optimizer, new Tensor(np.full([1], 1.0), 'float32')).step(inputs, label);
  t.same([String(fine.overflow), Array.from(optimizer.lambStep!.asnumpy().data as Float32Array)], ['False', [1]], 'a scale of 1: the step runs');
  t.not(Array.from(net.weight.asnumpy().data as Float32Array)[0], 1, 'and Lamb moved the weights');
}));

for (const [name, manager, scaleAfter] of [
  ['test_compile_fp16_lr_overflow_with_lossscale_update (dynamic)', () => new nn.DynamicLossScaleManager(), 2 ** 23],
  ['test_compile_fp16_lr_overflow_fixed_feed', () => new nn.FixedLossScaleManager(), 128],
  ['test_compile_fp16_lr_overflow_dynamic_feed', () => new nn.DynamicLossScaleManager(), 2 ** 23],
  ['test_compile_fp16_lr_overflow_fixed_graph', () => new nn.FixedLossScaleManager(128, true), 128],
] as const) {
  t.test(name, async (t) => run(() => {
    const inputs = new Tensor(np.ones([16, 16]).astype('float32'));
    const label = new Tensor(np.zeros([16, 16]).astype('float32'));
    const lr = new Tensor(np.full([1], 0.1, 'float32'));
    const net = new NetFP16(16, 16);
    const optimizer = new nn.Momentum(net.trainableParams(), lr, 0.9);
    const updateCell = manager().getUpdateCell()!;
    const trainNetwork = new nn.TrainOneStepWithLossScaleCell(new nn.WithLossCell(net, new MSELoss()), optimizer, updateCell);
    trainNetwork.setTrain();
    const output = trainNetwork.step(inputs, label);
    // 289 · scale in float16: 2^24 · 289 overflows (dynamic: skipped, scale halved); 128 · 289 does not
    t.same([String(output.overflow), value(trainNetwork.scaleSense)], [scaleAfter === 128 ? 'False' : 'True', scaleAfter]);
  }));
}

for (const [name, withManager] of [['test_compile_f16_model_train', false], ['test_compile_f16_model_train_fixed', true]] as const) {
  t.test(name, async (t) => run(() => {
    const ds = mindDataSet(['float32', 'float32'], [[16, 16], [16, 16]]);
    const net = new NetFP16(16, 16);
    net.setTrain();
    const loss = new MSELoss();
    const optimizer = new nn.Momentum(net.trainableParams(), 0.1, 0.9);
    const model = new Model(net, { lossFn: loss, optimizer, metrics: null, ...(withManager ? { lossScaleManager: new nn.FixedLossScaleManager() } : {}) });
    model.train(2, ds, withManager ? {} : { datasetSinkMode: false });
    t.ok(Array.from(net.weight.asnumpy().data as Float32Array).every((v) => v !== 1), 'trained: the weights moved');
  }));
}

t.test("r1.5's interface: start/get/process overflow check, set_sense_scale, scale_sense's shape", async (t) => run(() => {
  const net = new NetFP16(2, 2);
  const cell = new nn.TrainOneStepWithLossScaleCell(new nn.WithLossCell(net, new MSELoss()), new nn.Momentum(net.trainableParams(), 0.1, 0.9), new nn.DynamicLossScaleManager(8, 2, 10).getUpdateCell());
  const [status, scale] = cell.startOverflowCheck(new Tensor(1, 'float32'), cell.scaleSense);
  t.same(status!.shape, [8], 'Ascend: the float-status register buffer');
  t.equal(String(cell.getOverflowStatus(status, [ops.Mul()(scale, new Tensor(2, 'float32'))])), 'False');
  t.equal(String(cell.processLossScale(new Tensor(true))), 'True');
  t.equal(value(cell.scaleSense), 4, 'the update cell halved the scale');
  cell.setSenseScale(new Tensor(16, 'float32'));
  t.equal(value(cell.scaleSense), 16);
  t.throws(() => cell.setSenseScale(16 as never), { name: 'ArgumentTypeError', message: "The input type must be Tensor, but got <class 'int'>" });
  t.throws(() => new nn.TrainOneStepWithLossScaleCell(new nn.WithLossCell(net, new MSELoss()), new nn.Momentum(net.trainableParams(), 0.1, 0.9), new Tensor(np.ones([2]).astype('float32'))), {
    name: 'ArgumentValueError', message: 'The shape of scale_sense must be (1,) or (), but got (2,)',
  });
}));

/** r1.5's adam_compile: an Adam step through TrainOneStepWithLossScaleCell at a scale of 1. */
function adamCompile(lossScale = 1.0) {
  const inputs = new Tensor(np.ones([15, 1]).astype('float32'));
  const label = new Tensor(np.zeros([15, 1]).astype('float32'));
  const net = new Net(1, 1);
  const loss = new MSELoss();
  const optimizer = new nn.Adam(net.trainableParams(), { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, useLocking: false, useNesterov: false, weightDecay: 0.0, lossScale });
  const netWithLoss = new nn.WithLossCell(net, loss);
  const trainNetwork = new nn.TrainOneStepWithLossScaleCell(netWithLoss, optimizer, new Tensor(np.full([1], 1.0), 'float32'));
  trainNetwork.setTrain();
  const output = trainNetwork.step(inputs, label);
  return { output, weight: Array.from(net.weight.asnumpy().data as Float32Array)[0]! };
}

t.test('test_adam_compile', async (t) => run(() => {
  const { output, weight } = adamCompile();
  t.same([value(output.loss), String(output.overflow)], [4, 'False']);
  t.throws(() => new nn.Adam([new Parameter(new Tensor(1, 'float32'), 'p')], { useLocking: 1 as never }), { name: 'ArgumentTypeError', message: "For 'Adam', the type of `use_locking` should be bool, but got 1 with type int." });
  t.equal(weight, Math.fround(1 - 1e-3 * Math.sqrt(1 - 0.999) / (1 - 0.9) * (0.1 * 4) / (Math.sqrt(0.001 * 16) + 1e-8)), "Adam's first step: w − lr·√(1−β2)/(1−β1)·m/(√v + ε), about 1 − lr");
}));

t.test('test_adam_loss_scale_compile: loss_scale 1e-40, its reciprocal 1e40 is float32 inf', async (t) => {
  for (const deviceTarget of ['CPU', 'GPU', 'Ascend'] as const) {
    new ExecutionContext({ mode: 'GRAPH_MODE', deviceTarget, printSink: () => {} }).run(() => {
      const { output, weight } = adamCompile(1e-40);
      t.same([value(output.loss), String(output.overflow)], [4, 'False'], `${deviceTarget}: the network did not overflow (the optimizer scales the gradients after the check)`);
      if (deviceTarget === 'Ascend') {
        // the ascend910 saturates (the spec's devices.md): gradient × inf is float32's max, m and v finite
        t.equal(weight, Math.fround(0.999), 'Ascend: saturated gradients, a finite step of about lr');
      } else {
        t.ok(Number.isNaN(weight), `${deviceTarget}: gradients × inf make m and v inf, and inf / inf is NaN: the weight is NaN`);
      }
    });
  }
});
