/**
 * Empty tensors (a dimension of 0) through every differentiable primitive's case, on every target and
 * mode: a result (of no elements, or a reduction's identity) or a mindsim error naming the op — never a
 * KernelFaultError nobody injected, never a poisoned device (a canary op works afterwards). Reliability
 * finding A8: `ops.Neg()` of an empty float32 tensor used to fail with a sticky KernelFaultError.
 */
import fc from 'fast-check';
import t from 'tap';
import { KernelFaultError, MindsimError, NDArray, Tensor, np, ops, resetPlatform, setContext } from '../../src/index.js';
import { CASES } from '../helpers/gradient-cases.js';

t.teardown(() => setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' }));

for (const deviceTarget of ['Ascend', 'GPU', 'CPU'] as const) {
  for (const mode of ['GRAPH_MODE', 'PYNATIVE_MODE'] as const) {
    t.test(`${deviceTarget} ${mode}: every case with empty inputs`, async (t) => {
      resetPlatform();
      setContext({ deviceTarget, mode });
      let ran = 0;
      for (const c of CASES) {
        const [sample] = fc.sample(c.arb, { numRuns: 1, seed: 7 });
        // the same ranks, the first dimension 0
        const inputs = sample!.inputs.map((x) => new Tensor(new NDArray(new Float64Array(0), [0, ...x.shape.slice(1)], 'float64')));
        let outcome: string;
        try {
          const y = sample!.build(...inputs);
          y.asnumpy();
          outcome = 'result';
          ran++;
        } catch (e) {
          outcome = e instanceof KernelFaultError ? `KernelFaultError: ${(e as Error).message}` : e instanceof MindsimError ? 'mindsim error' : `${(e as Error).name}: ${(e as Error).message}`;
        }
        t.ok(outcome === 'result' || outcome === 'mindsim error', `${c.name}: ${outcome}`);
        t.equal(String(ops.Add()(new Tensor([1, 2], 'float32'), 1)), '[2. 3.]', `${c.name}: the device still works`);
      }
      t.ok(ran > CASES.length / 2, `${ran} of ${CASES.length} cases computed on empty inputs`);
      t.equal(String(ops.Neg()(new Tensor(np.zeros([0]), 'float32')).asnumpy()), '[]', 'finding A8');
    });
  }
}
