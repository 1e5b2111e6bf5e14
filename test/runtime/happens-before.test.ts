/**
 * Happens-before from traces and the race finder: stream order, events (captured and pending waits),
 * the legacy default stream and host synchronisation order work; nothing else does.
 */
import t from 'tap';
import fc from 'fast-check';
import { ArgumentValueError, runtime } from '../../src/index.js';
import { assertProperty } from '../helpers/property.js';

const fresh = () => new runtime.Platform({ record: Infinity });

t.test('two streams writing one buffer without an event race; the event silences it', async (t) => {
  for (const withEvent of [false, true]) {
    const p = fresh();
    const gpu = p.device('GPU:0');
    const [s1, s2] = [gpu.createStream({ nonBlocking: true }), gpu.createStream({ nonBlocking: true })];
    const buf = gpu.allocate(256);
    gpu.launch(s1, { name: 'writeA', writes: [buf] });
    if (withEvent) {
      const e = gpu.createEvent();
      gpu.recordEvent(e, s1);
      gpu.waitEvent(s2, e);
    }
    gpu.launch(s2, { name: 'writeB', writes: [buf.view(128, 128)] });
    gpu.synchronize();
    const races = runtime.findRaces(p.sim.records());
    if (withEvent) t.same(races, [], 'with the event: no race');
    else {
      t.equal(races.length, 1);
      t.match(races[0]!.message, /race on GPU:0 memory at 0x[0-9a-f]+: writeA \(#\d+, GPU:0 stream 1\) writes it and writeB \(#\d+, GPU:0 stream 2\) writes it with nothing ordering them; record an event on stream 1 after writeA and wait for it on stream 2 before writeB/);
      t.same([races[0]!.first.op, races[0]!.second.op, races[0]!.address], ['writeA', 'writeB', buf.address + 128], 'the first shared byte');
    }
  }
});

t.test('disjoint buffers, reads alone and one stream never race', async (t) => {
  const p = fresh();
  const gpu = p.device('GPU:0');
  const [s1, s2] = [gpu.createStream({ nonBlocking: true }), gpu.createStream({ nonBlocking: true })];
  const a = gpu.allocate(64);
  const b = gpu.allocate(64);
  gpu.launch(s1, { name: 'w1', writes: [a.view(0, 32)] });
  gpu.launch(s2, { name: 'w2', writes: [a.view(32, 32)] });
  gpu.launch(s1, { name: 'r1', reads: [b] });
  gpu.launch(s2, { name: 'r2', reads: [b] });
  gpu.launch(s1, { name: 'w3', writes: [a] });
  gpu.synchronize();
  t.same(runtime.findRaces(p.sim.records()).map((r) => `${r.first.op}/${r.second.op}`), ['w2/w3'], 'only w2 (stream 2) and w3 (stream 1) overlap unordered');
});

t.test('host synchronisation, the legacy default stream and copies order work', async (t) => {
  const p = fresh();
  const gpu = p.device('GPU:0');
  const s1 = gpu.createStream(); // blocking: ordered with the legacy default stream
  const buf = gpu.allocate(64);
  gpu.launch(s1, { name: 'k1', writes: [buf] });
  gpu.launch(gpu.defaultStream, { name: 'k0', writes: [buf] });
  gpu.synchronizeStream(gpu.defaultStream);
  const s2 = gpu.createStream({ nonBlocking: true });
  gpu.launch(s2, { name: 'k2', writes: [buf] });
  const host = p.allocateHost(64, { pinned: true });
  gpu.copyAsync(host, buf, s1);
  gpu.synchronize();
  const trace = p.sim.records();
  const order = new runtime.TraceOrder(trace);
  t.ok(order.happensBefore('k1', 'k0'), 'the legacy default stream waits for blocking streams');
  t.ok(order.happensBefore('k0', 'k2'), 'the host synchronised with the default stream before launching k2');
  t.ok(order.happensBefore('k1', 'k2'), 'transitively');
  t.ok(order.concurrent('k2', 'copy D2H'), 'the copy on stream 1 and k2 on stream 2 are unordered');
  t.same(runtime.findRaces(trace).map((r) => `${r.first.op}/${r.second.op} ${r.firstAccess}-${r.secondAccess}`), ['k2/copy D2H write-read']);
  t.throws(() => order.happensBefore('nope', 'k0'), ArgumentValueError);
  t.throws(() => order.happensBefore(99999, 'k0'), /work item 99999 is not in the trace/);
});

t.test('Ascend pending waits: a wait issued before its record still orders', async (t) => {
  const p = fresh();
  const npu = p.device('Ascend:0');
  const [s1, s2] = [npu.createStream(), npu.createStream()];
  const e = npu.createEvent();
  npu.waitEvent(s2, e);
  npu.launch(s2, { name: 'after' });
  npu.launch(s1, { name: 'before' });
  npu.recordEvent(e, s1);
  npu.synchronize();
  t.ok(runtime.happensBefore(p.sim.records(), 'before', 'after'));
  t.notOk(runtime.happensBefore(p.sim.records(), 'after', 'before'));
});

t.test('the float-status register: an overflowing kernel unordered with NPUGetFloatStatus races', async (t) => {
  for (const ordered of [false, true]) {
    const p = fresh();
    const npu = p.device('Ascend:0');
    const [s1, s2] = [npu.createStream(), npu.createStream()];
    const status = npu.allocate(32);
    npu.clearFloatStatus(s1);
    npu.launch(s1, { name: 'overflowing', run: () => true });
    npu.launch(s1, { name: 'quiet', run: () => false });
    if (ordered) {
      const e = npu.createEvent();
      npu.recordEvent(e, s1);
      npu.waitEvent(s2, e);
    }
    npu.getFloatStatus(s2, status);
    npu.synchronize();
    const races = runtime.findRaces(p.sim.records()).map((r) => `${r.first.op} ${r.secondAccess} ${r.second.op}: ${r.space}`);
    t.same(races, ordered ? [] : ['NPUClearFloatStatus read NPUGetFloatStatus: Ascend:0 float-status register', 'overflowing read NPUGetFloatStatus: Ascend:0 float-status register'], ordered ? 'ordered: none' : 'the clear and the set both race with the read');
  }
});

/** Random stream programs: the vector-clock answer equals reachability over the explicit edges. */
t.test('happensBefore equals reachability over stream order, waits and host syncs (property)', async (t) => {
  type Step = { kind: 'kernel' | 'record' | 'wait' | 'sync'; stream: number; event: number };
  const stepArb = fc.record({ kind: fc.constantFrom('kernel', 'kernel', 'record', 'wait', 'sync'), stream: fc.nat(2), event: fc.nat(1) }) as fc.Arbitrary<Step>;
  assertProperty(t, 'vector clocks = reachability', fc.property(fc.array(stepArb, { maxLength: 24 }), (steps) => {
    const p = fresh();
    const gpu = p.device('GPU:0');
    const streams = [0, 1, 2].map(() => gpu.createStream({ nonBlocking: true }));
    const events = [gpu.createEvent(), gpu.createEvent()];
    const recorded = [false, false];
    const kernels: { id: number; stream: number }[] = [];
    // the oracle: explicit edges between item ids
    const edges = new Map<number, number[]>();
    const lastOn: (number | null)[] = [null, null, null];
    const eventRecord: (number | null)[] = [null, null];
    let hostKnows: number[] = [];
    const edge = (from: number | null, to: number) => from !== null && edges.set(to, [...(edges.get(to) ?? []), from]);
    const add = (id: number, s: number) => {
      edge(lastOn[s]!, id);
      for (const h of hostKnows) edge(h, id);
      lastOn[s] = id;
    };
    for (const st of steps) {
      const s = streams[st.stream]!;
      if (st.kind === 'kernel') {
        const w = gpu.launch(s, { name: `k${kernels.length}` });
        add(w.id, st.stream);
        kernels.push({ id: w.id, stream: st.stream });
      } else if (st.kind === 'record') {
        const w = gpu.recordEvent(events[st.event]!, s);
        add(w.id, st.stream);
        eventRecord[st.event] = w.id;
        recorded[st.event] = true;
      } else if (st.kind === 'wait') {
        const w = gpu.waitEvent(s, events[st.event]!);
        add(w.id, st.stream);
        edge(eventRecord[st.event]!, w.id);
      } else {
        gpu.synchronizeStream(s);
        if (lastOn[st.stream] !== null) hostKnows = [...hostKnows, lastOn[st.stream]!];
      }
    }
    gpu.synchronize();
    const reach = (a: number, b: number): boolean => {
      const todo = [b];
      const seen = new Set<number>();
      while (todo.length) {
        const x = todo.pop()!;
        for (const y of edges.get(x) ?? []) {
          if (y === a) return true;
          if (!seen.has(y)) {
            seen.add(y);
            todo.push(y);
          }
        }
      }
      return false;
    };
    const order = new runtime.TraceOrder(p.sim.records());
    for (const a of kernels) for (const b of kernels) if (order.happensBefore(a.id, b.id) !== reach(a.id, b.id)) return false;
    return true;
  }), 150);
});
