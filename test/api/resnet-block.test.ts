/**
 * r1.5's ResidualBlock (tests/st/networks/test_gpu_resnet.py: conv1x1/conv3x3 with its constant
 * initializers, BatchNorm2d(momentum=0.1, eps=0.0001) with gamma 1 — 0 in the last —, ReLU, Add)
 * ported line by line, trained three steps (MSELoss, Momentum 0.01/0.9) on MindSpore's input, against
 * MindSpore 2.10's run (scripts/gen_mindspore_fixtures.py, `resnet_block`): each loss, the output in
 * training and eval mode, every trained Parameter; and MindSpore's checkpoint of the trained block
 * loads into a fresh port and gives the same eval output. The run is on the GPU target, as r1.5's test
 * (its BatchNorm keeps the unbiased moving variance, as 2.10's CPU kernel does). Tolerance: float32
 * with different summation orders (oneDNN's vs mindsim's), 3 steps: 2e-6 of each tensor's scale (worst seen 5e-7).
 */
import { readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import { ExecutionContext, Tensor, loadCheckpoint, loadParamIntoNet, nn, np, ops, type Tensor as T } from '../../src/index.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/resnet-block.json', import.meta.url), 'utf8')) as {
  generator: string; x: number[]; target: number[]; losses: number[]; trainOut: number[]; evalOut: number[]; params: Record<string, number[]>;
};
const ckpt = new URL('../fixtures/checkpoint/resnet-block.ckpt', import.meta.url).pathname;

// ---- the port (r1.5's helpers and ResidualBlock, line by line) ----
const varianceScalingRaw = (shape: number[]) => new Tensor(np.full(shape, 0.01, 'float32')); // np.ones(shape).astype(np.float32) * 0.01
const weightVariable0 = (shape: number[]) => new Tensor(np.zeros(shape).astype('float32'));
const weightVariable1 = (shape: number[]) => new Tensor(np.ones(shape).astype('float32'));
const conv3x3 = (inChannels: number, outChannels: number, stride = 1) =>
  new nn.Conv2d(inChannels, outChannels, 3, { stride, weightInit: varianceScalingRaw([outChannels, inChannels, 3, 3]), hasBias: false, padMode: 'same' });
const conv1x1 = (inChannels: number, outChannels: number, stride = 1) =>
  new nn.Conv2d(inChannels, outChannels, 1, { stride, weightInit: varianceScalingRaw([outChannels, inChannels, 1, 1]), hasBias: false, padMode: 'same' });
const bnWithInitialize = (outChannels: number) =>
  new nn.BatchNorm2d(outChannels, { momentum: 0.1, eps: 0.0001, gammaInit: weightVariable1([outChannels]), betaInit: weightVariable0([outChannels]), movingMeanInit: weightVariable0([outChannels]), movingVarInit: weightVariable1([outChannels]) });
const bnWithInitializeLast = (outChannels: number) =>
  new nn.BatchNorm2d(outChannels, { momentum: 0.1, eps: 0.0001, gammaInit: weightVariable0([outChannels]), betaInit: weightVariable0([outChannels]), movingMeanInit: weightVariable0([outChannels]), movingVarInit: weightVariable1([outChannels]) });

class ResidualBlock extends nn.Cell {
  static expansion = 4;
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  conv2: nn.Conv2d;
  bn2: nn.BatchNorm2d;
  conv3: nn.Conv2d;
  bn3: nn.BatchNorm2d;
  relu = ops.ReLU();
  add = ops.Add();

  constructor(inChannels: number, outChannels: number, stride = 1) {
    super();
    const outChls = Math.floor(outChannels / ResidualBlock.expansion);
    this.conv1 = conv1x1(inChannels, outChls, 1);
    this.bn1 = bnWithInitialize(outChls);
    this.conv2 = conv3x3(outChls, outChls, stride);
    this.bn2 = bnWithInitialize(outChls);
    this.conv3 = conv1x1(outChls, outChannels, 1);
    this.bn3 = bnWithInitializeLast(outChannels);
  }

  override construct(x: T): T {
    const identity = x;
    let out = this.conv1.call(x);
    out = this.bn1.call(out);
    out = this.relu(out);
    out = this.conv2.call(out);
    out = this.bn2.call(out);
    out = this.relu(out);
    out = this.conv3.call(out);
    out = this.bn3.call(out);
    out = this.add(out, identity);
    return this.relu(out);
  }
}
// ---- end of the port ----

const values = (x: T): number[] => Array.from(x.asnumpy().data as Float32Array);
const scaleOf = (v: number[]) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
function close(t: Test, got: number[], want: number[], what: string, rel = 2e-6): void {
  const scale = scaleOf(want) || 1;
  const worst = got.reduce((w, v, i) => Math.max(w, Math.abs(v - want[i]!) / scale), 0);
  t.ok(got.length === want.length && worst <= rel, `${what}: within ${rel} of its scale (worst ${worst.toExponential(2)})`);
}

t.test(`r1.5's ResidualBlock trains as MindSpore's does (${fixture.generator})`, async (t) => {
  for (const mode of ['PYNATIVE_MODE', 'GRAPH_MODE'] as const) {
    await new ExecutionContext({ deviceTarget: 'GPU', mode }).run(async () => {
      const x = new Tensor(np.array(fixture.x, 'float32').reshape([2, 16, 4, 4]));
      const target = new Tensor(np.array(fixture.target, 'float32').reshape([2, 16, 4, 4]));
      const block = new ResidualBlock(16, 16).setTrain();
      t.same(block.parametersAndNames().map(([n]) => n), Object.keys(fixture.params), `${mode}: MindSpore's Parameter names, in its order`);
      const step = new nn.TrainOneStepCell(new nn.WithLossCell(block, new nn.MSELoss()), new nn.Momentum(block.trainableParams(), 0.01, 0.9));
      const losses = [0, 1, 2].map(() => Number(step.call(x, target).asnumpy().item()));
      close(t, losses, fixture.losses, `${mode}: the three losses`);
      close(t, values(block.call(x)), fixture.trainOut, `${mode}: the output in training mode`);
      block.setTrain(false);
      close(t, values(block.call(x)), fixture.evalOut, `${mode}: the output in eval mode (moving statistics)`);
      for (const [name, p] of block.parametersAndNames()) close(t, values(p), fixture.params[name]!, `${mode}: ${name}`);
    });
  }
});

t.test("MindSpore's checkpoint of the trained block loads into the port", async (t) => {
  await new ExecutionContext({ deviceTarget: 'GPU' }).run(async () => {
    const fresh = new ResidualBlock(16, 16);
    t.same(loadParamIntoNet(fresh, loadCheckpoint(ckpt)), [], 'every Parameter loaded by name');
    const x = new Tensor(np.array(fixture.x, 'float32').reshape([2, 16, 4, 4]));
    close(t, values(fresh.call(x)), fixture.evalOut, 'eval output equals MindSpore\'s', 1e-6);
  });
});
