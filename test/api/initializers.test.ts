import t from 'tap';
import * as init from '../../src/api/initializers/index.js';
import { getSeed, setSeed } from '../../src/api/seed.js';
import { DTYPES, philoxNormal } from '../../src/kernels/index.js';
import { bytesToHex, loadFixture } from '../helpers/fixtures.js';

interface Case { seed: number; shape: number[]; values: Record<string, string> }
const { cases } = loadFixture<{ cases: Case[] }>('initializers.json');

t.test('Uniform, Xavier, He and Sparse draw what numpy draws after setSeed, in sequence', async (t) => {
  for (const c of cases) {
    setSeed(c.seed);
    const f32 = DTYPES.float32;
    const seq: [string, init.Initializer, number[]][] = [
      ['Uniform', new init.Uniform(), c.shape],
      ['XavierUniform', new init.XavierUniform(), c.shape],
      ['XavierNormal', new init.XavierNormal(), c.shape],
      ['HeUniform', new init.HeUniform(), c.shape],
      ['HeNormal', new init.HeNormal(), c.shape],
      ['Sparse', new init.Sparse(0.4), [6, 5]],
    ];
    for (const [name, initializer, shape] of seq) {
      t.equal(bytesToHex(initializer.generate(shape, f32)), c.values[name], `seed ${c.seed}: ${name}`);
    }
  }
});

t.test('Normal: the n-th initialisation after setSeed(s) uses (s, s + n · 533697028 mod 2^31 - 1)', async (t) => {
  setSeed(1);
  t.equal(getSeed(), 1);
  const a = new init.Normal(0.2).generate([20], DTYPES.float32);
  const b = new init.Normal().generate([20], DTYPES.float32);
  t.same(Array.from(a as Float32Array), Array.from(philoxNormal(1n, 1n, 20, 0.2, 0)));
  t.same(Array.from(b as Float32Array), Array.from(philoxNormal(1n, 533697029n, 20, 0.01, 0)));
  setSeed(0);
  t.same(Array.from(new init.Normal().generate([3], DTYPES.float32) as Float32Array), Array.from(philoxNormal(87654321n, 0n, 3, 0.01, 0)), 'seed 0 becomes 87654321');
  setSeed(1);
  t.same(Array.from(new init.Normal(0.2).generate([20], DTYPES.float32) as Float32Array), Array.from(a as Float32Array), 'setSeed restarts the counter');
});

t.test('setSeed rejects what MindSpore rejects', async (t) => {
  t.throws(() => setSeed(1.5), { name: 'ArgumentTypeError', message: "The argument 'seed' must be type of int, but got <class 'float'>." });
  t.throws(() => setSeed('1' as never), { name: 'ArgumentTypeError', message: /The argument 'seed' must be type of int/ });
  t.throws(() => setSeed(2 ** 33), { name: 'ArgumentValueError', message: /Seed must be between 0 and 2\*\*32 - 1/ });
});

t.test('constant, deterministic and structural initializers', async (t) => {
  const f32 = DTYPES.float32;
  t.same(Array.from(new init.Constant(2.5).generate([3], DTYPES.float64) as Float64Array), [2.5, 2.5, 2.5]);
  t.same(Array.from(new init.Identity().generate([2, 3], f32) as Float32Array), [1, 0, 0, 0, 1, 0]);
  const d = new init.Dirac().generate([2, 2, 3, 3], f32) as Float32Array;
  t.same([d[4], d[9 + 4], d[18 + 9 + 4], d[0]], [1, 0, 1, 0], 'a centred 1 on the diagonal channels');
  setSeed(3);
  const q = new init.Orthogonal().generate([4, 3], DTYPES.float64) as Float64Array;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    const dot = [0, 1, 2, 3].reduce((s, r) => s + q[r * 3 + i]! * q[r * 3 + j]!, 0);
    t.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-12, `columns ${i}, ${j} orthonormal`);
  }
  const tn = new init.TruncatedNormal(0.5).generate([500], DTYPES.float64) as Float64Array;
  t.ok(tn.every((v) => Math.abs(v) <= 1), 'truncated at 2 sigma');
  const vs = new init.VarianceScaling(2, 'fan_out', 'uniform').generate([4, 8], DTYPES.float64) as Float64Array;
  t.ok(vs.every((v) => Math.abs(v) <= Math.sqrt((3 * 2) / 4)));
  t.throws(() => new init.XavierUniform().generate([5], f32), { name: 'ArgumentValueError', message: /fewer than 2 dimensions/ });
  t.throws(() => new init.Identity().generate([2, 2, 2], f32), { message: /dimension of 'shape' must be 2/ });
});

t.test('aliases are case-insensitive; an unknown one is MindSpore’s ValueError', async (t) => {
  t.equal(init.initializerFromName('ones').name, 'One');
  t.equal(init.initializerFromName('Normal').name, 'Normal');
  t.equal(init.initializerFromName('XAVIER_UNIFORM').name, 'XavierUniform');
  t.equal(init.initializerFromName('he_normal').name, 'HeNormal');
  t.throws(() => init.initializerFromName('gaussian'), { name: 'KeyNameError', message: "For 'initializer', the class corresponding to 'gaussian' was not found." });
  t.equal(init.gain('tanh'), 5 / 3);
  t.same(init.fans([64, 3, 3, 3], 'x'), [27, 576]);
});
