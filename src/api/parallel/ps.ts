/**
 * A worker's side of parameter-server training, as r1.5's optimizers do it for Parameters with
 * `setParamPs()` (`nn/optim/momentum.py`, `adam.py`: `_ps_pull(_ps_push(...), weight)`): instead of
 * updating the Parameter locally, Push its gradient and the optimizer's values to the Parameter's
 * server, Pull the updated weight back and write it into the Parameter. The server side is the
 * launch's {@link ParameterServerHub}.
 * @module
 */
import { DTYPES, kernelRegistry, type KernelDef } from '../../kernels/index.js';
import type { PsSlot } from '../../runtime/index.js';
import { currentContext } from '../execution-context.js';
import { record } from '../graph/executor.js';
import { Assign } from '../ops/index.js';
import type { Parameter } from '../parameter.js';
import type { Tensor } from '../tensor.js';

/** The server kernels r1.5 supports, with each input's slot and the outputs written back. */
const SERVER_UPDATES: Readonly<Record<string, { slots: readonly PsSlot[]; updates: readonly number[] }>> = Object.freeze({
  ApplyMomentum: { slots: ['weight', 'state', 'pushed', 'gradient', 'pushed'], updates: [0, 1] },
  Adam: { slots: ['weight', 'state', 'state', 'pushed', 'pushed', 'pushed', 'pushed', 'pushed', 'pushed', 'gradient'], updates: [0, 1, 2] },
});

/**
 * @internal when `param` lives on a parameter server (set with setParamPs, in a launched worker with
 * servers), records its Push and Pull and the write of the pulled weight, and returns the Parameter's
 * handle after it; otherwise null (the caller updates it locally). `values`: the kernel's inputs that
 * are neither the weight nor its state, in the kernel's order.
 */
export function updateOnServer(param: Parameter, kernelName: 'ApplyMomentum' | 'Adam', attrs: object, values: readonly Tensor[]): Tensor | null {
  const ctx = currentContext();
  const ps = ctx.ps;
  if (!param.isParamPs || !ps.hub || ps.role !== 'MS_WORKER') return null;
  const { slots, updates } = SERVER_UPDATES[kernelName]!;
  const kernel = kernelRegistry.find('*', kernelName) as KernelDef<never>;
  const key = ps.keyOf(param);
  const valueSlots = slots.filter((s) => s === 'gradient' || s === 'pushed');
  const gradient = values[valueSlots.indexOf('gradient')]!;
  const pushed = values.filter((_, i) => valueSlots[i] === 'pushed');
  const update = { kernel, attrs, slots, updates };
  const weight = { shape: [...param.shape], dtype: param.dtype };
  const bytes = [gradient, ...pushed].reduce((b, t) => b + t.size * t.dtype.itemsize, 0);
  const [sent] = record('Push', [gradient, ...pushed, param], {
    kernel: null,
    action: 'collective',
    outputs: [{ shape: [], dtype: DTYPES.int32 }],
    collective: { hub: ps.hub, rank: ps.worker, call: { op: 'Push', key, update, weight, bytes } },
  });
  const [pulled] = record('Pull', [sent!], {
    kernel: null,
    action: 'collective',
    outputs: [{ shape: [...param.shape], dtype: param.dtype }],
    collective: { hub: ps.hub, rank: ps.worker, call: { op: 'Pull', key, update, weight, bytes: 0 } },
  });
  return Assign()(param, pulled!);
}
