/**
 * initData(layout) against r1.5's slicing rules (fixtures from scripts/gen_parallel_fixtures.py, which
 * runs r1.5's own `parallel/_tensor.py` functions and `Tensor.init_data` seeding with numpy): the slice
 * index of a rank, numpy slicing of concrete data, and an initializer's slice drawn on the slice's
 * shape with numpy seeded by the slice index (re-seeded afterwards with the first word of its key),
 * Normal with the seed pair (index + 1, 0); with a global seed, slices continue the seeded stream.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { Normal, Parameter, Uniform, communication, currentContext, initializer, kernels, launch, setAutoParallelContext, setSeed } from '../../src/index.js';
import { chunk, sliceIndex, tensorStrategy } from '../../src/api/parallel/layout.js';

interface Case {
  devMat: number[]; tensorMap: number[]; shape: number[]; rank: number; world: number; sliceIndex: number; sliceShape: number[]; slice: number[];
  npSeed: number; preDraws: number; uniform: number[]; nextAfter: number;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/parallel-slices.json', import.meta.url), 'utf8')) as { cases: Case[]; globalSeed9: number[][] };

t.test('slice index and numpy slicing of concrete data, as r1.5', async (t) => {
  t.equal(sliceIndex([2, 4], [1, -1], 5), 1, "distributed.md's example");
  for (const c of fixture.cases) {
    const where = `devMat ${JSON.stringify(c.devMat)} map ${JSON.stringify(c.tensorMap)} rank ${c.rank}`;
    t.equal(sliceIndex(c.devMat, c.tensorMap, c.rank), c.sliceIndex, where);
    const full = Float32Array.from({ length: c.shape.reduce((a, b) => a * b, 1) }, (_, i) => i);
    const piece = chunk(full, c.shape, tensorStrategy(c.devMat, c.tensorMap), c.sliceIndex);
    t.same([piece.shape, Array.from(piece.data as Float32Array)], [c.sliceShape, c.slice], `${where}: the slice`);
  }
  t.throws(() => chunk(new Float32Array(6), [3, 2], [2, 1], 0), { message: 'np_tensor can not be split by strategy!' });
});

t.test('an initializer slice: drawn on the slice shape, numpy seeded by the slice index and re-seeded after', async (t) => {
  const worlds = [...new Set(fixture.cases.map((c) => c.world))];
  for (const world of worlds) {
    const cases = fixture.cases.filter((c) => c.world === world);
    const { results } = await launch(({ rank }) => {
      communication.init();
      setAutoParallelContext({ parallelMode: 'semi_auto_parallel' });
      return cases.filter((c) => c.rank === rank).map((c) => {
        const numpy = currentContext().seeds.numpy;
        numpy.seed(c.npSeed);
        for (let i = 0; i < c.preDraws; i++) numpy.randomSample();
        const p = new Parameter(initializer(new Uniform(0.07), c.shape, 'float32'), 'w');
        p.initData([c.devMat, c.tensorMap, c.sliceShape, 0, 1, ''], true);
        const normal = new Parameter(initializer(new Normal(0.01), c.shape, 'float32'), 'n');
        normal.initData([c.devMat, c.tensorMap, c.sliceShape, 0, 1, ''], true);
        const expectedNormal = kernels.philoxNormal(BigInt(c.sliceIndex + 1), 0n, c.sliceShape.reduce((a, b) => a * b, 1), 0.01, 0);
        return {
          c, shape: p.shape, sliced: p.sliced, values: Array.from(p.asnumpy().data as Float32Array), next: numpy.randomSample(),
          normalOk: Array.from(normal.asnumpy().data as Float32Array).join() === Array.from(expectedNormal).join(),
        };
      });
    }, { cluster: 'dgx-a100', ...(world <= 8 ? { devicesPerNode: world } : { nodes: world / 8 }) });
    for (const r of results.flat()) {
      const where = `world ${world}, rank ${r.c.rank}, slice ${r.c.sliceIndex}`;
      t.same([r.shape, r.sliced], [r.c.sliceShape, true], `${where}: the slice's shape, sliced`);
      t.same(r.values, r.c.uniform, `${where}: Uniform drawn with numpy seeded by the slice index`);
      t.equal(r.next, r.c.nextAfter, `${where}: numpy re-seeded with the first word of its earlier key`);
      t.ok(r.normalOk, `${where}: Normal drawn with the seed pair (index + 1, 0)`);
    }
  }
});

t.test('with a global seed nothing is reseeded: every slice continues the seeded stream', async (t) => {
  const { results } = await launch(({ rank }) => {
    communication.init();
    setAutoParallelContext({ parallelMode: 'semi_auto_parallel' });
    setSeed(9);
    const layout = [[2], [0, -1], [2, 3], 0, 1, ''] as const; // [4, 3] split in two on dim 0
    const a = new Parameter(initializer(new Uniform(0.07), [4, 3], 'float32'), 'a').initData(layout, true);
    const b = new Parameter(initializer(new Uniform(0.07), [4, 3], 'float32'), 'b').initData(layout, true);
    return [rank, Array.from(a.asnumpy().data as Float32Array), Array.from(b.asnumpy().data as Float32Array)];
  }, { cluster: 'dgx-a100', devicesPerNode: 2 });
  for (const [, a, b] of results) t.same([a, b], fixture.globalSeed9, 'both ranks draw the same values for their different slices');
});
