import t from 'tap';
import { ArgumentValueError, DeviceError } from '../../src/errors/index.js';
import { AscendDevice, GpuDevice, ascend910 } from '../../src/devices/index.js';
import { copyTime, type Device } from '../../src/runtime/index.js';
import { platform } from './helpers.js';

const overflowing = (run: () => void = () => {}) => ({ name: 'Overflowing', flops: 1e6, run: () => (run(), true) });

t.test('Ascend float-status register: set at the overflowing kernel’s completion', async (t) => {
  const p = platform();
  const npu = p.device('Ascend:0') as AscendDevice;
  const s = npu.defaultStream;
  const k = npu.launch(s, overflowing());
  t.equal(npu.peekFloatStatus(), 0, 'nothing ran yet');
  p.sim.advanceTo(k.begin + (k.duration >> 1));
  t.equal(k.state, 1, 'half-way through the kernel');
  t.equal(npu.peekFloatStatus(), 0, 'not while it runs');
  npu.synchronize();
  t.equal(npu.peekFloatStatus(), 1);
  const set = p.sim.records().find((r) => r.type === 'register');
  t.match(set, { action: 'set', op: 'Overflowing', time: k.end });
});

t.test('clear and get act at the simulated moment they run on their stream', async (t) => {
  const p = platform();
  const npu = p.device('Ascend:0') as AscendDevice;
  const s1 = npu.createStream();
  const s2 = npu.createStream();
  const status = npu.allocate(32);
  const back = p.allocateHost(32, { pinned: true });
  // s1: clear, then a long overflowing kernel; s2: get the status right away (no ordering with s1)
  npu.clearFloatStatus(s1);
  npu.launch(s1, { ...overflowing(), flops: 1e13 });
  const get = npu.getFloatStatus(s2, status);
  npu.copyAsync(back, status, s2);
  npu.synchronize();
  t.equal(back.typed(Float32Array)[0], 0, 'the unordered read ran before the overflow: it missed it');
  t.equal(npu.peekFloatStatus(), 1, 'the register was set later');
  // ordered with an event, the read sees it
  const e = npu.createEvent();
  npu.clearFloatStatus(s1);
  npu.launch(s1, { ...overflowing(), flops: 1e13 });
  npu.recordEvent(e, s1);
  npu.waitEvent(s2, e);
  const get2 = npu.getFloatStatus(s2, status);
  npu.copyAsync(back, status, s2);
  npu.synchronize();
  t.same(Array.from(back.typed(Float32Array)), [1, 0, 0, 0, 0, 0, 0, 0], 'ordered after the kernel, the read sees the overflow');
  t.ok(get2.begin > get.begin);
  const actions = p.sim.records().filter((r) => r.type === 'register').map((r) => (r.type === 'register' ? r.action : ''));
  t.same(actions, ['clear', 'read', 'set', 'clear', 'set', 'read']);
});

t.test('the status buffer must hold 8 float32 values', async (t) => {
  const npu = platform().device('Ascend:0');
  t.throws(() => npu.getFloatStatus(npu.defaultStream, npu.allocate(16)), ArgumentValueError);
});

t.test('saturation mode is passed to kernels: ascend910 saturates, ascend910b keeps inf/NaN', async (t) => {
  for (const [preset, saturate] of [['ascend910', true], ['ascend910b', false], ['a100', false], ['cpu', false]] as const) {
    const d = platform().device(preset);
    let seen: boolean | undefined;
    d.launch(d.defaultStream, { name: 'k', run: (ctx) => void (seen = ctx.saturate) });
    d.synchronize();
    t.equal(seen, saturate, preset);
  }
  const b = platform().device('ascend910b') as AscendDevice;
  b.launch(b.defaultStream, overflowing());
  b.synchronize();
  t.equal(b.peekFloatStatus(), 1, 'INF/NaN mode still sets the register');
});

t.test('GPU and CPU have no float-status register: the NPU ops raise a clear error', async (t) => {
  for (const name of ['GPU:0', 'CPU:0', 'v100', 'Null']) {
    const d: Device = platform().device(name);
    t.throws(() => d.clearFloatStatus(d.defaultStream), { name: 'DeviceError', message: /NPUClearFloatStatus is not supported on \w+:0/ });
    t.throws(() => d.getFloatStatus(d.defaultStream, d.allocate(32)), { message: /NPUGetFloatStatus is not supported/ });
    d.launch(d.defaultStream, overflowing());
    d.synchronize();
    t.notOk(d instanceof AscendDevice);
  }
});

