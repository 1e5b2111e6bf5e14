/**
 * Float-status kernels.
 * - FloatStatus (GPU, CPU): a [1] float32 that is 1.0 when any element of the input is inf or NaN.
 * - NPUAllocFloatStatus, NPUClearFloatStatus, NPUGetFloatStatus (Ascend): [8] float32 status buffers.
 *   Clearing and reading act on the device's register, which the device passes in as
 *   {@link FloatStatusRegister}; without one they only produce zeros.
 * @module
 */
import { DTypeError, ShapeError } from '../../errors/index.js';
import { DTYPES } from '../dtype.js';
import { allFinite, floatValues } from '../float-output.js';
import { formatShape } from '../shape.js';
import { bytesOf, outputFor, trustedOutput, type KSignature, type KernelDef, type KernelOptions } from '../tensor.js';

/** The device register the NPU float-status kernels act on. */
export interface FloatStatusRegister {
  /** The register's value (1 after an overflow). */
  read(): number;
  /** Clears it. */
  clear(): void;
}

/** Options of the NPU float-status kernels: the register to act on. */
export interface NpuStatusOptions extends KernelOptions {
  /** The device's register. */
  readonly register?: FloatStatusRegister;
}

/** The FloatStatus kernel (GPU style, per tensor). */
export const FloatStatus: KernelDef = {
  name: 'FloatStatus',
  infer(inputs) {
    const x = inputs[0];
    if (inputs.length !== 1 || x === undefined || x.dtype.kind !== 'float') {
      throw new DTypeError(`FloatStatus: expects one float tensor, but got ${inputs.map((i) => i.dtype.msName).join(', ') || 'none'}`);
    }
    return [{ dtype: DTYPES.float32, shape: [1] }];
  },
  compute(inputs, attrs, options) {
    const out = trustedOutput(options) ?? outputFor(this.infer(inputs, attrs)[0]!, options, 'FloatStatus');
    (out.data as Float32Array)[0] = allFinite(floatValues(inputs[0]!)) ? 0 : 1;
    return { outputs: [out], overflow: false };
  },
  cost(inputs) {
    return { flops: inputs[0]!.shape.reduce((a, b) => a * b, 1), bytes: bytesOf(inputs[0]!) + 4, dtype: inputs[0]!.dtype };
  },
};

function checkStatus(name: string, inputs: readonly KSignature[]): KSignature[] {
  const x = inputs[0];
  if (inputs.length !== 1 || x === undefined) throw new DTypeError(`${name}: expects one status tensor`);
  if (x.shape.length !== 1 || x.shape[0] !== 8) {
    throw new ShapeError(`For '${name}', the shape of 'x' should be (8,), but got ${formatShape(x.shape)}`);
  }
  if (x.dtype.name !== 'float16' && x.dtype.name !== 'float32') {
    throw new DTypeError(`For '${name}', the dtype of 'x' should be Float16 or Float32, but got ${x.dtype.msName}`);
  }
  return [{ dtype: DTYPES.float32, shape: [8] }];
}

const statusCost = () => ({ flops: 0, bytes: 32, dtype: DTYPES.float32 });

/** NPUAllocFloatStatus: a zeroed [8] float32 status buffer. */
export const NPUAllocFloatStatus: KernelDef = {
  name: 'NPUAllocFloatStatus',
  infer(inputs) {
    if (inputs.length !== 0) throw new DTypeError(`NPUAllocFloatStatus: takes no inputs, but got ${inputs.length}`);
    return [{ dtype: DTYPES.float32, shape: [8] }];
  },
  compute(inputs, attrs, options) {
    return { outputs: [trustedOutput(options) ?? outputFor(this.infer(inputs, attrs)[0]!, options, 'NPUAllocFloatStatus')], overflow: false };
  },
  cost: statusCost,
};

/** NPUClearFloatStatus: clears the register; outputs [8] zeros. */
export const NPUClearFloatStatus: KernelDef = {
  name: 'NPUClearFloatStatus',
  infer: (inputs) => checkStatus('NPUClearFloatStatus', inputs),
  compute(inputs, attrs, options?: NpuStatusOptions) {
    const out = trustedOutput(options) ?? outputFor(this.infer(inputs, attrs)[0]!, options, 'NPUClearFloatStatus');
    options?.register?.clear();
    return { outputs: [out], overflow: false };
  },
  cost: statusCost,
};

/**
 * NPUGetFloatStatus: copies the register into its input buffer (in place: element 0 is 1.0 after an
 * overflow) and outputs [8] zeros, as MindSpore's primitive does.
 */
export const NPUGetFloatStatus: KernelDef = {
  name: 'NPUGetFloatStatus',
  infer: (inputs) => checkStatus('NPUGetFloatStatus', inputs),
  compute(inputs, attrs, options?: NpuStatusOptions) {
    const out = trustedOutput(options) ?? outputFor(this.infer(inputs, attrs)[0]!, options, 'NPUGetFloatStatus');
    const status = inputs[0]!;
    const value = options?.register?.read() ?? 0;
    if (status.dtype.name === 'float32') {
      (status.data as Float32Array).fill(0);
      (status.data as Float32Array)[0] = value;
    } else {
      (status.data as Uint16Array).fill(0);
      (status.data as Uint16Array)[0] = value ? 0x3c00 : 0;
    }
    return { outputs: [out], overflow: false };
  },
  cost: statusCost,
};
