import t from 'tap';
import fc from 'fast-check';
import { FORMATS, UNIQUE, generateDigits } from '../../src/api/numpy/format/digits.js';
import { formatScalar } from '../../src/api/numpy/format/array-text.js';
import { formatPythonFloat } from '../../src/api/numpy/format/python-float.js';
import { DTYPES, roundToFloatDType, type DType } from '../../src/kernels/index.js';
import { float16BitsToNumber } from '../../src/kernels/float16.js';
import { bfloat16BitsToNumber } from '../../src/kernels/bfloat16.js';
import { assertProperty } from '../helpers/property.js';

const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => x !== 0);

t.test('float64 unique digits equal V8 toExponential() (shortest, closest, ties to even)', async (t) => {
  assertProperty(
    t,
    'float64 digits',
    fc.property(finiteDouble, (x) => {
      const d = generateDigits(Math.abs(x), FORMATS.float64, UNIQUE);
      const [mant, exp] = Math.abs(x).toExponential().split('e');
      return d.digits === mant!.replace('.', '') && d.exponent === Number(exp);
    }),
    2000,
  );
});

t.test("Python's float repr: positional in [1e-4, 1e16), otherwise scientific", async (t) => {
  t.equal(formatPythonFloat(0.1), '0.1');
  t.equal(formatPythonFloat(3), '3.0');
  t.equal(formatPythonFloat(1e16), '1e+16');
  t.equal(formatPythonFloat(1e15), '1000000000000000.0');
  t.equal(formatPythonFloat(0.0001), '0.0001');
  t.equal(formatPythonFloat(0.00009), '9e-05');
  t.equal(formatPythonFloat(-1.5e300), '-1.5e+300');
  t.equal(formatPythonFloat(5e-324), '5e-324');
  t.equal(formatPythonFloat(-0), '-0.0');
});

/** Every value of a 16-bit format, or random float32 values. */
function narrowValues(dtype: DType): fc.Arbitrary<number> {
  if (dtype.name === 'float16') return fc.integer({ min: 0, max: 0xffff }).map(float16BitsToNumber);
  if (dtype.name === 'bfloat16') return fc.integer({ min: 0, max: 0xffff }).map(bfloat16BitsToNumber);
  return fc.float({ noNaN: true, noDefaultInfinity: true });
}

for (const name of ['float16', 'bfloat16', 'float32'] as const) {
  const dtype = DTYPES[name];
  t.test(`${name} scalars print their shortest round-trip digits`, async (t) => {
    assertProperty(
      t,
      `${name} round-trip and minimality`,
      fc.property(narrowValues(dtype).filter(Number.isFinite), (x) => {
        const text = formatScalar(x, dtype);
        if (!Object.is(roundToFloatDType(Number(text), dtype), x)) return false;
        const d = generateDigits(Math.abs(x), FORMATS[name], UNIQUE);
        if (d.digits.length <= 1) return true;
        // no string with one digit fewer reads back as x: try both neighbours at that length
        const lead = Number(d.digits.slice(0, -1));
        const exp = d.exponent - d.digits.length + 2;
        return [lead, lead + 1].every((m) => roundToFloatDType(Number(`${m}e${exp}`), dtype) !== Math.abs(x));
      }),
      name === 'float32' ? 2000 : 3000,
    );
  });
}

t.test('every float16 value prints as numpy prints its scalar', async (t) => {
  // spot values from numpy 1.21 (str(np.float16(v)))
  const f16 = DTYPES.float16;
  t.equal(formatScalar(65504, f16), '65500.0');
  t.equal(formatScalar(float16BitsToNumber(0x3555), f16), '0.3333');
  t.equal(formatScalar(float16BitsToNumber(1), f16), '6e-08');
  t.equal(formatScalar(float16BitsToNumber(0x0400), f16), '6.104e-05');
  t.equal(formatScalar(0.1, DTYPES.float64), '0.1');
  t.equal(formatScalar(Math.fround(0.1), DTYPES.float32), '0.1');
  t.equal(formatScalar(Math.fround(0.1), DTYPES.float64), '0.10000000149011612');
});
