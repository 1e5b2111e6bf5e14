/**
 * What the tests against MindSpore's fixtures (test/fixtures/*.json, scripts/gen_mindspore_fixtures.py)
 * share: float32 tensors from a fixture's flat values, a tensor's values back, and the distance between
 * two value lists in float32 ulps of the expected list's scale.
 */
import { ExecutionContext, Tensor, np, type Tensor as T } from '../../src/index.js';

/** A float32 tensor of `shape` from a fixture's flat values. */
export const tensor = (v: number[], shape: number[]): T => new Tensor(np.array(v, 'float32').reshape(shape));

/** A float32 tensor's values (read back from the device). */
export const values = (x: T): number[] => Array.from(x.asnumpy().data as Float32Array);

/** The largest difference of `got` from `want`, in float32 ulps at `want`'s largest magnitude (0 when equal). */
export function ulpsOfScale(got: readonly number[], want: readonly number[]): number {
  const scale = Math.max(...want.map(Math.abs), 1e-30);
  const ulp = 2 ** (Math.floor(Math.log2(scale)) - 23);
  return Math.max(0, ...got.map((g, i) => Math.abs(g - want[i]!) / ulp));
}

/** Every device target and mode a fixture test checks. */
export const TARGETS_AND_MODES = (['CPU', 'GPU', 'Ascend'] as const).flatMap((deviceTarget) => (['PYNATIVE_MODE', 'GRAPH_MODE'] as const).map((mode) => ({ deviceTarget, mode })));

/** Runs `fn` once per device target and mode, each in a fresh ExecutionContext. */
export function onEveryTarget(fn: (deviceTarget: (typeof TARGETS_AND_MODES)[number]['deviceTarget'], mode: (typeof TARGETS_AND_MODES)[number]['mode']) => void): void {
  for (const { deviceTarget, mode } of TARGETS_AND_MODES) new ExecutionContext({ deviceTarget, mode }).run(() => fn(deviceTarget, mode));
}
