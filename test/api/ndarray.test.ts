import t from 'tap';
import fc from 'fast-check';
import { assertProperty } from '../helpers/property.js';
import * as np from '../../src/api/numpy/index.js';
import { NDArray } from '../../src/api/numpy/index.js';
import { ndarrayArbitrary } from '../../src/testing.js';
import {
  ArgumentTypeError,
  ArgumentValueError,
  DTypeError,
  IndexOutOfRangeError,
  MindsimError,
  ShapeError,
} from '../../src/errors/index.js';

t.test('numpy default dtypes on Linux: integers int64, floats float64', async (t) => {
  t.equal(np.arange(6).dtype, 'int64');
  t.equal(np.arange(0, 1, 0.5).dtype, 'float64');
  t.equal(np.array([[1, 2], [3, 4]]).dtype, 'int64');
  t.equal(np.array([0.5, 1]).dtype, 'float64');
  t.equal(np.array([NaN, 1]).dtype, 'float64');
  t.equal(np.array([1n, 2n]).dtype, 'int64');
  t.equal(np.array([true, false]).dtype, 'bool');
  t.equal(np.array([true, 2]).dtype, 'int64');
  t.equal(np.array([]).dtype, 'float64');
  t.same(np.array([]).shape, [0]);
  t.equal(np.zeros(3).dtype, 'float64');
  t.equal(np.ones([2]).dtype, 'float64');
  t.equal(np.full([2], 7).dtype, 'int64');
  t.equal(np.full([2], 0.5).dtype, 'float64');
  t.equal(np.array(new Float32Array(2)).dtype, 'float32');
  t.equal(np.array(new Int8Array(2)).dtype, 'int8');
  t.equal(np.array(new BigInt64Array(2)).dtype, 'int64');
});

t.test('shape, size, ndim, 0-d arrays', async (t) => {
  const a = np.arange(24).reshape(2, 3, 4);
  t.same(a.shape, [2, 3, 4]);
  t.equal(a.size, 24);
  t.equal(a.ndim, 3);
  const s = np.array(2.5);
  t.same(s.shape, []);
  t.equal(s.size, 1);
  t.equal(s.item(), 2.5);
  t.equal(String(np.array(2.5)), '2.5');
  t.equal(String(np.array(2, 'float32')), '2.0');
});

t.test('reshape: dimensions as arguments or one array, one -1 inferred, storage shared', async (t) => {
  const a = np.arange(6);
  const b = a.reshape([3, -1]);
  t.same(b.shape, [3, 2]);
  t.same(a.reshape(2, 3).shape, [2, 3]);
  t.same(a.reshape(-1).shape, [6]);
  t.same(np.zeros([0, 3]).reshape(3, 0).shape, [3, 0]);
  t.throws(() => np.zeros([0, 3]).reshape(-1, 0), ShapeError, 'the unknown dimension of a zero-size array is ambiguous');
  (b.data as BigInt64Array)[0] = 42n;
  t.equal(a.item(0), 42n, 'a reshape is a view, as in numpy');
});

t.test('reshape errors: numpy messages, ValueError, the array unchanged', async (t) => {
  const a = np.arange(6);
  const before = a.toString();
  t.throws(() => a.reshape(4), { name: 'ShapeError', message: 'cannot reshape array of size 6 into shape (4,)' });
  t.throws(() => a.reshape(-1, -1), { message: 'NDArray.reshape: can only specify one unknown dimension' });
  t.throws(() => a.reshape(-1, 4), { message: 'cannot reshape array of size 6 into shape (-1, 4)' });
  t.throws(() => a.reshape(-2, -3), ShapeError);
  t.throws(() => a.reshape(1.5, 4), ArgumentTypeError);
  try {
    a.reshape(5);
  } catch (e) {
    t.ok(e instanceof MindsimError);
    t.equal((e as MindsimError).pythonType, 'ValueError');
  }
  t.equal(a.toString(), before);
  t.same(a.shape, [6]);
});

