/**
 * GradOperation against central finite differences in float64, with fast-check over random shapes and
 * values, for every differentiable op: f(x...) = sum(op(x...) * w) with random weights w, so every
 * output element's gradient is checked with a different sensitivity.
 */
import t from 'tap';
import fc from 'fast-check';
import { Tensor, ops, setContext } from '../../src/index.js';
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
