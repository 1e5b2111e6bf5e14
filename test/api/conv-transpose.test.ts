/**
 * nn.Conv2dTranspose against MindSpore's own (test/fixtures/conv-transpose.json, MindSpore 2.10.0 CPU):
 * each pad mode, strides, a dilation, asymmetric padding, with and without bias — output shapes as r1.5's
 * _deconv_output_length, values and the input gradient within a float32 summation bound (oneDNN sums a
 * transposed convolution's taps in its own order, mindsim in index order).
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ExecutionContext, nn, ops, type Tensor as T } from '../../src/index.js';
import { tensor, values } from '../helpers/ms-fixtures.js';

interface Case {
  inChannels: number; outChannels: number; kernel: number | [number, number]; stride: number | [number, number]; padMode: 'same' | 'valid' | 'pad';
  padding: number | [number, number, number, number]; dilation: number; weight: number[]; weightShape: number[]; bias: number[] | null;
  x: number[]; xShape: number[]; y: number[]; yShape: number[]; dy: number[]; dx: number[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/conv-transpose.json', import.meta.url), 'utf8')) as { generator: string; cases: Case[] };
const worstRelative = (got: number[], want: number[]): number => {
  const scale = Math.max(...want.map(Math.abs));
  return Math.max(...got.map((g, i) => Math.abs(g - want[i]!) / scale));
};

t.test(`${fixture.cases.length} layers equal MindSpore's (${fixture.generator})`, async (t) => {
  for (const deviceTarget of ['CPU', 'GPU', 'Ascend'] as const) {
    new ExecutionContext({ deviceTarget }).run(() => {
      for (const c of fixture.cases) {
        const net = new nn.Conv2dTranspose(c.inChannels, c.outChannels, c.kernel, { stride: c.stride, padMode: c.padMode, padding: c.padding, dilation: c.dilation, hasBias: c.bias !== null });
        t.same(net.weight.shape, c.weightShape, 'weight [in, out / group, kh, kw]');
        net.weight.setData(tensor(c.weight, c.weightShape));
        if (c.bias) net.bias!.setData(tensor(c.bias, [c.outChannels]));
        const x = tensor(c.x, c.xShape);
        const f = (v: T) => net.call(v);
        const y = f(x);
        const dx = ops.GradOperation({ sensParam: true })(f)(x, tensor(c.dy, c.yShape)) as T;
        const where = `${deviceTarget} ${c.padMode} k${JSON.stringify(c.kernel)} s${JSON.stringify(c.stride)}`;
        t.same(y.shape, c.yShape, `${where}: output shape`);
        // at most 36 taps a value (3x3 kernel, 4 input channels): 36·2⁻²⁴ of the scale is the summation bound
        t.ok(worstRelative(values(y), c.y) < 4e-6 && worstRelative(values(dx), c.dx) < 4e-6, `${where}: values and gradient within the summation bound`);
      }
    });
  }
  t.throws(() => new nn.Conv2dTranspose(2, 3, 3, { padMode: 'full' as never }), { name: 'ArgumentValueError', message: /'pad_mode' should be str and must be in/ });
  t.throws(() => new nn.Conv2dTranspose(2, 3, 3, { padding: 1 }), { name: 'ArgumentValueError' });
});
