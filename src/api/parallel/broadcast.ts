/**
 * Parameter broadcast, as MindSpore r1.5 does it (`common/api.py` `_parameter_broadcast`,
 * `nn/wrap/cell_wrapper.py` `_BroadCastCell`, `nn/cell.py` `_do_parameter_broadcast`): when
 * `parameterBroadcast` is on, a top-level cell's compile (GRAPH_MODE: its first call with an input
 * signature; PYNATIVE_MODE: its first call, in data_parallel) broadcasts rank 0's Parameters — those of
 * `parametersBroadcastDict()`, less any split by a layout under semi/auto parallel — cast to float32,
 * in one Broadcast, cast back and set into every rank's Parameters.
 * @module
 */
import { DTYPES } from '../../kernels/index.js';
import type { ExecutionContext } from '../execution-context.js';
import * as ops from '../ops/index.js';
import { Broadcast } from '../ops/collectives.js';
import type { Parameter } from '../parameter.js';
import type { Tensor } from '../tensor.js';
import { parallelMode } from './context.js';

/** What a broadcast needs of a cell. */
interface BroadcastSource {
  parametersBroadcastDict(): Map<string, Parameter> | null;
}

const SUGGESTION =
  'You are suggested to use mindspore.context.set_auto_parallel_context(parameter_broadcast=True) or mindspore.common.set_seed() to share parameters among multi-devices.';

/** @internal called at a top-level cell call: broadcasts when this call is a (new) compile and the flag is on */
export function broadcastAtCompile(ctx: ExecutionContext, cell: BroadcastSource & object, inputs: readonly Tensor[]): void {
  const mode = parallelMode();
  if (mode === 'stand_alone') return;
  const ap = ctx.autoParallel;
  const graph = ctx.getContext('mode') === 'GRAPH_MODE';
  const signature = graph ? inputs.map((t) => `${t.dtype.name}${t.shape.join('x')}`).join(',') : '';
  const seen = ctx.compiled.get(cell) ?? new Set<string>();
  if (seen.has(signature)) return;
  seen.add(signature);
  ctx.compiled.set(cell, seen);
  const flag = ap.get('parameterBroadcast');
  if (!flag && (mode === 'data_parallel' || mode === 'hybrid_parallel') && ctx.seeds.globalSeed === null) ctx.printSink(`[WARNING] ${SUGGESTION}\n`);
  if (!flag || (!graph && mode !== 'data_parallel')) return;
  broadcastParameters(cell);
}

/**
 * Broadcasts rank 0's values of `cell.parametersBroadcastDict()` (less Parameters split by a layout)
 * into every rank's Parameters: one Broadcast of float32 copies, each cast back.
 */
export function broadcastParameters(cell: BroadcastSource): void {
  const dict = cell.parametersBroadcastDict();
  const params = dict ? [...dict.values()].filter((p) => !p.sliced) : [];
  if (params.length === 0) return;
  const f32 = params.map((p) => ops.Cast()(p, DTYPES.float32)); // a copy, also of a float32 Parameter
  const received = Broadcast(0)(f32);
  params.forEach((p, i) => {
    const value = p.dtype === DTYPES.float32 ? received[i]! : ops.Cast()(received[i]!, p.dtype);
    p.adopt(value);
  });
}
