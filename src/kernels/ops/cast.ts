/**
 * Cast(x, { dtype }): numpy's astype rules (see cast.ts). Casting to a float dtype reports overflow when
 * a finite value becomes non-finite (70000 → float16 inf); with `saturate` such values become ±max
 * finite and NaN becomes 0 (Ascend saturation mode).
 * @module
 */
import { DTypeError } from '../../errors/index.js';
import { castArray } from '../cast.js';
import { resolveDType, type DTypeLike } from '../dtype.js';
import { allFinite, floatValues, halfBitsAllFinite, maxFinite } from '../float-output.js';
import { float32ToFloat16Finite, numberToFloat16Bits } from '../float16.js';
import { float32ToBFloat16, numberToBFloat16Bits } from '../bfloat16.js';
import { sizeOf } from '../shape.js';
import { bytesOf, outputFor, trustedOutput, type KSignature, type KernelDef } from '../tensor.js';

/** Cast's attribute: the target dtype. */
export interface CastAttrs {
  /** The dtype to cast to. */
  readonly dtype: DTypeLike;
}

function infer(inputs: readonly KSignature[], attrs: CastAttrs): KSignature[] {
  if (inputs.length !== 1) throw new DTypeError(`Cast: expected 1 input, but got ${inputs.length}`);
  return [{ dtype: resolveDType(attrs.dtype, 'Cast'), shape: [...inputs[0]!.shape] }];
}

/** The Cast kernel. */
export const Cast: KernelDef<CastAttrs> = {
  name: 'Cast',
  infer,
  compute(inputs, attrs, options) {
    const x = inputs[0]!;
    const out = trustedOutput(options) ?? outputFor(infer(inputs, attrs)[0]!, options, 'Cast');
    let finiteHalves: boolean | null = null; // whether every float16 result is finite, when the conversion said
    if (x.dtype.name === 'float32' && out.dtype.name === 'float16') finiteHalves = float32ToFloat16Finite(x.data as Float32Array, out.data as Uint16Array);
    else if (x.dtype.name === 'float32' && out.dtype.name === 'bfloat16') float32ToBFloat16(x.data as Float32Array, out.data as Uint16Array);
    else out.data.set(castArray(x.data, x.dtype, out.dtype) as never);
    const detect = options?.detectOverflow === true || options?.saturate === true;
    if (!detect || out.dtype.kind !== 'float') return { outputs: [out], overflow: false };
    // 16-bit floats: no non-finite value (exponent all ones) in the bits, nothing to look at further
    const name = out.dtype.name;
    if (finiteHalves ?? ((name === 'float16' || name === 'bfloat16') && halfBitsAllFinite(out.data as Uint16Array, name))) return { outputs: [out], overflow: false };
    const finite = x.dtype.kind !== 'float' || allFinite(floatValues(x));
    const values = floatValues(out);
    let overflow = false;
    const max = maxFinite(out.dtype);
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v - v === 0) continue;
      if (finite) overflow = true;
      if (options?.saturate) {
        overflow = true;
        const s = v !== v ? 0 : v > 0 ? max : -max;
        if (out.dtype.name === 'float16') (out.data as Uint16Array)[i] = numberToFloat16Bits(s);
        else if (out.dtype.name === 'bfloat16') (out.data as Uint16Array)[i] = numberToBFloat16Bits(s);
        else (out.data as Float32Array)[i] = s;
      }
    }
    return { outputs: [out], overflow };
  },
  cost(inputs, attrs) {
    const sig = infer(inputs, attrs)[0]!;
    return { flops: sizeOf(sig.shape), bytes: bytesOf(inputs[0]!) + bytesOf(sig), dtype: sig.dtype };
  },
};
