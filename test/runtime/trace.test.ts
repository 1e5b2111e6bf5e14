import t from 'tap';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { Tensor, getPlatform, getSimulator, np, ops, resetPlatform, setContext } from '../../src/index.js';
import { TraceRecorder, type ChromeTraceEvent, type TraceRecord } from '../../src/runtime/index.js';
import { workRecord, type AccessList, type AccessSource, type WorkEntry } from '../../src/runtime/trace/recorder.js';
import { assertProperty } from '../helpers/property.js';
import { platform } from '../devices/helpers.js';

function sampleProgram(p = platform()) {
  const npu = p.device('Ascend:0');
  const gpu = p.device('GPU:0');
  const s1 = npu.createStream();
  const s2 = npu.createStream();
  const e = npu.createEvent();
  const host = p.allocateHost(1 << 16, { pinned: true });
  const dev = npu.allocate(1 << 16);
  npu.copyAsync(dev, host, s1);
  npu.launch(s1, { name: 'MatMul', flops: 2e9, run: () => true });
  npu.recordEvent(e, s1);
  npu.waitEvent(s2, e);
  npu.launch(s2, { name: 'Add', flops: 1e6 });
  gpu.launch(gpu.defaultStream, { name: 'Conv2D', flops: 5e9 });
  npu.synchronize();
  gpu.synchronize();
  return p;
}

t.test('Chrome trace: named processes and threads, slices that nest per thread, matched flows', async (t) => {
  const trace = sampleProgram().sim.chromeTrace();
  const ev = trace.traceEvents;
  t.equal(JSON.parse(JSON.stringify(trace)).traceEvents.length, ev.length, 'plain JSON');
  const procs = new Map(ev.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => [e.pid, (e.args as { name: string }).name]));
  t.same([...procs.values()].sort(), ['Ascend:0', 'GPU:0', 'host']);
  const threads = new Set(ev.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => `${e.pid}/${e.tid}`));
  const slices = ev.filter((e) => e.ph === 'X');
  t.same(slices.filter((e) => e.pid !== 0).map((e) => e.name).sort(), ['Add', 'Conv2D', 'MatMul', 'copy H2D', 'record e1', 'wait e1']);
  for (const s of slices) {
    t.ok(s.ts! >= 0 && s.dur! >= 0, `${s.name} has a time and a duration`);
    if (s.pid !== 0) t.ok(threads.has(`${s.pid}/${s.tid}`), `${s.name} is on a named thread`);
  }
  const byThread = new Map<string, ChromeTraceEvent[]>();
  for (const s of slices) byThread.set(`${s.pid}/${s.tid}`, [...(byThread.get(`${s.pid}/${s.tid}`) ?? []), s]);
  for (const [key, list] of byThread) {
    list.sort((a, b) => a.ts! - b.ts!);
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1]!;
      const b = list[i]!;
      const nested = b.ts! + b.dur! <= a.ts! + a.dur!;
      t.ok(b.ts! >= a.ts! + a.dur! || nested, `slices on ${key} are disjoint or nested`);
    }
  }
  const starts = ev.filter((e) => e.ph === 's');
  const finishes = ev.filter((e) => e.ph === 'f');
  t.equal(starts.length, 1);
  t.same(starts.map((e) => e.id), finishes.map((e) => e.id), 'each flow start has its finish');
  const inside = (p: ChromeTraceEvent, name: string) =>
    slices.some((s) => s.pid === p.pid && s.tid === p.tid && s.name === name && s.ts! <= p.ts! && p.ts! <= s.ts! + s.dur!);
  t.ok(inside(starts[0]!, 'record e1'), 'the arrow leaves the record');
  t.ok(inside(finishes[0]!, 'wait e1'), 'and lands on the wait');
  t.ok(ev.some((e) => e.ph === 'i' && e.name === 'float status set'), 'the register set is marked');
  t.ok(ev.some((e) => e.ph === 'C'), 'memory counters');
  t.ok(slices.some((e) => e.pid === 0 && e.name.startsWith('synchronize')), 'host synchronisation on the host thread');
});

