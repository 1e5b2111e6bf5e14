/**
 * A bug found at run time (a kernel that throws, not an injected fault) does not poison the device:
 * the failed op's results raise it when read, ops that consume them fail the same way, an in-place
 * target keeps its value, the next synchronisation reports it once, and every other op — before,
 * beside and after — works. Checked on every target and mode. The throwing kernel is a stand-in for a
 * mindsim bug: what it computes is not what the test is about.
 */
import t from 'tap';
import { DeviceError, ExecutionContext, KernelFaultError, Parameter, Tensor, ops, type kernels } from '../../src/index.js';
import { drain, record } from '../../src/api/graph/executor.js';

/** An elementwise kernel whose compute throws as a buggy kernel would (a plain RangeError). */
const BUGGY: kernels.KernelDef = {
  name: 'Abs', // a name the devices support: only its compute is buggy
  infer: (inputs) => [{ shape: [...inputs[0]!.shape], dtype: inputs[0]!.dtype }],
  compute: () => {
    throw new RangeError('offset is out of bounds');
  },
  cost: (inputs) => ({ flops: 1, bytes: 8, dtype: inputs[0]!.dtype }),
};
const buggy = (x: Tensor): Tensor => record('Buggy', [x], { kernel: BUGGY as never })[0]!;

const caught = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return null;
};

for (const deviceTarget of ['CPU', 'GPU', 'Ascend'] as const) {
  for (const mode of ['PYNATIVE_MODE', 'GRAPH_MODE'] as const) {
    t.test(`${deviceTarget} ${mode}: a kernel that throws fails its results, reported once, nothing sticky`, async (t) => {
      new ExecutionContext({ deviceTarget, mode }).run(() => {
        const x = new Tensor([1, 2], 'float32');
        const before = ops.Neg()(x);
        const bad = buggy(x);
        const downstream = ops.Add()(bad, 1);
        const beside = ops.Mul()(x, 3);
        const p = new Parameter(new Tensor([5, 6], 'float32'), 'p');
        ops.Assign()(p, ops.Neg()(bad)); // the value failed: p keeps [5, 6]
        // the first synchronisation reports the failure once, as a DeviceError naming the op and device
        const first = caught(() => String(beside));
        t.ok(first instanceof DeviceError && !(first instanceof KernelFaultError), `a DeviceError, not a KernelFaultError: ${String(first)}`);
        t.match((first as Error).message, /^Buggy failed on .*: offset is out of bounds$/);
        t.equal(String(beside), '[3. 6.]', 'reported once: the same read works next time');
        t.equal(String(before), '[-1. -2.]');
        t.throws(() => bad.asnumpy(), /Buggy failed/, 'the failed result raises when read');
        t.throws(() => downstream.asnumpy(), /Buggy failed/, 'so does what was computed from it');
        t.equal(String(p.asnumpy()), '[5. 6.]', 'an in-place target keeps its last good value');
        t.equal(String(ops.Add()(x, 1)), '[2. 3.]', 'the device works afterwards');
        drain();
        t.equal(String(ops.Sub()(p, 1)), '[4. 5.]');
      });
    });
  }
}
