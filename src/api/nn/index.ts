/**
 * `nn`: Cell, layers with MindSpore r1.5's defaults, losses, training wrappers and optimizers.
 * @module
 */
export { Cell } from './cell.js';
export { Conv2d, Dense, type Conv2dOptions, type DenseOptions, type InitLike } from './layers.js';
export { Conv2dTranspose } from './conv-transpose.js';
export { CellList, Flatten, ReLU, SequentialCell } from './basic.js';
export { AvgPool2d, MaxPool2d, type PoolSize } from './pooling.js';
export { BatchNorm1d, BatchNorm2d, type BatchNormLayerOptions } from './normalization.js';
export { Embedding, type EmbeddingOptions } from './embedding.js';
export { LayerNorm, type LayerNormLayerOptions } from './layer-norm.js';
export { Dropout } from './dropout.js';
export { GELU, LeakyReLU, LogSoftmax, ReLU6, Sigmoid, Softmax, Tanh, getActivation } from './activation.js';
export { BCELoss, BCEWithLogitsLoss, L1Loss, MSELoss, SoftmaxCrossEntropyWithLogits, type Reduction } from './loss.js';
export { Adam, Momentum, Optimizer, SGD, type LearningRate, type OptimizerOptions } from './optim.js';
export { RMSProp, type RMSPropOptions } from './rmsprop.js';
export { AdamFamily, AdamWeightDecay, type AdamMoments, type AdamWeightDecayOptions } from './adam-weight-decay.js';
export { Lamb, type LambOptions } from './lamb.js';
export { CosineDecayLR, ExponentialDecayLR, InverseDecayLR, LearningRateSchedule, NaturalExpDecayLR, PolynomialDecayLR, WarmUpLR } from './learning-rate-schedule.js';
export { cosineDecayLr, exponentialDecayLr, inverseDecayLr, naturalExpDecayLr, piecewiseConstantLr, polynomialDecayLr, warmupLr } from './dynamic-lr.js';
export { TrainOneStepCell, WithEvalCell, WithLossCell, type LossAndGradients } from './wrap.js';
export {
  DynamicLossScaleManager, DynamicLossScaleUpdateCell, FixedLossScaleManager, FixedLossScaleUpdateCell, TrainOneStepWithLossScaleCell, type LossScaleStep, type OverflowCheck,
} from './loss-scale.js';
export { LossScaleOutput } from './loss-scale-output.js';
export { DistributedGradReducer, gradientFusionIds } from './grad-reducer.js';
export { Accuracy, Loss, Metric, getMetrics } from './metrics.js';
