/**
 * Slice (MindSpore's `Slice(x, begin, size)`: the block starting at `begin` of extent `size`, C order)
 * and its gradient SliceGrad (the gradient placed at `begin` in zeros of the input's shape). Bit
 * patterns are copied, so every dtype passes through exactly.
 * @module
 */
import { ShapeError } from '../../errors/index.js';
import { formatShape, sizeOf, stridesOf } from '../shape.js';
import { bytesOf, outputFor, trustedOutput, type KSignature, type KTensor, type KernelDef } from '../tensor.js';

/** Slice's attributes. */
export interface SliceAttrs {
  /** The first index of each dimension. */
  readonly begin: readonly number[];
  /** The extent of each dimension (no -1 here: the primitive resolves it). */
  readonly size: readonly number[];
}

/** SliceGrad's attribute. */
export interface SliceGradAttrs {
  /** Where the gradient's block starts in the input. */
  readonly begin: readonly number[];
}

function checkBlock(kernel: string, shape: readonly number[], begin: readonly number[], size: readonly number[]): void {
  const ok = begin.length === shape.length && size.length === shape.length &&
    shape.every((d, i) => Number.isInteger(begin[i]) && Number.isInteger(size[i]) && begin[i]! >= 0 && size[i]! >= 0 && begin[i]! + size[i]! <= d);
  if (!ok) throw new ShapeError(`For '${kernel}', begin ${formatShape(begin)} and size ${formatShape(size)} must select a block of ${formatShape(shape)}`);
}

/**
 * Copies a block between a whole array of `whole` shape and a packed block of `size` starting at
 * `begin`: `toBlock` reads the whole into the block, else writes the block into the whole.
 */
function copyBlock(whole: KTensor, block: KTensor, begin: readonly number[], size: readonly number[], toBlock: boolean): void {
  const rank = size.length;
  const n = sizeOf(size);
  if (n === 0) return;
  if (rank === 0) {
    (toBlock ? block : whole).data.set(((toBlock ? whole : block).data as Float32Array).subarray(0, 1) as never);
    return;
  }
  const strides = stridesOf(whole.shape);
  const row = size[rank - 1]!;
  const rows = n / row;
  const at = new Array<number>(rank - 1).fill(0);
  for (let r = 0; r < rows; r++) {
    let offset = begin[rank - 1]!;
    for (let d = 0; d < rank - 1; d++) offset += (begin[d]! + at[d]!) * strides[d]!;
    if (toBlock) block.data.set((whole.data as Float32Array).subarray(offset, offset + row) as never, r * row);
    else whole.data.set((block.data as Float32Array).subarray(r * row, (r + 1) * row) as never, offset);
    for (let d = rank - 2; d >= 0; d--) {
      if (++at[d]! < size[d]!) break;
      at[d] = 0;
    }
  }
}

/** Slice. */
export const Slice: KernelDef<SliceAttrs> = {
  name: 'Slice',
  infer(inputs, attrs) {
    const x = inputs[0]!;
    checkBlock('Slice', x.shape, attrs.begin, attrs.size);
    return [{ dtype: x.dtype, shape: [...attrs.size] }];
  },
  compute(inputs, attrs, options) {
    const out = trustedOutput(options) ?? outputFor(this.infer(inputs, attrs)[0]!, options, 'Slice');
    copyBlock(inputs[0]!, out, attrs.begin, attrs.size, true);
    return { outputs: [out], overflow: false };
  },
  cost: (inputs, attrs) => ({ flops: 0, bytes: 2 * sizeOf(attrs.size) * inputs[0]!.dtype.itemsize, dtype: inputs[0]!.dtype }),
};

/** SliceGrad: inputs [dout, x]; the output has x's shape, zeros but dout's block at `begin`. */
export const SliceGrad: KernelDef<SliceGradAttrs> = {
  name: 'SliceGrad',
  infer(inputs: readonly KSignature[], attrs) {
    const [dout, x] = inputs;
    checkBlock('SliceGrad', x!.shape, attrs.begin, dout!.shape);
    return [{ dtype: dout!.dtype, shape: [...x!.shape] }];
  },
  compute(inputs, attrs, options) {
    const out = trustedOutput(options) ?? outputFor(this.infer(inputs, attrs)[0]!, options, 'SliceGrad');
    (out.data as unknown as { fill(v: number | bigint): void }).fill(out.data instanceof BigInt64Array || out.data instanceof BigUint64Array ? 0n : 0);
    copyBlock(out, inputs[0]!, attrs.begin, inputs[0]!.shape, false);
    return { outputs: [out], overflow: false };
  },
  cost: (inputs) => ({ flops: 0, bytes: bytesOf(inputs[1]!) + bytesOf(inputs[0]!), dtype: inputs[0]!.dtype }),
};
