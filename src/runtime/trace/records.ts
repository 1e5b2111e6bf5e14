/**
 * The typed records of everything a simulation does. Each carries its simulated time in ns.
 * @module
 */

/** What a unit of device work is. */
export type WorkKind = 'kernel' | 'copy' | 'record' | 'wait' | 'register' | 'collective';

/** The engine a unit of work occupies (record and wait occupy none). */
export type EngineKind = 'compute' | 'h2d' | 'd2h' | 'd2d';

/** A unit of work was submitted by the host, began, or ended on a stream. */
export interface WorkRecord {
  /** Submitted by the host, began on the device, or ended. */
  readonly type: 'submit' | 'begin' | 'end';
  /** Simulated time in ns. */
  readonly time: number;
  /** The device's name. */
  readonly device: string;
  /** The stream's number on its device. */
  readonly stream: number;
  /** Unique id of the work item within its simulator. */
  readonly id: number;
  /** The op's name: a kernel name, `copy H2D`, `record e3`, `wait e3`, `NPUGetFloatStatus`. */
  readonly op: string;
  /** What kind of work it is. */
  readonly work: WorkKind;
  /** The engine it occupies, if any. */
  readonly engine?: EngineKind;
  /** On `begin`/`end`: bytes a copy moves, or the memory traffic a kernel's cost counts. */
  readonly bytes?: number;
  /** On `end`: whether it completed or failed (a fault, or a sticky error on its stream). */
  readonly status?: 'ok' | 'failed';
  /** On a wait's `begin`: the id of the record it waited for (the flow arrow's source). */
  readonly waitsOn?: number;
  /**
   * On `submit`: ids of the items it must follow besides its stream's previous one (a wait's record
   * when already issued, the GPU legacy default stream's implicit ones).
   */
  readonly deps?: readonly number[];
  /** On `submit`: the memory it reads (a copy's source, a kernel's declared inputs). */
  readonly reads?: readonly MemoryAccess[];
  /** On `submit`: the memory it writes (a copy's destination, a kernel's declared outputs). */
  readonly writes?: readonly MemoryAccess[];
}

/** A range of memory a work item reads or writes. */
export interface MemoryAccess {
  /** The memory space's name (`host`, `Ascend:0`). */
  readonly space: string;
  /** The first address. */
  readonly address: number;
  /** The length in bytes. */
  readonly bytes: number;
}

/** The float-status register was set by an overflowing kernel, cleared, or read. */
export interface RegisterRecord {
  /** Always `'register'`. */
  readonly type: 'register';
  /** Simulated time in ns. */
  readonly time: number;
  /** The device's name. */
  readonly device: string;
  /** The stream the acting op ran on. */
  readonly stream: number;
  /** Set by an overflowing kernel, cleared, or read. */
  readonly action: 'set' | 'clear' | 'read';
  /** The register's value after the action (1 when overflow was recorded). */
  readonly value: number;
  /** The op that acted: the overflowing kernel, or the clear/get op. */
  readonly op: string;
  /** The id of the work item that acted. */
  readonly id: number;
}

/** The host began or finished waiting for a stream, an event or a device. */
export interface SyncRecord {
  /** Always `'sync'`. */
  readonly type: 'sync';
  /** Simulated time in ns. */
  readonly time: number;
  /** The device synchronised with. */
  readonly device: string;
  /** The host started or stopped waiting. */
  readonly phase: 'begin' | 'end';
  /** What was awaited: a stream, an event, the device. */
  readonly target: string;
  /** On `end`: the ids of the work items whose completion the host waited for. */
  readonly until?: readonly number[];
}

/** A fault: injected, or an operation that failed. */
export interface FaultRecord {
  /** Always `'fault'`. */
  readonly type: 'fault';
  /** Simulated time in ns. */
  readonly time: number;
  /** The device's name. */
  readonly device: string;
  /** The stream that failed, if the fault hit one. */
  readonly stream?: number;
  /** The failed op, or `device lost`. */
  readonly op: string;
  /** The error message. */
  readonly message: string;
}

/** Memory was allocated or freed. */
export interface MemoryRecord {
  /** Allocated or freed. */
  readonly type: 'alloc' | 'free';
  /** Simulated time in ns. */
  readonly time: number;
  /** The memory space's name (`host`, `Ascend:0`). */
  readonly space: string;
  /** The allocation's address. */
  readonly address: number;
  /** The allocation's size. */
  readonly bytes: number;
  /** Bytes in use in the space after the action. */
  readonly used: number;
}

/**
 * A collective started (its last rank arrived) or ended. Each rank's part is a work item of kind
 * `collective` on its device; it began when that rank arrived.
 */
export interface CollectiveRecord {
  /** Always `'collective'`. */
  readonly type: 'collective';
  /** Simulated time in ns. */
  readonly time: number;
  /** It started (every rank has arrived) or ended. */
  readonly phase: 'start' | 'end';
  /** `collective #3 of nccl_world_group`, `0->1 tag 0 #1 of hccl_world_group`. */
  readonly name: string;
  /** The primitive (`AllReduce`, `Send`). */
  readonly op: string;
  /** The group. */
  readonly group: string;
  /** The members' world ranks, in group order. */
  readonly ranks: readonly number[];
  /** The members' work item ids, in group order (an item's begin is its rank's arrival). */
  readonly items: readonly number[];
  /** The members' devices, in group order. */
  readonly devices: readonly string[];
  /** The algorithm and protocol the library picked (`ring/simple`). */
  readonly algorithm: string | undefined;
  /** The bytes the cost model moved. */
  readonly bytes: number;
}

/** A moment the program named (a training step's start): timelines draw it across their lanes. */
export interface MarkRecord {
  /** Always `'mark'`. */
  readonly type: 'mark';
  /** Simulated time in ns. */
  readonly time: number;
  /** What begins there (`step 3`). */
  readonly label: string;
}

/** Any trace record. */
export type TraceRecord = WorkRecord | RegisterRecord | SyncRecord | FaultRecord | MemoryRecord | CollectiveRecord | MarkRecord;
