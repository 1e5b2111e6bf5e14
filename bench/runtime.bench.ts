/**
 * Simulated kernel launches per wall second (timing-only mode, null kernels on the null device):
 * one stream; four streams joined by events; and one stream with a trace subscriber.
 * Baseline in the same run: one push and pop of the bare event queue per launch (the floor).
 * For scale: SimPy manages ~240k events/s; an RxJS Subject delivers ~27M values/s on this machine.
 */
import { runtime, devices } from '../src/index.js';
import { type GroupResult, runGroup } from './harness.js';

const N = 20000;

function nullPlatform(): runtime.Platform {
  const registry = new runtime.DeviceRegistry();
  devices.registerBuiltinDevices(registry);
  return new runtime.Platform({ registry, timingOnly: true });
}

export function runtimeBenchmarks(): GroupResult[] {
  const queue = new runtime.EventQueue();
  const noop: runtime.Schedulable = { fire: () => {} };
  const oneStream = (subscribe: boolean) => () => {
    const p = nullPlatform();
    const sub = subscribe ? p.sim.trace$.subscribe(() => {}) : undefined;
    const d = p.device('Null');
    const s = d.createStream();
    for (let i = 0; i < N; i++) d.launch(s, { name: 'k' });
    d.synchronize();
    sub?.unsubscribe();
  };
  const fourStreams = () => {
    const p = nullPlatform();
    const d = p.device('Null');
    const streams = [d.createStream(), d.createStream(), d.createStream(), d.createStream()];
    const e = d.createEvent();
    for (let i = 0; i < N / 4; i++) {
      for (const s of streams) d.launch(s, { name: 'k' });
      if (i % 4 === 0) {
        d.recordEvent(e, streams[i % 3]!);
        d.waitEvent(streams[3]!, e);
      }
    }
    d.synchronize();
  };
  return [
    runGroup(`simulated launches, ${N} per run (timing-only, null kernels)`, 'launches', [
      {
        name: 'baseline: bare event queue push + pop',
        units: N,
        fn: () => {
          for (let i = 0; i < N; i++) queue.push(i, 0, 0, noop);
          while (queue.pop());
        },
      },
      { name: '1 stream', units: N, fn: oneStream(false) },
      { name: '4 streams with events', units: N, fn: fourStreams },
      { name: '1 stream, trace subscribed', units: N, fn: oneStream(true) },
    ]),
  ];
}
