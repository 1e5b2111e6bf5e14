/**
 * mindsim: emulated accelerator devices (Ascend NPUs, GPUs, the host CPU) on a deterministic
 * discrete-event simulator, running a MindSpore-style programming model.
 *
 * This is the package's composition root: the only module that may import every layer.
 *
 * @example
 * ```ts
 * import { np, mstype, print } from 'mindsim';
 * print(np.arange(6).reshape(2, 3), mstype.float32);
 * // [[0 1 2]
 * //  [3 4 5]] Float32
 * ```
 * @module mindsim
 */
import { defaultClusterRegistry, defaultRegistry } from './runtime/index.js';
import { registerBuiltinClusters, registerBuiltinDevices } from './devices/index.js';

registerBuiltinDevices(defaultRegistry);
registerBuiltinClusters(defaultClusterRegistry);

export * as mstype from './api/mstype.js';
export * as dtype from './api/mstype.js';
export * as np from './api/numpy/index.js';
export { NDArray } from './api/numpy/index.js';
export { print, str, setPrintSink } from './api/print.js';
export * as kernels from './kernels/index.js';
export * as runtime from './runtime/index.js';
export * as devices from './devices/index.js';
export {
  getSimulator, getPlatform, resetPlatform, setContext, getContext, currentDevice, ExecutionContext, currentContext,
  type ContextOptions, type ContextState, type DeviceTarget, type ExecutionContextOptions, type ExecutionMode,
} from './api/context.js';
export { Tensor, initializer, type TensorInput } from './api/tensor.js';
export type { AxisArg } from './api/tensor-methods.js';
import './api/tensor-methods.js'; // installs Tensor's r1.5 methods (astype, reshape, sum...) on its prototype
export * as ops from './api/ops/public.js';
export * as nn from './api/nn/index.js';
export * as models from './api/models/index.js';
export * as amp from './api/amp.js';
export * as communication from './api/comm/communication.js';
export { launch, type LaunchOptions, type LaunchResult, type RankInfo } from './api/comm/launch.js';
export {
  ParallelMode, setAutoParallelContext, getAutoParallelContext, resetAutoParallelContext, setPsContext, getPsContext, resetPsContext,
  type AutoParallelOptions, type AutoParallelState, type ParallelModeValue, type ParameterLayout, type PsOptions, type PsRole, type PsState,
} from './api/parallel/context.js';
export { launchPending, scheduleChoices } from './api/graph/executor.js';
export { Parameter, ParameterTuple, type ParameterOptions } from './api/parameter.js';
export { setSeed, getSeed } from './api/seed.js';
export { profile, type ProfileResult } from './api/profile.js';
export { memory, tidy, type DeviceMemory, type MemoryInfo } from './api/memory.js';
export {
  checkpointFromBytes, checkpointToBytes, loadCheckpoint, loadParamIntoNet, saveCheckpoint,
  type CheckpointEntry, type LoadCheckpointOptions, type ParameterDict, type SaveCheckpointOptions,
} from './api/checkpoint/index.js';
export * as dataset from './api/dataset/index.js';
export { Model, type ModelOptions, type RunOptions } from './api/train/model.js';
export { Callback, LossMonitor, RunContext, TimeMonitor, type CallbackParams } from './api/train/callback.js';
export { CheckpointConfig, ModelCheckpoint, type CheckpointConfigOptions } from './api/train/model-checkpoint.js';
export {
  Initializer, Zero, One, Constant, Normal, Uniform, TruncatedNormal, XavierUniform, XavierNormal, HeUniform, HeNormal,
  Identity, Sparse, Dirac, Orthogonal, VarianceScaling, initializerFromName, type FanMode,
} from './api/initializers/index.js';
export * from './errors/index.js';
