/**
 * MaxPool and AvgPool, forward and gradient, against MindSpore's own results (fixtures from
 * scripts/gen_mindspore_fixtures.py: MindSpore 2.10.0 on CPU, since r1.5 has no wheel here), on every
 * target and mode: the forward bit for bit; the gradient, where several windows add into one element
 * in an order oneDNN's JIT kernels do not fix (mindsim adds in output order, as r1.5's own CPU
 * MaxPoolGrad loop does), within the summation error bound 2·n·2⁻²⁴·Σ|contributions| (n the window
 * size); about 98 % of elements agree bit for bit. On equal maxima MaxPool's gradient follows r1.5's CPU kernel
 * (pooling_max_grad_cpu_kernel.cc: the leftmost column's maximum, topmost in it), where 2.10 takes
 * the first in row-major order: the one tie case pins both. Then r1.5's constructor checks and
 * messages, and nn.MaxPool2d / nn.AvgPool2d.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ArgumentTypeError, ArgumentValueError, ExecutionContext, NotImplementedYetError, Tensor, nn, np, ops, type Tensor as T } from '../../src/index.js';
import { onEveryTarget } from '../helpers/ms-fixtures.js';

interface Case {
  kind: 'MaxPool' | 'AvgPool'; shape: number[]; kernelSize: [number, number]; strides: [number, number]; padMode: string;
  x: number[]; y: number[]; yShape: number[]; dy: number[]; dx: number[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/pooling.json', import.meta.url), 'utf8')) as { generator: string; cases: Case[]; ties: Case };

const tensor = (values: number[], shape: number[]): T => new Tensor(np.array(values, 'float32').reshape(shape));
const values = (x: T): number[] => Array.from(x.asnumpy().data as Float32Array);

function run(c: Case): { y: number[]; yShape: number[]; dx: number[]; bound: number[] } {
  const options = { kernelSize: c.kernelSize, strides: c.strides, padMode: c.padMode };
  const f = (x: T) => ops[c.kind](options)(x);
  const x = tensor(c.x, c.shape);
  const y = f(x);
  const grad = ops.GradOperation({ sensParam: true })(f);
  const dx = grad(x, tensor(c.dy, c.yShape)) as T;
  // the sum of |contributions| to each element: the scale of its rounding error in any order
  const scale = values(grad(x, tensor(c.dy.map(Math.abs), c.yShape)) as T);
  const n = c.kernelSize[0] * c.kernelSize[1];
  return { y: values(y), yShape: [...y.shape], dx: values(dx), bound: scale.map((s) => 2 * n * 2 ** -24 * s) };
}

t.test(`${fixture.cases.length} cases equal MindSpore's (${fixture.generator})`, async (t) => {
  onEveryTarget((deviceTarget, mode) => {
    let forward = 0;
    let backward = 0;
    let exact = 0;
    let elements = 0;
    for (const c of fixture.cases) {
      const got = run(c);
      const where = `${deviceTarget} ${mode} ${c.kind} ${JSON.stringify(c.shape)} k${c.kernelSize} s${c.strides} ${c.padMode}`;
      if (JSON.stringify([got.y, got.yShape]) === JSON.stringify([c.y, c.yShape])) forward++;
      else t.same([got.y, got.yShape], [c.y, c.yShape], `${where}: forward`);
      const off = got.dx.findIndex((v, i) => !(Math.abs(v - c.dx[i]!) <= got.bound[i]!));
      if (off < 0) backward++;
      else t.fail(`${where}: dx[${off}] ${got.dx[off]} vs ${c.dx[off]} (bound ${got.bound[off]})`);
      exact += got.dx.filter((v, i) => v === c.dx[i]).length;
      elements += got.dx.length;
    }
    t.equal(forward, fixture.cases.length, `${deviceTarget} ${mode}: every forward bit for bit`);
    t.equal(backward, fixture.cases.length, `${deviceTarget} ${mode}: every gradient within the summation bound (${exact} of ${elements} elements bit for bit)`);
  });
});

t.test("equal maxima: r1.5's CPU rule (leftmost column, topmost in it), where 2.10 takes row-major first", async (t) => {
  const c = fixture.ties;
  const got = run(c);
  t.same(got.y, c.y);
  // x = [[1, 5, 2], [5, 1, 5], [2, 5, 1]], 2x2 windows: each holds two 5s. r1.5 takes the leftmost
  // column's: window (0,0) → x[1][0], (0,1) → x[0][1], (1,0) → x[1][0], (1,1) → x[2][1]
  const f = Math.fround;
  const r15 = [0, c.dy[1]!, 0, f(c.dy[0]! + c.dy[2]!), 0, 0, 0, c.dy[3]!, 0];
  t.same(got.dx, r15);
  // MindSpore 2.10 takes the first in row-major order: (0,0) → x[0][1], (1,1) → x[1][2]
  t.same(c.dx, [0, f(c.dy[0]! + c.dy[1]!), 0, c.dy[2]!, 0, c.dy[3]!, 0, 0, 0], 'what MindSpore 2.10 gives');
});

t.test("r1.5's checks and messages", async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    t.throws(() => ops.MaxPool({ kernelSize: 0 }), new ArgumentValueError("For 'MaxPool' attr 'kernel_size' should be an positive int number or a tuple of two positive int numbers, but got 0"));
    t.throws(() => ops.AvgPool({ strides: [1, 2, 3] as never }), { name: 'ArgumentValueError', message: /For 'AvgPool' attr 'strides'/ });
    t.throws(() => ops.MaxPool({ kernelSize: 'a' as never }), new ArgumentTypeError("For 'MaxPool', the type of `kernel_size` should be one of ['int', 'tuple'], but got a with type str."));
    t.throws(() => ops.MaxPool({ padMode: 'full' }), new ArgumentValueError("For 'MaxPool' the 'pad_mode' should be str and must be in '['VALID', 'SAME']', but got 'FULL'."));
    t.throws(() => ops.MaxPool({ dataFormat: 'NHWC' }), new ArgumentValueError('For \'MaxPool\', the "NHWC" format only support in GPU target, but got the format is NHWC and the platform is CPU.'));
    t.throws(() => ops.MaxPool()(new Tensor([1, 2], 'float32')), { name: 'ShapeError', message: /For 'MaxPool', the x_shape should be 4-D/ });
    t.throws(() => ops.MaxPool({ kernelSize: 3 })(new Tensor(np.zeros([1, 1, 2, 2]), 'float32')), { name: 'ShapeError', message: /For 'MaxPool' has invalid output shape/ });
    t.throws(() => ops.AvgPool()(new Tensor(np.zeros([1, 1, 2, 2]), 'int32')), { name: 'DTypeError', message: "For 'AvgPool', the type of 'x' should be one of [Float16, Float32], but got Int32" });
    t.equal(String(ops.MaxPool({ padMode: 'Same', kernelSize: 3 })(new Tensor(np.arange(4).reshape([1, 1, 2, 2]), 'float16')).dtype), 'Float16');
  });
  new ExecutionContext({ deviceTarget: 'GPU' }).run(() => {
    t.throws(() => ops.MaxPool({ dataFormat: 'NHWC' }), NotImplementedYetError);
  });
});

t.test('nn.MaxPool2d and nn.AvgPool2d as r1.5 (LeNet5: MaxPool2d(kernel_size=2, stride=2))', async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    const x = new Tensor(np.arange(16).reshape([1, 1, 4, 4]), 'float32');
    t.equal(String(new nn.MaxPool2d(2, 2).call(x)), '[[[[ 5.  7.]\n   [13. 15.]]]]');
    t.equal(String(new nn.AvgPool2d(3, 1, 'same').call(x).shape), '1,1,4,4');
    t.equal(String(new nn.MaxPool2d().call(x).shape), '1,1,4,4', 'defaults: kernel_size 1, stride 1, valid');
    t.throws(() => new nn.MaxPool2d(0), { name: 'ArgumentValueError', message: /kernel_size/ });
    t.throws(() => new nn.AvgPool2d(2, 2, 'full'), { name: 'ArgumentValueError', message: /pad_mode/ });
    const grads = ops.GradOperation()((y: T) => ops.ReduceSum()(new nn.MaxPool2d(2, 2).call(y)))(x) as T;
    t.equal(String(grads), '[[[[0. 0. 0. 0.]\n   [0. 1. 0. 1.]\n   [0. 0. 0. 0.]\n   [0. 1. 0. 1.]]]]');
  });
});
