import t from 'tap';
import { KeyNameError, Normal, Parameter, Tensor, mstype, nn, np, print, resetPlatform, setContext, setSeed } from '../../src/index.js';
import { golden, output } from '../helpers/printed.js';


for (const deviceTarget of ['Ascend', 'GPU', 'CPU'] as const) {
  t.test(`seed examples 5, 6 and 7 (nn.Conv2d on ones [1, 3, 16, 50]) on ${deviceTarget}`, async (t) => {
    resetPlatform();
    setContext({ deviceTarget, mode: 'GRAPH_MODE' });
    const input = () => new Tensor(np.ones([1, 3, 16, 50]).astype('float32'));
    t.equal(output(() => {
      setSeed(1);
      const net = new nn.Conv2d(3, 64, 3, { weightInit: 'Normal' });
      print(net.call(input()));
    }), golden(5), 'example 5: weight_init="Normal"');
    t.equal(output(() => {
      setSeed(1);
      const net = new nn.Conv2d(3, 64, 3, { weightInit: new Normal(0.2) });
      print(net.call(input()));
    }), golden(6), 'example 6: weight_init=Normal(0.2)');
    t.equal(output(() => {
      const weight = new Tensor(np.ones([64, 3, 3, 3]), mstype.float32);
      const net = new nn.Conv2d(3, 64, 3, { weightInit: weight });
      print(net.call(input()));
    }), golden(7), 'example 7: a custom Tensor');
  });
}

t.test('Cell: parameters named after attributes, child cells prefix theirs', async (t) => {
  class Block extends nn.Cell {
    conv = new nn.Conv2d(2, 4, 3, { hasBias: true });
    scale = new Parameter(1.0);
    named = new Parameter(2.0, 'kept');
  }
  class Net extends nn.Cell {
    constructor() {
      super();
      this.block1 = new Block();
      this.fc = new nn.Dense(4, 2);
    }
    block1: Block;
    fc: nn.Dense;
  }
  const net = new Net();
  // as r1.5's update_parameters_name (and MindSpore 2.10, checked): a child's own Parameter takes its
  // attribute's name when prefixed ('kept' stored as `named` becomes 'block1.named'); at the top it keeps its own
  t.same(net.parametersAndNames().map(([n]) => n), ['block1.scale', 'block1.named', 'block1.conv.weight', 'block1.conv.bias', 'fc.weight', 'fc.bias']);
  t.equal(new Block().named.name, 'kept');
  t.equal(net.trainableParams().length, 6);
  t.same(net.block1.conv.weight.shape, [4, 2, 3, 3]);
  class Bad extends nn.Cell {}
  const bad = new Bad();
  t.throws(() => Object.assign(bad, { 'a.b': new Parameter(1) }), KeyNameError);
  t.throws(() => bad.call(new Tensor(1)), { name: 'NotImplementedYetError' });
});

t.test('layers: Dense computes x·Wᵀ + b; Conv2d checks its options', async (t) => {
  resetPlatform();
  setContext({ deviceTarget: 'CPU', mode: 'PYNATIVE_MODE' });
  const fc = new nn.Dense(3, 2, { weightInit: new Tensor(np.array([[1, 2, 3], [4, 5, 6]]), mstype.float32), biasInit: 1 });
  t.equal(String(fc.call(new Tensor(np.array([[1, 1, 1]]), mstype.float32))), '[[ 7. 16.]]');
  t.throws(() => new nn.Conv2d(3, 8, 3, { padding: 1 }), { name: 'ArgumentValueError', message: /'padding' must be zero when 'pad_mode' is not 'pad'/ });
  t.throws(() => new nn.Conv2d(3, 8, 3, { group: 2 }), { name: 'ArgumentValueError', message: /divisible by group 2/ });
  const padded = new nn.Conv2d(1, 1, 3, { padMode: 'pad', padding: 1, weightInit: 'ones' });
  t.same(padded.call(new Tensor(np.ones([1, 1, 4, 4]).astype('float32'))).shape, [1, 1, 4, 4]);
  setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' });
});

t.test('basic cells and losses: SequentialCell, ReLU, Flatten, MSELoss, SoftmaxCrossEntropyWithLogits', async (t) => {
  setContext({ deviceTarget: 'CPU', mode: 'GRAPH_MODE' });
  const seq = new nn.SequentialCell([new nn.Dense(3, 2, { weightInit: 'ones' }), new nn.ReLU(), new nn.Flatten(), new nn.Dense(2, 1, { weightInit: 'ones', biasInit: 'ones' })]);
  t.same(seq.parametersAndNames().map(([n]) => n), ['0.weight', '0.bias', '3.weight', '3.bias'], "MindSpore's names: the cell's index");
  t.equal(String(seq.call(new Tensor([[1, -2, 0.5], [1, 1, 1]], 'float32'))), '[[1.]\n [7.]]', 'ReLU clips the first row: relu(-0.5) = 0, then 0 + 0 + 1');
  t.same(new nn.Flatten().call(new Tensor(np.ones([2, 3, 4]).astype('float32'))).shape, [2, 12]);
  t.throws(() => new nn.SequentialCell([42 as never]), /SequentialCell: item 0 is not a Cell/);
  const logits = new Tensor([[2, 0, -1], [0.5, 0.5, 3]], 'float32');
  const dense = new Tensor([[1, 0, 0], [0, 0, 1]], 'float32');
  const sparse = new Tensor([0, 2], 'int32');
  const none = new nn.SoftmaxCrossEntropyWithLogits().call(logits, dense);
  t.equal(none.shape.length, 1, "reduction 'none' keeps one loss per sample");
  t.equal(String(new nn.SoftmaxCrossEntropyWithLogits({ sparse: true }).call(logits, sparse)), String(none), 'sparse labels = their one-hot rows');
  const mean = Number(new nn.SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' }).call(logits, sparse).asnumpy().item());
  const [a, b] = none.asnumpy().data as Float32Array;
  t.ok(Math.abs(mean - (a! + b!) / 2) < 1e-6, 'mean');
  t.equal(String(new nn.MSELoss({ reduction: 'sum' }).call(new Tensor([1, 2], 'float32'), new Tensor([0, 0], 'float32'))), '5.0');
  t.throws(() => new nn.MSELoss({ reduction: 'avg' as never }), /the 'reduction' must be in \['mean', 'sum', 'none'\], but got avg/);
  setContext({ deviceTarget: 'Ascend' });
});