t.test('GPU legacy default stream: synchronises with blocking streams, not with non-blocking ones', async (t) => {
  const p = platform();
  const gpu = p.device('GPU:0') as GpuDevice;
  const blocking = gpu.createStream();
  const free = gpu.createStream({ nonBlocking: true });
  const long = gpu.launch(blocking, { name: 'long', flops: 1e12 });
  const longFree = gpu.launch(free, { name: 'longFree', flops: 1e13 });
  const onDefault = gpu.launch(gpu.defaultStream, { name: 'default' });
  const afterDefault = gpu.launch(blocking, { name: 'afterDefault' });
  const freeAfter = gpu.launch(free, { name: 'freeAfter' });
  gpu.synchronize();
  t.ok(onDefault.begin >= long.end, 'stream 0 waits for earlier work on blocking streams');
  t.ok(onDefault.begin < longFree.end, 'but not for non-blocking streams');
  t.ok(afterDefault.begin >= onDefault.end, 'blocking streams wait for earlier stream-0 work');
  t.ok(freeAfter.begin >= longFree.end && freeAfter.begin < onDefault.end + 1e12, 'non-blocking streams only follow themselves');
  const ascend = p.device('Ascend:0');
  const s = ascend.createStream();
  const a = ascend.launch(s, { name: 'long', flops: 1e13 });
  const b = ascend.launch(ascend.defaultStream, { name: 'b' });
  ascend.synchronize();
  t.ok(b.begin < a.end, 'Ascend has no legacy default stream');
});

t.test('event caps: Ascend allows 65535 live events', async (t) => {
  const npu = platform().device('Ascend:0');
  const events = Array.from({ length: ascend910.maxEvents }, () => npu.createEvent());
  t.throws(() => npu.createEvent(), { name: 'DeviceError', message: /cannot create more than 65535 events/ });
  npu.destroyEvent(events[0]!);
  t.ok(npu.createEvent(), 'destroying one makes room');
  t.throws(() => npu.destroyEvent(events[0]!), DeviceError);
});

t.test('Ascend async copies need 64-byte-aligned addresses', async (t) => {
  const p = platform();
  const npu = p.device('Ascend:0');
  const host = p.allocateHost(256, { pinned: true });
  const dev = npu.allocate(256);
  t.throws(() => npu.copyAsync(dev.view(8, 64), host.view(0, 64), npu.defaultStream), { message: /64-byte-aligned addresses, but the destination is at 0x/ });
  npu.copyAsync(dev.view(64, 64), host.view(128, 64), npu.defaultStream);
  const gpu = p.device('GPU:0');
  gpu.copyAsync(gpu.allocate(256).view(8, 64), host.view(0, 64), gpu.defaultStream);
  t.pass('GPUs accept any alignment');
});

t.test('a 1 GiB host-to-device copy on ascend910 takes what the link figures say', async (t) => {
  const p = platform({ timingOnly: true });
  const npu = p.device('ascend910');
  const host = p.allocateHost(2 ** 30, { pinned: true });
  const dev = npu.allocate(2 ** 30);
  const c = npu.copyAsync(dev, host, npu.defaultStream);
  npu.synchronize();
  const expected = 10_000 + (2 ** 30 / 25e9) * 1e9; // 10 µs start latency + 1 GiB at 25 GB/s ≈ 42.96 ms
  t.equal(c.end - c.begin, Math.ceil(expected));
  t.equal(c.end - c.begin, copyTime(ascend910, 2 ** 30, 25e9));
  t.ok(Math.abs((c.end - c.begin) / 1e6 - 42.96) < 0.01, `${((c.end - c.begin) / 1e6).toFixed(3)} ms`);
});

t.test('device names: families, presets, ordinals; one preset per family and ordinal', async (t) => {
  const p = platform();
  t.equal(p.device('Ascend').name, 'Ascend:0');
  t.equal(p.device('ascend910').spec.preset, 'ascend910');
  t.equal(p.device('GPU:1').spec.preset, 'a100');
  t.equal(p.device('h100:2').name, 'GPU:2');
  t.equal(p.device('cpu').name, 'CPU:0');
  t.equal(p.device('Ascend:0'), p.device('ascend910:0'), 'the same device');
  t.throws(() => p.device('ascend910b:0'), { name: 'DeviceError', message: /Ascend:0 already exists as ascend910/ });
  t.throws(() => p.device('TPU:0'), { name: 'DeviceError', message: /unknown device 'TPU:0'.*presets: .*ascend910/ });
  t.throws(() => p.device('GPU:x'), DeviceError);
});

t.test('the CPU device shares host memory; copies are memcpy on the CPU', async (t) => {
  const p = platform();
  const cpu = p.device('CPU');
  const a = cpu.allocate(64);
  t.equal(a.space, p.host);
  const h = p.allocateHost(64);
  h.typed(Float32Array).fill(3);
  const c = cpu.copyAsync(a, h, cpu.defaultStream);
  cpu.synchronize();
  t.equal(a.typed(Float32Array)[0], 3);
  const rec = p.sim.records().find((r) => r.type === 'begin' && r.id === c.id);
  t.match(rec, { engine: 'd2d' });
});
