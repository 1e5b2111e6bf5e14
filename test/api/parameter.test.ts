import t from 'tap';
import fc from 'fast-check';
import { MindsimError, Parameter, ParameterTuple, Tensor, initializer, mstype, np, One, Zero } from '../../src/index.js';
import { assertProperty } from '../helpers/property.js';

const values = (p: Tensor) => Array.from(p.asnumpy().data as Float32Array, Number);

t.test('construction: dtypes of JS inputs, names, flags', async (t) => {
  t.equal(String(new Parameter(2.5).dtype), 'Float32', 'a number is a Python float: Float32');
  t.equal(String(new Parameter(3n).dtype), 'Int32', 'a bigint is a Python int: Int32');
  t.same(new Parameter(2.5).shape, []);
  t.equal(String(new Parameter(new Tensor(np.arange(6))).dtype), 'Int64');
  t.equal(new Parameter(1, '   ').name, 'Parameter', 'blank names become Parameter');
  t.equal(new Parameter(1, '  w  ').name, 'w', 'names are trimmed');
  t.equal(new Parameter(1, null).name, 'Parameter');
  const p = new Parameter(1, { name: 'b', requiresGrad: false, layerwiseParallel: true });
  t.same([p.requiresGrad, p.layerwiseParallel, p.sliced, p.isInit, p.initedParam, p.data === p], [false, true, false, false, null, true]);
  t.equal(String(p), 'Parameter (name=b, shape=(), dtype=Float32, requires_grad=False)');
});

t.test('every error of the spec, with MindSpore’s kind and message', async (t) => {
  t.throws(() => new Parameter(true), { name: 'ArgumentValueError', pythonType: 'ValueError', message: 'Parameter data can not be `bool`' });
  t.throws(() => new Parameter(1, 'x'.repeat(1025)), { pythonType: 'ValueError', message: `The length of the '${'x'.repeat(1025)}' name should be less than 1024.` });
  t.throws(() => new Parameter(1, 5 as never), { pythonType: 'ValueError', message: "The type of the Parameter's name should be 'string' or 'None', but got <class 'int'>." });
  t.throws(() => new Parameter(1, { requiresGrad: 1 as never }), { pythonType: 'TypeError', message: 'The argument `requires_grad` must be bool type' });
  t.throws(() => new Parameter(1, { layerwiseParallel: 'no' as never }), { pythonType: 'TypeError', message: 'The argument `layerwise_parallel` must be bool type.' });
  const p = new Parameter(new Tensor(np.arange(6).reshape(1, 2, 3)).asnumpy().astype('int32'), 'p');
  t.throws(() => p.setData('x' as never), { pythonType: 'TypeError', message: "Parameter data must be [`Tensor`, `int`, `float`] or a kind of `Tensor` (like `Tensor`). But with type <class 'str'>." });
  t.throws(() => p.setData(1.5), { pythonType: 'TypeError', message: 'Incoming Parameter dtype can not be converted to current dtype implicitly. Current dtype is Int32, and incoming is Float. Use .set_dtype(xxx) to change the dtype.' });
  t.throws(() => p.setData(new Tensor(np.zeros([2, 3], 'int32'))), { pythonType: 'ValueError', message: 'Can not change the shape of Parameter which has been initialized. Current shape is (1, 2, 3), and incoming is (2, 3).' });
  t.throws(() => p.setData(new Tensor(np.zeros([1, 2, 3], 'float32'))), { pythonType: 'TypeError', message: 'Incoming Parameter dtype can not be converted to current dtype implicitly. Current dtype is Int32, and incoming is Float32. Use .set_dtype(xxx) to change the dtype.' });
  t.equal(String(p), 'Parameter (name=p, shape=(1, 2, 3), dtype=Int32, requires_grad=True)', 'bad input left it unchanged');
  t.same(Array.from(p.asnumpy().data as Int32Array), [0, 1, 2, 3, 4, 5]);
  try {
    p.setParamPs();
    t.fail('setParamPs returned');
  } catch (e) {
    t.ok(e instanceof MindsimError && e.pythonType === 'RuntimeError' && /set_ps_context/.test(e.message), 'setParamPs: RuntimeError with the set-up steps');
  }
  t.throws(() => new ParameterTuple([p, 1 as never]), { pythonType: 'TypeError', message: "ParameterTuple input should be `Parameter` collection.But got a <class 'int'>, 1" });
  t.throws(() => new ParameterTuple([p]).clone('bad prefix'), { name: 'ArgumentValueError', message: /prefix/ });
  t.throws(() => initializer('ones', [2, 0]), { pythonType: 'ValueError', message: "For 'initializer', the argument 'shape' is invalid, the value of 'shape' must be positive integer, but got (2, 0)" });
  t.throws(() => initializer('gauss', [2]), { message: "For 'initializer', the class corresponding to 'gauss' was not found." });
  t.throws(() => initializer(true as never, [2]), { name: 'ArgumentTypeError', message: /'init' argument/ });
  t.throws(() => initializer(new Tensor(np.ones(3)), [2]), { name: 'ShapeError', message: "For 'initializer', the shape of the 'init' argument should be same as the argument 'shape', but got the 'init' shape [3] and the 'shape' [2]." });
});

