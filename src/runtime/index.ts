/**
 * The simulation runtime: the discrete-event simulator, devices with streams, events, engines and
 * memory, trace export. Drive devices directly with it, as with CUDA's or Ascend ACL's runtime API.
 * @module
 */
export { SimulatorCore, type SimulatorOptions } from './sim/core.js';
export { Simulator } from './sim/simulator.js';
export { SimulatorScheduler, type Clocked } from './sim/rx-scheduler.js';
export { SeededRandom } from './sim/random.js';
export { EventQueue, type Schedulable } from './sim/event-queue.js';
export type { TraceRecord, WorkRecord, RegisterRecord, SyncRecord, FaultRecord, MemoryRecord, CollectiveRecord, MarkRecord, MemoryAccess, WorkKind, EngineKind } from './trace/records.js';
export { TraceRecorder, workRecord, type AccessList, type AccessSource, type WorkEntry, type WorkEntryRefs } from './trace/recorder.js';
export { toChromeTrace, type ChromeTrace, type ChromeTraceEvent } from './trace/chrome.js';
export { renderTimeline, type TimelineOptions } from './trace/timeline.js';
export { niceTicks, opColour, paletteColour, renderSvgTimeline, type SvgTimelineOptions } from './trace/svg.js';
export { profileRows, profileTable, type ProfileRow } from './trace/profile.js';
export { type DeviceSpec, type DeviceLatencies, type OverflowMode, type CopyEngines, type PeakRates, type FittedCosts, type FittedKernel, kernelTime, copyTime, peakRate } from './device/spec.js';
export { MemorySpace, Allocation, BufferView, copyBytes, formatBytes } from './device/memory.js';
export { Stream, DeviceEvent, WorkItem, WorkState, EnginePool, type KernelContext, type KernelFunction, type KernelEffect, type Completer } from './device/work.js';
export { Device, LAUNCH_QUEUE_DEPTH, type DeviceHost, type KernelDescriptor } from './device/device.js';
export { FaultPlan, type FaultSpec, type KernelFault, type CopyFault, type DeviceLostFault } from './device/faults.js';
export { DeviceRegistry, defaultRegistry, type DeviceFactory, type ResolvedDevice } from './device/registry.js';
export { deadlockError } from './device/deadlock.js';
export { Platform, type PlatformOptions } from './platform.js';
export { checkClusterSpec, withDevicesPerNode, type ClusterSpec, type HopLatencies, type IntraNodeKind, type IntraNodeSpec, type LibrarySpec, type LinkSpec, type NetworkSpec, type ProtocolSpec } from './cluster/spec.js';
export { ClusterRegistry, defaultClusterRegistry } from './cluster/registry.js';
export { Topology, MAX_RANKS, RESOURCE_KINDS, resourceIndex, type ResourceKind } from './cluster/topology.js';
export { busFactor, planCollective, planExchange, type Message, soloTime, stageTime, type CollectiveKind, type ResourceUse, type TransferPlan, type TransferStage } from './cluster/cost.js';
export { TransferEngine } from './cluster/transfers.js';
export { CollectiveHub, DEFAULT_COLLECTIVE_TIMEOUT_NS, type CollectiveCall, type CollectivePeer, type HubRank } from './cluster/hub.js';
export { ParameterServerHub, type PsBuffers, type PsCall, type PsServer, type PsSlot, type PsUpdate } from './cluster/ps-hub.js';
export { Cluster, type ClusterOptions } from './cluster/cluster.js';
export type { Rendezvous } from './device/work.js';
export { DEFAULT_SPLIT_DEPTH, OrderSearch, checkShard, type SearchPosition, type SearchSchedule, type SearchShard, type SearchStats, type SearchStep } from './schedule/order-search.js';
export {
  DEFAULT_BATCH_LIMIT, POLICY_STRATEGIES, Scheduler, checkSchedule, type BatchChooser, type BatchGraph, type ScheduleOptions, type SchedulePolicy, type ScheduleStrategy, type SchedulableNode,
} from './schedule/policies.js';
export { TraceOrder, findRaces, happensBefore, type Race, type TracedWork, type WorkRef, type WorkSelector } from './trace/happens-before.js';
