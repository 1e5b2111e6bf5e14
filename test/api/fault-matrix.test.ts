/**
 * The fault matrix of reliability-findings.md, every cell: a kernel fault, a copy fault and a device
 * loss, in PYNATIVE_MODE, GRAPH_MODE and a TrainOneStepCell step, on CPU, GPU and Ascend. Each: the
 * error at the next synchronisation, sticky until reset (a fresh op fails too), host data intact,
 * Tensors and Parameters readable after `device.reset()` (and after `resetPlatform()`), and training
 * resuming from the last good Parameters, as a run without the fault would go on from them.
 */
import t, { type Test } from 'tap';
import {
  DeviceLostError, ExecutionContext, KernelFaultError, Parameter, Tensor, currentDevice, getPlatform, nn, np, ops, resetPlatform, type runtime,
} from '../../src/index.js';

type Fault = 'kernel' | 'copy' | 'device-lost';
const FAULTS: readonly Fault[] = ['kernel', 'copy', 'device-lost'];
const TARGETS = ['CPU', 'GPU', 'Ascend'] as const;
const ERROR: Readonly<Record<Fault, new (...a: never[]) => Error>> = { kernel: KernelFaultError, copy: KernelFaultError, 'device-lost': DeviceLostError };

function spec(fault: Fault, op: string): runtime.FaultSpec {
  if (fault === 'kernel') return { kind: 'kernel', op };
  if (fault === 'copy') return { kind: 'copy' };
  return { kind: 'device-lost', at: getPlatform().sim.now() };
}

function raises(t: Test, fn: () => unknown, kind: new (...a: never[]) => Error, what: string): void {
  try {
    fn();
    t.fail(`${what}: no error`);
  } catch (e) {
    t.ok(e instanceof kind, `${what}: ${(e as Error).constructor.name}: ${(e as Error).message}`);
  }
}

const values = (x: Tensor): number[] => Array.from(x.asnumpy().data as Float32Array);

for (const deviceTarget of TARGETS) {
  for (const mode of ['PYNATIVE_MODE', 'GRAPH_MODE'] as const) {
    for (const fault of FAULTS) {
      t.test(`${deviceTarget} ${mode} ${fault}: ops`, async (t) => {
        new ExecutionContext({ deviceTarget, mode }).run(() => {
          const host = np.array([1, 2, 3, 4], 'float32');
          const x = new Tensor(host);
          const p = new Parameter(new Tensor([10, 20, 30, 40], 'float32'), 'p');
          const before = ops.Neg()(x);
          t.same(values(before), [-1, -2, -3, -4]);
          ops.AssignAdd()(p, x); // p: [11, 22, 33, 44], a good value on the device
          const computed = ops.Mul()(x, 3); // ran before the fault, never read
          t.same(values(ops.Add()(p, 0)), [11, 22, 33, 44]);
          currentDevice().injectFault(spec(fault, 'Sub'));
          const y = ops.Sub()(new Tensor([5, 6, 7, 8], 'float32'), x); // a fresh upload (copy) and the faulting kernel
          ops.AssignAdd()(p, y); // would make p [15, 26, 37, 48]: it must not half-happen
          raises(t, () => y.asnumpy(), ERROR[fault], 'the error at the next synchronisation');
          raises(t, () => ops.Add()(new Tensor([1], 'float32'), 1).asnumpy(), ERROR[fault], 'sticky: a fresh op fails too');
          t.same(Array.from(host.data as Float32Array), [1, 2, 3, 4], 'host data intact');
          t.same(values(x), [1, 2, 3, 4], 'a tensor with a host copy reads');
          currentDevice().reset();
          t.same(values(p), [11, 22, 33, 44], 'the Parameter has its last good value');
          t.same(values(computed), [3, 6, 9, 12], 'a result computed before the fault reads');
          t.same(values(before), [-1, -2, -3, -4]);
          t.same(values(ops.Add()(p, x)), [12, 24, 36, 48], 'the Parameter and the tensor are used again (re-uploaded)');
          t.same(values(ops.Neg()(x)), [-1, -2, -3, -4], 'the device works after the reset');
          t.throws(() => y.asnumpy(), /lost|failed/, 'the faulted result says it is gone');
        });
      });
    }
  }
}

/** A small network trained with TrainOneStepCell and Momentum; the same seed gives the same weights. */
function trainer() {
  const net = new nn.Dense(3, 2, { weightInit: 'normal' });
  const train = new nn.TrainOneStepCell(new nn.WithLossCell(net, new nn.MSELoss()), new nn.Momentum(net.trainableParams(), 0.1, 0.9));
  const x = new Tensor(np.array([[1, 2, 3], [-1, 0.5, 2]], 'float32'));
  const label = new Tensor(np.array([[1, 0], [0, 1]], 'float32'));
  const params = [...train.optimizer.parameters, ...(train.optimizer as nn.Momentum).moments];
  return { step: () => train.call(x, label), params };
}

