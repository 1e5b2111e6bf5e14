/**
 * BatchNorm, its gradient and nn.BatchNorm1d/2d against MindSpore's own results (fixtures from
 * scripts/gen_mindspore_fixtures.py: MindSpore 2.10.0 on CPU, since r1.5 has no wheel here), on every
 * target and mode. oneDNN sums a channel in its own (vectorised) order and mindsim in float64, so
 * values agree within a few float32 ulps of the channel's scale: the tolerance is 8·2⁻²⁴·(|value| +
 * the channel's largest |term|), each case's worst shown. The moving variance: 2.10's CPU kernel and
 * r1.5's GPU and Ascend kernels use the unbiased batch variance (checked against the fixture on GPU and
 * Ascend); r1.5's CPU kernel (MKL-DNN) used the biased one (checked on CPU against the fixture's saved
 * batch variance). Then r1.5's checks and messages, in-place ordering, and the layers.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ArgumentTypeError, ArgumentValueError, ExecutionContext, Parameter, Tensor, nn, np, ops, type Tensor as T } from '../../src/index.js';
import { onEveryTarget } from '../helpers/ms-fixtures.js';

interface Case {
  training: boolean; epsilon: number; momentum: number; shape: number[];
  x: number[]; scale: number[]; bias: number[]; mean: number[]; variance: number[];
  y: number[]; saved: [number[], number[]]; movingMean: number[]; movingVariance: number[];
  dy: number[]; dx: number[]; dscale: number[]; dbias: number[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/batchnorm.json', import.meta.url), 'utf8')) as { generator: string; cases: Case[] };

const tensor = (values: number[], shape: number[]): T => new Tensor(np.array(values, 'float32').reshape(shape));
const values = (x: T | undefined): number[] => Array.from(x!.asnumpy().data as Float32Array);
/** The largest relative error, in float32 ulps of max(|want|, scale). */
function ulps(got: number[], want: number[], scale: number): number {
  return got.reduce((worst, v, i) => Math.max(worst, Math.abs(v - want[i]!) / (Math.max(Math.abs(want[i]!), scale) * 2 ** -24)), 0);
}
const maxAbs = (v: number[]) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

function run(c: Case) {
  const c1 = [c.shape[1]!];
  const mean = new Parameter(tensor(c.mean, c1), 'mean');
  const variance = new Parameter(tensor(c.variance, c1), 'variance');
  const op = ops.BatchNorm({ isTraining: c.training, epsilon: c.epsilon, momentum: c.momentum });
  const outs = op(tensor(c.x, c.shape), tensor(c.scale, c1), tensor(c.bias, c1), mean, variance);
  const gradMean = new Parameter(tensor(c.mean, c1), 'mean');
  const gradVar = new Parameter(tensor(c.variance, c1), 'variance');
  const f = (x: T, scale: T, bias: T) => op(x, scale, bias, gradMean, gradVar)[0]!;
  const g = ops.GradOperation({ getAll: true, sensParam: true })(f)(tensor(c.x, c.shape), tensor(c.scale, c1), tensor(c.bias, c1), tensor(c.dy, c.shape)) as T[];
  return { y: values(outs[0]!), saved: [values(outs[3]), values(outs[4])] as [number[], number[]], mean: values(mean), variance: values(variance), dx: values(g[0]!), dscale: values(g[1]!), dbias: values(g[2]!) };
}

