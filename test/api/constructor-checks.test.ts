/**
 * What the fuzzer (test/fuzz) found past the findings file, pinned: constructor attributes checked as
 * r1.5's validator checks them, options that are not objects refused, layers that adopt nothing they
 * refuse, refused ops and Cell calls that hold no device memory afterwards.
 */
import t from 'tap';
import {
  ArgumentTypeError, ArgumentValueError, DTypeError, ExecutionContext, Parameter, Tensor, currentDevice, np, nn, ops,
} from '../../src/index.js';
import { drain } from '../../src/api/graph/executor.js';

const fresh = <R>(fn: () => R): R => new ExecutionContext({ deviceTarget: 'CPU' }).run(fn);

t.test("convolution attributes: r1.5's check_positive_int and _check_positive_int_or_tuple texts", async (t) => {
  fresh(() => {
    t.throws(() => ops.Conv2D(0, 3), new ArgumentValueError('`out_channel` in `Conv2D` should be an int and must > 0, but got `0` with type `int`.'));
    t.throws(() => ops.Conv2D(1.5, 3), new ArgumentTypeError('`out_channel` in `Conv2D` should be an int and must > 0, but got `1.5` with type `float`.'));
    t.throws(() => ops.Conv2D(2, null as never), { name: 'ArgumentValueError', message: "For 'Conv2D' attr 'kernel_size' should be an positive int number or a tuple of two positive int numbers, but got null" });
    t.throws(() => ops.Conv2DBackpropInput(2, [3, 0]), { message: /attr 'kernel_size'.*but got \(3, 0\)/ });
    t.throws(() => ops.Conv2D(2, 3, 5 as never), new ArgumentTypeError("For 'Conv2D', the options must be an object, but got 5."));
    t.throws(() => new nn.Conv2d(1, 2, 0), { name: 'ArgumentValueError', message: '`kernel_size item` in `Conv2d` should be an int and must > 0, but got `0` with type `int`.' });
    t.throws(() => new nn.Conv2d(65536, 65536, 255), { name: 'ArgumentValueError', message: /^Conv2d: array is too big/ });
  });
});

t.test('null options are refused by name, never read (ReduceSum, MatMul, Momentum, losses, GradOperation)', async (t) => {
  fresh(() => {
    for (const [name, make] of [
      ['ReduceSum', () => ops.ReduceSum(null as never)],
      ['MatMul', () => ops.MatMul(null as never)],
      ['Softmax', () => ops.Softmax(null as never)],
      ['ApplyMomentum', () => ops.ApplyMomentum(null as never)],
      ['GradOperation', () => ops.GradOperation(null as never)],
      ['SoftmaxCrossEntropyWithLogits', () => new nn.SoftmaxCrossEntropyWithLogits(null as never)],
      ['Momentum', () => new nn.Momentum([new Parameter(new Tensor([1], 'float32'), 'w')], 0.1, 0.9, null as never)],
    ] as const) {
      t.throws(make, new ArgumentTypeError(`For '${name}', the options must be an object, but got null.`), name);
    }
  });
});

t.test('a layer refuses its arguments before adopting any: a Parameter passed by mistake keeps its name', async (t) => {
  fresh(() => {
    const p = new Parameter(new Tensor([1], 'float32'), 'mine');
    t.throws(() => new nn.Dense(2, p as never), { name: 'ArgumentTypeError', message: /^`out_channels` in `Dense` should be an int and must > 0/ });
    t.equal(p.name, 'mine');
    t.throws(() => new nn.SequentialCell(new nn.ReLU() as never), new ArgumentTypeError("For 'SequentialCell', the 'cells' must be a list of Cells, but got <class 'dict'>."));
    t.throws(() => new nn.Momentum(3 as never, 0.1, 0.9), new ArgumentTypeError("For 'Momentum', the argument 'parameters' must be a list of Parameters, but got <class 'int'>."));
    t.throws(() => new nn.Flatten().call(undefined as never), new ArgumentTypeError("For 'Flatten', the input 'input_x' must be a Tensor, but got <class 'NoneType'>."));
  });
});

t.test('a refused op records no implicit Cast, and a refused Cell call gives back what it made', async (t) => {
  fresh(() => {
    const y = new Tensor(np.array([1, 2], 'uint8'));
    const dy = new Tensor([1, 2], 'float16');
    drain();
    const before = currentDevice().memory.used;
    // uint8 promoted to float16 would be fine for Cast, but TanhGrad refuses neither dtype: checked before casting
    t.throws(() => ops.TanhGrad()(y, new Tensor(np.array([1, 2], 'int8'))), DTypeError);
    drain();
    t.equal(currentDevice().memory.used, before, 'no Cast result left behind');
    const logits = new Tensor(np.array([1, 2], 'int32'));
    const labels = new Tensor(np.array([0, 2], 'int32'));
    logits.asnumpy();
    labels.asnumpy();
    ops.Add()(dy, dy).asnumpy(); // the device is in use
    drain();
    const held = currentDevice().memory.used;
    t.throws(() => new nn.MSELoss().call(logits, labels), { message: /ReduceMean: Int32 inputs are not supported/ });
    drain();
    const uploads = 2 * currentDevice().memory.alignment; // the inputs' own device copies
    t.ok(currentDevice().memory.used <= held + uploads, `the Sub and Square results are released (${held} -> ${currentDevice().memory.used} bytes)`);
  });
});
