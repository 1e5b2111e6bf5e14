/**
 * Superseded Cell outputs leave the device. JavaScript cannot tell when a program drops a handle
 * (only its garbage collector knows, at no fixed point), so the output of a loop of `net.call(x)`
 * would stay on the device forever, where MindSpore's Python frees it as soon as the name is rebound.
 * Instead, when a cell's top-level call returns, the outputs of its call two before this one — made
 * by that call, not Parameters or its inputs — leave the device once the ops reading them have run
 * (release kind `host`, see graph/release.ts): the simulator keeps each value on the host (no
 * simulated copy), so reading it still works and costs no transfer, and an op that uses it again
 * uploads it. Two calls back keeps a step that calls one cell twice (a siamese pair compared after
 * both calls) free of uploads; a loop holds at most three outputs of a cell. Points of the program,
 * never of the garbage collector: traces and memory figures repeat exactly.
 * `ExecutionContextOptions.keepCellOutputs` keeps them all on the device instead; timing-only runs,
 * which have no values to keep, keep them too.
 * @module
 */
import type { ExecutionContext } from '../execution-context.js';
import { sizeOf } from '../../kernels/index.js';
import { requestRelease } from '../graph/release.js';
import type { Tensor } from '../tensor.js';

/** How many later top-level calls of a cell supersede its output. */
const SUPERSEDED_AFTER = 2;

/** Records the outputs `made` by a top-level call of `cell`; offloads the ones its later calls superseded. */
export function supersedeOutputs(ctx: ExecutionContext, cell: object, made: Tensor[]): void {
  if (ctx.keepCellOutputs || ctx.getPlatform().timingOnly) return;
  let calls = ctx.cellOutputs.get(cell);
  if (!calls) ctx.cellOutputs.set(cell, (calls = []));
  calls.push(made);
  while (calls.length > SUPERSEDED_AFTER) for (const t of calls.shift()!) offload(t);
}

/** Asks for `t`'s device copy to go, its value kept on the host (nothing to do for data already gone). */
function offload(t: Tensor): void {
  const d = t.data_;
  // a Parameter's, data already asked to go, data only on the host (released data is that too)
  if (d.persistent || d.releaseKind !== null || (d.buffer === null && d.producer === null)) return;
  d.hostLayout = { dtype: t.dtype, size: sizeOf(t.shape) };
  requestRelease(d, 'a superseded Cell output', 'host');
}
