/**
 * The API findings of ../shared/spec/reliability-findings.md, each snippet as a regression test: a
 * mindsim error of the right kind naming the API (never a plain TypeError, RangeError, hang or crash),
 * state unchanged after a refusal, and right results where the snippet was silently wrong.
 */
import t, { type Test } from 'tap';
import {
  ArgumentTypeError, ArgumentValueError, DTypeError, ExecutionContext, HeUniform, KeyNameError, MindsimError, Normal, OutOfMemoryError, Parameter, ParameterTuple,
  ShapeError, Sparse, Tensor, TruncatedNormal, getContext, initializer, np, ops, resetPlatform, setContext, type Tensor as T,
  devices, runtime,
} from '../../src/index.js';
import { registerBuiltinDevices } from '../../src/devices/index.js';

/** What calling `fn` gives: its error's class and message, or 'ok'. */
function outcome(fn: () => unknown): { kind: string; message: string; error?: unknown } {
  try {
    fn();
    return { kind: 'ok', message: '' };
  } catch (e) {
    return { kind: (e as Error).constructor.name, message: (e as Error).message, error: e };
  }
}

/** Checks `fn` raises a mindsim error of class `kind` whose message names `api`. */
function refuses(t: Test, fn: () => unknown, kind: new (...args: never[]) => Error, api: string | RegExp, what: string): void {
  const o = outcome(fn);
  t.ok(o.error instanceof kind && o.error instanceof MindsimError, `${what}: ${o.kind} (want ${kind.name}): ${o.message}`);
  t.match(o.message, typeof api === 'string' ? new RegExp(api.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : api, `${what}: names ${String(api)}`);
}

const fresh = <R>(fn: () => R): R => new ExecutionContext({ deviceTarget: 'CPU' }).run(fn);
const x = () => new Tensor([1, 2], 'float32');

t.test('A1: missing type checks are ArgumentTypeErrors naming the op', async (t) => {
  fresh(() => {
    refuses(t, () => ops.Reshape()(x(), 2 as never), ArgumentTypeError, 'Reshape', 'Reshape(x, 2)');
    refuses(t, () => (ops.MatMul() as unknown as (a: T) => T)(x()), ArgumentTypeError, 'MatMul', 'MatMul(x)');
    refuses(t, () => ops.depend(x(), 5 as never), ArgumentTypeError, 'depend', 'depend(x, 5)');
    refuses(t, () => ops.Select()(1 as never, 2 as never, 3 as never), ArgumentTypeError, 'Select', 'Select(1, 2, 3)');
    refuses(t, () => ops.AddN()(5 as never), ArgumentTypeError, 'AddN', 'AddN(5)');
    refuses(t, () => ops.Transpose()(x(), null as never), ArgumentTypeError, 'Transpose', 'Transpose(x, null)');
    refuses(t, () => ops.Cast()(5 as never, 'float32'), ArgumentTypeError, 'Cast', "Cast(5, 'float32')");
    refuses(t, () => new ParameterTuple({} as never), ArgumentTypeError, 'ParameterTuple', 'new ParameterTuple({})');
    refuses(t, () => setContext(null as never), ArgumentTypeError, 'set_context', 'setContext(null)');
    refuses(t, () => ops.GradOperation()(() => x(), 5 as never), ArgumentTypeError, 'GradOperation', 'GradOperation()(f, 5)');
    refuses(t, () => (ops.Add() as unknown as (...a: T[]) => T)(x(), x(), x()), ArgumentTypeError, 'Add', 'Add with three inputs');
    refuses(t, () => (ops.AssignSub() as unknown as (...a: T[]) => T)(new Parameter(x(), 'p'), x(), x()), ArgumentTypeError, 'AssignSub', 'AssignSub(p, v, w)');
  });
});

t.test('A2: names are looked up as own keys only', async (t) => {
  fresh(() => {
    refuses(t, () => np.zeros([2], 'toString' as never), DTypeError, 'toString', "np.zeros([2], 'toString')");
    refuses(t, () => initializer('constructor', [2]).initData(), KeyNameError, 'constructor', "initializer('constructor')");
    refuses(t, () => initializer('__proto__', [2]), KeyNameError, '__proto__', "initializer('__proto__')");
    refuses(t, () => getContext('toString' as never), ArgumentValueError, 'to_string', "getContext('toString')");
  });
});

t.test('A3: sizes past memory are OutOfMemoryErrors, not RangeErrors', async (t) => {
  fresh(() => {
    refuses(t, () => np.zeros([65536, 65535]), OutOfMemoryError, 'np.zeros', 'np.zeros([65536, 65535])');
    refuses(t, () => np.arange(0, 8589934592, 3), OutOfMemoryError, 'np.arange', 'np.arange(0, 2**33, 3)');
  });
});

t.test('A4: self-containing and too-deep nested arrays are refused, not a crash', async (t) => {
  fresh(() => {
    const a: unknown[] = [];
    a.push(a);
    refuses(t, () => np.array(a as never), ArgumentValueError, 'np.array', 'a self-containing array');
    refuses(t, () => new Tensor(a as never), ArgumentValueError, 'np.array', 'new Tensor(self-containing)');
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    refuses(t, () => np.array(deep as never), ArgumentValueError, 'np.array', '100,000-deep nesting');
    refuses(t, () => np.array([[1, 2], [3]]), ArgumentValueError, 'np.array', 'a ragged array');
  });
});

t.test('A5/A6: initializer arguments are validated (never a hang, never NaN data)', async (t) => {
  fresh(() => {
    refuses(t, () => new TruncatedNormal(-2.5), ArgumentValueError, 'TruncatedNormal', 'TruncatedNormal(-2.5)');
    refuses(t, () => new Sparse(2 ** 31), ArgumentValueError, 'Sparse', 'Sparse(2**31)');
    refuses(t, () => new Normal('a' as never), ArgumentTypeError, 'Normal', "Normal('a')");
    refuses(t, () => new HeUniform(0, 'fan_in', 'a' as never), ArgumentValueError, 'HeUniform', "HeUniform's nonlinearity 'a'");
    for (const bad of [{ hostMemoryBytes: 1.5 }, { hostMemoryBytes: -1 }, { hostMemoryBytes: NaN }, { timingOnly: 'yes' }, { tieBreakSeed: 1.5 }]) {
      refuses(t, () => resetPlatform(bad as never), MindsimError, /Platform|resetPlatform/, `resetPlatform(${JSON.stringify(bad)})`);
    }
  });
});

t.test('A7: Assign, AssignAdd and AssignSub check the value against the variable', async (t) => {
  fresh(() => {
    const p = new Parameter(new Tensor([1, 2, 3], 'float32'), 'p');
    ops.Assign()(p, new Tensor([1.5, -2, 4], 'float16'));
    t.equal(String(p.asnumpy()), '[ 1.5 -2.   4. ]', 'a float16 value is converted to the float32 variable, not stored as bits');
    refuses(t, () => ops.Assign()(p, new Tensor([7, 8], 'float32')), ShapeError, 'Assign', 'a shorter value');
    refuses(t, () => ops.AssignAdd()(p, new Tensor([7, 8, 9, 10], 'float32')), ShapeError, 'AssignAdd', 'a longer value');
    refuses(t, () => ops.AssignSub()(new Parameter(new Tensor([1], 'float16'), 'h'), new Tensor([1], 'float32')), MindsimError, 'AssignSub', 'a float32 value into a float16 Parameter');
    t.equal(String(p.asnumpy()), '[ 1.5 -2.   4. ]', 'the refusals changed nothing');
    t.equal(String(ops.Add()(new Tensor([1], 'float32'), 1)), '[2.]', 'and the device works');
  });
});

t.test('A9: Reshape refuses what NDArray.reshape refuses', async (t) => {
  fresh(() => {
    const empty = new Tensor(np.zeros([0]), 'int8');
    t.throws(() => np.zeros([0]).reshape([-1, 0]));
    refuses(t, () => ops.Reshape()(empty, [-1, 0]), ShapeError, 'Reshape', 'Reshape(empty, [-1, 0])');
  });
});

t.test('A10: a pending read of a Parameter keeps program order when setData replaces its data', async (t) => {
  for (const mode of ['GRAPH_MODE', 'PYNATIVE_MODE'] as const) {
    new ExecutionContext({ deviceTarget: 'CPU', mode }).run(() => {
      const p = new Parameter(new Tensor([1, 2], 'float32'), 'p');
      const y = ops.Mul()(p, 2);
      p.setData(new Tensor([10, 20], 'float32'));
      t.equal(String(y.asnumpy()), '[2. 4.]', `${mode}: the read before setData sees the old value`);
      t.equal(String(ops.Mul()(p, 2).asnumpy()), '[20. 40.]', `${mode}: a read after sees the new one`);
    });
  }
});

t.test('A12: a refused ParameterTuple renames nothing', async (t) => {
  fresh(() => {
    const a = new Parameter(1, 'w');
    const b = new Parameter(2, 'w');
    t.throws(() => new ParameterTuple([a, b, 5 as never]), ArgumentTypeError);
    t.same([a.name, b.name], ['w', 'w']);
  });
});

t.test('A13: messages name the API the user called', async (t) => {
  fresh(() => {
    const p = new Parameter(new Tensor([1, 2], 'float32'), 'p');
    refuses(t, () => ops.AssignAdd()(p, new Tensor([[1, 2]], 'float32')), MindsimError, 'AssignAdd', 'AssignAdd shape');
    refuses(t, () => np.ones([2], '' as never), DTypeError, 'np.ones', "np.ones([2], '')");
    refuses(t, () => ops.Conv2D(4, 3)(new Tensor(np.zeros([1, 2, 5, 5]), 'float32'), new Tensor(np.zeros([4, 3, 3, 3]), 'float32')), ShapeError, 'Conv2D', 'Conv2D weight channels');
  });
});

t.test('A11: a GRAPH_MODE batch keeps its other ops when one fails; a pending result survives setContext({ deviceId })', async (t) => {
  // a lazy input whose initializer refuses its shape: an error of the call that uses it
  new ExecutionContext({ deviceTarget: 'CPU', mode: 'GRAPH_MODE' }).run(() => {
    const x = new Tensor([1, 2], 'float32');
    const a = ops.Add()(x, 1);
    refuses(t, () => ops.Add()(initializer('identity', [3]), 1), ArgumentValueError, 'Identity', 'Add(identity [3])');
    const c = ops.Mul()(x, 2);
    t.equal(String(c), '[2. 4.]');
    t.equal(String(a), '[2. 3.]');
  });
  // an op that cannot be launched (its result does not fit the device): only it and what uses it fail
  const registry = new runtime.DeviceRegistry();
  registerBuiltinDevices(registry);
  registry.addPreset({ ...devices.a100, preset: 'gpu-4k', memoryBytes: 4096 });
  new ExecutionContext({ platform: { registry }, deviceTarget: 'GPU', device: 'gpu-4k', mode: 'GRAPH_MODE' }).run(() => {
    const x = new Tensor([1, 2], 'float32');
    const a = ops.Add()(x, 1);
    const big = ops.Neg()(new Tensor(np.ones([2048]), 'float32')); // 8 KiB: more than the device has
    const fromBig = ops.Neg()(big);
    const c = ops.Mul()(x, 2);
    refuses(t, () => String(c), OutOfMemoryError, 'GPU:0', 'the launch that failed is reported at the read that launched the batch');
    t.equal(String(c), '[2. 4.]', 'the rest of the batch ran');
    t.equal(String(a), '[2. 3.]');
    refuses(t, () => big.asnumpy(), OutOfMemoryError, 'GPU:0', 'the failed result raises its error');
    refuses(t, () => fromBig.asnumpy(), OutOfMemoryError, 'GPU:0', 'so does what was computed from it');
    t.equal(String(ops.Sub()(x, 1)), '[0. 1.]', 'the device works afterwards');
  });
  // a pending (unlaunched) result, read after the context moved to another device id
  new ExecutionContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' }).run(() => {
    const a = ops.Add()(new Tensor([1, 2], 'float32'), 1);
    setContext({ deviceId: 1 });
    t.equal(String(a), '[2. 3.]');
    t.equal(String(ops.Add()(a, 1)), '[3. 4.]', 'and usable as an input on the new device');
  });
});
