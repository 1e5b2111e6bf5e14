/**
 * Plain reference implementations for the kernel tests: naive loops over multi-indices, written for
 * clarity, sharing nothing with the kernels but the dtype conversions.
 */
import { DTYPES, ktensor, numberToFloat16Bits, float16BitsToNumber, numberToBFloat16Bits, bfloat16BitsToNumber, type DType, type KTensor } from '../../src/kernels/index.js';

/** The value of element i as a number (float16/bfloat16 decoded, int64 as Number). */
export function valueAt(t: KTensor, i: number): number {
  const v = t.data[i]!;
  if (t.dtype.name === 'float16') return float16BitsToNumber(v as number);
  if (t.dtype.name === 'bfloat16') return bfloat16BitsToNumber(v as number);
  return Number(v);
}

/** Rounds a computed float to the compute dtype (float32 unless float64). */
export function roundCompute(x: number, dtype: DType): number {
  return dtype.name === 'float64' ? x : Math.fround(x);
}

/** Stores a float result into output storage of `dtype` (float16/bfloat16 round from float32). */
export function storeFloat(out: KTensor, i: number, x: number): void {
  if (out.dtype.name === 'float16') (out.data as Uint16Array)[i] = numberToFloat16Bits(Math.fround(x));
  else if (out.dtype.name === 'bfloat16') (out.data as Uint16Array)[i] = numberToBFloat16Bits(Math.fround(x));
  else (out.data as Float32Array)[i] = x;
}

/** Row-major multi-index of flat index i. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return idx;
}

/** Flat index of a multi-index. */
export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let o = 0;
  for (let d = 0; d < shape.length; d++) o = o * shape[d]! + idx[d]!;
  return o;
}

/** The input flat index for an output multi-index under numpy broadcasting. */
export function broadcastIndex(outIdx: readonly number[], shape: readonly number[]): number {
  const off = outIdx.length - shape.length;
  return ravel(shape.map((d, k) => (d === 1 ? 0 : outIdx[off + k]!)), shape);
}

/** C = A·B for one matrix pair, per element in k order, `steps` rounding to float32 after every add. */
export function naiveMatMul(A: number[][], B: number[][], steps: boolean): number[][] {
  return A.map((row) =>
    B[0]!.map((_, j) => {
      let acc = 0;
      for (let k = 0; k < row.length; k++) acc = steps ? Math.fround(acc + row[k]! * B[k]![j]!) : acc + row[k]! * B[k]![j]!;
      return acc;
    }),
  );
}

/** A float tensor from numbers. */
export function floatTensor(dtype: DType, shape: readonly number[], values: readonly number[]): KTensor {
  const t = ktensor(dtype, shape);
  values.forEach((v, i) => storeFloat(t, i, dtype.name === 'float64' ? v : Math.fround(v)));
  return t;
}

export { DTYPES };
