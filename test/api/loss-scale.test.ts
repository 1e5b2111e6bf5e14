/**
 * Loss scaling as MindSpore r1.5: the dynamic update rule against a host model over random overflow
 * sequences, the managers' defaults and errors, and TrainOneStepWithLossScaleCell skipping overflowing
 * steps on every target (register on Ascend, FloatStatus on GPU, IsFinite on CPU).
 */
import t from 'tap';
import fc from 'fast-check';
import { ArgumentValueError, Parameter, Tensor, amp, models, nn, resetPlatform, setContext, setSeed } from '../../src/index.js';
import { assertProperty } from '../helpers/property.js';

t.test('DynamicLossScaleUpdateCell follows the rule for any overflow sequence', async (t) => {
  setContext({ deviceTarget: 'CPU', mode: 'GRAPH_MODE' });
  assertProperty(t, 'scale sequence', fc.property(fc.array(fc.boolean(), { maxLength: 12 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(2, 4), (flags, window, factor) => {
    const scale = new Parameter(new Tensor(2 ** 10, 'float32'), 'scale');
    const cell = new nn.DynamicLossScaleUpdateCell(2 ** 10, factor, window);
    let model = 2 ** 10;
    let sinceChange = 0;
    for (const overflow of flags) {
      cell.call(scale, new Tensor(overflow));
      sinceChange++;
      if (overflow) {
        model = Math.max(model / factor, 1);
        sinceChange = 0;
      } else if (sinceChange >= window) {
        model *= factor;
        sinceChange = 0;
      }
      if (scale.asnumpy().item() !== model) return false;
    }
    return true;
  }), 60);
});

t.test('managers: defaults and MindSpore errors', async (t) => {
  const fixed = new nn.FixedLossScaleManager();
  t.same([fixed.getLossScale(), fixed.getDropOverflowUpdate(), new nn.FixedLossScaleManager(8, false).getUpdateCell()], [128, true, null]);
  const dynamic = new nn.DynamicLossScaleManager();
  t.same([dynamic.getLossScale(), dynamic.getUpdateCell().scaleFactor, dynamic.getUpdateCell().scaleWindow], [2 ** 24, 2, 2000]);
  t.throws(() => new nn.FixedLossScaleManager(0.5), { name: 'ValueError', message: "For 'FixedLossScaleManager', the argument 'loss_scale' must be >= 1, but got 0.5" });
  t.throws(() => new nn.DynamicLossScaleManager(0.5), { message: "For 'DynamicLossScaleManager', the argument 'init_loss_scale' must be > 1, but got 0.5" });
  t.throws(() => new nn.DynamicLossScaleManager(16, 0), { message: "For 'DynamicLossScaleManager', the argument 'scale_factor' should be > 0, but got 0" });
  t.throws(() => new nn.DynamicLossScaleManager(16, 2, 0), { message: '`scale_window` in `DynamicLossScaleManager` should be an int and must > 0, but got `0` with type `int`.' });
  t.throws(() => new nn.Conv2d(3, 64, -7), { name: 'ArgumentValueError', message: '`kernel_size item` in `Conv2d` should be an int and must > 0, but got `-7` with type `int`.' });
  t.throws(() => new nn.DynamicLossScaleManager(16, 2, 0), ArgumentValueError);
});

function lossScaled(device: string, scale: number, check?: nn.OverflowCheck) {
  const target = device.startsWith('ascend') ? 'Ascend' : device === 'cpu' ? 'CPU' : 'GPU';
  resetPlatform();
  setContext({ deviceTarget: target, device, mode: 'GRAPH_MODE' });
  setSeed(1);
  const net = new models.LeNet();
  net.toFloat('float16');
  const withLoss = new nn.WithLossCell(new amp.OutputTo32(net), new nn.SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' }));
  const manager = new nn.DynamicLossScaleManager(scale, 2, 4);
  const step = new nn.TrainOneStepWithLossScaleCell(withLoss, new nn.Momentum(net.trainableParams(), 0.05, 0.9), manager.getUpdateCell(), check ? { check } : {});
  const { images, labels } = models.syntheticImages({ n: 32, seed: 7 });
  return { net, run: () => step.step(images, labels) };
}

t.test('every target skips overflowing steps, backs the scale off, and grows it after the window', async (t) => {
  for (const device of ['ascend910', 'ascend910b', 'v100', 'cpu']) {
    const { net, run } = lossScaled(device, 2 ** 20);
    const w0 = String(net.conv1.weight.asnumpy());
    const first = run();
    t.same([first.skipped, first.overflow.asnumpy().item(), first.scale.asnumpy().item()], [true, true, 2 ** 20], `${device}: 2^20 overflows float16 gradients: skipped`);
    t.equal(String(net.conv1.weight.asnumpy()), w0, `${device}: the weights did not move`);
    const scales: number[] = [];
    const skipped: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      const r = run();
      scales.push(Number(r.scale.asnumpy().item()));
      skipped.push(r.skipped);
    }
    t.same(scales, [2 ** 19, 2 ** 19, 2 ** 19, 2 ** 19, 2 ** 20, 2 ** 19], `${device}: halved, then doubled after 4 finite steps (and overflowing again)`);
    t.same(skipped, [false, false, false, false, true, false], `${device}: only the overflowing step is skipped`);
    t.not(String(net.conv1.weight.asnumpy()), w0, `${device}: the finite steps trained`);
  }
});

t.test('Ascend 910 saturates: an IsFinite check misses the overflow the register catches', async (t) => {
  const flags = (device: string, check?: nn.OverflowCheck) => {
    const { run } = lossScaled(device, 2 ** 20, check);
    return run().skipped;
  };
  t.equal(flags('ascend910'), true, 'the register sees it');
  t.equal(flags('ascend910', 'is-finite'), false, 'saturated gradients look finite');
  t.equal(flags('ascend910b', 'is-finite'), true, 'on 910B (INF/NaN mode) IsFinite sees it too');
  t.throws(() => lossScaled('cpu', 2, 'magic' as never), /the check must be 'register', 'float-status' or 'is-finite'/);
});

t.teardown(() => {
  resetPlatform();
  setContext({ deviceTarget: 'Ascend' });
});

t.test('TrainOneStepWithLossScaleCell refuses what it cannot use, naming itself', async (t) => {
  setContext({ deviceTarget: 'CPU' });
  const net = new nn.WithLossCell(new nn.Dense(2, 1), new nn.MSELoss());
  const opt = new nn.SGD(net.trainableParams());
  t.throws(() => new nn.TrainOneStepWithLossScaleCell(42 as never, opt, new Tensor(8, 'float32')), /^TrainOneStepWithLossScaleCell: the network must be a Cell$/);
  t.throws(() => new nn.TrainOneStepWithLossScaleCell(net, {} as never, new Tensor(8, 'float32')), /the optimizer must be an nn\.Optimizer/);
  t.throws(() => new nn.TrainOneStepWithLossScaleCell(net, opt, 8 as never), /The scale_sense must be Cell or Tensor, but got number/);
  const fixed = new nn.TrainOneStepWithLossScaleCell(net, opt, new Tensor(8, 'float32'));
  t.equal(fixed.call(new Tensor([[1, 2]], 'float32'), new Tensor([[1]], 'float32')).shape.length, 0, 'call returns the loss');
});
