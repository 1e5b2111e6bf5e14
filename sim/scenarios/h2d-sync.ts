/**
 * `h2d-sync`: host-device synchronisation. `isInit` stays false after a GRAPH_MODE run on every
 * target (only a GE build's init graph sets it; r1.5's packages run the `ms` backend); pinned copies run asynchronously while pageable ones block the host; copies on one
 * stream and kernels on another overlap, on one stream they queue.
 * @module
 */
import { Parameter, Tensor, getSimulator, ops, resetPlatform, runtime, setContext } from '../../src/index.js';
import { DEVICES, table, targetOf, type Scenario } from './scenario.js';

/** The h2d-sync result (times in simulated ns). */
export interface H2dResult {
  readonly device: string;
  /** isInit before and after the first GRAPH_MODE run that uses the Parameter, per device. */
  readonly isInit: readonly { device: string; before: boolean; after: boolean }[];
  readonly copyBytes: number;
  /** Host time spent in the call, and when the copy finished, for each kind of host memory. */
  readonly copies: readonly { memory: 'pinned' | 'pageable'; hostBlockedNs: number; copyDoneNs: number }[];
  /** Makespan of `chunks` copy+kernel pairs on one stream and on two. */
  readonly overlap: { readonly chunks: number; readonly oneStreamNs: number; readonly twoStreamsNs: number };
}

function isInitOn(device: string): { device: string; before: boolean; after: boolean } {
  resetPlatform();
  setContext({ deviceTarget: targetOf(device), device, mode: 'GRAPH_MODE' });
  const p = new Parameter(new Tensor([1, 2, 3], 'float32'), 'w');
  const before = p.isInit;
  ops.Add()(p, 1).asnumpy();
  return { device, before, after: p.isInit };
}

/** The scenario. */
export const h2dSyncScenario: Scenario<H2dResult> = {
  name: 'h2d-sync',
  description: 'isInit after a GRAPH_MODE run (false: no GE init graph in r1.5 packages), pinned vs pageable copies, compute/copy overlap on several streams',
  parameters: [
    { name: 'device', description: 'device preset for the copies', kind: 'string', choices: DEVICES.filter((d) => !runtime.defaultRegistry.preset(d)!.sharesHostMemory), default: 'ascend910' },
    { name: 'mb', description: 'megabytes per copy', kind: 'number', minExclusive: 0, max: 16384, default: 64 },
    { name: 'chunks', description: 'copy + kernel pairs in the overlap run', kind: 'number', integer: true, default: 8 },
  ],
  run(p, progress) {
    const device = String(p.device);
    const bytes = Math.round(Number(p.mb) * 2 ** 20);
    const isInit = ['ascend910', 'v100'].map(isInitOn);
    progress?.(0.3, 'isInit');
    // timing-only: shapes and simulated time without moving the bytes
    const platform = resetPlatform({ record: Infinity, timingOnly: true });
    const dev = platform.device(`${device}:0`);
    const sim = getSimulator();
    sim.mark('pinned, then pageable copy');
    const copies = (['pinned', 'pageable'] as const).map((memory) => {
      const host = platform.allocateHost(bytes, { pinned: memory === 'pinned' });
      const target = dev.allocate(bytes);
      const start = sim.now();
      const item = dev.copyAsync(target, host, dev.defaultStream);
      const hostBlockedNs = sim.now() - start;
      dev.synchronize();
      return { memory, hostBlockedNs, copyDoneNs: item.end - start };
    });
    progress?.(0.6, 'copies');
    const chunks = Number(p.chunks);
    // the overlap runs on this machine too (after the copies), so --trace and --svg show them
    const makespan = (streams: number): number => {
      sim.mark(streams === 1 ? 'copy + MatMul on one stream' : 'copies || MatMuls on two streams');
      const d = dev;
      const copyStream = d.createStream({ nonBlocking: true });
      const computeStream = streams === 1 ? copyStream : d.createStream({ nonBlocking: true });
      const chunkBytes = Math.max(1, Math.floor(bytes / chunks));
      const host = platform.allocateHost(chunkBytes, { pinned: true });
      // a kernel as long as a chunk's copy: the case overlap helps most
      const copyNs = runtime.copyTime(d.spec, chunkBytes, d.spec.hostLinkBandwidth);
      const flops = ((copyNs - d.spec.latency.launch) / runtime.kernelTime(d.spec, 1e12, 0)) * 1e12;
      const t0 = sim.now();
      for (let k = 0; k < chunks; k++) {
        d.copyAsync(d.allocate(chunkBytes), host, copyStream);
        if (streams > 1) {
          // chunk k's kernel waits for chunk k's copy, and only for it
          const arrived = d.createEvent();
          d.recordEvent(arrived, copyStream);
          d.waitEvent(computeStream, arrived);
        }
        d.launch(computeStream, { name: 'MatMul', flops });
      }
      d.synchronize();
      return sim.now() - t0;
    };
    const overlap = { chunks, oneStreamNs: makespan(1), twoStreamsNs: makespan(2) };
    progress?.(1, 'overlap');
    return { device, isInit, copyBytes: bytes, copies, overlap };
  },
  format(r) {
    const us = (ns: number) => `${(ns / 1e3).toFixed(1)} us`;
    return [
      'h2d-sync: host-device synchronisation',
      '',
      table(['device', 'isInit before', 'after a GRAPH_MODE run'], r.isInit.map((x) => [x.device, String(x.before), String(x.after)])),
      "(only a GE build's init graph sets isInit; r1.5's Ascend, GPU and CPU packages run the ms backend)",
      '',
      table(['host memory', `host blocked (${r.copyBytes / 2 ** 20} MB H2D on ${r.device})`, 'copy done after'], r.copies.map((c) => [c.memory, us(c.hostBlockedNs), us(c.copyDoneNs)])),
      '',
      table(['streams', `${r.overlap.chunks} x (copy + MatMul)`], [['one', us(r.overlap.oneStreamNs)], ['two (copy || compute)', us(r.overlap.twoStreamsNs)]]),
      `overlap saves ${(100 * (1 - r.overlap.twoStreamsNs / r.overlap.oneStreamNs)).toFixed(0)}% of the time`,
    ].join('\n');
  },
};
