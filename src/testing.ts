/**
 * `mindsim/testing`: helpers for property-based tests of programs built on mindsim.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { ndarrayArbitrary } from 'mindsim/testing';
 * fc.assert(fc.property(ndarrayArbitrary(), (a) => a.size === a.data.length));
 * ```
 * @module mindsim/testing
 */
export { ndarrayArbitrary, shapeArbitrary, type NDArrayArbitraryOptions } from './api/testing/arbitraries.js';
export {
  explore, type ExploreOptions, type ExploreResult, type ExploreFailure, type ExplorePolicy, type ExploreRun, type ExploredOp, type HostValue, type Reordering,
} from './api/testing/explore.js';
export { linearExtensions } from './api/testing/orders.js';
export {
  exploreLaunch, type LaunchExploreOptions, type LaunchExploreResult, type LaunchExploreFailure, type LaunchRun, type LaunchSchedule, type RankReordering, type RankProgram,
} from './api/testing/explore-launch.js';
export { findRaces, happensBefore, TraceOrder, type Race, type TracedWork, type WorkRef, type WorkSelector } from './runtime/index.js';
export {
  programArbitrary, scheduleArbitrary, type ProgramArbitraryOptions, type ProgramOp, type ProgramOutput, type ProgramStep, type RandomProgram,
} from './api/testing/programs.js';
