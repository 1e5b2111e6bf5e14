import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Conv2D, DTYPES, PhiloxGenerator, ktensor, philoxNormal, philoxNormals } from '../../src/kernels/index.js';
import { NDArray } from '../../src/api/numpy/index.js';
import { repoRoot } from '../helpers/fixtures.js';

t.test('Philox: the spec’s check values', async (t) => {
  const g = new PhiloxGenerator(1n, 1n);
  t.same(Array.from(g.next(), (w) => w.toString(16)), ['89b01f5a', 'b841e68b', '2736095a', '76a1b102']);
  const raw = philoxNormals(1n, 1n, 1728);
  t.same(Array.from(raw.slice(0, 4), (v) => v.toPrecision(9)), ['-0.128023148', '-1.39290071', '1.30886018', '-0.107817903']);
  t.equal(raw[108]!.toPrecision(9), '-0.429763526', 'element 108: the first of part 1');
});

t.test('Philox: key[1] never matters; jump carries into the high half; the key keeps advancing', async (t) => {
  const a = new PhiloxGenerator(5n, 9n).next();
  const b = new PhiloxGenerator(5n + (7n << 32n), 9n).next();
  t.same(Array.from(a), Array.from(b));
  const j = new PhiloxGenerator(1n, 1n);
  j.jump(2 ** 53);
  j.jump(2 ** 53);
  const k = new PhiloxGenerator(1n, 1n);
  t.not(Array.from(j.next()).join(), Array.from(k.next()).join());
  const g = new PhiloxGenerator(1n, 1n);
  const first = g.next();
  t.not(Array.from(g.next()).join(), Array.from(first).join());
});

t.test('arrays of at most 16 elements are one part: prefixes of one stream', async (t) => {
  t.same(Array.from(philoxNormals(3n, 4n, 5).slice(0, 4)), Array.from(philoxNormals(3n, 4n, 4)));
  t.equal(philoxNormals(3n, 4n, 16 * 7 + 3).length, 115);
});

for (const [file, sigma] of [['example-5.txt', 0.01], ['example-6.txt', 0.2]] as const) {
  t.test(`nn.Conv2d(3, 64, 3, weight_init=Normal(${sigma})) after set_seed(1) prints golden/${file}`, async (t) => {
    const w = ktensor(DTYPES.float32, [64, 3, 3, 3], philoxNormal(1n, 1n, 1728, sigma, 0));
    const x = ktensor(DTYPES.float32, [1, 3, 16, 50], new Float32Array(2400).fill(1));
    const out = Conv2D.compute([x, w], { padMode: 'same' }).outputs[0]!;
    const printed = new NDArray(out.data, out.shape, out.dtype).toString() + '\n';
    t.equal(printed, fs.readFileSync(path.join(repoRoot, 'test/fixtures/golden', file), 'utf8'));
  });
}
