/**
 * Cell's r1.5 surface: setTrain, cellsAndNames, getParameters, parametersDict, untrainableParams,
 * insertParamToCell (r1.5's KeyErrors and TypeError), and nn.CellList.
 */
import t from 'tap';
import { ArgumentTypeError, KeyNameError, NotImplementedYetError, Parameter, Tensor, nn } from '../../src/index.js';

class Block extends nn.Cell {
  conv = new nn.Conv2d(1, 2, 3);
  frozen = new Parameter(new Tensor([1], 'float32'), { name: 'frozen', requiresGrad: false });
}
class Net extends nn.Cell {
  block = new Block();
  head = new nn.Dense(2, 1);
  scale = new Parameter(new Tensor([2], 'float32'), 'scale');
}

t.test('the cells and parameters of a tree', async (t) => {
  const net = new Net();
  t.same(net.cellsAndNames().map(([n]) => n), ['', 'block', 'block.conv', 'head']);
  t.same(net.cellsAndNames('net').map(([n]) => n), ['net', 'net.block', 'net.block.conv', 'net.head']);
  t.equal(net.training, false);
  t.equal(net.setTrain(), net);
  t.ok(net.cellsAndNames().every(([, c]) => c.training), 'every cell in training mode');
  net.setTrain(false);
  t.ok(net.cellsAndNames().every(([, c]) => !c.training));
  // r1.5's order (cells_and_names, each cell's own Parameters): a cell's own before its children's
  t.same(net.getParameters().map((p) => p.name), ['scale', 'block.frozen', 'block.conv.weight', 'head.weight', 'head.bias']);
  t.same(net.getParameters(false).map((p) => p.name), ['scale']);
  t.same([...net.parametersDict().keys()], ['scale', 'block.frozen', 'block.conv.weight', 'head.weight', 'head.bias']);
  t.same(net.untrainableParams().map((p) => p.name), ['block.frozen']);
  t.same(net.untrainableParams(false), []);
});

t.test("insertParamToCell: r1.5's errors", async (t) => {
  const net = new Net();
  net.insertParamToCell('bias2', new Parameter(new Tensor([0], 'float32')));
  t.same(net.getParameters(false).map((p) => p.name), ['scale', 'bias2'], 'a default-named Parameter takes the name');
  t.throws(() => net.insertParamToCell('', new Parameter(1)), new KeyNameError('The name of parameter should not be null.'));
  t.throws(() => net.insertParamToCell('a.b', new Parameter(1)), new KeyNameError('The name of parameter should not contain "."'));
  t.throws(() => net.insertParamToCell('head', new Parameter(1)), new KeyNameError("Duplicated parameter name 'head'."));
  t.throws(() => net.insertParamToCell('x', 5 as never), new ArgumentTypeError("The type of parameter should be 'Parameter' if not None."));
});

t.test('CellList', async (t) => {
  const list = new nn.CellList([new nn.Dense(2, 2)]);
  list.append(new nn.ReLU()).extend([new nn.Dense(2, 1)]);
  t.equal(list.length, 3);
  t.equal(list.at(-1)!.constructor.name, 'Dense');
  t.same([...list].map((c) => c.constructor.name), ['Dense', 'ReLU', 'Dense']);
  t.same(list.parametersAndNames().map(([n]) => n), ['0.weight', '0.bias', '2.weight', '2.bias']);
  t.throws(() => list.append(5 as never), ArgumentTypeError);
  t.throws(() => list.extend([new nn.ReLU(), 5 as never]), ArgumentTypeError);
  t.equal(list.length, 3, 'a refused extend adds nothing');
  t.throws(() => list.call(new Tensor([1], 'float32')), NotImplementedYetError);
  class Stack extends nn.Cell {
    layers = new nn.CellList([new nn.Dense(2, 2, { weightInit: 'ones' }), new nn.ReLU()]);
    override construct(x: Tensor): Tensor {
      for (const layer of this.layers) x = layer.call(x);
      return x;
    }
  }
  t.equal(String(new Stack().call(new Tensor([[1, -3]], 'float32'))), '[[0. 0.]]');
  t.same(new Stack().parametersAndNames().map(([n]) => n), ['layers.0.weight', 'layers.0.bias']);
});
