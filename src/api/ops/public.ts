/**
 * The `ops` namespace: the primitives, GradOperation, and the optimizer primitives.
 * @module
 */
export * from './index.js';
export { GradOperation, type GradOperationOptions, type Gradients, type Differentiable } from '../autodiff/grad-operation.js';
export { ApplyMomentum, SGD, Adam, ApplyRMSProp, ApplyCenteredRMSProp } from './optimizers.js';
export { MaxPool, AvgPool, MaxPoolGrad, AvgPoolGrad, type PoolOptions } from './pooling.js';
export { Fill, Zeros, Ones, Shape, DType } from './constants.js';
export { ExpandDims, Squeeze, Concat, Split, Tile, OneHot } from './array.js';
export { BatchNorm, BatchNormGrad, type BatchNormOptions } from './batch-norm.js';
export { Gather, UnsortedSegmentSum } from './gather.js';
export { LayerNorm, LayerNormGrad, BinaryCrossEntropy, BinaryCrossEntropyGrad, SparseSoftmaxCrossEntropyWithLogits, type LayerNormOptions, type LossReduction } from './normalization.js';
export { StridedSlice, StridedSliceGrad, type StridedSliceOptions } from './strided-slice.js';
export { ScatterAdd, ScatterSub, ScatterUpdate } from './scatter.js';
export { UniformReal, StandardNormal, Dropout, DropoutGrad, type RandomSeeds } from './random.js';
export { AllReduce, AllGather, ReduceScatter, Broadcast, AlltoAll, NeighborExchange, Send, Receive, ReduceOp, type ReduceOpValue, type ReduceCollectiveOptions } from './collectives.js';
