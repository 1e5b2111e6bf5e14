/**
 * The null device: accepts everything, computes nothing (kernels' arithmetic and copies' data movement
 * are skipped), with small fixed latencies so that traces still show order and overlap. For tests of
 * everything but numerics, and for measuring the simulator itself.
 * @module
 */
import { runtime } from '../kit.js';

/** The null device. */
export const nullDevice: runtime.DeviceSpec = {
  preset: 'null',
  kind: 'Null',
  description: 'a device that accepts everything and computes nothing',
  computeSlots: 1024,
  copyEngines: { h2d: 4, d2h: 4, d2d: 4 },
  memoryBytes: 2 ** 50,
  memoryBandwidth: 1e15,
  peakFlops: { default: 1e18 },
  hostLinkBandwidth: 1e15,
  deviceLinkBandwidth: 1e15,
  latency: { launch: 1000, copy: 1000, event: 0, sync: 0 },
  overflowMode: 'ieee',
  floatStatusRegister: false,
  maxEvents: Infinity,
  eventWait: 'captured',
  legacyDefaultStream: false,
  allocationAlignment: 64,
  copyAlignment: 1,
  sharesHostMemory: false,
  computes: false,
};

/** Registers the family. */
export function registerNull(registry: runtime.DeviceRegistry): void {
  registry.registerFamily('Null', (spec, ordinal, host) => new runtime.Device(spec, ordinal, host), [nullDevice]);
}
