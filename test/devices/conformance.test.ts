/**
 * The conformance suite: the same runtime semantics checked on every built-in device preset.
 */
import t from 'tap';
import { DeadlockError, DeviceLostError, KernelFaultError, OutOfMemoryError } from '../../src/errors/index.js';
import { LAUNCH_QUEUE_DEPTH, copyTime, kernelTime, type TraceRecord, type WorkItem } from '../../src/runtime/index.js';
import { PRESETS, maxOverlap, platform, spans, throwsWhere } from './helpers.js';

t.ok(PRESETS.length >= 7, `presets: ${PRESETS.join(', ')}`);

for (const preset of PRESETS) {
  t.test(preset, async (t) => {
    t.test('a stream is FIFO: each item starts after the previous one ended, in submission order', async (t) => {
      const p = platform();
      const d = p.device(preset);
      const s = d.createStream();
      const ran: number[] = [];
      const items = [0, 1, 2, 3, 4].map((i) => d.launch(s, { name: `k${i}`, flops: (5 - i) * 1e9, run: () => void ran.push(i) }));
      d.synchronizeStream(s);
      for (let i = 1; i < items.length; i++) t.ok(items[i]!.begin >= items[i - 1]!.end, `k${i} after k${i - 1}`);
      t.same(ran, d.spec.computes ? [0, 1, 2, 3, 4] : [], 'arithmetic runs in stream order (not at all on the null device)');
      t.equal(items[0]!.end - items[0]!.begin, kernelTime(d.spec, 5e9, 0), 'a kernel takes launch + flops / peak');
    });

    t.test('work on different streams overlaps, up to the number of compute slots', async (t) => {
      const p = platform();
      const d = p.device(preset);
      const n = Math.min(d.spec.computeSlots + 3, 200);
      const streams = Array.from({ length: n }, () => d.createStream({ nonBlocking: true }));
      for (const s of streams) d.launch(s, { name: 'k', flops: 1e9 });
      d.synchronize();
      const overlap = maxOverlap(p.sim.records(), 'compute');
      t.equal(overlap, Math.min(n, d.spec.computeSlots), `${overlap} kernels at once`);
    });

    t.test('events: record, wait, query, synchronize', async (t) => {
      const p = platform();
      const d = p.device(preset);
      const s1 = d.createStream({ nonBlocking: true });
      const s2 = d.createStream({ nonBlocking: true });
      const e = d.createEvent();
      t.equal(d.queryEvent(e), true, 'a never-recorded event reads as complete');
      const long = d.launch(s1, { name: 'long', flops: 1e12 });
      const rec = d.recordEvent(e, s1);
      const wait = d.waitEvent(s2, e);
      const after = d.launch(s2, { name: 'after' });
      t.equal(d.queryEvent(e), false, 'recorded, not yet complete');
      d.synchronizeEvent(e);
      t.equal(d.queryEvent(e), true);
      t.ok(rec.begin >= long.end, 'the record completes after earlier work on its stream');
      d.synchronize();
      t.ok(wait.begin >= rec.end && after.begin >= wait.end, 'work after the wait starts after the record');
      const waitBegin = p.sim.records().find((r) => r.type === 'begin' && r.id === wait.id);
      t.equal(waitBegin && 'waitsOn' in waitBegin ? waitBegin.waitsOn : undefined, rec.id, 'the trace links the wait to its record');
    });

    t.test('copies: data arrives, time is latency + bytes / bandwidth, pageable copies are synchronous', async (t) => {
      const p = platform();
      const d = p.device(preset);
      const s = d.createStream();
      const host = p.allocateHost(4096, { pinned: true });
      host.typed(Float32Array).set(Array.from({ length: 1024 }, (_, i) => i));
      const dev = d.allocate(4096);
      const back = p.allocateHost(4096, { pinned: true });
      const h2d = d.copyAsync(dev, host, s);
      t.equal(h2d.finished, false, 'a copy from pinned memory returns at once');
      const d2h = d.copyAsync(back, dev, s);
      d.synchronizeStream(s);
      const bandwidth = d.spec.sharesHostMemory ? d.spec.memoryBandwidth : d.spec.hostLinkBandwidth;
      t.equal(h2d.end - h2d.begin, copyTime(d.spec, 4096, bandwidth));
      t.ok(d2h.begin >= h2d.end);
      if (d.spec.computes) t.equal(back.typed(Float32Array)[1023], 1023, 'the data made the round trip');
      const pageable = p.allocateHost(4096);
      const sync = d.copyAsync(dev, pageable, s);
      t.equal(sync.finished, d.spec.sharesHostMemory ? false : true, 'a pageable host copy has finished when copyAsync returns');
      d.synchronize();
    });

    t.test('capacity: out-of-memory names the device, the request and the usage; free returns it all', async (t) => {
      const p = platform({ hostMemoryBytes: 2 ** 31 });
      const d = p.device(preset);
      const space = d.memory;
      const before = space.used;
      const a = d.allocate(1000);
      t.ok(space.used > before);
      throwsWhere(t, () => d.allocate(space.capacity), (e) => {
        return e instanceof OutOfMemoryError && e.message.startsWith(`${space.name} out of memory: requested`) && e.message.includes('in use');
      }, 'out of memory');
      d.free(a);
      t.equal(space.used, before, 'no leak after free');
      t.equal(space.allocations, 0);
      t.throws(() => d.free(a), /already freed/);
    });

    t.test('a failing kernel is sticky on its stream, surfaces at synchronisation, and reset recovers', async (t) => {
      const p = platform();
      const d = p.device(preset);
      const s = d.createStream({ nonBlocking: true });
      const other = d.createStream({ nonBlocking: true });
      const host = p.allocateHost(64, { pinned: true });
      host.typed(Float32Array).fill(7);
      d.injectFault({ kind: 'kernel', op: 'bad' });
      const ran: string[] = [];
      d.launch(s, { name: 'good', run: () => void ran.push('good') });
      d.launch(s, { name: 'bad', run: () => void ran.push('bad') });
      const later = d.launch(s, { name: 'later', run: () => void ran.push('later') });
      d.launch(other, { name: 'elsewhere', run: () => void ran.push('elsewhere') });
      throwsWhere(t, () => d.synchronizeStream(s), (e) => e instanceof KernelFaultError && /bad failed on .* stream \d/.test(e.message) && e.message.includes(d.name), 'the fault surfaces at synchronisation');
      t.ok(later.error instanceof KernelFaultError && later.error.message.includes('bad failed'), 'later work on the stream fails with the same error');
      d.synchronizeStream(other);
      if (d.spec.computes) t.same(ran, ['good', 'elsewhere'], 'the failed and later kernels did not run; the other stream did');
      t.equal(host.typed(Float32Array)[0], 7, 'host data intact');
      t.throws(() => d.synchronizeStream(s), KernelFaultError, 'the error stays until reset');
      d.reset();
      const ok = d.launch(s, { name: 'after reset' });
      d.synchronizeStream(s);
      t.equal(ok.error, null);
    });

    t.test('a failing copy and a lost device', async (t) => {
      const p = platform();
      const d = p.device(preset);
      const s = d.createStream();
      const host = p.allocateHost(64, { pinned: true });
      const dev = d.allocate(64);
      d.injectFault({ kind: 'copy' });
      d.copyAsync(dev, host, s);
      t.throws(() => d.synchronizeStream(s), /copy .* failed on .*injected copy fault/);
      d.reset();
      d.injectFault({ kind: 'device-lost', at: p.sim.now() + 5000 });
      d.launch(s, { name: 'long', flops: 1e15 });
      t.throws(() => d.synchronize(), DeviceLostError);
      t.equal(d.lost, true);
      t.throws(() => d.launch(s, { name: 'x' }), DeviceLostError);
      t.throws(() => d.allocate(64), DeviceLostError);
      d.reset();
      t.equal(d.lost, false);
      d.launch(s, { name: 'x' });
      d.synchronize();
      t.pass('the device works again after reset');
    });

    t.test('determinism: the same program and seed give a byte-identical trace', async (t) => {
      const program = (seed: number): string => {
        const p = platform({ tieBreakSeed: seed });
        const d = p.device(preset);
        const streams = [d.createStream(), d.createStream({ nonBlocking: true }), d.createStream()];
        const e = d.createEvent();
        for (let i = 0; i < 12; i++) {
          const s = streams[i % 3]!;
          d.launch(s, { name: `k${i}`, flops: (i % 4) * 1e9 });
          if (i === 5) d.recordEvent(e, s);
          if (i === 8) d.waitEvent(s, e);
        }
        d.synchronize();
        return JSON.stringify(p.sim.records());
      };
      t.equal(program(1), program(1));
      t.equal(program(2), program(2));
    });

    t.test('waits that can never be satisfied are reported as deadlocks, never hang', async (t) => {
      const p = platform();
      const d = p.device(preset);
      const a = d.createStream({ nonBlocking: true });
      const b = d.createStream({ nonBlocking: true });
      const e1 = d.createEvent();
      const e2 = d.createEvent();
      d.waitEvent(a, e2);
      d.recordEvent(e1, a);
      d.waitEvent(b, e1);
      d.recordEvent(e2, b);
      if (d.spec.eventWait === 'pending') {
        throwsWhere(t, () => d.synchronize(), (err) => {
          const m = (err as Error).message;
          return err instanceof DeadlockError && m.includes('cycle') && m.includes(`${d.name} stream ${a.id}`) && m.includes(`${d.name} stream ${b.id}`) && /event e\d/.test(m);
        }, 'a wait cycle is a deadlock naming both streams and the events');
        const p2 = platform();
        const d2 = p2.device(preset);
        const s = d2.createStream();
        d2.waitEvent(s, d2.createEvent());
        t.throws(() => d2.synchronizeStream(s), /waits for event e1, which is never recorded/);
      } else {
        d.synchronize();
        t.pass('with CUDA semantics a wait on a not-yet-recorded event does not wait');
      }
    });

    t.test('a full launch queue blocks the host until the device has worked it down to half', async (t) => {
      const p = platform();
      const d = p.device(preset);
      const s = d.createStream({ nonBlocking: true });
      const items: WorkItem[] = [];
      for (let i = 0; i < LAUNCH_QUEUE_DEPTH; i++) items.push(d.launch(s, { name: `k${i}`, flops: 1e6 * (1 + (i % 3)) }));
      t.equal(p.sim.now(), 0, 'a queue of launches costs the host no simulated time');
      t.equal(items.filter((w) => w.finished).length, 0);
      items.push(d.launch(s, { name: 'next', flops: 1e6 }));
      const done = items.filter((w) => w.finished).length;
      t.ok(p.sim.now() > 0 && done >= LAUNCH_QUEUE_DEPTH / 2 && done < LAUNCH_QUEUE_DEPTH, `the host waited for ${done} items`);
      d.synchronize();
      t.ok(items.every((w, i) => i === 0 || w.begin === items[i - 1]!.end), 'the stream ran back to back, as with an unbounded queue');
      if (d.spec.eventWait === 'pending') {
        const q = platform().device(preset);
        const blocked = q.createStream({ nonBlocking: true });
        q.waitEvent(blocked, q.createEvent());
        throwsWhere(t, () => {
          for (let i = 0; i < LAUNCH_QUEUE_DEPTH; i++) q.launch(blocked, { name: 'k', flops: 1 });
        }, (err) => err instanceof DeadlockError && (err as Error).message.includes(`launch queue of ${q.name} stream ${blocked.id}`), 'a full queue behind a wait that never ends is a deadlock, not a hang');
      }
    });

    t.test('a descriptor\'s run and timed are called as its methods (a class can be its own descriptor)', async (t) => {
      class Op {
        readonly name = 'own';
        readonly flops = 1e6;
        calls: string[] = [];
        run(): boolean {
          this.calls.push('run');
          return false;
        }
        timed(): void {
          this.calls.push('timed');
        }
      }
      const computing = new Op();
      const d = platform().device(preset);
      d.launch(d.defaultStream, computing);
      d.synchronize();
      t.strictSame(computing.calls, d.spec.computes ? ['run'] : ['timed']);
      const timing = new Op();
      const q = platform({ timingOnly: true }).device(preset);
      q.launch(q.defaultStream, timing);
      q.synchronize();
      t.strictSame(timing.calls, ['timed'], 'timing-only: timed, with `this` the descriptor');
    });

    t.test('timing-only mode keeps costs and order but skips arithmetic and data', async (t) => {
      const p = platform({ timingOnly: true });
      const d = p.device(preset);
      let ran = false;
      const k = d.launch(d.defaultStream, { name: 'k', flops: 1e9, run: () => void (ran = true) });
      const dev = d.allocate(1 << 20);
      const host = p.allocateHost(1 << 20, { pinned: true });
      d.copyAsync(dev, host, d.defaultStream);
      d.synchronize();
      t.equal(ran, false);
      t.equal(k.end - k.begin, kernelTime(d.spec, 1e9, 0));
      t.equal(dev.materialised, false, 'no data buffer was created');
      const records: TraceRecord[] = p.sim.records();
      t.ok(spans(records).size >= 2);
    });
  });
}
