/**
 * The GPU family: presets `a100` (default), `v100`, `h100`, `h200` (fitted to measured timings), and {@link GpuDevice}.
 * @module
 */
import type { runtime } from '../kit.js';
import { GpuDevice } from './gpu-device.js';
import { a100, h100, h200, v100 } from './presets.js';

export { GpuDevice } from './gpu-device.js';
export { v100, a100, h100, h200 } from './presets.js';

/** Registers the family. */
export function registerGpu(registry: runtime.DeviceRegistry): void {
  registry.registerFamily('GPU', (spec, ordinal, host) => new GpuDevice(spec, ordinal, host), [v100, a100, h100, h200], 'a100');
}
