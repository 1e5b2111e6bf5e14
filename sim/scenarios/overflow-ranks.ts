/**
 * `overflow-ranks`: loss scaling across ranks. One rank's float16 input overflows at one step on an
 * Ascend 910 (saturation mode: the values stay finite, only that rank's float-status register knows).
 * With r1.5's AllReduce of the overflow flag every rank skips that step and the loss scales agree;
 * with it removed only that rank skips, and the ranks' Parameters and scales diverge, step by step.
 * @module
 */
import { Tensor, communication, getSimulator, launch, nn, setAutoParallelContext, setSeed } from '../../src/index.js';
import { TRACE, table, type Scenario } from './scenario.js';

/** One rank's view of one step. */
export interface RankStep {
  readonly skipped: boolean;
  readonly scale: number;
  /** The largest |difference| between this rank's Parameters and rank 0's after the step. */
  readonly driftFromRank0: number;
}

/** The scenario's result. */
export interface OverflowRanksResult {
  readonly ranks: number;
  readonly overflowRank: number;
  readonly overflowStep: number;
  /** `withFlag[step][rank]` (r1.5), then `withoutFlag[step][rank]` (the AllReduce removed). */
  readonly withFlag: readonly (readonly RankStep[])[];
  readonly withoutFlag: readonly (readonly RankStep[])[];
}

async function run(ranks: number, steps: number, overflowRank: number, overflowStep: number, flagAllReduce: boolean) {
  return launch(async ({ rank }) => {
    communication.init();
    setAutoParallelContext({ parallelMode: 'data_parallel', gradientsMean: true });
    setSeed(7);
    const net = new nn.Dense(4, 2, { weightInit: 'normal' }).toFloat('float16');
    const loss = new nn.WithLossCell(net, new nn.MSELoss());
    const manager = new nn.DynamicLossScaleManager(2 ** 10, 2, 100);
    const cell = new nn.TrainOneStepWithLossScaleCell(loss, new nn.Momentum(net.trainableParams(), 0.01, 0.9), manager.getUpdateCell(), { flagAllReduce });
    const history: { skipped: boolean; scale: number; params: number[] }[] = [];
    for (let s = 1; s <= steps; s++) {
      if (rank === 0) getSimulator().mark(`step ${s}`);
      const big = rank === overflowRank && s === overflowStep ? 1e5 : 1; // 1e5 does not fit float16
      const r = await cell.stepAsync(new Tensor([[big, 0.5, -1, rank / ranks]], 'float32'), new Tensor([[1, -1]], 'float32'));
      const params: number[] = [];
      for (const p of net.trainableParams()) params.push(...Array.from((await p.asnumpyAsync()).data as Float32Array));
      history.push({ skipped: r.skipped, scale: (await cell.scaleSense.asnumpyAsync()).item() as number, params });
    }
    return history;
  }, { cluster: 'atlas800-910', devicesPerNode: ranks });
}

function table3(histories: { skipped: boolean; scale: number; params: number[] }[][]): RankStep[][] {
  return histories[0]!.map((_, s) => histories.map((h) => {
    const mine = h[s]!;
    const base = histories[0]![s]!;
    return { skipped: mine.skipped, scale: mine.scale, driftFromRank0: Math.max(...mine.params.map((v, i) => Math.abs(v - base.params[i]!))) };
  }));
}

/** The scenario. */
export const overflowRanksScenario: Scenario<OverflowRanksResult> = {
  name: 'overflow-ranks',
  description: "one rank overflows: with r1.5's flag AllReduce every rank skips the step; without it the ranks' Parameters diverge",
  parameters: [
    { name: 'ranks', description: 'ranks (1, 2, 4 or 8 NPUs of an Atlas 800)', kind: 'number', integer: true, default: 4 },
    { name: 'steps', description: 'training steps', kind: 'number', integer: true, default: 5 },
    { name: 'overflow-rank', description: 'the rank whose input overflows', kind: 'number', integer: true, min: 0, default: 3 },
    { name: 'overflow-step', description: 'the step at which it overflows (1-based)', kind: 'number', integer: true, default: 2 },
  ],
  check(p) {
    if (![1, 2, 4, 8].includes(Number(p.ranks))) return `--ranks must be 1, 2, 4 or 8 (NPUs of an Atlas 800 a job may use), but got ${p.ranks}`;
    if (Number(p['overflow-rank']) >= Number(p.ranks)) return `--overflow-rank must be one of the ranks 0..${Number(p.ranks) - 1}, but got ${p['overflow-rank']}`;
    return null;
  },
  async run(p, progress) {
    const ranks = Number(p.ranks);
    const overflowRank = Number(p['overflow-rank']);
    const overflowStep = Number(p['overflow-step']);
    const withFlag = await run(ranks, Number(p.steps), overflowRank, overflowStep, true);
    progress?.(0.5, 'with the flag AllReduce');
    const without = await run(ranks, Number(p.steps), overflowRank, overflowStep, false);
    progress?.(1, 'without it');
    const result: OverflowRanksResult = { ranks, overflowRank, overflowStep, withFlag: table3(withFlag.results), withoutFlag: table3(without.results) };
    Object.defineProperty(result, TRACE, { value: without.cluster.platform.sim, enumerable: false });
    return result;
  },
  format(r) {
    const render = (steps: readonly (readonly RankStep[])[]) => table(
      ['step', ...Array.from({ length: r.ranks }, (_, k) => `rank ${k}`), 'max drift from rank 0'],
      steps.map((ranks, s) => [s + 1, ...ranks.map((x) => `${x.skipped ? 'skip' : 'step'} ${x.scale}`), Math.max(...ranks.map((x) => x.driftFromRank0)).toExponential(2)]),
    );
    return [
      `overflow-ranks: ${r.ranks} ranks of an Atlas 800 (Ascend 910, saturation mode); rank ${r.overflowRank}'s float16 input overflows at step ${r.overflowStep}`,
      '(each cell: whether the rank stepped or skipped, and its loss scale after the step)',
      '',
      "with r1.5's AllReduce of the overflow flag:",
      render(r.withFlag),
      '',
      'with it removed (flagAllReduce: false):',
      render(r.withoutFlag),
    ].join('\n');
  },
};
