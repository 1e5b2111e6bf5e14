/**
 * The built-in device models: one folder each. Adding a device is a folder and one line here.
 * @module
 */
import type { runtime } from './kit.js';
import { registerAscend } from './ascend/index.js';
import { registerGpu } from './gpu/index.js';
import { registerCpu } from './cpu/index.js';
import { registerNull } from './null/index.js';

export { AscendDevice, ascend910, ascend910b } from './ascend/index.js';
export { GpuDevice, v100, a100, h100, h200 } from './gpu/index.js';
export { cpu } from './cpu/index.js';
export { nullDevice } from './null/index.js';
export { registerBuiltinClusters, atlas800910, atlas800tA2, dgxA100, dgxH100 } from './clusters/index.js';

/** Registers every built-in family and preset into a registry. */
export function registerBuiltinDevices(registry: runtime.DeviceRegistry): void {
  registerAscend(registry);
  registerGpu(registry);
  registerCpu(registry);
  registerNull(registry);
}
