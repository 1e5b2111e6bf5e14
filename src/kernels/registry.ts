/**
 * The kernel registry: kernels by device kind and name. A kernel registered for `'*'` serves every
 * kind; a lookup that finds nothing is an error naming both the kernel and the device kind.
 * @module
 */
import { ArgumentValueError, DeviceError } from '../errors/index.js';
import type { KernelDef } from './tensor.js';
import { ELEMENTWISE } from './elementwise/ops.js';
import { Select } from './ops/select.js';
import { ApplyMomentum } from './ops/apply-momentum.js';
import { SGD } from './ops/sgd.js';
import { Adam } from './ops/adam.js';
import { Cast } from './ops/cast.js';
import { FloatStatus, NPUAllocFloatStatus, NPUClearFloatStatus, NPUGetFloatStatus } from './ops/float-status.js';
import { AddN, ArgMax, ReduceMax, ReduceMean, ReduceSum } from './ops/reduce.js';
import { LogSoftmax, Softmax, SoftmaxCrossEntropyWithLogits } from './ops/softmax.js';
import { BatchMatMul, BiasAdd, BiasAddGrad, MatMul } from './ops/matmul.js';
import { Conv2D } from './ops/conv2d.js';
import { Conv2DBackpropFilter, Conv2DBackpropInput } from './ops/conv2d-backprop.js';
import { OnesLike, Reshape, Transpose, ZerosLike } from './ops/shape-ops.js';
import { Slice, SliceGrad } from './ops/slice.js';
import { AvgPool, MaxPool } from './ops/pool.js';
import { Concat, Split, Tile } from './ops/concat.js';
import { OneHot } from './ops/one-hot.js';
import { BatchNorm, BatchNormMovingUpdate } from './ops/batch-norm.js';
import { BatchNormGrad } from './ops/batch-norm-grad.js';
import { Gather, UnsortedSegmentSum } from './ops/gather.js';
import { LayerNorm, LayerNormGrad } from './ops/layer-norm.js';
import { StridedSlice, StridedSliceGrad } from './ops/strided-slice.js';
import { ScatterAdd, ScatterSub, ScatterUpdate } from './ops/scatter.js';
import { ApplyRMSProp, ApplyCenteredRMSProp } from './ops/rmsprop.js';
import { Dropout, DropoutGrad, StandardNormal, UniformReal } from './ops/random-ops.js';
import { SparseSoftmaxCrossEntropyWithLogits } from './ops/sparse-softmax-ce.js';
import { BinaryCrossEntropy, BinaryCrossEntropyGrad } from './ops/binary-cross-entropy.js';
import { AvgPoolGrad, MaxPoolGrad } from './ops/pool-grad.js';

/** Any kernel, whatever its attributes (the registry stores kernels uniformly). */
export type AnyKernel = KernelDef<never>;

/**
 * Kernels by device kind and name.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.kernelRegistry.lookup('GPU', 'MatMul').name); // MatMul
 * ```
 */
export class KernelRegistry {
  private readonly byKind = new Map<string, Map<string, AnyKernel>>();

  /**
   * Registers a kernel for some device kinds (`'*'`: all). A kernel for one kind may stand in for a
   * `'*'` kernel of the same name on that kind; a second kernel of one name for one kind is refused.
   *
   * @throws {@link ArgumentValueError} when a kernel of that name is registered for one of the kinds
   *   already (nothing is registered then).
   */
  register(kernel: AnyKernel, kinds: readonly string[] = ['*']): void {
    for (const kind of kinds) {
      if (this.byKind.get(kind)?.has(kernel.name)) {
        throw new ArgumentValueError(`KernelRegistry: a kernel named '${kernel.name}' is registered for device kind '${kind}' already`);
      }
    }
    for (const kind of kinds) {
      let table = this.byKind.get(kind);
      if (!table) this.byKind.set(kind, (table = new Map()));
      table.set(kernel.name, kernel);
    }
  }

  /** The kernel, if any. */
  find(kind: string, name: string): AnyKernel | undefined {
    return this.byKind.get(kind)?.get(name) ?? this.byKind.get('*')?.get(name);
  }

  /**
   * The kernel for a device kind.
   *
   * @throws {@link DeviceError} naming the kernel and the device kind when there is none.
   */
  lookup(kind: string, name: string): AnyKernel {
    const k = this.find(kind, name);
    if (!k) throw new DeviceError(`no kernel '${name}' is registered for device kind '${kind}'`);
    return k;
  }

  /** The kernel names available on a device kind. */
  names(kind: string): string[] {
    return [...new Set([...(this.byKind.get('*')?.keys() ?? []), ...(this.byKind.get(kind)?.keys() ?? [])])].sort();
  }
}

/** A registry holding every built-in kernel. */
export function createKernelRegistry(): KernelRegistry {
  const r = new KernelRegistry();
  const everywhere: AnyKernel[] = [
    ...Object.values(ELEMENTWISE), Select, Cast, ReduceSum, ReduceMean, ReduceMax, ArgMax, AddN,
    Softmax, LogSoftmax, SoftmaxCrossEntropyWithLogits, MatMul, BatchMatMul, BiasAdd, BiasAddGrad,
    Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter, Reshape, Transpose, OnesLike, ZerosLike, Slice, SliceGrad, ApplyMomentum, SGD, Adam,
    MaxPool, AvgPool, MaxPoolGrad, AvgPoolGrad, Concat, Split, Tile, OneHot,
    BatchNorm, BatchNormGrad, BatchNormMovingUpdate, Gather, UnsortedSegmentSum,
    LayerNorm, LayerNormGrad, BinaryCrossEntropy, BinaryCrossEntropyGrad,
    StridedSlice, StridedSliceGrad, ScatterAdd, ScatterSub, ScatterUpdate,
    ApplyRMSProp, ApplyCenteredRMSProp, UniformReal, StandardNormal, Dropout, DropoutGrad,
    SparseSoftmaxCrossEntropyWithLogits,
  ] as AnyKernel[];
  for (const k of everywhere) r.register(k);
  r.register(FloatStatus as AnyKernel, ['GPU']);
  for (const k of [NPUAllocFloatStatus, NPUClearFloatStatus, NPUGetFloatStatus]) r.register(k as AnyKernel, ['Ascend']);
  return r;
}

/** The built-in kernels. */
export const kernelRegistry = createKernelRegistry();
