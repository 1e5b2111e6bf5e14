/**
 * Superseded Cell outputs (api/nn/cell-outputs.ts): the output of a cell's top-level call leaves the
 * device once two later top-level calls of that cell have returned and the ops reading it have run;
 * its value stays readable (kept on the host, no simulated copy), an op using it uploads it again, and
 * inputs, Parameters, timing-only runs and `keepCellOutputs` are left alone.
 */
import t from 'tap';
import {
  ArgumentTypeError, ExecutionContext, Parameter, Tensor, currentDevice, getSimulator, memory, nn, ops, type DeviceTarget,
} from '../../src/index.js';
import type { TraceRecord } from '../../src/runtime/index.js';

class Affine extends nn.Cell {
  w = new Parameter(new Tensor([[0.5, -1], [2, 0.25]], 'float32'), 'w');
  override construct(x: Tensor): Tensor {
    return ops.Add()(ops.MatMul()(x, this.w), 1);
  }
}

class Pair extends nn.Cell {
  override construct(x: Tensor): Tensor {
    return [ops.Mul()(x, 2), ops.Neg()(x)] as unknown as Tensor;
  }
}

class Identity extends nn.Cell {
  override construct(x: Tensor): Tensor {
    return x;
  }
}

class Weight extends nn.Cell {
  w = new Parameter(new Tensor([3, 4], 'float32'), 'w');
  override construct(): Tensor {
    return this.w;
  }
}

const TARGETS: readonly DeviceTarget[] = ['CPU', 'GPU', 'Ascend'];
const input = (k: number) => new Tensor([[k, k + 1], [k - 1, 2 * k]], 'float32');
const copies = (records: readonly TraceRecord[]) => records.filter((r) => r.type === 'submit' && r.work === 'copy').map((r) => (r as { op: string }).op);

for (const deviceTarget of TARGETS) {
  for (const mode of ['PYNATIVE_MODE', 'GRAPH_MODE'] as const) {
    t.test(`${deviceTarget} ${mode}: an output two calls back leaves the device, its value stays; an op using it uploads it`, async (t) => {
      const run = (keepCellOutputs: boolean) =>
        new ExecutionContext({ deviceTarget, mode, keepCellOutputs }).run(() => {
          const net = new Affine();
          const outs = [1, 2, 3, 4, 5].map((k) => net.call(input(k))); // none read yet
          outs[4]!.asnumpy(); // everything has run
          const onDevice = outs.map((o) => o.data_.buffer !== null);
          const bytes = memory().numBytes;
          const sim = getSimulator();
          const before = sim.records().length;
          const values = outs.map((o) => Array.from(o.asnumpy().data as Float32Array));
          const readCopies = copies(sim.records().slice(before));
          const mark = sim.records().length;
          const again = Array.from(ops.Mul()(outs[0]!, 10).asnumpy().data as Float32Array); // the first output, used again
          return { onDevice, bytes, values, readCopies, reuseCopies: copies(sim.records().slice(mark)), again };
        });
      const kept = run(true);
      const offloaded = run(false);
      t.same(kept.onDevice, [true, true, true, true, true], 'keepCellOutputs: all five on the device');
      t.same(offloaded.onDevice, [false, false, false, true, true], 'the default: only the last two calls’ outputs');
      t.ok(offloaded.bytes < kept.bytes, `device bytes ${offloaded.bytes} < ${kept.bytes}`);
      t.same(offloaded.values, kept.values, 'every output reads the same values (the offloaded ones from the host)');
      t.equal(kept.readCopies.length, 5, 'keepCellOutputs: five reads, five copies back');
      t.equal(offloaded.readCopies.length, 2, 'offloaded outputs read without a copy');
      t.same(offloaded.again, kept.again, 'an op using an offloaded output computes the same');
      // kept: the scalar's upload and the read back; offloaded: the output's upload too (on a CPU a copy within host memory)
      t.equal(offloaded.reuseCopies.length, kept.reuseCopies.length + 1, `and uploads it first: ${offloaded.reuseCopies.join(', ')}`);
    });
  }
}