t.test('bad input to the constructors: a clear error of the right kind', async (t) => {
  t.throws(() => np.zeros([2, -1]), {
    name: 'ShapeError',
    message: 'np.zeros: negative dimensions are not allowed, but got shape (2, -1)',
  });
  t.throws(() => np.ones([1.5]), { name: 'ArgumentTypeError', message: /every dimension must be an integer, but got number 1.5/ });
  t.throws(() => np.zeros('3' as never), ArgumentTypeError);
  t.throws(() => np.zeros([NaN]), ArgumentTypeError);
  t.throws(() => np.zeros([2 ** 20, 2 ** 20]), ArgumentValueError);
  t.throws(() => np.zeros([2], 'float128'), {
    name: 'DTypeError',
    message: /np.zeros: data type 'float128' not understood/,
  });
  t.throws(() => np.array([[1, 2], [3]]), {
    name: 'ArgumentValueError',
    message:
      'np.array: setting an array element with a sequence. The requested array has an inhomogeneous shape ' +
      'after 1 dimensions. The detected shape was (2,) + inhomogeneous part.',
  });
  t.throws(() => np.array([[1, 2], 3] as never), ArgumentValueError);
  t.throws(() => np.array([1, [2]] as never), ArgumentValueError);
  t.throws(() => np.array([[[1], [2]], [[3], 4]] as never), { message: /after 2 dimensions. The detected shape was \(2, 2\)/ });
  t.throws(() => np.array(['a'] as never), { name: 'ArgumentTypeError', message: "np.array: elements must be numbers, bigints or booleans, but got string 'a' at index [0]" });
  t.throws(() => np.array([1, null] as never), { message: /got null at index \[1\]/ });
  t.throws(() => np.array([{}] as never), ArgumentTypeError);
  t.throws(() => np.array([2n ** 64n]), { name: 'ArgumentValueError', message: /out of range for int64/ });
  t.throws(() => np.array(new Uint16Array(2) as never), DTypeError);
  t.throws(() => np.arange(0, 5, 0), { message: /step must not be zero/ });
  t.throws(() => np.arange(Infinity), ArgumentValueError);
  t.throws(() => np.full([2], [1] as never), ArgumentTypeError);
  t.throws(() => new NDArray(new Float32Array(3), [2, 2], 'float32'), ArgumentTypeError);
  t.throws(() => new NDArray(new Float64Array(4), [2, 2], 'float32'), ArgumentTypeError);
});

t.test('astype, item, tolist', async (t) => {
  const a = np.array([1.5, -2.7, 70000]);
  t.equal(String(a.astype('float16')), '[ 1.5 -2.7  inf]');
  t.equal(String(a.astype('int32')), '[    1    -2 70000]');
  t.equal(String(a.astype('bool')), '[ True  True  True]');
  t.equal(a.astype('float32').dtype, 'float32');
  t.throws(() => a.astype('nope'), DTypeError);
  t.equal(String(a), '[ 1.5e+00 -2.7e+00  7.0e+04]', 'the source is unchanged by casts');
  const m = np.arange(6).reshape(2, 3);
  t.equal(m.item(1, 2), 5n);
  t.equal(m.item(-1, -1), 5n);
  t.equal(m.item(4), 4n);
  t.throws(() => m.item(2, 0), { name: 'IndexOutOfRangeError', message: 'NDArray.item: index 2 is out of bounds for axis 0 with size 2' });
  t.throws(() => m.item(), ShapeError);
  t.throws(() => m.item(1, 2, 3), ShapeError);
  t.throws(() => m.item(99), IndexOutOfRangeError);
  t.same(m.tolist(), [[0n, 1n, 2n], [3n, 4n, 5n]]);
  t.same(np.array([true, false]).tolist(), [true, false]);
  t.same(np.array(new Float32Array([0.5])).tolist(), [0.5]);
  t.equal(np.array(3.25, 'float16').item(), 3.25);
});

t.test('np.array with a dtype converts; copies never alias their source', async (t) => {
  const src = new Float32Array([1, 2]);
  const a = np.array(src);
  src[0] = 9;
  t.equal(a.item(0), 1);
  t.equal(String(np.array([1, 2], 'float32')), '[1. 2.]');
  t.equal(String(np.array([1.9, -1.9], 'int8')), '[ 1 -1]');
  t.equal(String(np.array([2n ** 62n], 'float64')), '[4.61168602e+18]');
  t.equal(np.array([1, 2], 'float16').dtype, 'float16');
  const b = np.array(a);
  (b.data as Float32Array)[1] = 7;
  t.equal(a.item(1), 2);
});

t.test('properties over random arrays of every dtype', async (t) => {
  assertProperty(
    t,
    'reshape, tolist → array and astype to the same dtype keep the printed array',
    fc.property(ndarrayArbitrary(), (a) => {
      const flat = a.reshape(-1);
      const back = flat.reshape([...a.shape]);
      return (
        back.toString() === a.toString() &&
        np.array(a.tolist() as never, a.dtype).toString() === a.toString() &&
        a.astype(a.dtype).toString() === a.toString()
      );
    }),
  );
});
