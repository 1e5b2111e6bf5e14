/**
 * The manual mixed-precision example of r1.5's enable_mixed_precision.md, ported line by line: Net(512,
 * 128) with `net.toFloat(float16)` and `net.dense.toFloat(float32)`, SoftmaxCrossEntropyWithLogits,
 * Momentum(0.1, 0.9), TrainOneStepCell. The Dense gets fixed weights and two steps run; MindSpore's run
 * of the same computation (test/fixtures/mixed-precision.json: 2.10's to_float no longer casts a cell's
 * inputs as r1.5's did, so the generator writes r1.5's casts out) gives the losses and the trained
 * weights. The losses agree bit for bit; Momentum's update rounds once here and after each float32
 * operation in MindSpore, so the weights agree within 2 ulps of their scale; the bias's gradient sums
 * the batch's 64 rows (BiasAddGrad), in MindSpore's vectorised order and in index order here, so the
 * bias agrees within the summation bound, 64 ulps of its scale. Without `dense.toFloat(float32)`
 * the float16 logits meet float32 labels, which r1.5's SoftmaxCrossEntropyWithLogits refuses: so does
 * mindsim's.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ExecutionContext, Tensor, mstype, nn, np, ops, type Tensor as T } from '../../src/index.js';
import { values, ulpsOfScale } from '../helpers/ms-fixtures.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/mixed-precision.json', import.meta.url), 'utf8')) as {
  generator: string; weight: number[]; bias: number[]; outputs: number[][]; trainedWeight: number[]; trainedBias: number[];
};

// Define network
class Net extends nn.Cell {
  dense: nn.Dense;
  relu = ops.ReLU();
  constructor(inputChannel: number, outChannel: number) {
    super();
    this.dense = new nn.Dense(inputChannel, outChannel);
  }
  override construct(x: T): T {
    x = this.dense.call(x);
    x = this.relu(x);
    return x;
  }
}

function train(denseFp32: boolean): { outputs: number[][]; net: Net } {
  // Initialize network
  const net = new Net(512, 128);
  net.dense.weight.setData(new Tensor(np.array(fixture.weight, 'float32').reshape([128, 512])));
  net.dense.bias!.setData(new Tensor(np.array(fixture.bias, 'float32')));
  // Set mixing precision
  net.toFloat(mstype.float16);
  if (denseFp32) net.dense.toFloat(mstype.float32);
  // Define training data, label
  const predict = new Tensor(np.full([64, 512], 0.01, 'float32')); // np.ones([64, 512]).astype(np.float32) * 0.01
  const label = new Tensor(np.zeros([64, 128]).astype('float32'));
  // Define Loss and Optimizer
  const loss = new nn.SoftmaxCrossEntropyWithLogits();
  const optimizer = new nn.Momentum(net.trainableParams(), 0.1, 0.9);
  const netWithLoss = new nn.WithLossCell(net, loss);
  const trainNetwork = new nn.TrainOneStepCell(netWithLoss, optimizer);
  trainNetwork.setTrain();
  // Run training
  const outputs = [0, 1].map(() => values(trainNetwork.call(predict, label)));
  return { outputs, net };
}

t.test(`the guide's manual mixed precision trains as MindSpore's run of it (${fixture.generator})`, async (t) => {
  for (const deviceTarget of ['CPU', 'GPU', 'Ascend'] as const) {
    new ExecutionContext({ deviceTarget, mode: 'GRAPH_MODE' }).run(() => {
      const { outputs, net } = train(true);
      t.same(outputs, fixture.outputs, `${deviceTarget}: the losses of both steps`);
      const w = ulpsOfScale(values(net.dense.weight), fixture.trainedWeight);
      const b = ulpsOfScale(values(net.dense.bias!), fixture.trainedBias);
      t.ok(w <= 2, `${deviceTarget}: trained weight within 2 ulps of scale (${w})`);
      t.ok(b <= 64, `${deviceTarget}: trained bias within 64 ulps of scale (${b})`);
      t.equal(String(net.dense.weight.dtype), 'Float32', 'Parameters stay float32');
    });
  }
});

t.test('without dense.toFloat(float32): float16 logits, float32 labels, refused as r1.5 does', async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    t.throws(() => train(false), { name: 'DTypeError', message: "For 'SoftmaxCrossEntropyWithLogits', type of 'labels' should be same as 'logits', but got 'logits' with type Tensor[Float16] and 'labels' with type Tensor[Float32]." });
  });
});