t.test(`${fixture.cases.length} cases equal MindSpore's (${fixture.generator})`, async (t) => {
  onEveryTarget((deviceTarget, mode) => {
    let worst = 0;
    for (const c of fixture.cases) {
      const got = run(c);
      const where = `${deviceTarget} ${mode} ${c.training ? 'training' : 'inference'} ${JSON.stringify(c.shape)}`;
      const errs = {
        y: ulps(got.y, c.y, maxAbs(c.y)),
        dx: ulps(got.dx, c.dx, maxAbs(c.dx)),
        dscale: ulps(got.dscale, c.dscale, maxAbs(c.dy) * maxAbs(c.y) * c.x.length),
        dbias: ulps(got.dbias, c.dbias, maxAbs(c.dy) * c.x.length),
        saved: c.training ? Math.max(ulps(got.saved[0], c.saved[0], maxAbs(c.x)), ulps(got.saved[1], c.saved[1], maxAbs(c.saved[1]))) : 0,
      };
      // the moving statistics: unbiased variance on GPU and Ascend (as the fixture), biased on CPU (r1.5's MKL-DNN kernel)
      const wantVar = !c.training ? c.variance
        : deviceTarget === 'CPU' ? c.variance.map((v, i) => Math.fround(Math.fround(v * Math.fround(1 - c.momentum)) + Math.fround(c.saved[1][i]! * Math.fround(c.momentum))))
        : c.movingVariance;
      const moving = Math.max(ulps(got.mean, c.training ? c.movingMean : c.mean, maxAbs(c.x)), ulps(got.variance, wantVar, maxAbs(wantVar)));
      for (const [name, e] of Object.entries({ ...errs, moving })) {
        if (!(e <= 8)) t.fail(`${where}: ${name} off by ${e.toFixed(1)} ulps`);
        worst = Math.max(worst, e);
      }
    }
    t.ok(worst <= 8, `${deviceTarget} ${mode}: y, saved statistics, moving statistics, dx, dscale, dbias within 8 ulps of the scale (worst ${worst.toFixed(2)})`);
  });
});

t.test("r1.5's checks and messages", async (t) => {
  t.throws(() => ops.BatchNorm({ isTraining: 1 as never }), { name: 'ArgumentTypeError', message: "For 'BatchNorm', the type of `is_training` should be bool, but got 1 with type int." });
  t.throws(() => ops.BatchNorm({ epsilon: 2 }), { name: 'ArgumentValueError', message: '`epsilon` in `BatchNorm` should be in range of (0, 1], but got 2.000e+00 with type `int`.' });
  t.throws(() => ops.BatchNorm({ epsilon: 0 }), ArgumentValueError);
  t.throws(() => ops.BatchNorm({ momentum: 1.5 }), { name: 'ArgumentValueError', message: '`momentum` in `BatchNorm` should be in range of [0, 1], but got 1.500e+00 with type `float`.' });
  t.throws(() => ops.BatchNorm({ momentum: 'a' as never }), { name: 'ArgumentTypeError', message: '`momentum` in `BatchNorm` must be `float`,  but got `str`.' });
  t.throws(() => ops.BatchNorm({ dataFormat: 'NHWC' }), { name: 'ArgumentValueError', message: /"NHWC" format only support in GPU target, but got the format is NHWC and the platform is Ascend/ });
  const bn = ops.BatchNorm();
  const one = new Tensor([1, 1], 'float32');
  t.throws(() => bn(new Tensor(np.ones([2, 3]), 'float32'), one, one, one, one), { name: 'ShapeError', message: /'scale shape\[0\]' must be equal to 'input_x channel' 3, but got 2/ });
  t.throws(() => bn(new Tensor(np.ones([2, 2]), 'int32'), one, one, one, one), { name: 'DTypeError', message: /'input_x' should be one of \[Float16, Float32\], but got Int32/ });
  t.throws(() => bn(new Tensor(np.ones([2, 2, 2]), 'float32'), one, one, one, one), { name: 'ShapeError' });
  t.throws(() => bn(new Tensor(np.ones([2, 2]), 'float32'), one, one, new Tensor([1, 1], 'float16'), one), { name: 'DTypeError', message: /'mean' must have the same dtype as 'scale'/ });
  t.throws(() => new nn.BatchNorm2d(0), { name: 'ArgumentValueError', message: "For 'BatchNorm2d', the 'num_features' must be at least 1, but got 0." });
  t.throws(() => new nn.BatchNorm2d(1.5), ArgumentTypeError);
  t.throws(() => new nn.BatchNorm2d(2, { momentum: 2 }), { name: 'ArgumentValueError', message: "For 'BatchNorm2d', the 'momentum' should be a number in range [0, 1], but got 2." });
  t.throws(() => new nn.BatchNorm2d(2, { useBatchStatistics: 1 as never }), ArgumentValueError);
  t.throws(() => new nn.BatchNorm2d(2).call(new Tensor(np.ones([2, 2]), 'float32')), { name: 'ArgumentValueError', message: "For 'BatchNorm2d', the in_shape must have 4 dims, but got 2." });
  t.throws(() => new nn.BatchNorm1d(2).call(new Tensor(np.ones([1, 2, 1, 1]), 'float32')), { message: "For 'BatchNorm1d', the in_shape must have 2 dims, but got 4." });
});

