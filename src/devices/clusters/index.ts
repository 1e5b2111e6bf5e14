/**
 * The built-in cluster presets: `atlas800-910`, `atlas800t-a2`, `dgx-a100`, `dgx-h100`.
 * @module
 */
import type { runtime } from '../kit.js';
import { atlas800910, atlas800tA2, cpuHosts, dgxA100, dgxH100 } from './presets.js';

export { atlas800910, atlas800tA2, cpuHosts, dgxA100, dgxH100 } from './presets.js';

/** Registers the cluster presets. */
export function registerBuiltinClusters(registry: runtime.ClusterRegistry): void {
  for (const spec of [atlas800910, atlas800tA2, dgxA100, dgxH100, cpuHosts]) registry.add(spec);
}
