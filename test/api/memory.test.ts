/**
 * Memory that comes back, deterministically: dispose, tidy, memory(), Cell calls and training steps
 * in scopes; long loops flat in device memory on every target; OutOfMemoryError still raised when a
 * program really holds too much. (The 1,000,000-step figures are in `npm run bench -- memory`.)
 */
import t from 'tap';
import {
  ArgumentTypeError, DeviceError, ExecutionContext, Parameter, devices, runtime, Tensor, memory, models, nn, np, ops, tidy, type DeviceTarget,
} from '../../src/index.js';
import { registerBuiltinDevices } from '../../src/devices/index.js';

const TARGETS: readonly DeviceTarget[] = ['CPU', 'GPU', 'Ascend'];
const MODES = ['PYNATIVE_MODE', 'GRAPH_MODE'] as const;

for (const deviceTarget of TARGETS) {
  for (const mode of MODES) {
    t.test(`${deviceTarget} ${mode}: the TensorFlow.js loop holds flat device memory`, async (t) => {
      new ExecutionContext({ deviceTarget, mode, platform: { record: 0 } }).run(() => {
        const add = ops.Add();
        let x = new Tensor(new Float32Array(256), 'float32');
        const at: number[] = [];
        for (let i = 1; i <= 6000; i++) {
          const next = tidy(() => add(ops.Mul()(x, 1), 1)); // the Mul result goes with the scope
          x.dispose();
          x = next;
          if (i % 2000 === 0) {
            x.asnumpy(); // a full synchronisation: nothing in flight
            at.push(memory().numBytes);
          }
        }
        t.equal(x.asnumpy().data[0], 6000);
        t.ok(at.every((b) => b === at[0]), `device bytes at 2k, 4k, 6k steps: ${at.join(', ')}`);
      });
    });
  }
}

t.test('dispose: released once the recorded ops that read it have run; using it afterwards is an error', async (t) => {
  new ExecutionContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' }).run(() => {
    const x = new Tensor([1, 2], 'float32');
    const y = ops.Add()(x, 1);
    const z = ops.Mul()(y, 10); // recorded, not launched (GRAPH_MODE)
    y.dispose();
    t.ok(y.isDisposed);
    t.throws(() => y.asnumpy(), new DeviceError('Tensor: the data of shape 2 was released (disposed); keep what you need by returning it'));
    t.throws(() => ops.Neg()(y), /Neg: input 0 \(a Tensor of shape \(2,\)\) was released \(disposed\)/);
    t.equal(String(z), '[20. 30.]', 'the op recorded before the dispose still reads it');
    y.dispose(); // twice: nothing
    const before = memory().numBytes;
    z.dispose();
    t.ok(memory().numBytes < before, 'a finished result goes at once');
    const p = new Parameter(new Tensor([1], 'float32'), 'p');
    p.dispose();
    t.ok(p.isDisposed, 'a Parameter can be disposed too');
  });
});

t.test('tidy: keeps what it returns (arrays, objects), releases the rest, nests, refuses async functions', async (t) => {
  new ExecutionContext({ deviceTarget: 'GPU' }).run(() => {
    const x = new Tensor([1, 2], 'float32');
    let inner: Tensor | null = null;
    const { a, list } = tidy(() => {
      inner = ops.Neg()(x);
      const kept = tidy(() => {
        const tmp = ops.Add()(x, 5);
        return ops.Mul()(tmp, 2);
      });
      return { a: ops.Add()(inner, kept), list: [kept] };
    });
    t.equal(String(a), '[11. 12.]');
    t.equal(String(list[0]), '[12. 14.]');
    t.ok(inner!.isDisposed, 'an intermediate is released');
    t.notOk(x.isDisposed, 'a tensor made outside is not');
    t.throws(() => tidy(async () => ops.Neg()(x)), ArgumentTypeError);
    t.throws(() => tidy(5 as never), new ArgumentTypeError('tidy: expected a function, but got number'));
    let made: Tensor | null = null;
    t.throws(() => tidy(() => {
      made = ops.Neg()(x);
      throw new Error('boom');
    }), /boom/);
    t.ok(made!.isDisposed, 'a scope that throws releases what it made');
  });
});

