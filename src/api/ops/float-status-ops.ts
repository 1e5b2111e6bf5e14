/**
 * The float-status primitives of `ops`: FloatStatus (GPU) and the Ascend NPU register ops.
 * @module
 */
import { DTYPES, kernelRegistry, type KernelDef } from '../../kernels/index.js';
import { Tensor } from '../tensor.js';
import { primitive } from './primitive.js';
import { op } from './make.js';

/* eslint-disable @typescript-eslint/naming-convention */
/**
 * FloatStatus()(x): [1] float32, 1.0 when x holds inf or NaN (GPU).
 *
 * @example
 * ```ts
 * import { Tensor, ops, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'GPU' });
 * const z = new Tensor([1, Infinity], 'float32');
 * console.log(String(ops.FloatStatus()(z))); // [1.]
 * ```
 */
export const FloatStatus = () => primitive('FloatStatus', (x: Tensor) => op('FloatStatus', { kernel: kernelRegistry.find('GPU', 'FloatStatus') ?? null })([x])[0]!, { args: 'x:tensor' });
/**
 * NPUAllocFloatStatus()(): an [8] float32 status buffer of zeros (Ascend).
 *
 * @example
 * ```ts
 * import { ops, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'Ascend' });
 * console.log(String(ops.NPUAllocFloatStatus()())); // [0. 0. 0. 0. 0. 0. 0. 0.]
 * ```
 */
export const NPUAllocFloatStatus = () => primitive('NPUAllocFloatStatus', () => op('NPUAllocFloatStatus', { kernel: kernelRegistry.find('Ascend', 'NPUAllocFloatStatus') ?? null, outputs: [{ shape: [8], dtype: DTYPES.float32 }] })([])[0]!, { args: '' });
/**
 * NPUClearFloatStatus()(x): clears the register when it runs; outputs zeros (Ascend).
 *
 * @example
 * ```ts
 * import { ops, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'Ascend' });
 * const status = ops.NPUAllocFloatStatus()();
 * console.log(String(ops.NPUClearFloatStatus()(status).shape)); // 8
 * ```
 */
export const NPUClearFloatStatus = () =>
  primitive('NPUClearFloatStatus', (x: Tensor) => op('NPUClearFloatStatus', { kernel: npuKernel('NPUClearFloatStatus', x), action: 'npu-clear', outputs: [{ shape: [8], dtype: DTYPES.float32 }] })([x])[0]!, { args: 'x:tensor' });
/**
 * NPUGetFloatStatus()(x): copies the register into x, in place, when it runs; outputs zeros (Ascend).
 *
 * @example
 * ```ts
 * import { Tensor, ops, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'Ascend', mode: 'PYNATIVE_MODE' });
 * const status = ops.NPUAllocFloatStatus()();
 * ops.NPUClearFloatStatus()(status);
 * ops.Mul()(new Tensor([3e38], 'float32'), 10); // overflows
 * ops.NPUGetFloatStatus()(status);
 * console.log(String(ops.ReduceSum()(status))); // 1.0
 * ```
 */
export const NPUGetFloatStatus = () =>
  primitive('NPUGetFloatStatus', (x: Tensor) => op('NPUGetFloatStatus', { kernel: npuKernel('NPUGetFloatStatus', x), action: 'npu-get', outputs: [{ shape: [8], dtype: DTYPES.float32 }] })([x])[0]!, { args: 'x:tensor' });

function npuKernel(name: string, x: Tensor): KernelDef<never> | null {
  const k = kernelRegistry.find('Ascend', name);
  k?.infer([{ shape: x.shape, dtype: x.dtype }], {} as never); // MindSpore's shape and dtype checks
  return k ?? null;
}
