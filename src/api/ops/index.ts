/**
 * `ops`: MindSpore's primitives. A factory returns a callable primitive (`ops.Add()(x, y)`) that
 * records an op on the current context's device and returns its output at once; the data is produced
 * when a synchronisation point (reading it) runs the op. Each primitive exposes `name`, `sideEffectMem`
 * (Assign, AssignAdd, AssignSub) and `sideEffectIo` (Print), as MindSpore's flags.
 * @module
 */
export type { Primitive, Strategy } from './primitive.js';
export type { Input } from './inputs.js';
export * from './elementwise-arithmetic.js';
export * from './elementwise-compare.js';
export * from './activation-ops.js';
export * from './tensor-ops.js';
export * from './math-ops.js';
export * from './conv-ops.js';
export * from './float-status-ops.js';
export * from './assign-ops.js';
export * from './control-ops.js';