t.test('training updates the moving statistics in place, in program order', async (t) => {
  for (const mode of ['PYNATIVE_MODE', 'GRAPH_MODE'] as const) {
    new ExecutionContext({ deviceTarget: 'CPU', mode }).run(() => {
      const mean = new Parameter(new Tensor([1, 1], 'float32'), 'mean');
      const variance = new Parameter(new Tensor([1, 1], 'float32'), 'variance');
      const before = ops.Mul()(mean, 1); // recorded before the update: sees the old value
      const x = new Tensor(np.array([[0, 2], [4, 6]]), 'float32');
      const one = new Tensor([1, 1], 'float32');
      ops.BatchNorm({ isTraining: true, momentum: 0.5 })(x, one, new Tensor([0, 0], 'float32'), mean, variance);
      const after = ops.Mul()(mean, 1);
      t.same(values(before), [1, 1], `${mode}: a read recorded before sees the old mean`);
      t.same(values(after), [1.5, 2.5], `${mode}: a read recorded after sees 0.5·1 + 0.5·batch mean`);
      t.same(values(variance), [2.5, 2.5], `${mode}: the biased batch variance (4) on CPU`);
    });
  }
  new ExecutionContext({ deviceTarget: 'GPU' }).run(() => {
    const mean = new Parameter(new Tensor([0], 'float32'), 'mean');
    const variance = new Parameter(new Tensor([0], 'float32'), 'variance');
    const one = new Tensor([1], 'float32');
    ops.BatchNorm({ isTraining: true, momentum: 1 })(new Tensor(np.array([[0], [2]]), 'float32'), one, new Tensor([0], 'float32'), mean, variance);
    t.same(values(variance), [2], 'GPU: the unbiased batch variance (cuDNN), 2 where the biased one is 1');
  });
});

t.test('nn.BatchNorm2d: r1.5 names, train/eval, use_batch_statistics; a ResNet-style block trains', async (t) => {
  await new ExecutionContext({ deviceTarget: 'CPU' }).run(async () => {
    class Block extends nn.Cell {
      conv1 = new nn.Conv2d(2, 2, 3, { weightInit: 'ones' });
      bn1 = new nn.BatchNorm2d(2);
      override construct(x: T): T {
        return ops.ReLU()(ops.Add()(this.bn1.call(this.conv1.call(x)), x));
      }
    }
    const net = new Block();
    t.same(net.parametersAndNames().map(([n]) => n), ['conv1.weight', 'bn1.moving_mean', 'bn1.moving_variance', 'bn1.gamma', 'bn1.beta']);
    t.same(net.trainableParams().map((p) => p.name), ['conv1.weight', 'bn1.gamma', 'bn1.beta']);
    const x = new Tensor(np.arange(32).reshape([2, 2, 2, 4]).astype('float32'));
    const evalOut = values(net.call(x));
    t.same(values(net.bn1.movingMean), [0, 0], 'eval mode leaves the moving mean');
    net.setTrain();
    const trainOut = values(net.call(x));
    t.notSame(trainOut, evalOut, 'training normalises with the batch statistics');
    t.ok(values(net.bn1.movingMean).every((v) => v !== 0), 'and moves the moving mean');
    const always = new nn.BatchNorm1d(1, { useBatchStatistics: true });
    t.same(values(always.call(new Tensor(np.array([[1], [3]]), 'float32'))).map((v) => Math.round(v * 1e4) / 1e4), [-1, 1], 'use_batch_statistics: true in eval mode');
    const loss = new nn.WithLossCell(net, new nn.MSELoss());
    const step = new nn.TrainOneStepCell(loss, new nn.Momentum(net.trainableParams(), 0.01, 0.9));
    const target = new Tensor(np.zeros([2, 2, 2, 4]).astype('float32'));
    const losses = [0, 1, 2, 3, 4].map(() => Number(step.call(x, target).asnumpy().item()));
    t.ok(losses[4]! < losses[0]!, `loss falls (${losses.map((l) => l.toFixed(3)).join(' → ')})`);
  });
});