t.test('a cell called twice a step (a siamese pair) uploads nothing again; tuple outputs both go', async (t) => {
  const run = (keepCellOutputs: boolean) =>
    new ExecutionContext({ deviceTarget: 'GPU', mode: 'PYNATIVE_MODE', keepCellOutputs }).run(() => {
      const net = new Affine();
      const tensors: number[] = [];
      for (let step = 0; step < 6; step++) {
        const a = net.call(input(step));
        const b = net.call(input(step + 10));
        ops.ReduceSum()(ops.Sub()(a, b)).asnumpy();
        tensors.push(memory().numTensors);
      }
      return { copies: copies(getSimulator().records()), tensors };
    });
  const kept = run(true);
  const offloaded = run(false);
  t.same(offloaded.copies, kept.copies, 'the same copies: each step uploads its two inputs and two scalars, nothing more');
  const growth = (n: number[]) => n.slice(3).map((v, i) => v - n[i + 2]!);
  t.same(growth(kept.tensors), [6, 6, 6], 'keepCellOutputs: a step leaves its inputs, its Sub and ReduceSum results and both outputs');
  t.same(growth(offloaded.tensors), [4, 4, 4], 'offloaded: the outputs of earlier steps go (inputs and plain ops’ results stay, as in any program)');
  new ExecutionContext({ deviceTarget: 'GPU', mode: 'PYNATIVE_MODE' }).run(() => {
    const pair = new Pair();
    const first = pair.call(input(1)) as unknown as Tensor[];
    pair.call(input(2));
    pair.call(input(3));
    (pair.call(input(4)) as unknown as Tensor[])[0]!.asnumpy();
    t.same(first.map((o) => o.data_.buffer), [null, null], 'both tensors of a tuple output leave');
    t.same(first.map((o) => Array.from(o.asnumpy().data as Float32Array)), [[2, 4, 0, 4], [-1, -2, -0, -2]]);
  });
});

t.test('inputs and Parameters a cell returns stay; timing-only runs keep their outputs', async (t) => {
  new ExecutionContext({ deviceTarget: 'Ascend', mode: 'PYNATIVE_MODE' }).run(() => {
    const x = input(1);
    const id = new Identity();
    for (let i = 0; i < 4; i++) id.call(x);
    ops.Add()(x, 1).asnumpy();
    t.not(x.data_.buffer, null, 'an input returned as the output stays on the device');
    const weight = new Weight();
    const w = weight.call();
    for (let i = 0; i < 4; i++) weight.call();
    ops.Add()(w, 1).asnumpy();
    t.not(w.data_.buffer, null, 'a Parameter returned as the output stays');
  });
  new ExecutionContext({ deviceTarget: 'Ascend', mode: 'PYNATIVE_MODE', platform: { timingOnly: true } }).run(() => {
    const net = new Affine();
    const first = net.call(input(1));
    for (let i = 0; i < 4; i++) net.call(input(i));
    currentDevice().synchronize();
    t.not(first.data_.buffer, null, 'timing-only: no values to keep on the host, so the output stays');
  });
});

t.test('after a device reset an offloaded output still reads; the same program repeats its trace exactly', async (t) => {
  const program = () =>
    new ExecutionContext({ deviceTarget: 'GPU', mode: 'GRAPH_MODE' }).run(() => {
      const net = new Affine();
      const outs = [1, 2, 3, 4].map((k) => net.call(input(k)));
      outs[3]!.asnumpy();
      currentDevice().reset();
      return { first: Array.from(outs[0]!.asnumpy().data as Float32Array), records: JSON.stringify(getSimulator().records()) };
    });
  const a = program();
  const b = program();
  t.same(a.first, [5.5, 0.5, 5, 1.5], 'the first output after a reset: [[1, 2], [0, 2]] · w + 1');
  t.equal(a.records, b.records, 'two runs, one trace');
});

t.test('keepCellOutputs must be a boolean', async (t) => {
  t.throws(() => new ExecutionContext({ keepCellOutputs: 'yes' as never }), ArgumentTypeError);
  t.throws(() => new ExecutionContext({ keepCellOutputs: 'yes' as never }), /ExecutionContext: keepCellOutputs must be a boolean, but got/);
  t.equal(new ExecutionContext().keepCellOutputs, false);
});
