/**
 * The Ascend family: presets `ascend910` (default) and `ascend910b`, and {@link AscendDevice}.
 * @module
 */
import type { runtime } from '../kit.js';
import { AscendDevice } from './ascend-device.js';
import { ascend910, ascend910b } from './presets.js';

export { AscendDevice } from './ascend-device.js';
export { ascend910, ascend910b } from './presets.js';

/** Registers the family. */
export function registerAscend(registry: runtime.DeviceRegistry): void {
  registry.registerFamily('Ascend', (spec, ordinal, host) => new AscendDevice(spec, ordinal, host), [ascend910, ascend910b]);
}
