/**
 * numpy-exact printing cost: a 1000-element float32 array (printed whole) and a 1M-element float64
 * array (summarised), against printing the same values with JavaScript's own number text.
 */
import { np } from '../src/index.js';
import { type GroupResult, runGroup } from './harness.js';

export function printingBenchmarks(): GroupResult[] {
  const small = np.arange(1000).astype('float32');
  for (let i = 0; i < 1000; i++) (small.data as Float32Array)[i] = Math.fround(Math.sin(i) * 1000);
  const large = np.arange(1 << 20).astype('float64');
  const plain = Array.from(small.data as Float32Array);
  return [
    runGroup('printing arrays', 'arrays', [
      { name: 'baseline: 1000 numbers joined with String()', units: 1, fn: () => plain.map(String).join(' ') },
      { name: 'str() of float32 [1000] (whole)', units: 1, fn: () => small.toString() },
      { name: 'str() of float64 [1048576] (summarised)', units: 1, fn: () => large.toString() },
    ]),
  ];
}
