/**
 * What the API fuzzer (test/fuzz) found in longer campaigns than `npm run test:long` runs (seed 20261201,
 * 500,000 calls; seed 7, 1,000,000; seed 90210, 2,000,000), each as a regression test: an error naming
 * the API the user called, and nothing left behind by a refusal.
 */
import t from 'tap';
import { ArgumentTypeError, ArgumentValueError, DTypeError, ExecutionContext, MindsimError, OutOfMemoryError, Parameter, ShapeError, Tensor, memory, nn, ops } from '../../src/index.js';
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

t.test('Tensor refuses options that are not an object as a mindsim error (seed 90210, 2,000,000 calls)', async (t) => {
  for (const options of [null, 3, 'shape']) {
    const e = thrown(() => new Tensor(undefined, 'float32', options as never));
    t.type(e, ArgumentTypeError, String(options));
    t.match(e.message, /^Tensor: options must be an object/, String(options));
  }
  t.equal(String(new Tensor(undefined, 'float32', { shape: [2], init: 'ones' }).initData()), '[1. 1.]', 'an object still makes a lazy tensor');
});

t.test('Zeros, Ones and Fill refuse a shape too big for an array by their own names (seed 90210)', async (t) => {
  const huge = [2 ** 26, 2 ** 27];
  for (const [name, call] of [
    ['Ones', () => ops.Ones()(huge, 'float32')],
    ['Zeros', () => ops.Zeros()(huge, 'int8')],
    ['Fill', () => ops.Fill()('float16', huge, 1)],
  ] as const) {
    const e = thrown(call);
    t.type(e, ArgumentValueError, name);
    t.match(e.message, new RegExp(`^${name}: array is too big: shape \\(67108864, 134217728\\)`), name);
  }
  t.equal(String(ops.Ones()([2], 'float32')), '[1. 1.]', 'a shape that fits still works');
});

t.test('Zeros, Ones and Fill refuse more bytes than the host gives one array by their own names (seed 424242)', async (t) => {
  // 2^31 elements fit an array; 16 GiB of float64 do not fit the host (the refusal named np.full)
  for (const [name, call, size] of [
    ['Zeros', () => ops.Zeros()([2 ** 31], 'float64'), '16.0 GiB'],
    ['Ones', () => ops.Ones()([2 ** 30, 2], 'float32'), '8.00 GiB'],
    ['Fill', () => ops.Fill()('int64', [2 ** 29, 2], 1), '8.00 GiB'],
  ] as const) {
    const e = thrown(call);
    t.type(e, OutOfMemoryError, name);
    t.match(e.message, new RegExp(`^${name}: Unable to allocate ${size} for an array with shape \\(`), name);
  }
  t.equal(String(ops.Zeros()([2], 'float64')), '[0. 0.]', 'a shape that fits still works');
});

t.test('Argmax takes an int axis and names itself when the axis is out of range (seed 6022140)', async (t) => {
  // an axis list was taken, and the kernel's refusal at the call named 'ArgMax', not the primitive
  t.throws(() => ops.Argmax({ axis: [1, 2, 0] as never }), new ArgumentTypeError("For 'Argmax', the type of `axis` should be int, but got (1, 2, 0) with type list."));
  t.throws(() => ops.Argmax({ axis: 1.5 }), { name: 'ArgumentTypeError', message: /For 'Argmax', the type of `axis` should be int, but got 1.5 with type float/ });
  t.throws(() => ops.Argmax({ axis: 3 })(new Tensor([1, 2], 'float32')), { name: 'ShapeError', message: /^Argmax: axis 3 is out of range for a tensor of rank 1/ });
  t.equal(String(ops.Argmax({ axis: 0 })(new Tensor([1, 5, 2], 'float32'))), '1', 'an int axis still works');
});

t.test('a layer whose Parameter the host cannot hold names itself (seed 6022140)', async (t) => {
  // 2^32 - 65536 elements fit an array; their float64 draws (32 GiB) do not fit the host
  for (const [name, make] of [
    ['Embedding', () => new nn.Embedding(65536, 65535)],
    ['Embedding', () => new nn.Embedding(65536, 65535, { paddingIdx: 0 })],
    ['Dense', () => new nn.Dense(65536, 65535)],
    ['Conv2d', () => new nn.Conv2d(4096, 4096, 8)],
  ] as const) {
    const e = thrown(make);
    t.type(e, OutOfMemoryError, name);
    t.match(e.message, new RegExp(`^For '${name}', .*Unable to allocate`), name);
  }
  t.same(new nn.Embedding(4, 2).embeddingTable.shape, [4, 2], 'a table that fits still works');
});

t.test('an optimizer refusing its arguments gives renamed Parameters their names back (seed 90210)', async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU', mode: 'PYNATIVE_MODE' }).run(() => {
    // two Parameters named alike: the optimizer's tuple renames them p_0 and p_1 before its own checks
    const make = () => [new Parameter(new Tensor([1], 'float32'), 'p'), new Parameter(new Tensor(new Float32Array(0)), 'p')];
    const refusals: [string, (ps: Parameter[]) => unknown][] = [
      ['RMSProp (an empty Parameter its state cannot be made for)', (ps) => new nn.RMSProp(ps)],
      ['RMSProp (decay)', (ps) => new nn.RMSProp(ps.slice(0, 1).concat(new Parameter(new Tensor([2], 'float32'), 'p')), { decay: -1 })],
      ['Momentum (momentum)', (ps) => new nn.Momentum([ps[0]!, new Parameter(new Tensor([2], 'float32'), 'p')], 0.1, -1)],
      ['SGD (dampening)', (ps) => new nn.SGD([ps[0]!, new Parameter(new Tensor([2], 'float32'), 'p')], { dampening: -1 })],
      ['Adam (beta1)', (ps) => new nn.Adam([ps[0]!, new Parameter(new Tensor([2], 'float32'), 'p')], { beta1: 2 })],
      ['AdamWeightDecay (eps)', (ps) => new nn.AdamWeightDecay([ps[0]!, new Parameter(new Tensor([2], 'float32'), 'p')], { eps: -1 })],
    ];
    for (const [what, make2] of refusals) {
      const ps = make();
      const e = thrown(() => make2(ps));
      t.type(e, MindsimError, what);
      t.equal(ps[0]!.name, 'p', `${what}: the first keeps its name`);
    }
    // accepted, the names are r1.5's
    const ps = [new Parameter(new Tensor([1], 'float32'), 'p'), new Parameter(new Tensor([2], 'float32'), 'p')];
    new nn.RMSProp(ps);
    t.same(ps.map((p) => p.name), ['p_0', 'p_1'], 'an accepted optimizer renames duplicates as r1.5 does');
  });
});