for (const deviceTarget of TARGETS) {
  for (const fault of FAULTS) {
    for (const after of ['reset', 'resetPlatform'] as const) {
      t.test(`${deviceTarget} TrainOneStepCell ${fault}, then ${after}: training resumes from the last good Parameters`, async (t) => {
        // the reference: the same training without a fault
        const reference = new ExecutionContext({ deviceTarget, seed: 7 }).run(() => {
          const { step, params } = trainer();
          const losses = [0, 1, 2].map(() => values(step())[0]!);
          return { losses, params: params.map(values) };
        });
        const twoSteps = new ExecutionContext({ deviceTarget, seed: 7 }).run(() => {
          const { step, params } = trainer();
          step().asnumpy();
          step().asnumpy();
          return params.map(values);
        });
        new ExecutionContext({ deviceTarget, seed: 7 }).run(() => {
          const { step, params } = trainer();
          t.equal(values(step())[0], reference.losses[0]);
          t.equal(values(step())[0], reference.losses[1]);
          // the third step fails part-way (after some Parameters were updated, for a kernel fault)
          currentDevice().injectFault(fault === 'kernel' ? { kind: 'kernel', op: 'ApplyMomentum', after: 1 } : spec(fault, ''));
          const loss = step();
          raises(t, () => loss.asnumpy(), ERROR[fault], 'the failed step reports at the next read');
          raises(t, () => step().asnumpy(), ERROR[fault], 'sticky: the next step fails too');
          if (after === 'reset') currentDevice().reset();
          else resetPlatform();
          t.same(params.map(values), twoSteps, 'every Parameter (weights and moments) has its value after the last good step');
          t.equal(values(step())[0], reference.losses[2], 'the resumed step gives the loss the fault-free run gave');
          t.same(params.map(values), reference.params, 'and the same Parameters');
        });
      });
    }
  }
}

t.test('F5: a reset cancels the faults still planned, a device loss included', async (t) => {
  new ExecutionContext({ deviceTarget: 'Ascend' }).run(() => {
    const x = new Tensor([5, 6], 'float32');
    const device = currentDevice();
    device.injectFault({ kind: 'device-lost', at: getPlatform().sim.now() + 1e6 });
    device.injectFault({ kind: 'kernel', op: 'Neg' });
    device.reset();
    t.same(values(ops.Neg()(x)), [-5, -6], 'the planned kernel fault is gone');
    getPlatform().sim.run(); // every event left, the planned loss's time among them
    t.ok(getPlatform().sim.now() >= 1e6, 'past the time the loss was planned for');
    t.same(values(ops.Neg()(x)), [-5, -6]);
    t.notOk(device.lost);
  });
});

t.test('F6: fault specs are checked', async (t) => {
  new ExecutionContext({ deviceTarget: 'GPU' }).run(() => {
    const device = currentDevice();
    const now = getPlatform().sim.now();
    for (const [bad, kind, message] of [
      [undefined, 'ArgumentTypeError', /a fault must be an object .* but got undefined/],
      [null, 'ArgumentTypeError', /but got null/],
      [{ kind: 'bogus' }, 'ArgumentValueError', /the fault kind must be 'kernel', 'copy' or 'device-lost', but got "bogus"/],
      [{ kind: 'kernel', after: -1 }, 'ArgumentValueError', /after must be a non-negative integer, but got -1/],
      [{ kind: 'kernel', after: 1.5 }, 'ArgumentValueError', /but got 1.5/],
      [{ kind: 'kernel', op: 5 }, 'ArgumentTypeError', /op must be a string/],
      [{ kind: 'copy', op: 'Add' }, 'ArgumentValueError', /a 'copy' fault has no field 'op'/],
      [{ kind: 'device-lost', at: -5 }, 'ArgumentValueError', /planned now or later/],
      [{ kind: 'device-lost', at: 'soon' }, 'ArgumentValueError', /but at is soon/],
      [{ kind: 'device-lost', at: NaN }, 'ArgumentValueError', /but at is NaN/],
    ] as const) {
      t.throws(() => device.injectFault(bad as never), { name: kind, message }, JSON.stringify(bad) ?? 'undefined');
    }
    t.equal(getPlatform().sim.now(), now);
    t.same(values(ops.Neg()(new Tensor([1], 'float32'))), [-1], 'nothing was planned');
  });
});

t.test("F3: an old platform's sticky error never leaks into the new one", async (t) => {
  for (const deviceTarget of TARGETS) {
    new ExecutionContext({ deviceTarget }).run(() => {
      const p = new Parameter(new Tensor([1, 2], 'float32'), 'p');
      ops.AssignAdd()(p, new Tensor([1, 1], 'float32'));
      t.same(values(p), [2, 3]);
      currentDevice().injectFault({ kind: 'kernel', op: 'AssignAdd' });
      ops.AssignAdd()(p, new Tensor([1, 1], 'float32'));
      raises(t, () => p.asnumpy(), KernelFaultError, `${deviceTarget}: the fault`);
      resetPlatform();
      t.same(values(p), [2, 3], `${deviceTarget}: the Parameter of the old platform reads its last good value`);
      for (let i = 0; i < 3; i++) t.same(values(ops.Add()(new Tensor([1], 'float32'), 1)), [2], 'fresh ops work on the new platform');
      t.same(values(ops.Add()(p, 1)), [3, 4], 'and the Parameter is used there');
    });
  }
});

t.test('F4: after a copy fault and a reset, the tensor whose upload failed is uploaded again (never zeros)', async (t) => {
  for (const deviceTarget of TARGETS) {
    new ExecutionContext({ deviceTarget, mode: 'PYNATIVE_MODE' }).run(() => {
      const x = new Tensor([5, 6], 'float32');
      currentDevice().injectFault({ kind: 'copy' });
      raises(t, () => ops.Neg()(x).asnumpy(), KernelFaultError, `${deviceTarget}: the copy fault`);
      currentDevice().reset();
      t.same(values(ops.Neg()(x)), [-5, -6], `${deviceTarget}: right after the reset`);
    });
  }
});
