/**
 * The Assign tests of r1.5's tests/st/auto_monad/test_auto_monad.py ported line by line (GRAPH_MODE on
 * Ascend, as the file sets): test_assign, test_assign_implicit, test_assign_write_after_read,
 * test_assign_read_after_write, test_assign_if, test_multi_assign, test_multi_assign_addn and
 * test_write_read_write. Spelling differences, as docs/porting/auto-monad.md lists them: `self.para = x`
 * in construct is r1.5's auto-monad Assign, written `ops.Assign()(this.para, x)` (which returns the
 * Parameter, as r1.5's does); `self.para1 + self.para2` is `ops.Add()`; Python's `if x < y` on tensors
 * (graph control flow in r1.5) reads the condition on the host. Each test runs in GRAPH_MODE and, as a
 * check r1.5's file does not make, in PYNATIVE_MODE too (auto-monad makes both orders the program's).
 */
import t, { type Test } from 'tap';
import { ExecutionContext, Parameter, Tensor, initializer, mstype, nn, np, ops, type Tensor as T } from '../../src/index.js';

const int32 = (v: number): T => new Tensor(v, 'int32');
const f32 = (v: number): T => new Tensor(v, 'float32');
const value = (x: T): number => Number(x.asnumpy().item());

/** Runs `fn` in a fresh context on Ascend in each mode. */
function inModes(t: Test, name: string, fn: (t: Test) => void): void {
  for (const mode of ['GRAPH_MODE', 'PYNATIVE_MODE'] as const) {
    t.test(`${name} (${mode})`, async (t) => new ExecutionContext({ mode, deviceTarget: 'Ascend' }).run(() => fn(t)));
  }
}

inModes(t, 'test_assign', (t) => {
  class Assign extends nn.Cell {
    para = new Parameter(int32(1), 'para');
    override construct(value: T): T {
      return ops.Assign()(this.para, value); // self.para = value; return self.para
    }
  }
  const out = new Assign().call(int32(3));
  t.equal(value(out), value(int32(3)));
});

inModes(t, 'test_assign_implicit: an int32 value written to a float32 Parameter is cast to float32', (t) => {
  class AssignImplicit extends nn.Cell {
    b = new Parameter(initializer(1, [5], mstype.float32), 'global_step');
    override construct(w: T): T {
      return ops.Assign()(this.b, w); // self.b = w; return self.b
    }
  }
  const out = new AssignImplicit().call(new Tensor(np.ones([5]).astype('int32')));
  t.equal(out.dtype, mstype.float32);
  t.same(Array.from(out.asnumpy().data as Float32Array), [1, 1, 1, 1, 1]);
});

inModes(t, 'test_assign_write_after_read: Add - Assign - Assign - Sub', (t) => {
  class AssignWAR extends nn.Cell {
    assign = ops.Assign();
    sub = ops.Sub();
    add = ops.Add();
    para = new Parameter(int32(1), 'para');
    weight = new Parameter(int32(5), 'weight');
    override construct(x: T, y: T): T {
      // without auto_monad, execute order is wrong: Add - Assign - Sub - Assign
      // expected execute order: Add - Assign - Assign - Sub
      this.assign(this.para, this.add(y, x)); // self.para = self.add(y, x)
      this.assign(this.para, y);
      return this.sub(this.para, this.weight);
    }
  }
  t.equal(value(new AssignWAR().call(int32(3), int32(4))), -1);
});

inModes(t, 'test_assign_read_after_write: AssignAdd - Add - Assign', (t) => {
  class AssignRAW extends nn.Cell {
    assignAdd = ops.AssignAdd();
    greater = ops.Greater();
    add = ops.Add();
    para = new Parameter(int32(1), 'para');
    override construct(x: T, y: T): T {
      // without auto_monad, execute order is wrong: Add - Assign - Greater - AssignAdd
      // expected execute order: AssignAdd - Add - Assign
      this.greater(x, y);
      this.assignAdd(this.para, x);
      return ops.Assign()(this.para, this.add(x, y)); // self.para = self.add(x, y); return self.para
    }
  }
  const net = new AssignRAW();
  t.equal(value(net.call(int32(3), int32(4))), 7);
  t.equal(value(net.para), 7, 'the Parameter holds the last write');
});

inModes(t, 'test_assign_if', (t) => {
  class AssignIf extends nn.Cell {
    para = new Parameter(int32(1), 'para');
    override construct(x: T, y: T): T {
      if (value(ops.Less()(x, y))) ops.Assign()(this.para, x); // if x < y: self.para = x
      else ops.Assign()(this.para, y); // else: self.para = y
      return this.para;
    }
  }
  t.equal(value(new AssignIf().call(int32(3), int32(4))), 3);
});

inModes(t, 'test_multi_assign: Assign returns the Parameter, read after the write', (t) => {
  class MultiAssign extends nn.Cell {
    assign = ops.Assign();
    para1 = new Parameter(int32(1), 'para1');
    para2 = new Parameter(int32(2), 'para2');
    para3 = new Parameter(int32(3), 'para3');
    override construct(x: T, y: T, z: T): T {
      let a = this.assign(this.para1, x);
      a = this.assign(this.para2, y);
      a = this.assign(this.para3, z);
      return ops.Add()(ops.Add()(this.para1, this.para2), a); // self.para1 + self.para2 + a
    }
  }
  t.equal(value(new MultiAssign().call(int32(4), int32(5), int32(6))), 15);
});

inModes(t, 'test_multi_assign_addn', (t) => {
  class MultiAssignAddn extends nn.Cell {
    addn = ops.AddN();
    assign = ops.Assign();
    para1 = new Parameter(f32(1.0), 'para1');
    para2 = new Parameter(f32(3.0), 'para2');
    override construct(inputs: T): T {
      this.assign(this.para1, inputs);
      let out = this.addn([inputs, this.para1, this.para2]);
      this.assign(this.para2, inputs);
      out = this.addn([out, this.para1, this.para2]);
      return out;
    }
  }
  t.equal(value(new MultiAssignAddn().call(f32(9.0))), 39);
});

inModes(t, 'test_write_read_write', (t) => {
  class MyNet extends nn.Cell {
    para1 = new Parameter(int32(1), 'para1');
    para2 = new Parameter(int32(2), 'para2');
    override construct(x: T, y: T, x1: T, y1: T): T {
      ops.Assign()(this.para1, x); // self.para1 = x
      ops.Assign()(this.para2, y); // self.para2 = y
      const a = ops.Add()(this.para1, this.para2); // a = self.para1 + self.para2
      ops.Assign()(this.para1, x1); // self.para1 = x1
      ops.Assign()(this.para2, y1); // self.para2 = y1
      return ops.Add()(ops.Add()(a, this.para1), this.para2); // a + self.para1 + self.para2
    }
  }
  t.equal(value(new MyNet().call(int32(3), int32(4), int32(5), int32(6))), 18);
});
