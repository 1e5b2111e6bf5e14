/**
 * Select(cond, x, y): `cond ? x : y` elementwise with broadcasting; bit patterns are copied, so every
 * dtype (float16 included) passes through exactly.
 * @module
 */
import { DTypeError } from '../../errors/index.js';
import { broadcastShapes } from '../broadcast.js';
import { sizeOf } from '../shape.js';
import { elementLoop } from '../elementwise/loops.js';
import { bytesOf, outputFor, trustedOutput, type KSignature, type KTensor, type KernelDef } from '../tensor.js';

function infer(inputs: readonly KSignature[]): KSignature[] {
  if (inputs.length !== 3) throw new DTypeError(`Select: expected 3 inputs (cond, x, y), but got ${inputs.length}`);
  const [cond, x, y] = inputs as [KSignature, KSignature, KSignature];
  if (cond.dtype.kind !== 'bool') throw new DTypeError(`Select: cond must be Bool, but got ${cond.dtype.msName}`);
  if (x.dtype !== y.dtype) throw new DTypeError(`Select: x and y must have one dtype, but got ${x.dtype.msName} and ${y.dtype.msName}`);
  return [{ dtype: x.dtype, shape: broadcastShapes([cond.shape, x.shape, y.shape], 'Select') }];
}

/** The Select kernel. */
export const Select: KernelDef = {
  name: 'Select',
  infer,
  compute(inputs, _attrs, options) {
    const out = trustedOutput(options) ?? outputFor(infer(inputs)[0]!, options, 'Select');
    const storage = `${inputs.map((i) => i.data.constructor.name).join(',')}>${out.data.constructor.name}`;
    const [c, x, y] = inputs as [KTensor, KTensor, KTensor];
    elementLoop('x ? y : z', 3, storage)(out.data, out.shape, c.data, c.shape, x.data, x.shape, y.data, y.shape);
    return { outputs: [out], overflow: false };
  },
  cost(inputs) {
    const sig = infer(inputs)[0]!;
    return { flops: sizeOf(sig.shape), bytes: inputs.reduce((b, s) => b + bytesOf(s), bytesOf(sig)), dtype: sig.dtype };
  },
};
