import t from 'tap';
import { DTYPES, ELEMENTWISE, ktensor, type DTypeName } from '../../src/kernels/index.js';
import { bytesToHex, hexToBytes, loadFixture } from '../helpers/fixtures.js';

interface Case { op: string; dtype: DTypeName; inputs: string[]; out: string }
const { cases } = loadFixture<{ cases: Case[] }>('elementwise.json');

function tensorFromHex(hex: string, name: DTypeName) {
  const dt = DTYPES[name];
  const bytes = hexToBytes(hex);
  const storage = dt.allocate(bytes.length / dt.itemsize);
  new Uint8Array(storage.buffer).set(bytes);
  return ktensor(dt, [storage.length], storage);
}

/** NaN bit patterns may differ (numpy keeps payloads, JS may not): compare NaN as NaN. */
function sameElements(got: string, want: string, dtype: DTypeName): boolean {
  if (got === want) return true;
  const size = DTYPES[dtype].itemsize * 2;
  for (let i = 0; i < got.length; i += size) {
    const a = got.slice(i, i + size);
    const b = want.slice(i, i + size);
    if (a === b) continue;
    const isNaN = (h: string) => {
      const v = parseInt(h.match(/../g)!.reverse().join(''), 16);
      if (dtype === 'float16') return (v & 0x7c00) === 0x7c00 && (v & 0x3ff) !== 0;
      if (dtype === 'float32') return (v & 0x7f800000) === 0x7f800000 && (v & 0x7fffff) !== 0;
      if (dtype === 'float64') return Number.isNaN(new Float64Array(hexToBytes(h).buffer)[0]);
      return false;
    };
    if (!(isNaN(a) && isNaN(b))) return false;
  }
  return true;
}

t.test(`elementwise kernels match numpy on ${cases.length} fixture sets (special values, wrap-around, float16 rounding)`, async (t) => {
  const wrong: string[] = [];
  for (const c of cases) {
    const kernel = ELEMENTWISE[c.op]!;
    const inputs = c.inputs.map((h) => tensorFromHex(h, c.dtype));
    const out = kernel.compute(inputs, {}).outputs[0]!;
    const got = bytesToHex(out.data);
    const outDtype = out.dtype.name;
    if (!sameElements(got, c.out, outDtype)) {
      const size = out.dtype.itemsize * 2;
      let i = 0;
      while (got.slice(i * size, (i + 1) * size) === c.out.slice(i * size, (i + 1) * size)) i++;
      const arg = inputs.map((x) => bytesToHex(x.data).slice(i * x.dtype.itemsize * 2, (i + 1) * x.dtype.itemsize * 2)).join(', ');
      wrong.push(`${c.op} ${c.dtype} element ${i} (inputs ${arg}): ${got.slice(i * size, (i + 1) * size)} vs numpy ${c.out.slice(i * size, (i + 1) * size)}`);
    }
  }
  t.same(wrong, []);
});
