/**
 * nn.Sigmoid, Tanh, ReLU6, Softmax, LogSoftmax and Dense's `activation` as r1.5 (`get_activation`'s
 * names and KeyError text; the TypeError for other values).
 */
import t from 'tap';
import { ArgumentTypeError, ExecutionContext, KeyNameError, NotImplementedYetError, Tensor, nn, np, ops, type Tensor as T } from '../../src/index.js';

t.test('the cells compute their ops', async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    const x = new Tensor(np.array([[-7, -0.5, 0, 0.5, 7]]), 'float32');
    const same = (a: T, b: T, what: string) => t.equal(String(a), String(b), what);
    same(new nn.Sigmoid().call(x), ops.Sigmoid()(x), 'Sigmoid');
    same(new nn.Tanh().call(x), ops.Tanh()(x), 'Tanh');
    same(new nn.ReLU6().call(x), ops.ReLU6()(x), 'ReLU6');
    same(new nn.Softmax().call(x), ops.Softmax()(x), 'Softmax');
    same(new nn.LogSoftmax(0).call(x), ops.LogSoftmax({ axis: 0 })(x), 'LogSoftmax(axis)');
  });
});

t.test("Dense's activation: a name, a Cell or a primitive; r1.5's errors", async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    const x = new Tensor(np.array([[1, -2, 3]]), 'float32');
    const plain = new nn.Dense(3, 2, { weightInit: 'ones', biasInit: 'ones' });
    const base = plain.call(x);
    t.equal(String(base), '[[3. 3.]]');
    for (const [name, op] of [['relu', ops.ReLU()], ['sigmoid', ops.Sigmoid()], ['tanh', ops.Tanh()], ['softmax', ops.Softmax()]] as const) {
      const dense = new nn.Dense(3, 2, { weightInit: 'ones', biasInit: 'ones', activation: name });
      t.equal(String(dense.call(x)), String(op(base)), name);
    }
    t.equal(String(new nn.Dense(3, 2, { weightInit: 'ones', activation: new nn.ReLU6() }).call(x)), '[[2. 2.]]', 'a Cell');
    t.equal(String(new nn.Dense(3, 2, { weightInit: 'ones', activation: ops.Neg() }).call(x)), '[[-2. -2.]]', 'a primitive');
    t.throws(() => new nn.Dense(3, 2, { activation: 'swish' }), (() => {
      const e = new KeyNameError("The 'name' should be in ['softmax', 'logsoftmax', 'relu', 'relu6', 'tanh', 'gelu', 'fast_gelu', 'elu', 'sigmoid', 'prelu', 'leakyrelu', 'hswish', 'hsigmoid', 'logsigmoid', 'softshrink', 'hshrink'], but got swish.");
      return e;
    })());
    t.throws(() => new nn.Dense(3, 2, { activation: 'elu' }), NotImplementedYetError);
    t.throws(() => new nn.Dense(3, 2, { activation: 5 as never }), new ArgumentTypeError("For 'Dense', the 'activation' must be str or Cell or Primitive, but got int."));
    // gradients flow through the activation
    const dense = new nn.Dense(3, 1, { weightInit: 'ones', activation: 'relu' });
    const grads = ops.GradOperation({ getByList: true })((v: T) => ops.ReduceSum()(dense.call(v)), dense.trainableParams())(new Tensor(np.array([[1, 2, 3]]), 'float32')) as T[];
    t.equal(String(grads[0]), '[[1. 2. 3.]]');
  });
});