t.test('terminal timeline: one lane per device stream', async (t) => {
  const text = sampleProgram().sim.timeline({ width: 60 });
  const lines = text.split('\n');
  t.match(lines[0], /^\s+0ns\s+\d/);
  t.same(lines.slice(1).map((l) => l.split('|')[0]!.trim()), ['Ascend:0 s1', 'Ascend:0 s2', 'GPU:0 s0']);
  t.ok(lines.every((l, i) => i === 0 || l.endsWith('|')));
  t.match(text, /\[Conv2D-*\]/, "ops are named where they fit");
  t.match(text, /!/, 'the overflow mark');
});

t.test('recording is bounded: long runs keep only the newest records', async (t) => {
  const p = platform({ record: 500, timingOnly: true });
  const d = p.device('Null');
  for (let i = 0; i < 20000; i++) d.launch(d.defaultStream, { name: 'k' });
  d.synchronize();
  const records = p.sim.records();
  t.equal(records.length, 500);
  t.equal(records[records.length - 1]!.type, 'sync');
});

t.test('the columnar recorder gives back exactly the records a subscriber saw (the newest `record` of them)', async (t) => {
  for (const record of [Infinity, 100_000, 37, 1]) {
    resetPlatform({ record });
    setContext({ deviceTarget: 'GPU', mode: 'PYNATIVE_MODE' });
    const seen: TraceRecord[] = [];
    const subscription = getSimulator().trace$.subscribe((r) => seen.push(r));
    const x = new Tensor(np.arange(6).astype('float32').reshape([2, 3]));
    let y = ops.Mul()(x, x);
    for (let i = 0; i < 30; i++) y = ops.AddN()([y, x, ops.Add()(y, x)]);
    y.asnumpy();
    subscription.unsubscribe();
    const kept = getSimulator().records();
    t.ok(seen.length > 200, `${seen.length} records seen`);
    t.strictSame(kept, seen.slice(Number.isFinite(record) ? -record : 0), `record: ${record}`);
  }
  resetPlatform();
});

