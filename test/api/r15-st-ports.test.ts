/**
 * r1.5 system tests ported line by line (their Python alongside, in comments where it differs):
 * tests/st/auto_monad/test_float_overflow.py (GRAPH_MODE on Ascend: the NPU float-status register,
 * Fill/Shape/DType, Select) and, from tests/st/auto_monad/test_auto_monad_expression.py,
 * test_auto_monad_addn_adam (GRAPH vs PYNATIVE results of an AddN before an in-place Adam) and
 * test_auto_monad_read_dependency_two_assign_two_addn (reads after Assigns see the new values).
 */
import t from 'tap';
import { Parameter, Tensor, nn, np, ops, setContext, type Tensor as T } from '../../src/index.js';

class NpuFloatNet extends nn.Cell {
  mul = ops.Mul();
  allocStatus = ops.NPUAllocFloatStatus();
  getStatus = ops.NPUGetFloatStatus();
  clearStatus = ops.NPUClearFloatStatus();
  fill = ops.Fill();
  shapeOp = ops.Shape();
  select = ops.Select();
  less = ops.Less();
  cast = ops.Cast();
  dtype = ops.DType();
  reduceSum = ops.ReduceSum({ keepDims: true });
  sub = ops.Sub();
  neg = ops.Neg();

  override construct(x: T): T {
    let init = this.allocStatus();
    const clearStatus = this.clearStatus(init);
    x = ops.depend(x, clearStatus); // let x depend on clear_status
    const res = this.sub(x, this.neg(x));
    init = ops.depend(init, res); // let get_status depend on res
    const getStatus = this.getStatus(init);
    init = ops.depend(init, getStatus); // let reduce_sum depend on get_status
    const flagSum = this.reduceSum(init, [0]);
    const base = this.cast(this.fill(this.dtype(res), this.shapeOp(res), 0.0), this.dtype(flagSum));
    const cond = this.less(base, flagSum);
    return this.select(cond, this.cast(base, this.dtype(res)), res);
  }
}

t.test('test_float_overflow.py', async (t) => {
  setContext({ mode: 'GRAPH_MODE', deviceTarget: 'Ascend' });
  t.test('test_float_not_overflow', async (t) => {
    const inputData = new Tensor(np.full([8, 5, 3, 1], 655, 'float16'), 'float16');
    const out = new NpuFloatNet().call(inputData);
    // not overflow, we should got expected output.
    const expect = new Tensor(np.full([8, 5, 3, 1], 655 * 2, 'float16'), 'float16');
    t.same(Array.from(out.asnumpy().data as Uint16Array), Array.from(expect.asnumpy().data as Uint16Array));
  });
  t.test('test_float_overflow', async (t) => {
    const inputData = new Tensor(np.full([8, 5, 3, 1], 65504, 'float16'), 'float16');
    const out = new NpuFloatNet().call(inputData);
    // all zero if overflowed.
    t.ok(Array.from(out.asnumpy().astype('float32').data as Float32Array).every((v) => v === 0));
  });
});

class AutoMonadAddnAdamNet extends nn.Cell {
  var: Parameter;
  m: Parameter;
  v: Parameter;
  applyAdam = ops.Adam();
  addn = ops.AddN();
  mul = ops.Mul();
  constructor(v: T, m: T, vv: T) {
    super();
    this.var = new Parameter(v, 'var');
    this.m = new Parameter(m, 'm');
    this.v = new Parameter(vv, 'v');
  }
  run(beta1Power: T, beta2Power: T, lr: T, beta1: T, beta2: T, epsilon: T, grad: T): T[] {
    const out = this.addn([this.var, this.m, this.v]);
    this.applyAdam(this.var, this.m, this.v, beta1Power, beta2Power, lr, beta1, beta2, epsilon, grad);
    return [out, this.var, this.m, this.v];
  }
}

t.test('test_auto_monad_addn_adam: GRAPH and PYNATIVE agree; the AddN reads the values before the update', async (t) => {
  const r = np.array([0.1, 0.7, 0.3, 0.9, 0.5, 0.2], 'float32');
  const data = () => new Tensor(r.reshape([2, 3]));
  const f32 = (v: number) => new Tensor(v, 'float32');
  const args = [f32(0.9), f32(0.999), f32(0.1), f32(0.9), f32(0.999), f32(1e-8), data()] as const;
  setContext({ mode: 'GRAPH_MODE', deviceTarget: 'Ascend' });
  const graph = new AutoMonadAddnAdamNet(data(), data(), data()).run(...args).map((x) => Array.from(x.asnumpy().data as Float32Array));
  setContext({ mode: 'PYNATIVE_MODE' });
  const pyn = new AutoMonadAddnAdamNet(data(), data(), data()).run(...args).map((x) => Array.from(x.asnumpy().data as Float32Array));
  t.same(pyn, graph, 'allclose (here: equal)');
  t.same(graph[0], Array.from(r.data as Float32Array, (v) => Math.fround(Math.fround(v + v) + v)), 'out = var + m + v before Adam');
  t.notSame(graph[1], Array.from(r.data as Float32Array), 'var updated');
});

class AutoMonadTwoAssignTwoAddnDependencyNet extends nn.Cell {
  parameter1 = new Parameter(new Tensor([1.0], 'float32'), 'parameter1');
  parameter2 = new Parameter(new Tensor([3.0], 'float32'), 'parameter2');
  assign = ops.Assign();
  addN = ops.AddN();
  override construct(inputs: T): T {
    this.assign(this.parameter1, inputs);
    let out = this.addN([inputs, this.parameter1, this.parameter2]);
    this.assign(this.parameter2, inputs);
    out = this.addN([out, this.parameter1, this.parameter2]);
    return out;
  }
}

class AutoMonadTwoAssignTwoAddnDependencyBenchmarkNet extends nn.Cell {
  parameter2 = new Parameter(new Tensor([3.0], 'float32'), 'parameter2');
  addN = ops.AddN();
  override construct(inputs: T): T {
    let out = this.addN([inputs, inputs, this.parameter2]);
    out = this.addN([out, inputs, inputs]);
    return out;
  }
}

t.test('test_auto_monad_read_dependency_two_assign_two_addn', async (t) => {
  for (const mode of ['GRAPH_MODE', 'PYNATIVE_MODE'] as const) {
    setContext({ mode, deviceTarget: 'Ascend' });
    const out1 = new AutoMonadTwoAssignTwoAddnDependencyNet().call(new Tensor([9.0], 'float32'));
    const out2 = new AutoMonadTwoAssignTwoAddnDependencyBenchmarkNet().call(new Tensor([9.0], 'float32'));
    t.same(Array.from(out1.asnumpy().data as Float32Array), Array.from(out2.asnumpy().data as Float32Array), `${mode}: ${String(out1)} (9 + 9 + 3 + 9 + 9)`);
  }
});
