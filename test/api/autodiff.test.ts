/**
 * GradOperation against central finite differences in float64, with fast-check over random shapes and
 * values, for every differentiable op: f(x...) = sum(op(x...) * w) with random weights w, so every
 * output element's gradient is checked with a different sensitivity.
 */
import t from 'tap';
import fc from 'fast-check';
import { ExecutionContext, Parameter, Tensor, getSimulator, models, nn, ops, setContext } from '../../src/index.js';
import type { TraceRecord } from '../../src/runtime/index.js';
import { assertProperty } from '../helpers/property.js';
import { CASES, compare } from '../helpers/gradient-cases.js';

setContext({ deviceTarget: 'CPU', mode: 'PYNATIVE_MODE' });

for (const c of CASES) {
  t.test(`${c.name}: gradients equal central differences`, async (t) => {
    assertProperty(t, c.name, fc.property(c.arb, fc.nat(1000), ({ inputs, build }, seed) => {
      const { worst, where } = compare(build, inputs, seed, c.step);
      if (worst > (c.tol ?? 1e-6)) throw new Error(`relative error ${worst} at ${where}`);
      return true;
    }), 12);
  });
}

t.test('GradOperation: options, sens, zeros for unused inputs, Parameters by list', async (t) => {
  const x = new Tensor([1, 2], 'float32');
  const y = new Tensor([3, 4], 'float32');
  const f = (a: Tensor, _b: Tensor) => ops.Mul()(a, a); // the second input is unused
  t.equal(String(ops.GradOperation()(f)(x, y)), '[2. 4.]', 'first input only by default');
  t.equal(String((ops.GradOperation({ getAll: true })(f)(x, y) as Tensor[])[1]), '[0. 0.]', 'an unused input gets zeros');
  t.equal(String(ops.GradOperation({ sensParam: true })(f)(x, y, new Tensor([10, -1], 'float32'))), '[20. -4.]', 'sens starts the chain');
  t.throws(() => ops.GradOperation({ getByList: true })(f), /the Parameters to differentiate by must be given/);
  t.throws(() => ops.GradOperation()(42 as never), /expected a function or a Cell/);
  t.throws(() => ops.GradOperation()(((a: Tensor) => ops.ReluGrad()(a, a)) as never)(x), /the gradient of ReluGrad is not defined/);
});

t.test('only gradients that lead to a target are computed (the input images of a network trained by its Parameters get none)', async (t) => {
  const kernelsOf = (records: readonly TraceRecord[]) => {
    const by: Record<string, number> = {};
    for (const r of records) if (r.type === 'begin' && r.work === 'kernel') by[r.op] = (by[r.op] ?? 0) + 1;
    return by;
  };
  const run = (getAll: boolean) =>
    new ExecutionContext({ deviceTarget: 'GPU', seed: 1 }).run(() => {
      const net = new models.LeNet();
      const loss = new nn.WithLossCell(net, new nn.SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' }));
      const { images, labels } = models.syntheticImages({ n: 4, seed: 7 });
      const grads = ops.GradOperation({ getAll, getByList: true })(loss, net.trainableParams())(images, labels);
      const params = (getAll ? (grads as [Tensor[], Tensor[]])[1] : (grads as Tensor[])).map((g) => String(g));
      const imageGrad = getAll ? (grads as [Tensor[], Tensor[]])[0][0]!.shape : null;
      return { params, imageGrad, kernels: kernelsOf(getSimulator().records()) };
    });
  const byList = run(false);
  const withInputs = run(true);
  t.equal(byList.kernels.Conv2DBackpropInput, 1, 'Parameters only: the first convolution computes no gradient of the images');
  t.equal(withInputs.kernels.Conv2DBackpropInput, 2, 'with get_all the images get theirs');
  t.equal(byList.kernels.Conv2DBackpropFilter, 2);
  t.strictSame(withInputs.imageGrad, [4, 1, 12, 12]);
  t.strictSame(byList.params, withInputs.params, 'the Parameters\' gradients are the same');
  // MatMul: a gradient for the Parameter, none for a constant input
  const w = new Parameter(new Tensor([[1, 2], [3, 4]], 'float32'), 'w');
  const x = new Tensor([[1, 1]], 'float32');
  const g = ops.GradOperation({ getByList: true })((a: Tensor) => ops.ReduceSum()(ops.MatMul()(a, w)), [w])(x) as Tensor[];
  t.equal(String(g[0]), '[[1. 1.]\n [1. 1.]]');
});
