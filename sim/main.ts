/**
 * `npm start`: the default scenario. Until the simulated devices and the overflow scenario land, it
 * demonstrates the foundation they stand on: host arrays, numpy-exact printing, and float16 rounding
 * in IEEE and saturation (Ascend 910) modes.
 */
import { np, print, kernels } from '../src/index.js';

function section(title: string): void {
  print(`\n== ${title}`);
}

print('mindsim: emulated accelerators running a MindSpore-style programming model');

section("host arrays print exactly as numpy's str()");
const x = np.arange(12).reshape(3, 4);
print('np.arange(12).reshape(3, 4) =');
print(x);
print('as float32 / 7:');
const scaled = np.array(
  (x.astype('float64').tolist() as number[][]).map((row) => row.map((v) => v / 7)),
  'float32',
);
print(scaled);

section('float16 rounds to nearest even; 65520 is the first value that overflows');
const edge = np.array([1 / 3, 2049, 65504, 65519, 65520, 1e-8], 'float32');
print('float32:', edge);
print('float16:', edge.astype('float16'));

section('saturation mode (Ascend 910): overflow clamps to ±65504, NaN becomes 0');
const grads = new Float32Array([0.5, -7e4, Number.POSITIVE_INFINITY, Number.NaN, 1e5]);
const ieee = kernels.float32ToFloat16(grads);
const { out, saturated } = kernels.float32ToFloat16Saturating(grads);
print('input          :', np.array(grads));
print('IEEE float16   :', new np.NDArray(ieee, [grads.length], 'float16'));
print('saturated      :', new np.NDArray(out, [grads.length], 'float16'));
print(`${saturated} of ${grads.length} elements saturated: the data looks finite, only a status register would tell`);