t.test('setData: casts down the dtype order, shares the data, takes a new shape only with sliceShape', async (t) => {
  const p = new Parameter(initializer('zeros', [2, 2], mstype.float32), 'w');
  const src = new Tensor(np.array([[1, 2], [3, 4]], 'float32'));
  t.equal(p.setData(src), p);
  t.same(values(p), [1, 2, 3, 4]);
  t.same(values(p.setData(new Tensor(np.array([[5, 6], [7, 8]])))), [5, 6, 7, 8], 'Int64 data into a Float32 Parameter is cast');
  p.setData(new Tensor(np.ones([3]), mstype.float32), true);
  t.same([p.shape, p.sliced], [[3], true]);
  const q = new Parameter(new Tensor(np.zeros([2], 'float32')));
  const shared = new Tensor(np.array([1, 2], 'float32'));
  q.setData(shared);
  (shared.materialised() as Float32Array)[0] = 9;
  t.equal(q.asnumpy().item(0), 9, 'the Parameter shares the incoming data (no copy)');
  const s = new Parameter(2.0);
  s.setData(3);
  t.same(values(s), [3]);
});

t.test('lazy tensors hold no buffer; Parameters initialise them at once (so Normal draws then)', async (t) => {
  const before = process.memoryUsage().arrayBuffers;
  const huge = initializer('normal', [1e9], mstype.float32);
  t.ok(process.memoryUsage().arrayBuffers - before < 1e6, 'initializer("normal", [1e9]) allocates no data (arrayBuffers grew < 1 MB)');
  t.equal(huge.hasInit, true);
  const lazy = initializer(new One(), [2, 2]);
  const p = new Parameter(lazy, 'p');
  t.equal(lazy.hasInit, false, 'building the Parameter initialised the lazy tensor');
  t.same(values(p), [1, 1, 1, 1]);
  const zero = initializer(new Zero(), [2], mstype.float16);
  t.equal(String(zero), '[0. 0.]', "str() initialises a lazy tensor, as r1.5's does");
  t.throws(() => zero.initData(), { name: 'ArgumentTypeError', message: "init_data must be set Tensor.init, init can't be None" }, 'initialised once only');
  t.throws(() => new Tensor([1], 'float32').initData(), { name: 'ArgumentTypeError' }, 'a tensor without init');
  t.throws(() => new Parameter(new Tensor([1], 'float32'), { name: 'a', requiresGrad: null as never }), { name: 'ArgumentTypeError', message: 'The argument `requires_grad` must be bool type' });
});

t.test('clone: same name, fresh isInit, independent data; another init draws new data', async (t) => {
  const p = new Parameter(new Tensor(np.array([1, 2], 'float32')), 'w');
  p.isInit = true;
  const c = p.clone();
  t.same([c.name, c.isInit, values(c)], ['w', false, [1, 2]]);
  (c.materialised() as Float32Array)[0] = 7;
  t.same(values(p), [1, 2], 'a clone copies');
  t.same(values(p.clone('zeros')), [0, 0]);
  t.same(values(p.clone(new One())), [1, 1]);
});

t.test('ParameterTuple renames distinct Parameters that share a name', async (t) => {
  const [a, b, c] = [new Parameter(1, 'x'), new Parameter(2, 'x'), new Parameter(3, 'x')];
  const tuple = new ParameterTuple([a, b, c, a]);
  t.same([a.name, b.name, c.name], ['x_0', 'x_1', 'x_2']);
  t.equal(tuple.length, 4);
  t.equal(tuple[3], a, 'the same object twice is kept, not renamed');
  t.same([...tuple].map((p) => p.name), ['x_0', 'x_1', 'x_2', 'x_0']);
  t.equal(String(new ParameterTuple([new Parameter(1, 'z')])), '(Parameter (name=z, shape=(), dtype=Float32, requires_grad=True),)');
  const copy = new ParameterTuple([new Parameter(1, 'y')]).clone('net.copy');
  t.equal(copy[0]!.name, 'net.copy.y');
});