t.test('tidy: a lone returned Tensor is kept, one that unpacks keeps its parts, a Parameter made inside stays', async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    const x = new Tensor([1, 2], 'float32');
    let tmp: Tensor | null = null;
    let p: Parameter | null = null;
    const y = tidy(() => {
      tmp = ops.Neg()(x);
      p = new Parameter(new Tensor([3, 4], 'float32'), 'made_inside');
      return ops.Add()(tmp, p);
    });
    t.equal(String(y), '[2. 2.]');
    t.ok(tmp!.isDisposed, 'the intermediate is released');
    t.notOk(p!.isDisposed, "a Parameter's data is never released by a scope");
    let parts: Tensor[] = [];
    let dropped: Tensor | null = null;
    const out = tidy(() => {
      dropped = ops.Neg()(x);
      parts = [ops.Add()(x, 1), ops.Greater()(x, 5), ops.Mul()(x, 2)];
      return nn.LossScaleOutput.of(parts[0]!, parts[1]!, parts[2]!);
    });
    t.ok(dropped!.isDisposed);
    t.same(parts.map((q) => q.isDisposed), [false, false, false], 'the loss, its condition and its scale are kept');
    t.equal(String(out.scalingSens), '[2. 4.]');
  });
});

t.test('memory(): bytes and tensors per device', async (t) => {
  new ExecutionContext({ deviceTarget: 'Ascend' }).run(() => {
    const m0 = memory();
    t.same(m0, { numBytes: 0, numTensors: 0, devices: {} }, 'nothing before the first op');
    const y = ops.Add()(new Tensor(np.ones([256]), 'float32'), 1);
    String(y);
    const m1 = memory();
    t.same(Object.keys(m1.devices), ['Ascend:0']);
    t.equal(m1.devices['Ascend:0']!.tensors, 2, 'the input and the result');
    t.equal(m1.numBytes, m1.devices['Ascend:0']!.bytes);
    t.ok(m1.devices['Ascend:0']!.capacity > 2 ** 30);
    y.dispose();
    t.equal(memory().devices['Ascend:0']!.tensors, 1);
  });
});

for (const deviceTarget of TARGETS) {
  for (const mode of MODES) {
    t.test(`${deviceTarget} ${mode}: LeNet forward passes with no scope hold flat device memory (keepCellOutputs: every output stays)`, async (t) => {
      const held = (keepCellOutputs: boolean, calls: number): number[] =>
        new ExecutionContext({ deviceTarget, mode, seed: 1, platform: { record: 0 }, keepCellOutputs }).run(() => {
          const net = new models.LeNet();
          const { images } = models.syntheticImages({ n: 2, seed: 7 });
          const at: number[] = [];
          let done = 0;
          for (const upTo of [3, 3 + calls, 3 + 2 * calls]) {
            let out = net.call(images);
            for (done++; done < upTo; done++) out = net.call(images);
            out.asnumpy(); // a full synchronisation: nothing in flight
            at.push(memory().numBytes);
          }
          return at;
        });
      const flat = held(false, 150);
      t.ok(flat.every((b) => b === flat[0]), `device bytes after 3, 153 and 303 calls: ${flat.join(', ')}`);
      const kept = held(true, 150);
      const outBytes = deviceTarget === 'CPU' ? 64 : deviceTarget === 'GPU' ? 256 : 512; // 8 float32, aligned
      t.same([kept[1]! - kept[0]!, kept[2]! - kept[1]!], [150 * outBytes, 150 * outBytes], `keepCellOutputs: each call's output stays (${outBytes} B)`);
    });
  }
}

t.test('LeNet forwards with their outputs disposed: flat (the figures tidy and dispose give)', async (t) => {
  new ExecutionContext({ deviceTarget: 'GPU', seed: 1, platform: { record: 0 }, keepCellOutputs: true }).run(() => {
    const net = new models.LeNet();
    const { images } = models.syntheticImages({ n: 2, seed: 7 });
    net.call(images).asnumpy();
    const held = memory().numBytes;
    for (let i = 0; i < 200; i++) net.call(images).dispose();
    const probe = net.call(images);
    probe.asnumpy(); // a full synchronisation
    probe.dispose();
    t.equal(memory().numBytes, held, 'with the outputs disposed: flat');
  });
});

