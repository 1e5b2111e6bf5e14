/**
 * DistributedGradReducer, as MindSpore r1.5's (`nn/wrap/grad_reducer.py`): data parallel's gradient
 * aggregation. Every gradient is cast to float32, AllReduced (summed) over the group, multiplied by
 * `1/degree` when `mean`, and cast back; gradients of `layerwiseParallel` and parameter-server
 * Parameters pass through untouched. The AllReduces are fused into buckets as r1.5's fusion ids say
 * (shared spec: distributed.md, section 4).
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import { DTYPES } from '../../kernels/index.js';
import { getGroupSize } from '../comm/communication.js';
import { HCCL_WORLD_COMM_GROUP } from '../comm/state.js';
import { currentContext } from '../execution-context.js';
import * as ops from '../ops/index.js';
import { AllGather, fusedAllReduce } from '../ops/collectives.js';
import type { Parameter } from '../parameter.js';
import { Tensor } from '../tensor.js';
import { Cell } from './cell.js';

/**
 * The fusion id of each Parameter's gradient AllReduce, as r1.5 assigns them: each Parameter's
 * `commFusion` when they differ; when they are all equal, buckets split after the fusion indices
 * (`[20, 35]`: Parameters 0-20, 21-35, 36-end get ids 1024, 1025, 1026) or, without indices, one
 * bucket with `fusionType`.
 *
 * @example
 * ```ts
 * import { Parameter, nn } from 'mindsim';
 * const ps = [0, 1, 2, 3].map((i) => new Parameter(i, `p${i}`));
 * console.log(nn.gradientFusionIds(ps, [1], 1), nn.gradientFusionIds(ps, [], 1)); // [ 1024, 1024, 1025, 1025 ] [ 1, 1, 1, 1 ]
 * ```
 */
export function gradientFusionIds(parameters: readonly Parameter[], splitIndices: readonly number[], fusionType: number): number[] {
  const first = parameters[0]?.commFusion;
  if (!parameters.every((p) => p.commFusion === first)) return parameters.map((p) => p.commFusion);
  if (splitIndices.length === 0) return parameters.map(() => fusionType);
  return parameters.map((_, i) => 1024 + splitIndices.filter((s) => s < i).length);
}

/**
 * Data parallel's gradient reducer: `reduce(grads)` gives the gradients every rank steps with.
 * Needs `communication.init()` (it builds an AllGather, as r1.5's does, for sparse gradients).
 *
 * In GRAPH_MODE the mean is `1/degree`; in PYNATIVE_MODE r1.5 AllReduces in its runtime's gradient
 * buckets and multiplies by `1/deviceNum` of the auto-parallel context (1 unless `deviceNum` was set)
 * when `gradientsMean` is on, whatever `mean` and `degree` say; mindsim does the same.
 *
 * @throws {@link ArgumentValueError} "Parameter 'degree' in DistributedGradReducer should large than 0
 *   and be int".
 * @throws {@link MindsimError} (RuntimeError) before `communication.init()`.
 * @example
 * ```ts
 * import { Parameter, Tensor, communication, launch, nn } from 'mindsim';
 * const { results } = await launch(async ({ rank }) => {
 *   communication.init();
 *   const shared = new Parameter(new Tensor([0, 0], 'float32'), 'w');
 *   const local = new Parameter(new Tensor([0], 'float32'), { name: 'own', layerwiseParallel: true });
 *   const reducer = new nn.DistributedGradReducer([shared, local], true);
 *   const [g, own] = reducer.reduce([new Tensor([rank, 1], 'float32'), new Tensor([rank], 'float32')]);
 *   return `${await g!.asnumpyAsync()} ${await own!.asnumpyAsync()}`;
 * }, { cluster: 'atlas800-910' });
 * console.log(results[2]); // [3.5 1. ] [2.]
 * ```
 */
export class DistributedGradReducer extends Cell {
  /** `1/degree`, a float32 scalar. */
  readonly degree: Tensor;
  /** Whether each gradient is AllReduced (false for layerwiseParallel and parameter-server Parameters). */
  readonly allreduceFilter: readonly boolean[];
  /** Each gradient's fusion id (gradients with one id go in one AllReduce). */
  readonly fusionIds: readonly number[];

  /**
   * @param parameters - the Parameters whose gradients it reduces, in the optimizer's order.
   * @param mean - multiply the sum by `1/degree` (true).
   * @param degree - the number of ranks averaged over (default: the group size).
   * @param fusionType - the fusion id when no split indices are set (1).
   * @param group - the group (the world group).
   */
  constructor(
    parameters: Iterable<Parameter>,
    /** Whether the sum is averaged. */
    readonly mean = true,
    degree: number | null = null,
    fusionType = 1,
    /** The communication group. */
    readonly group: string = HCCL_WORLD_COMM_GROUP,
  ) {
    super(false);
    const params = [...parameters];
    let n: number;
    if (degree === null || degree === undefined) n = getGroupSize(group);
    else {
      if ((typeof degree !== 'number' && typeof degree !== 'boolean') || !Number.isInteger(Number(degree)) || Number(degree) <= 0) {
        throw new ArgumentValueError("Parameter 'degree' in DistributedGradReducer should large than 0 and be int");
      }
      n = Number(degree);
    }
    this.degree = new Tensor(Math.fround(1 / n), DTYPES.float32);
    this.allreduceFilter = params.map((p) => !p.layerwiseParallel && !p.isParamPs);
    const indices = currentContext().autoParallel.fusionIndices();
    this.fusionIds = gradientFusionIds(params, indices, fusionType);
    AllGather({ group }); // as r1.5 builds one (it needs init())
  }

  /**
   * The reduced gradients, in the order given: each AllReduced (summed in float32 over the group, in
   * one fused collective per fusion id, issued in order of first appearance) and averaged when `mean`;
   * filtered-out ones unchanged.
   */
  reduce(grads: readonly Tensor[]): Tensor[] {
    if (grads.length !== this.allreduceFilter.length) {
      throw new ArgumentValueError(`DistributedGradReducer: expected ${this.allreduceFilter.length} gradients (one per Parameter), but got ${grads.length}`);
    }
    const ctx = currentContext();
    const pynative = ctx.getContext('mode') === 'PYNATIVE_MODE';
    const ap = ctx.autoParallel;
    const f32 = grads.map((g) => (g.dtype === DTYPES.float32 ? g : ops.Cast()(g, DTYPES.float32)));
    const out = [...f32];
    const buckets = new Map<number, number[]>();
    this.allreduceFilter.forEach((reduce, i) => {
      if (!reduce) return;
      const id = pynative ? 1024 + ap.fusionIndices().filter((s) => s < i).length : this.fusionIds[i]!;
      buckets.set(id, [...(buckets.get(id) ?? []), i]);
    });
    const scale = pynative ? (ap.get('gradientsMean') ? new Tensor(Math.fround(1 / ap.get('deviceNum')), DTYPES.float32) : null) : this.mean ? this.degree : null;
    for (const [fusion, members] of buckets) {
      const summed = fusedAllReduce(members.map((i) => f32[i]!), { group: this.group, fusion });
      members.forEach((i, k) => (out[i] = scale ? ops.Mul()(summed[k]!, scale) : summed[k]!));
    }
    return out.map((g, i) => (g.dtype === grads[i]!.dtype ? g : ops.Cast()(g, grads[i]!.dtype)));
  }
}