/** The model: what a Parameter's observable state should be. */
interface Model {
  name: string;
  shape: number[];
  values: number[];
  sliced: boolean;
}
type Real = { p: Parameter };

const same = (m: Model, r: Real) =>
  r.p.name === m.name && r.p.shape.join() === m.shape.join() && values(r.p).join() === m.values.map((v) => Math.fround(v)).join() && r.p.sliced === m.sliced;

class SetData implements fc.Command<Model, Real> {
  constructor(readonly vals: number[], readonly slice: boolean) {}
  check = () => true;
  run(m: Model, r: Real): void {
    // the incoming data is 1-D: accepted with sliceShape, or when the Parameter is 1-D of the same length
    const accepted = this.slice || (m.shape.length === 1 && m.shape[0] === this.vals.length);
    let error: unknown;
    try {
      r.p.setData(new Tensor(np.array(this.vals, 'float32')), this.slice);
    } catch (e) {
      error = e;
    }
    if (accepted) {
      if (error) throw error;
      m.values = [...this.vals];
      m.shape = [this.vals.length];
      m.sliced = this.slice;
    } else if (!(error instanceof MindsimError && error.pythonType === 'ValueError' && error.message.startsWith('Can not change the shape of Parameter'))) {
      throw new Error(`setData should have refused the shape: ${String(error)}`);
    }
    if (!same(m, r)) throw new Error(`after ${this}: model ${JSON.stringify(m)} vs ${r.p} ${values(r.p)}`);
  }
  toString = () => `setData([${this.vals}], ${this.slice})`;
}

class SetBad implements fc.Command<Model, Real> {
  check = () => true;
  run(m: Model, r: Real): void {
    let threw = false;
    try {
      r.p.setData('nope' as never);
    } catch {
      threw = true;
    }
    if (!threw || !same(m, r)) throw new Error('a bad setData changed the Parameter');
  }
  toString = () => 'setData("nope")';
}

class Rename implements fc.Command<Model, Real> {
  constructor(readonly name: string) {}
  check = () => true;
  run(m: Model, r: Real): void {
    r.p.name = this.name;
    m.name = this.name.trim() === '' ? 'Parameter' : this.name.trim();
    if (!same(m, r)) throw new Error(`rename: ${r.p.name} vs ${m.name}`);
  }
  toString = () => `rename(${JSON.stringify(this.name)})`;
}

class CloneAndTuple implements fc.Command<Model, Real> {
  check = () => true;
  run(m: Model, r: Real): void {
    const c = r.p.clone();
    if (c.name !== m.name || values(c).join() !== values(r.p).join() || c.isInit) throw new Error('clone differs');
    const tuple = new ParameterTuple([r.p, c]).clone('copy');
    if (tuple[0]!.name !== `copy.${r.p.name}` || !r.p.name.endsWith('_0') || tuple[1]!.name !== `copy.${c.name}` || !c.name.endsWith('_1')) {
      throw new Error(`tuple renaming: ${tuple}`);
    }
    m.name = r.p.name;
    r.p.initData();
    if (!same(m, r)) throw new Error('initData changed a materialised Parameter');
  }
  toString = () => 'clone + ParameterTuple([p, clone]).clone("copy")';
}

t.test('model-based: sequences of setData, clone, initData, rename and ParameterTuple against a model', async (t) => {
  const commands = [
    fc.tuple(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 6 }), fc.boolean()).map(([v, s]) => new SetData(v, s)),
    fc.constant(new SetBad()),
    fc.string({ maxLength: 6 }).map((n) => new Rename(n)),
    fc.constant(new CloneAndTuple()),
  ];
  assertProperty(
    t,
    'parameter model',
    fc.property(fc.commands(commands, { maxCommands: 20 }), (cmds) => {
      const model: Model = { name: 'w', shape: [2, 2], values: [1, 1, 1, 1], sliced: false };
      const real: Real = { p: new Parameter(initializer('ones', [2, 2], mstype.float32), 'w') };
      fc.modelRun(() => ({ model, real }), cmds);
    }),
    200,
  );
});
