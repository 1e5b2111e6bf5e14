/**
 * `missing-depend`: the loss-scale overflow check (clear the register after the loss, read it after
 * the gradients) explored over schedules, first with every Depend, then with the Depend that orders
 * NPUGetFloatStatus after the gradients removed: the explorer finds a schedule where the overflow
 * goes unseen, shrinks it to a minimal one, names the reordered ops, and its replay misses it again.
 * The trace and timeline show the guarded check in program order and the failing schedule replayed.
 * @module
 */
import { NDArray, Parameter, ParameterTuple, Tensor, getSimulator, ops, resetPlatform, setContext, type Tensor as T } from '../../src/index.js';
import { explore, type ExplorePolicy, type ExploreRun } from '../../src/testing.js';
import type { Scenario } from './scenario.js';

const f16 = (data: number[], shape: number[]) => new Tensor(new NDArray(Float32Array.from(data), shape, 'float32'), 'float16');

/** One loss-scaled gradient with the Ascend check; `guarded` keeps the Depend before the read. */
export function lossScaleCheck(guarded: boolean): () => T {
  return () => {
    const x = f16([100, 50, -80, 20, 90, -60, 70, 30, -40, 10, 60, 80], [4, 3]);
    const labels = f16([0, 1, 1, 0, 0, 1, 1, 0], [4, 2]);
    const w = new Parameter(f16([1, 0.5, -1, 0.25, 1, 0.5], [2, 3]), 'w');
    const mse = (input: T) => ops.ReduceMean()(ops.Square()(ops.Sub()(ops.MatMul({ transposeB: true })(input, w), labels)));
    const loss = mse(x);
    let status = ops.depend(ops.NPUAllocFloatStatus()(), loss);
    const clear = ops.NPUClearFloatStatus()(status);
    const scale = ops.depend(new Tensor(4096, 'float16'), clear);
    const sens = ops.Mul()(ops.OnesLike()(loss), scale);
    const [grad] = ops.GradOperation({ getByList: true, sensParam: true })(mse, new ParameterTuple([w]))(x, sens) as T[];
    if (guarded) status = ops.depend(status, grad!);
    const got = ops.NPUGetFloatStatus()(status);
    return ops.ReduceSum()(ops.depend(status, got));
  };
}

/** The missing-depend result. */
export interface MissingDependResult {
  readonly policy: ExplorePolicy;
  readonly guarded: { readonly ok: boolean; readonly runs: number };
  readonly unguarded: {
    readonly ok: boolean;
    readonly runs: number;
    readonly schedule: readonly number[];
    readonly original: readonly number[];
    readonly reordered: string | null;
    readonly message: string;
    /** The status sum the replay read (0: the overflow went unseen again). */
    readonly replayFlag: number;
  };
}

const seen = ({ result }: ExploreRun<T>) => Number(result!.item()) >= 1;

/** The scenario. */
export const missingDependScenario: Scenario<MissingDependResult> = {
  name: 'missing-depend',
  description: 'the loss-scale check with one Depend removed, explored: the schedule where the overflow goes unseen, minimal and replayable',
  parameters: [
    { name: 'policy', description: 'random, pct or exhaustive', kind: 'string', choices: ['random', 'pct', 'exhaustive'], default: 'random' },
    { name: 'runs', description: 'schedules to try', kind: 'number', integer: true, default: 200 },
    { name: 'seed', description: 'the first schedule seed', kind: 'number', integer: true, min: 0, max: 4294967295, default: 0 },
  ],
  run(p, progress) {
    resetPlatform();
    setContext({ deviceTarget: 'Ascend', device: 'ascend910' });
    const options = { policy: String(p.policy) as ExplorePolicy, runs: Number(p.runs), seed: Number(p.seed), property: seen };
    const guarded = explore(lossScaleCheck(true), options);
    progress?.(0.5, 'explored the guarded check');
    const unguarded = explore(lossScaleCheck(false), options);
    const f = unguarded.failure;
    const replay = f ? Number(f.replay().result!.item()) : 1;
    progress?.(0.9, 'explored the unguarded check');
    // what --trace and --svg show (explored runs happen in contexts of their own): on this context's
    // machine, the guarded check in program order, then the minimal failing schedule replayed
    resetPlatform({ record: Infinity });
    const sim = getSimulator();
    sim.mark('guarded, program order');
    setContext({ mode: 'GRAPH_MODE', schedule: { policy: 'program-order' } });
    lossScaleCheck(true)().asnumpy();
    if (f) {
      sim.mark('without the Depend: the failing schedule, replayed');
      setContext({ schedule: { policy: 'replay', choices: [...f.schedule] } });
      lossScaleCheck(false)().asnumpy();
    }
    setContext({ schedule: { policy: 'critical-path' } });
    progress?.(1, 'replayed for the trace');
    return {
      policy: options.policy,
      guarded: { ok: guarded.ok, runs: guarded.runs },
      unguarded: {
        ok: unguarded.ok,
        runs: unguarded.runs,
        schedule: f?.schedule ?? [],
        original: f?.original ?? [],
        reordered: f?.reordering ? `${f.reordering.first.name} ran before ${f.reordering.second.name}` : null,
        message: f?.message ?? '',
        replayFlag: replay,
      },
    };
  },
  format(r) {
    const u = r.unguarded;
    return [
      `missing-depend: the loss-scale overflow check explored with ${r.policy} schedules (Ascend 910)`,
      '',
      `with every Depend: ${r.guarded.ok ? 'the overflow was seen' : 'MISSED'} in all ${r.guarded.runs} schedules`,
      `without the Depend before NPUGetFloatStatus: ${u.ok ? `no miss found in ${u.runs} schedules` : `missed in schedule ${JSON.stringify(u.schedule)} (run ${u.runs})`}`,
      ...(u.ok ? [] : ['', u.message, '', `replayed: the status sum read ${u.replayFlag} (the overflow went unseen again)`]),
      '',
      `(--trace and --svg show the guarded check in program order${u.ok ? '' : ', then the failing schedule replayed'})`,
    ].join('\n');
  },
};
