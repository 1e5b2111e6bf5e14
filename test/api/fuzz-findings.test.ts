/**
 * What the API fuzzer (test/fuzz) found in longer campaigns than `npm run test:long` runs (seed 20261201,
 * 500,000 calls; seed 7, 1,000,000), each as a regression test: an error naming the API the user
 * called, and nothing left behind by a refusal.
 */
import t from 'tap';
import { DTypeError, ExecutionContext, MindsimError, OutOfMemoryError, Parameter, ShapeError, Tensor, memory, nn, ops } from '../../src/index.js';
import { drain } from '../../src/api/graph/executor.js';

/** The error `fn` throws (the test fails when it throws none). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a refusal');
}

t.test('an op whose result does not fit names itself, when called (PYNATIVE) and when read (GRAPH)', async (t) => {
  for (const mode of ['PYNATIVE_MODE', 'GRAPH_MODE'] as const) {
    new ExecutionContext({ deviceTarget: 'Ascend', mode }).run(() => {
      const e = thrown(() => String(ops.UniformReal({ seed: 1 })([2 ** 26, 2 ** 27])));
      t.type(e, OutOfMemoryError, mode);
      t.match(e.message, /^For 'UniformReal', Ascend:0 out of memory: requested 32768 TiB/, mode);
      // in GRAPH_MODE the failure is found when the batch launches: reading a consumer of the result
      // reports it, named by the op that did not fit (in PYNATIVE_MODE the call itself refuses)
      const again = thrown(() => String(ops.Add()(ops.UniformReal({ seed: 1 })([2 ** 26, 2 ** 27]), 1)));
      t.match(again.message, /^For 'UniformReal', /, `${mode}: ${mode === 'GRAPH_MODE' ? "a consumer's read" : 'the call'}`);
    });
  }
});

t.test('AssignAdd and AssignSub refuse a Bool variable by their own names, recording nothing', async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU', mode: 'PYNATIVE_MODE' }).run(() => {
    const p = new Parameter(new Tensor([true, false], 'bool'), 'p');
    const values = [new Tensor([true, true], 'bool'), new Tensor([1, 1], 'int32'), 1];
    for (const v of values) if (v instanceof Tensor) String(ops.Neg()(ops.Cast()(v, 'float32'))); // on the device already
    drain();
    const before = memory();
    for (const [name, prim] of [['AssignAdd', ops.AssignAdd()], ['AssignSub', ops.AssignSub()]] as const) {
      for (const value of values) {
        const e = thrown(() => prim(p, value));
        t.type(e, DTypeError, `${name} with ${String(value)}`);
        t.equal(e.message, `${name}: Bool inputs are not supported`);
      }
    }
    drain();
    t.same([memory().numBytes, memory().numTensors], [before.numBytes, before.numTensors], 'no Cast or update left anything on the device');
    t.equal(String(p), 'Parameter (name=p, shape=(2,), dtype=Bool, requires_grad=True)');
    t.equal(String(p.asnumpy()), '[ True False]', 'the variable keeps its value');
  });
});

t.test('a clip whose xmax does not broadcast releases the Maximum it recorded first', async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU', mode: 'PYNATIVE_MODE' }).run(() => {
    const x = new Tensor([[1, 2, 3], [4, 5, 6]], 'float32');
    const xmax = new Tensor(new Array(18).fill(1), 'float32').reshape([2, 1, 3, 3]);
    ops.Neg()(x);
    ops.Neg()(xmax); // both on the device before the refused call
    drain(); // everything launched has run: releases due are done
    const before = memory();
    const e = thrown(() => x.clip(0, xmax));
    t.type(e, ShapeError);
    t.match(e.message, /Minimum/);
    drain();
    t.equal(memory().numBytes, before.numBytes, 'device memory as before the call');
    t.equal(memory().numTensors, before.numTensors);
    t.equal(String(x.clip(2, 5)), '[[2. 2. 3.]\n [4. 5. 5.]]', 'clip still works');
  });
});

t.test('a cell refusing its arguments renames no Parameter given as one (learning-rate schedules: seed 7, 1,000,000 calls)', async (t) => {
  const schedules: [string, () => unknown][] = [];
  const p = new Parameter(new Tensor([1], 'float32'));
  schedules.push(['CosineDecayLR', () => new nn.CosineDecayLR(p as never, 0.1, 4)]);
  schedules.push(['ExponentialDecayLR', () => new nn.ExponentialDecayLR(0.1, p as never, 4)]);
  schedules.push(['PolynomialDecayLR', () => new nn.PolynomialDecayLR(0.1, p as never, 4, 0.5)]);
  schedules.push(['WarmUpLR', () => new nn.WarmUpLR(p as never, 4)]);
  schedules.push(['DynamicLossScaleUpdateCell', () => new nn.DynamicLossScaleUpdateCell(p as never, p as never, 2)]); // the same order, found reading the change
  for (const [name, make] of schedules) {
    t.type(thrown(make), MindsimError, name);
    t.equal(p.name, 'Parameter', `${name} left the Parameter's name`);
  }
  t.equal(new nn.CosineDecayLR(0.01, 0.1, 4).minLr, 0.01, 'a schedule stores what it was given');
});
