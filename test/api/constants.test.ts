/**
 * Fill, Zeros, Ones, Shape and DType as r1.5 (Fill folds to numpy.full at compile time: values and
 * dtypes as numpy's; r1.5's validator messages for bad shapes, values and dtypes).
 */
import t from 'tap';
import { ArgumentTypeError, ArgumentValueError, DTypeError, ExecutionContext, Tensor, mstype, np, ops } from '../../src/index.js';

t.test('values, dtypes, shapes', async (t) => {
  for (const mode of ['PYNATIVE_MODE', 'GRAPH_MODE'] as const) {
    new ExecutionContext({ deviceTarget: 'Ascend', mode }).run(() => {
      const f = ops.Fill()(mstype.float16, [2, 3], 1.5);
      t.same([String(f.dtype), f.shape, String(f)], ['Float16', [2, 3], '[[1.5 1.5 1.5]\n [1.5 1.5 1.5]]']);
      t.equal(String(ops.Fill()('int32', [2], 7.9)), '[7 7]', "numpy.full's cast of 7.9 to int32");
      t.equal(String(ops.Fill()('bool', [2], 1)), '[ True  True]');
      t.equal(String(ops.Zeros()(3, mstype.int32)), '[0 0 0]');
      t.equal(String(ops.Ones()([2, 1], 'float32')), '[[1.]\n [1.]]');
      const x = new Tensor(np.zeros([2, 0, 4]), 'float64');
      t.same(ops.Shape()(x), [2, 0, 4]);
      t.equal(ops.DType()(x), mstype.float64);
      // used as r1.5's float-overflow test does: a status buffer of zeros, then a value of its dtype
      const status = ops.Fill()(ops.DType()(f), ops.Shape()(f), 0);
      t.equal(String(ops.Add()(status, f)), String(f));
    });
  }
});

t.test("r1.5's checks", async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    t.throws(() => ops.Fill()('float32', 3 as never, 1), new ArgumentTypeError("For 'Fill', the type of `shape` should be tuple, but got 3 with type int."));
    t.throws(() => ops.Fill()('float32', [2, 0], 1), new ArgumentValueError('`dims[1]` in `Fill` should be an int and must > 0, but got `0` with type `int`.'));
    t.throws(() => ops.Fill()('float32', [2], 'a' as never), new ArgumentTypeError("For 'Fill', the type of `value` should be one of ['Number', 'bool'], but got a with type str."));
    t.throws(() => ops.Fill()('bfloat16', [2], 1), DTypeError);
    t.throws(() => ops.Fill()('nope', [2], 1), { name: 'DTypeError', message: /Fill: data type 'nope' not understood/ });
    t.throws(() => ops.Shape()(5 as never), { name: 'ArgumentTypeError', message: /For 'Shape', the input 'input_x' must be a Tensor/ });
    t.throws(() => ops.Zeros()([2.5], 'float32'), { name: 'ArgumentTypeError', message: /`dims\[0\]` in `Zeros`/ });
  });
});