t.test('a training step and a WithLossCell call release their intermediates; OutOfMemoryError still comes when a program holds too much', async (t) => {
  new ExecutionContext({ deviceTarget: 'Ascend', seed: 1 }).run(() => {
    const net = new nn.Dense(4, 2);
    const step = new nn.TrainOneStepCell(new nn.WithLossCell(net, new nn.MSELoss()), new nn.Momentum(net.trainableParams(), 0.1, 0.9));
    const x = new Tensor(np.ones([8, 4]), 'float32');
    const label = new Tensor(np.zeros([8, 2]), 'float32');
    step.call(x, label).asnumpy();
    const after1 = memory().numBytes;
    for (let i = 0; i < 50; i++) step.call(x, label).dispose();
    step.call(x, label).asnumpy(); // a full synchronisation, one more loss held
    const after52 = memory().numBytes;
    for (let i = 0; i < 50; i++) step.call(x, label).dispose();
    step.call(x, label).asnumpy();
    t.equal(memory().numBytes - after52, after52 - after1, 'flat over 50 steps: only the losses kept to read grow it');
  });
  const registry = new runtime.DeviceRegistry();
  registerBuiltinDevices(registry);
  registry.addPreset({ ...devices.ascend910, preset: 'ascend-1m', memoryBytes: 2 ** 20 });
  new ExecutionContext({ platform: { registry }, deviceTarget: 'Ascend', device: 'ascend-1m' }).run(() => {
    const x = new Tensor(new Float32Array(4096), 'float32'); // 16 KiB
    const held: Tensor[] = [];
    t.throws(() => {
      for (let i = 0; i < 100; i++) held.push(ops.Add()(x, i)); // all kept: 1.6 MiB
      held.at(-1)!.asnumpy();
    }, { name: 'OutOfMemoryError', message: /Ascend:0/ });
    for (const h of held) h.dispose();
    t.equal(String(ops.Add()(new Tensor([1], 'float32'), 1)), '[2.]', 'once they are disposed, there is room again');
  });
});

t.test('timing-only: a finished op no longer holds its results, so a chain does not keep every earlier op alive', async (t) => {
  const ctx = new ExecutionContext({ deviceTarget: 'GPU', mode: 'PYNATIVE_MODE', platform: { record: 0, timingOnly: true } });
  ctx.run(() => {
    const add = ops.Add();
    const first = add(new Tensor(new Float32Array(64), 'float32'), 1);
    let x = first;
    for (let i = 0; i < 100; i++) x = add(x, 1);
    t.ok(x.data_.producer !== null, 'the last op is still in flight before the device runs');
    ctx.getSimulator().run();
    add(x, 1); // the next op notices what finished
    t.equal(first.data_.producer, null, "the first op's result no longer refers to its op");
    t.equal(x.data_.producer, null, "nor does the last finished one's");
    t.ok(ctx.getSimulator().now() > 0, 'the ops took simulated time');
  });
});

t.test('asnumpy reads device data back on every call, as r1.5 does, into an array of its own', async (t) => {
  for (const deviceTarget of TARGETS) {
    const ctx = new ExecutionContext({ deviceTarget, mode: 'PYNATIVE_MODE', platform: { record: Infinity } });
    ctx.run(() => {
      const y = ops.Mul()(new Tensor(np.arange(3000).astype('float32')), 2);
      const copies = () => ctx.getSimulator().records().filter((r) => r.type === 'submit' && r.op.startsWith('copy')).length;
      const before = copies(); // the upload (a CPU's copies are D2D: its memory is the host's)
      const d2h = () => copies() - before;
      const first = y.asnumpy();
      const second = y.asnumpy();
      t.equal(d2h(), 2, `${deviceTarget}: two reads, two copies back`);
      t.not(first.data, second.data, `${deviceTarget}: each read its own array`);
      (first.data as Float32Array)[0] = -1;
      t.equal((y.asnumpy().data as Float32Array)[0], 0, `${deviceTarget}: writing into a read changes nothing else`);
      t.same(Array.from((second.data as Float32Array).subarray(0, 4)), [0, 2, 4, 6]);
      t.equal(String(y).length > 0 && String(y.asnumpy().data[2999]), '5998', `${deviceTarget}: a printed tensor's host copy serves later reads`);
      t.equal(d2h(), 4, `${deviceTarget}: printing read it once more, and the read after it copied nothing`);
    });
  }
});