t.test('the recorder keeps deps, memory ranges and names of any count through ring wrap-around, chunk reuse, pool growth and clear', async (t) => {
  // names are codes into the recorder's table: one name in several roles, the empty name and new names all come back
  const name = fc.oneof(fc.constantFrom('GPU:0', 'Ascend:1', 'host', 'Add', ''), fc.string({ maxLength: 4 }));
  const space = (n: number) => ({ name: ['space0', 'host', 'GPU:0', ''][n]! });
  const access = fc.record({ space: fc.integer({ min: 0, max: 3 }).map(space), address: fc.nat(1 << 20), byteLength: fc.nat(4096) });
  const accesses = fc.oneof(fc.constant(null), access, fc.array(access, { maxLength: 40 }));
  const work = fc.record({
    type: fc.constantFrom('submit', 'begin', 'end'),
    time: fc.nat(),
    device: name,
    stream: fc.nat(8),
    id: fc.nat(),
    op: fc.oneof(fc.constantFrom('Add', 'copy H2D', 'record e3'), name),
    work: fc.constantFrom('kernel', 'copy', 'record', 'wait', 'register', 'collective'),
    engine: fc.constantFrom(undefined, 'compute', 'h2d', 'd2h', 'd2d'),
    bytes: fc.option(fc.nat(), { nil: undefined }),
    status: fc.constantFrom(undefined, 'ok', 'failed'),
    waitsOn: fc.option(fc.nat(), { nil: undefined }),
    deps: fc.oneof(fc.constant(null), fc.array(fc.record({ id: fc.nat() }), { maxLength: 30 })),
    reads: accesses,
    writes: accesses,
  }) as fc.Arbitrary<WorkEntry>;
  const memory = fc.record({ type: fc.constantFrom('alloc' as const, 'free' as const), time: fc.nat(), space: name, address: fc.nat(), bytes: fc.nat(), used: fc.nat() });
  const mark = fc.record({ type: fc.constant('mark' as const), time: fc.nat(), label: fc.string() });
  // a work entry's ranges as lists, or listed by their holder (an AccessList, as op nodes give them): the same records
  const listedBy = (e: WorkEntry): WorkEntry => {
    const list = (a: WorkEntry['reads']): readonly AccessSource[] | null => (a === null ? null : Array.isArray(a) ? (a as readonly AccessSource[]) : [a as AccessSource]);
    const reads = list(e.reads), writes = list(e.writes);
    const access: AccessList = { readCount: reads ? reads.length : -1, writeCount: writes ? writes.length : -1, readAt: (i) => reads![i]!, writeAt: (i) => writes![i]! };
    return { ...e, reads: null, writes: null, access };
  };
  const entry = fc.oneof({ weight: 8, arbitrary: fc.tuple(work, fc.boolean()).map(([e, listed]) => ({ e, listed })) }, { weight: 2, arbitrary: memory.map((m) => ({ m })) }, { weight: 2, arbitrary: mark.map((k) => ({ k })) }, { weight: 1, arbitrary: fc.constant({ clear: true as const }) });
  assertProperty(
    t,
    'recorder',
    fc.property(fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constant(Infinity)), fc.constantFrom(1, 2, 3, 7, 8192), fc.array(entry, { maxLength: 300 }), (capacity, chunkSlots, entries) => {
      const recorder = new TraceRecorder(capacity, chunkSlots);
      let expected: TraceRecord[] = [];
      for (const x of entries) {
        if ('clear' in x) {
          recorder.clear();
          expected = [];
        } else if ('e' in x) {
          const given = x.listed ? listedBy(x.e) : x.e;
          if (!isDeepStrictEqual(workRecord(given), workRecord(x.e))) return false; // what a subscriber gets
          recorder.addWork(given);
          expected.push(workRecord(x.e));
        } else if ('m' in x) {
          recorder.add({ ...x.m });
          expected.push({ ...x.m });
        } else {
          recorder.add({ ...x.k });
          expected.push({ ...x.k });
        }
      }
      const kept = expected.slice(Number.isFinite(capacity) ? -capacity : 0);
      return isDeepStrictEqual(recorder.records(), kept) && recorder.dropped === expected.length - kept.length;
    }),
    150,
  );
  // tens of thousands of ranges (rows once counted them in 16 bits): the pool holds them all
  const many = Array.from({ length: 70_000 }, (_, i): AccessSource => ({ space: { name: 'GPU:0' }, address: 64 * i, byteLength: 64 }));
  const wide: WorkEntry = { type: 'submit', time: 3, device: 'GPU:0', stream: 1, id: 9, op: 'AllGather', work: 'collective', engine: undefined, bytes: undefined, status: undefined, waitsOn: undefined, deps: [{ id: 4 }], reads: many, writes: many.slice(0, 3) };
  const wideRecorder = new TraceRecorder(10, 2);
  wideRecorder.addWork({ ...wide, time: 1, reads: null, writes: null });
  wideRecorder.addWork(wide);
  wideRecorder.addMemory('alloc', 4, 'GPU:0', 128, 64, 64);
  const wideKept = wideRecorder.records();
  t.strictSame(wideKept[1], workRecord(wide), '70,000 reads come back');
  t.equal(wideKept.length, 3);
  t.equal(wideKept[2]!.type, 'alloc');
  const single: AccessSource = { space: { name: 'host' }, address: 64, byteLength: 8 };
  t.strictSame(workRecord({ type: 'submit', time: 1, device: 'd', stream: 0, id: 2, op: 'copy', work: 'copy', engine: 'h2d', bytes: undefined, status: undefined, waitsOn: undefined, deps: [], reads: single, writes: [single] }).reads, [{ space: 'host', address: 64, bytes: 8 }]);
});

t.test('nothing is recorded or built when no one listens', async (t) => {
  const p = platform({ record: 0 });
  const d = p.device('GPU:0');
  d.launch(d.defaultStream, { name: 'k' });
  d.synchronize();
  t.same(p.sim.records(), []);
  t.same(p.sim.chromeTrace().traceEvents.length, 2, "only the host's process and thread names");
});

t.test('getSimulator(): the current context’s simulator with now(), trace$ and chromeTrace()', async (t) => {
  resetPlatform();
  const sim = getSimulator();
  t.equal(sim.now(), 0);
  const seen: TraceRecord[] = [];
  const sub = sim.trace$.subscribe((r) => seen.push(r));
  const npu = getPlatform().device('Ascend:0');
  npu.launch(npu.defaultStream, { name: 'Add', flops: 1e6 });
  npu.synchronize();
  sub.unsubscribe();
  t.ok(sim.now() > 0);
  t.same([...new Set(seen.map((r) => r.type))].sort(), ['begin', 'end', 'submit', 'sync']);
  t.ok(sim.chromeTrace().traceEvents.some((e) => e.name === 'Add'), 'the context records by default (bounded)');
  t.not(resetPlatform().sim, sim, 'resetPlatform starts a fresh machine');
});
