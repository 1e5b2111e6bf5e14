/**
 * OneHot as r1.5: indices (int32/int64) and scalar on/off values (float16/float32) give a tensor with
 * a new axis of `depth` at `axis` (-1: last), `on` where the index equals the position and `off`
 * elsewhere (an index outside [0, depth) gives all `off`).
 * @module
 */
import { DTypeError, ShapeError } from '../../errors/index.js';
import { formatShape, sizeOf } from '../shape.js';
import { bytesOf, outputFor, type KernelDef } from '../tensor.js';

/** OneHot's attributes. */
export interface OneHotAttrs {
  /** The length of the new axis. */
  readonly depth: number;
  /** Where the new axis goes (-1 to the indices' rank; -1: last). */
  readonly axis: number;
}

/** OneHot(indices, on, off). */
export const OneHot: KernelDef<OneHotAttrs> = {
  name: 'OneHot',
  infer(inputs, attrs) {
    const [indices, on, off] = inputs;
    if (!indices || !on || !off || inputs.length !== 3) throw new ShapeError(`For 'OneHot', the number of inputs must be 3 (indices, on_value, off_value), but got ${inputs.length}`);
    if (indices.dtype.name !== 'int32' && indices.dtype.name !== 'int64') throw new DTypeError(`For 'OneHot', the type of 'indices' should be one of [Int32, Int64], but got ${indices.dtype.msName}`);
    if ((on.dtype.name !== 'float16' && on.dtype.name !== 'float32') || on.dtype !== off.dtype) {
      throw new DTypeError(`For 'OneHot', 'on_value' and 'off_value' must be one of [Float16, Float32] and of one dtype, but got ${on.dtype.msName} and ${off.dtype.msName}`);
    }
    if (sizeOf(on.shape) !== 1 || sizeOf(off.shape) !== 1) throw new ShapeError(`For 'OneHot', 'on_value' and 'off_value' must be scalars, but got ${formatShape(on.shape)} and ${formatShape(off.shape)}`);
    const rank = indices.shape.length;
    if (!Number.isInteger(attrs.axis) || attrs.axis < -1 || attrs.axis > rank) throw new ShapeError(`For 'OneHot', the 'axis' must be in range [-1, ${rank}], but got ${attrs.axis}`);
    const at = attrs.axis === -1 ? rank : attrs.axis;
    return [{ dtype: on.dtype, shape: [...indices.shape.slice(0, at), attrs.depth, ...indices.shape.slice(at)] }];
  },
  compute(inputs, attrs, options) {
    const sig = this.infer(inputs, attrs)[0]!;
    const out = outputFor(sig, options, 'OneHot');
    const [indices, on, off] = inputs as [typeof inputs[0], typeof inputs[0], typeof inputs[0]];
    const rank = indices!.shape.length;
    const at = attrs.axis === -1 ? rank : attrs.axis;
    const outer = sizeOf(indices!.shape.slice(0, at));
    const inner = sizeOf(indices!.shape.slice(at));
    const depth = attrs.depth;
    const onBits = on!.data[0] as number;
    const offBits = off!.data[0] as number; // float16 stays in its bits: only copied
    const data = out.data as Float32Array;
    const idx = indices!.data;
    for (let o = 0; o < outer; o++) {
      for (let d = 0; d < depth; d++) {
        for (let i = 0; i < inner; i++) data[(o * depth + d) * inner + i] = Number(idx[o * inner + i]!) === d ? onBits : offBits;
      }
    }
    return { outputs: [out], overflow: false };
  },
  cost: (inputs, attrs) => ({ flops: 0, bytes: bytesOf(inputs[0]!) + sizeOf(inputs[0]!.shape) * attrs.depth * inputs[1]!.dtype.itemsize, dtype: inputs[1]!.dtype }),
};
