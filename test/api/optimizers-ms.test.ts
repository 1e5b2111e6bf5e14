/**
 * nn.RMSProp and nn.AdamWeightDecay against MindSpore's own runs (test/fixtures/optimizers.json,
 * MindSpore 2.10.0 CPU): three steps on two Parameters, every Parameter and state after each step, on
 * every target and mode. AdamWeightDecay is built from float32 ops as r1.5's: it equals r1.5's step
 * (its ops replayed with MindSpore's) bit for bit, and MindSpore 2.10's fused kernel within 1 ulp of scale.
 * RMSProp's update kernel computes in double and rounds once per output (as mindsim's other update
 * kernels), where MindSpore's AVX kernel rounds each float32 operation (and adds ε after the root), so
 * its values agree within 4 float32 ulps of each tensor's scale. Lamb: 2.10's is a fused kernel without
 * a CPU version, so the fixture is r1.5's GPU/CPU composite replayed with MindSpore's ops: bit for bit
 * but for the bias-correction powers β^t (V8's Math.pow rounded to float32 against glibc's powf: one
 * element one ulp off in 36 here).
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { Parameter, Tensor, nn } from '../../src/index.js';
import { tensor, values, ulpsOfScale, onEveryTarget } from '../helpers/ms-fixtures.js';

interface Case { optimizer: 'RMSProp' | 'AdamWeightDecay' | 'Lamb'; options: Record<string, number | boolean>; w: number[]; beta: number[]; grads: number[][][]; after: Record<string, number[]>[]; afterR15?: Record<string, number[]>[] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/optimizers.json', import.meta.url), 'utf8')) as { generator: string; cases: Case[] };
const camel = (k: string): string => k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());


t.test(`RMSProp and AdamWeightDecay step as MindSpore's (${fixture.generator})`, async (t) => {
  const worst: Record<string, number> = {};
  onEveryTarget(() => {
    for (const c of fixture.cases) {
      const params = [new Parameter(tensor(c.w, [2, 3]), 'w'), new Parameter(tensor(c.beta, [3]), 'beta')];
      const options = Object.fromEntries(Object.entries(c.options).map(([k, v]) => [camel(k), v]));
      const opt = c.optimizer === 'RMSProp' ? new nn.RMSProp(params, options) : c.optimizer === 'Lamb' ? new nn.Lamb(params, options.learningRate as number, options) : new nn.AdamWeightDecay(params, options);
      const state = new Map(opt.parametersAndNames().map(([, p]) => [p.name, p] as const));
      c.grads.forEach((g, step) => {
        opt.call(tensor(g[0]!, [2, 3]), tensor(g[1]!, [3]));
        for (const [oracle, after] of [['', c.after], [' (r1.5 ops)', c.afterR15]] as const) {
          if (!after) continue;
          const key = `${c.optimizer}${oracle} ${JSON.stringify(c.options)}`;
          for (const [name, want] of Object.entries(after[step]!)) {
            const p = name === 'w' || name === 'beta' ? params.find((q) => q.name === name)! : state.get(name);
            if (!p) {
              t.fail(`${key}: no state ${name}`);
              continue;
            }
            worst[key] = Math.max(worst[key] ?? 0, ulpsOfScale(values(p), want));
          }
        }
      });
    }
  });
  t.comment(`worst differences in float32 ulps of scale: ${JSON.stringify(worst)}`);
  for (const [key, ulps] of Object.entries(worst)) t.ok(key.includes('(r1.5 ops)') ? ulps === 0 : key.startsWith('AdamWeightDecay') || key.startsWith('Lamb') ? ulps <= 1 : ulps <= 4, `${key}: ${ulps}`);
});

t.test("r1.5's names and checks", async (t) => {
  const w = () => [new Parameter(new Tensor([1], 'float32'), 'w')];
  t.same(new nn.RMSProp(w(), { centered: true }).parametersAndNames().map(([n]) => n), ['w', 'learning_rate', 'mean_grad.w', 'mean_square.w', 'moment.w']);
  t.throws(() => new nn.RMSProp(w(), { decay: -1 }), { name: 'ArgumentValueError', message: '`decay` in `RMSProp` should be an float and must >= 0, but got `-1` with type `int`.' });
  t.throws(() => new nn.RMSProp(w(), { epsilon: 0 }), { name: 'ArgumentValueError', message: /`epsilon` in `RMSProp` should be an float and must > 0/ });
  t.throws(() => new nn.RMSProp(w(), { centered: 1 as never }), { name: 'ArgumentTypeError' });
  t.throws(() => new nn.AdamWeightDecay(w(), { beta1: 1 }), { name: 'ArgumentValueError', message: /`beta1` in `AdamWeightDecay` should be in range of \(0, 1\)/ });
  t.throws(() => new nn.AdamWeightDecay(w(), { eps: 'a' as never }), { name: 'ArgumentTypeError' });
  t.same(new nn.Lamb(w(), 0.1).parametersAndNames().map(([n]) => n), ['w', 'learning_rate', 'lamb_m.w', 'lamb_v.w', 'global_step']);
  const decayed = new nn.AdamWeightDecay([new Parameter(new Tensor([1], 'float32'), 'w'), new Parameter(new Tensor([1], 'float32'), 'bn.gamma')], { weightDecay: 0.1 });
  t.same(decayed.decayFlags, [true, false], "r1.5's decay filter: no decay for 'beta' and 'gamma'");
});
