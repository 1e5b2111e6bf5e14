import t from 'tap';
import * as np from '../../src/api/numpy/index.js';
import { print, setPrintSink, str } from '../../src/api/print.js';
import * as mstype from '../../src/api/mstype.js';

function capture(fn: () => void): string {
  let out = '';
  const previous = setPrintSink((text) => {
    out += text;
  });
  try {
    fn();
  } finally {
    setPrintSink(previous);
  }
  return out;
}

t.test("str follows Python's str for every kind of value", async (t) => {
  t.equal(str(true), 'True');
  t.equal(str(false), 'False');
  t.equal(str(null), 'None');
  t.equal(str(undefined), 'None');
  t.equal(str(3), '3');
  t.equal(str(-0.5), '-0.5');
  t.equal(str(1e-5), '1e-05');
  t.equal(str(2 ** 60), '1.152921504606847e+18', 'unsafe integers print as Python floats');
  t.equal(str(NaN), 'nan');
  t.equal(str(-Infinity), '-inf');
  t.equal(str(12345678901234567890n), '12345678901234567890');
  t.equal(str('text'), 'text');
  t.equal(str([1, 'a', "it's", [true, null], 0.25]), `[1, 'a', "it's", [True, None], 0.25]`);
  t.equal(str(mstype.float32), 'Float32');
  t.equal(str(mstype.bool_), 'Bool');
  t.equal(str(mstype.uint8), 'UInt8');
  t.equal(str(np.arange(3)), '[0 1 2]');
});

t.test('print joins with one space and ends with a newline, like Python', async (t) => {
  t.equal(capture(() => print()), '\n');
  t.equal(capture(() => print('a', 1, true)), 'a 1 True\n');
  // the seed document's print(x, "\n\n", y): the separators make the blank lines and leading spaces
  t.equal(capture(() => print('x', '\n\n', 'y')), 'x \n\n y\n');
  t.equal(capture(() => print(np.full([3, 3], 5, 'float32'))), '[[5. 5. 5.]\n [5. 5. 5.]\n [5. 5. 5.]]\n');
});

t.test('print writes to standard output by default', async (t) => {
  const original = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((chunk: string) => {
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    print('hello', 2.5);
  } finally {
    process.stdout.write = original;
  }
  t.equal(out, 'hello 2.5\n');
});

t.test('dtype objects: names, ranks, resolution', async (t) => {
  t.equal(mstype.float16.name, 'float16');
  t.equal(mstype.resolve('Float32'), mstype.float32);
  t.equal(mstype.resolve('f8'), mstype.float64);
  t.equal(mstype.resolve(mstype.int8), mstype.int8);
  t.throws(() => mstype.resolve('complex64'), { name: 'DTypeError' });
  t.throws(() => mstype.resolve(3 as never), { name: 'DTypeError', message: /got number 3/ });
  const order = [mstype.bool_, mstype.int8, mstype.uint8, mstype.int16, mstype.int32, mstype.int64, mstype.float16, mstype.float32, mstype.float64];
  t.same(order.map((d) => d.rank), [0, 1, 2, 3, 4, 5, 6, 7, 8], "MindSpore's implicit conversion order");
  t.same([mstype.float16.itemsize, mstype.int64.itemsize, mstype.bool_.itemsize], [2, 8, 1]);
  t.ok(mstype.float32.isFloat && !mstype.float32.isInteger && mstype.uint8.isInteger && !mstype.bool_.isInteger);
});

t.test('print without Node (a browser bundle): the console, read at the call', async (t) => {
  const { print: p, ExecutionContext } = await import('../../src/index.js');
  const lines: string[] = [];
  const log = console.log;
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'process')!;
  const ctx = new ExecutionContext();
  try {
    console.log = (...args: unknown[]) => void lines.push(args.join(' '));
    Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true });
    ctx.run(() => p('no', 'process'));
  } finally {
    Object.defineProperty(globalThis, 'process', saved);
    console.log = log;
  }
  t.same(lines, ['no process']);
});
