/**
 * The kernels layer: dtypes, float16/bfloat16 numerics, casts. Pure typed-array code; imports nothing
 * outside itself but the error classes.
 * @module
 */
export * from './dtype.js';
export * from './float16.js';
export * from './bfloat16.js';
export * from './cast.js';
export * from './values.js';
export * from './shape.js';
export * from './tensor.js';
export * from './broadcast.js';
export * from './float-output.js';
export { ELEMENTWISE, ELEMENTWISE_ARITY } from './elementwise/ops.js';
export { Select } from './ops/select.js';
export { ApplyMomentum, type ApplyMomentumAttrs } from './ops/apply-momentum.js';
export { SGD, type SGDAttrs } from './ops/sgd.js';
export { Adam, type AdamAttrs } from './ops/adam.js';
export { Cast, type CastAttrs } from './ops/cast.js';
export { FloatStatus, NPUAllocFloatStatus, NPUClearFloatStatus, NPUGetFloatStatus, type FloatStatusRegister, type NpuStatusOptions } from './ops/float-status.js';
export { ReduceSum, ReduceMean, ReduceMax, ArgMax, AddN, normaliseAxes, type ReduceAttrs, type ArgMaxAttrs } from './ops/reduce.js';
export { Softmax, LogSoftmax, SoftmaxCrossEntropyWithLogits, type SoftmaxAttrs } from './ops/softmax.js';
export { MatMul, BatchMatMul, BiasAdd, BiasAddGrad, type MatMulAttrs } from './ops/matmul.js';
export { Conv2D } from './ops/conv2d.js';
export { setConvSimd } from './ops/conv2d-simd.js';
export { setMatMulSimd } from './ops/gemm-simd.js';
export { relaxedSimdAvailable, setRelaxedSimd } from './wasm/module.js';
export { convGeometry, type Conv2DAttrs, type ConvGeometry } from './ops/conv-geometry.js';
export { Conv2DBackpropInput, Conv2DBackpropFilter, type Conv2DBackpropInputAttrs, type Conv2DBackpropFilterAttrs } from './ops/conv2d-backprop.js';
export { KernelRegistry, createKernelRegistry, kernelRegistry, type AnyKernel } from './registry.js';
export { Reshape, Transpose, OnesLike, ZerosLike, type ReshapeAttrs, type TransposeAttrs } from './ops/shape-ops.js';
export { Slice, SliceGrad, type SliceAttrs, type SliceGradAttrs } from './ops/slice.js';
export { MaxPool, AvgPool } from './ops/pool.js';
export { Concat, Split, Tile, type ConcatAttrs, type SplitAttrs, type TileAttrs } from './ops/concat.js';
export { OneHot, type OneHotAttrs } from './ops/one-hot.js';
export { BatchNorm, BatchNormMovingUpdate, channelGeometry, type BatchNormAttrs, type BatchNormMovingUpdateAttrs, type ChannelGeometry } from './ops/batch-norm.js';
export { BatchNormGrad } from './ops/batch-norm-grad.js';
export { Gather, UnsortedSegmentSum, type GatherAttrs, type UnsortedSegmentSumAttrs } from './ops/gather.js';
export { LayerNorm, LayerNormGrad, type LayerNormAttrs, type LayerNormGradAttrs } from './ops/layer-norm.js';
export { BinaryCrossEntropy, BinaryCrossEntropyGrad, type BinaryCrossEntropyAttrs } from './ops/binary-cross-entropy.js';
export { StridedSlice, StridedSliceGrad, stridedSlicePlan, type StridedSliceAttrs, type StridedSliceGradAttrs, type SlicePlan, type PlannedAxis } from './ops/strided-slice.js';
export { ScatterAdd, ScatterSub, ScatterUpdate } from './ops/scatter.js';
export { ApplyRMSProp, ApplyCenteredRMSProp } from './ops/rmsprop.js';
export { UniformReal, StandardNormal, Dropout, DropoutGrad, checkDropoutInput, type RandomFillAttrs, type DropoutAttrs, type DropoutGradAttrs } from './ops/random-ops.js';
export { SparseSoftmaxCrossEntropyWithLogits, type SparseSoftmaxCrossEntropyAttrs } from './ops/sparse-softmax-ce.js';
export { MaxPoolGrad, AvgPoolGrad } from './ops/pool-grad.js';
export { poolGeometry, type PoolAttrs, type PoolGeometry } from './ops/pool-geometry.js';
export * from './random/philox.js';
export * from './random/mt19937.js';
export * from './random/std-random.js';
export * from './random/normal-cdf.js';
export {
  runCollective, routeMismatch, type Route, type RouteEntry, type AlltoAllAttrs, type BroadcastAttrs, type CollectiveAttrs, type CollectivePart, type PlainCollectiveAttrs, type ReduceCollectiveAttrs, type ReduceOpName,
} from './collective.js';
