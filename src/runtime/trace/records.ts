/**
 * The typed records of everything a simulation does. Each carries its simulated time in ns.
 * @module
 */

/** What a unit of device work is. */
export type WorkKind = 'kernel' | 'copy' | 'record' | 'wait' | 'register';

/** The engine a unit of work occupies (record and wait occupy none). */
export type EngineKind = 'compute' | 'h2d' | 'd2h' | 'd2d';

/** A unit of work was submitted by the host, began, or ended on a stream. */
export interface WorkRecord {
  readonly type: 'submit' | 'begin' | 'end';
  readonly time: number;
  readonly device: string;
  readonly stream: number;
  /** Unique id of the work item within its simulator. */
  readonly id: number;
  /** The op's name: a kernel name, `copy H2D`, `record e3`, `wait e3`, `NPUGetFloatStatus`. */
  readonly op: string;
  readonly work: WorkKind;
  readonly engine?: EngineKind;
  /** For copies: bytes moved. */
  readonly bytes?: number;
  /** On `end`: whether it completed or failed (a fault, or a sticky error on its stream). */
  readonly status?: 'ok' | 'failed';
  /** On a wait's `begin`: the id of the record it waited for (the flow arrow's source). */
  readonly waitsOn?: number;
}

/** The float-status register was set by an overflowing kernel, cleared, or read. */
export interface RegisterRecord {
  readonly type: 'register';
  readonly time: number;
  readonly device: string;
  readonly stream: number;
  readonly action: 'set' | 'clear' | 'read';
  /** The register's value after the action (1 when overflow was recorded). */
  readonly value: number;
  /** The op that acted: the overflowing kernel, or the clear/get op. */
  readonly op: string;
}

/** The host began or finished waiting for a stream, an event or a device. */
export interface SyncRecord {
  readonly type: 'sync';
  readonly time: number;
  readonly device: string;
  readonly phase: 'begin' | 'end';
  readonly target: string;
}

/** A fault: injected, or an operation that failed. */
export interface FaultRecord {
  readonly type: 'fault';
  readonly time: number;
  readonly device: string;
  readonly stream?: number;
  readonly op: string;
  readonly message: string;
}

/** Memory was allocated or freed. */
export interface MemoryRecord {
  readonly type: 'alloc' | 'free';
  readonly time: number;
  readonly space: string;
  readonly address: number;
  readonly bytes: number;
  /** Bytes in use in the space after the action. */
  readonly used: number;
}

/** Any trace record. */
export type TraceRecord = WorkRecord | RegisterRecord | SyncRecord | FaultRecord | MemoryRecord;
