/**
 * MindSpore `.ckpt` checkpoints: saveCheckpoint, loadCheckpoint, loadParamIntoNet, and their byte-level forms.
 * @module
 */
export {
  checkpointFromBytes, checkpointToBytes, loadCheckpoint, loadParamIntoNet, saveCheckpoint,
  type CheckpointEntry, type LoadCheckpointOptions, type ParameterDict, type SaveCheckpointOptions,
} from './serialization.js';
