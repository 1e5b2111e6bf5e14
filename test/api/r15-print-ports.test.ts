/**
 * The Print tests of r1.5's tests/st/auto_monad/test_auto_monad.py ported line by line (GRAPH_MODE on
 * Ascend, as the file sets): test_print, test_print_add, test_print_assign, test_print_assign_add,
 * test_print_if and test_print_while. r1.5's `check_output` looks for its patterns in what was printed;
 * here the whole output is asserted (the patterns are parts of it). Spelling differences: `self.para = x`
 * in construct is r1.5's auto-monad Assign, written `ops.Assign()`; Python's `if x < y` / `while x < y`
 * on tensors (graph control flow in r1.5) read the condition on the host.
 */
import t from 'tap';
import { ExecutionContext, Parameter, Tensor, nn, ops, type Tensor as T } from '../../src/index.js';

/** Runs `fn` in GRAPH_MODE on Ascend and returns what it printed. */
function captured(fn: () => void, deviceTarget: 'Ascend' | 'GPU' | 'CPU' = 'Ascend'): string {
  let out = '';
  new ExecutionContext({ mode: 'GRAPH_MODE', deviceTarget, printSink: (s) => void (out += s) }).run(fn);
  return out;
}
const int32 = (v: number): T => new Tensor(v, 'int32');
const truthy = (x: T): boolean => Boolean(x.asnumpy().item());

t.test('test_print', async (t) => {
  class Print extends nn.Cell {
    print = ops.Print();
    override construct(x: T, y: T): T {
      this.print('input_x:', x, 'input_y:', y);
      return x;
    }
  }
  const out = captured(() => new Print().call(int32(3), int32(4)));
  t.equal(out, 'input_x:\nTensor(shape=[], dtype=Int32, value=3)\ninput_y:\nTensor(shape=[], dtype=Int32, value=4)\n\n', 'printed before the call returned, as the Ascend kernel writes it');
});

t.test('test_print_add', async (t) => {
  class PrintAdd extends nn.Cell {
    print = ops.Print();
    add = ops.Add();
    override construct(x: T, y: T): T {
      x = this.add(x, y);
      this.print('input_x:', x, 'input_y:', y);
      return x;
    }
  }
  let result = '';
  const out = captured(() => void (result = String(new PrintAdd().call(int32(3), int32(4)))));
  t.equal(result, '7');
  t.match(out, 'input_x:\nTensor(shape=[], dtype=Int32, value=7)\ninput_y:\nTensor(shape=[], dtype=Int32, value=4)');
});

class PrintAssign extends nn.Cell {
  print = ops.Print();
  add = ops.Add();
  assign = ops.Assign();
  para = new Parameter(int32(1), 'para');
  override construct(x: T, y?: T): T {
    this.print('before:', this.para);
    this.assign(this.para, x); // self.para = x
    this.print('after:', this.para);
    return y ? this.add(this.para, y) : this.para;
  }
}

t.test('test_print_assign and test_print_assign_add: the Prints see the Parameter before and after the Assign', async (t) => {
  let result = '';
  const out = captured(() => void (result = String(new PrintAssign().call(int32(3)).asnumpy())));
  t.equal(result, '3');
  t.equal(out, 'before:\nTensor(shape=[], dtype=Int32, value=1)\n\nafter:\nTensor(shape=[], dtype=Int32, value=3)\n\n');
  const out2 = captured(() => void (result = String(new PrintAssign().call(int32(3), int32(4)))));
  t.equal(result, '7');
  t.match(out2, 'before:\nTensor(shape=[], dtype=Int32, value=1)');
  t.match(out2, 'after:\nTensor(shape=[], dtype=Int32, value=3)');
});

t.test('test_print_if and test_print_while', async (t) => {
  class PrintIf extends nn.Cell {
    print = ops.Print();
    override construct(x: T, y: T): T {
      this.print('input_x before:', x, 'input_y before:', y);
      if (truthy(ops.Less()(x, y))) {
        this.print('input_x after:', x, 'input_y after:', y);
        x = ops.Add()(x, 1);
      }
      return x;
    }
  }
  class PrintWhile extends nn.Cell {
    print = ops.Print();
    override construct(x: T, y: T): T {
      this.print('input_x before:', x, 'input_y before:', y);
      while (truthy(ops.Less()(x, y))) {
        this.print('input_x after:', x, 'input_y after:', y);
        x = ops.Add()(x, 1);
      }
      return x;
    }
  }
  let result = '';
  const ifOut = captured(() => void (result = String(new PrintIf().call(int32(3), int32(4)))));
  t.equal(result, '4');
  t.match(ifOut, 'input_x before:\nTensor(shape=[], dtype=Int32, value=3)\ninput_y before:\nTensor(shape=[], dtype=Int32, value=4)');
  t.match(ifOut, 'input_x after:\nTensor(shape=[], dtype=Int32, value=3)\ninput_y after:\nTensor(shape=[], dtype=Int32, value=4)');
  const whileOut = captured(() => void (result = String(new PrintWhile().call(int32(1), int32(4)))));
  t.equal(result, '4');
  for (const v of [1, 2, 3]) t.match(whileOut, `input_x after:\nTensor(shape=[], dtype=Int32, value=${v})\ninput_y after:\nTensor(shape=[], dtype=Int32, value=4)`);
});

t.test("each target's Print kernel text, PYNATIVE's Python print, a Print nobody reads", async (t) => {
  class Show extends nn.Cell {
    print = ops.Print();
    override construct(x: T, m: T): T {
      this.print('x:', x, 'm:', m);
      return x;
    }
  }
  const run = () => new Show().call(int32(3), new Tensor([[1.5, -2], [0, 7]], 'float32'));
  const matrix = 'Tensor(shape=[2, 2], dtype=Float32, value=\n[[ 1.50000000e+00 -2.00000000e+00]\n [ 0.00000000e+00  7.00000000e+00]])';
  t.equal(captured(run, 'Ascend'), `x:\nTensor(shape=[], dtype=Int32, value=3)\nm:\n${matrix}\n\n`);
  t.equal(captured(run, 'GPU'), `x:\nTensor(shape=[], dtype=Int32, value= 3)\nm:\n${matrix}\n`);
  t.equal(captured(run, 'CPU'), `x:\n3\nm:\n${matrix}\n`);
  let out = '';
  new ExecutionContext({ mode: 'PYNATIVE_MODE', deviceTarget: 'Ascend', printSink: (s) => void (out += s) }).run(() => {
    run();
    t.equal(out, 'x:\n3\nm:\n[[ 1.5 -2. ]\n [ 0.   7. ]]\n', "PYNATIVE: r1.5's Python print(arg) of each argument, before the call returns");
    out = '';
    ops.Print()('p:', new Parameter(int32(1), 'p'));
    t.equal(out, 'p:\nParameter (name=p, shape=(), dtype=Int32, requires_grad=True)\n', "a Parameter prints its own text (Python's str)");
  });
});
