/**
 * Chrome trace export (the JSON Perfetto and chrome://tracing open): one process per device (pid; on a
 * cluster, named after its rank), one thread per stream (tid; a collective's stream is named the
 * communication lane), an `X` slice per kernel, copy, record, wait (records and waits in category
 * `event`, which their flows share) and collective part (with a nested
 * `waiting for ranks` slice from its rank's arrival to the collective's start), a flow arrow from each
 * event record to the waits it released, a `collectives` process with a track per group holding each
 * collective from its start to its end and a flow from every rank's arrival to it, instant events for
 * float-status register actions and faults, and a memory counter per space (on its device's process).
 * Every arrow has an id of its own; an arrow of zero length (the last rank's arrival at a collective, a
 * wait that began as its record did) is left out, as viewers drop those. Times are microseconds.
 * @module
 */
import type { TraceRecord, WorkRecord } from './records.js';

/** One Chrome trace event. */
export interface ChromeTraceEvent {
  /** The slice's or marker's name (the op). */
  readonly name: string;
  /** Phase: X complete slice, M metadata, s/f flow start/finish, i instant, C counter. */
  readonly ph: 'X' | 'M' | 's' | 'f' | 'i' | 'C';
  /** Process: 0 for the host, then one per device. */
  readonly pid: number;
  /** Thread: the stream number. */
  readonly tid?: number;
  /** Start time in µs. */
  readonly ts?: number;
  /** Duration in µs (X slices). */
  readonly dur?: number;
  /** Category: kernel, copy, event (records and waits), collective, register, fault, sync, mark. */
  readonly cat?: string;
  /** Flow id (unique per arrow: the wait's work item id, or an arrival's own). */
  readonly id?: number;
  /** Flow binding point: `e` binds a flow finish to its enclosing slice. */
  readonly bp?: 'e';
  /** Instant scope: thread, process or global. */
  readonly s?: 't' | 'p' | 'g';
  /** Extra details shown by the viewer. */
  readonly args?: Record<string, unknown>;
}

/** A Chrome trace document. */
export interface ChromeTrace {
  /** The events. */
  readonly traceEvents: ChromeTraceEvent[];
  /** How viewers show times. */
  readonly displayTimeUnit: 'ns';
}

const HOST_PID = 0;
const us = (ns: number): number => ns / 1000;

/**
 * Converts trace records to a Chrome trace.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const trace = runtime.toChromeTrace([]);
 * console.log(trace.traceEvents.length); // 2 — the host's process and thread names
 * ```
 */
export function toChromeTrace(records: readonly TraceRecord[]): ChromeTrace {
  const events: ChromeTraceEvent[] = [
    { name: 'process_name', ph: 'M', pid: HOST_PID, args: { name: 'host' } },
    { name: 'thread_name', ph: 'M', pid: HOST_PID, tid: 0, args: { name: 'host' } },
  ];
  // a cluster's ranks and communication lanes, and when each collective part's collective started
  const rankOf = new Map<string, number>();
  const commLanes = new Set<string>();
  const started = new Map<number, number>();
  for (const r of records) {
    if (r.type === 'collective') {
      r.devices.forEach((d, i) => rankOf.set(d, r.ranks[i]!));
      if (r.phase === 'start') for (const id of r.items) started.set(id, r.time);
    } else if (r.type === 'submit' && r.work === 'collective') commLanes.add(`${r.device}:${r.stream}`);
  }
  const pids = new Map<string, number>();
  const threads = new Set<string>();
  const pidOf = (device: string): number => {
    let pid = pids.get(device);
    if (pid === undefined) {
      pid = pids.size + 1;
      pids.set(device, pid);
      const rank = rankOf.get(device);
      events.push({ name: 'process_name', ph: 'M', pid, args: { name: rank === undefined ? device : `rank ${rank} (${device})` } });
      if (rank !== undefined) events.push({ name: 'process_sort_index', ph: 'M', pid, args: { sort_index: rank + 1 } });
    }
    return pid;
  };
  const thread = (device: string, stream: number): [number, number] => {
    const pid = pidOf(device);
    const key = `${pid}:${stream}`;
    if (!threads.has(key)) {
      threads.add(key);
      events.push({ name: 'thread_name', ph: 'M', pid, tid: stream, args: { name: commLanes.has(`${device}:${stream}`) ? `communication (stream ${stream})` : `stream ${stream}` } });
    }
    return [pid, stream];
  };
  const collectivesPid = 1_000_000; // after every device
  const groupTracks = new Map<string, number>();
  const groupTrack = (group: string): number => {
    let tid = groupTracks.get(group);
    if (tid === undefined) {
      if (groupTracks.size === 0) events.push({ name: 'process_name', ph: 'M', pid: collectivesPid, args: { name: 'collectives' } });
      tid = groupTracks.size;
      groupTracks.set(group, tid);
      events.push({ name: 'thread_name', ph: 'M', pid: collectivesPid, tid, args: { name: group } });
    }
    return tid;
  };
  const openCollectives = new Map<string, { time: number; arrivals: { device: string; stream: number; time: number }[] }>();
  let flowId = 1e12; // apart from event flows, whose ids are work item ids
  const begins = new Map<number, WorkRecord>();
  const recordBegins = new Map<number, WorkRecord>();
  const hostSyncs = new Map<string, number>();
  for (const r of records) {
    switch (r.type) {
      case 'begin':
        begins.set(r.id, r);
        if (r.work === 'record') recordBegins.set(r.id, r);
        if (r.waitsOn !== undefined) {
          const source = recordBegins.get(r.waitsOn);
          if (source && source.time !== r.time) {
            // one arrow per wait (a record several streams wait on starts several arrows), its id the
            // wait's; its category the slices' at both ends ('event'), as viewers bind flows by it
            const [spid, stid] = thread(source.device, source.stream);
            const [pid, tid] = thread(r.device, r.stream);
            events.push({ name: 'event', cat: 'event', ph: 's', id: r.id, pid: spid, tid: stid, ts: us(source.time) });
            events.push({ name: 'event', cat: 'event', ph: 'f', bp: 'e', id: r.id, pid, tid, ts: us(r.time) });
          }
        }
        break;
      case 'end': {
        const b = begins.get(r.id);
        if (!b) break;
        begins.delete(r.id);
        const [pid, tid] = thread(r.device, r.stream);
        const args: Record<string, unknown> = { id: r.id, status: r.status };
        if (b.engine) args.engine = b.engine;
        if (b.bytes !== undefined) args.bytes = b.bytes;
        // event records and waits share the category 'event': the flows between them bind to both
        const cat = r.work === 'record' || r.work === 'wait' ? 'event' : r.work;
        events.push({ name: r.op, cat, ph: 'X', pid, tid, ts: us(b.time), dur: us(r.time - b.time), args: { ...args, work: r.work } });
        const start = started.get(r.id);
        if (start !== undefined && start > b.time) events.push({ name: 'waiting for ranks', cat: 'collective', ph: 'X', pid, tid, ts: us(b.time), dur: us(start - b.time) });
        break;
      }
      case 'collective': {
        if (r.phase === 'start') {
          const arrivals = r.items.map((id) => begins.get(id)).filter((b): b is WorkRecord => b !== undefined).map((b) => ({ device: b.device, stream: b.stream, time: b.time }));
          openCollectives.set(r.name, { time: r.time, arrivals });
          break;
        }
        const open = openCollectives.get(r.name);
        if (!open) break;
        openCollectives.delete(r.name);
        const tid = groupTrack(r.op === 'Send' ? `${r.group} ${r.ranks.join('->')}` : r.group); // point-to-point pairs may overlap
        events.push({
          name: `${r.op} ${r.name}`,
          cat: 'collective',
          ph: 'X',
          pid: collectivesPid,
          tid,
          ts: us(open.time),
          dur: us(r.time - open.time),
          args: { ranks: r.ranks, algorithm: r.algorithm, bytes: r.bytes },
        });
        for (const a of open.arrivals) {
          if (a.time === open.time) continue; // the last rank's arrival is the start: no arrow of zero length
          const [apid, atid] = thread(a.device, a.stream);
          const id = ++flowId;
          events.push({ name: 'arrival', cat: 'collective', ph: 's', id, pid: apid, tid: atid, ts: us(a.time) });
          events.push({ name: 'arrival', cat: 'collective', ph: 'f', bp: 'e', id, pid: collectivesPid, tid, ts: us(open.time) });
        }
        break;
      }
      case 'register': {
        const [pid, tid] = thread(r.device, r.stream);
        events.push({ name: `float status ${r.action}`, cat: 'register', ph: 'i', s: 't', pid, tid, ts: us(r.time), args: { value: r.value, op: r.op } });
        break;
      }
      case 'fault': {
        const [pid, tid] = r.stream === undefined ? [pidOf(r.device), 0] : thread(r.device, r.stream);
        events.push({ name: `fault: ${r.op}`, cat: 'fault', ph: 'i', s: 't', pid, tid, ts: us(r.time), args: { message: r.message } });
        break;
      }
      case 'sync': {
        const key = `${r.device}/${r.target}`;
        if (r.phase === 'begin') hostSyncs.set(key, r.time);
        else {
          const start = hostSyncs.get(key) ?? r.time;
          hostSyncs.delete(key);
          events.push({ name: `synchronize ${r.target}`, cat: 'sync', ph: 'X', pid: HOST_PID, tid: 0, ts: us(start), dur: us(r.time - start), args: { device: r.device } });
        }
        break;
      }
      case 'mark':
        events.push({ name: r.label, cat: 'mark', ph: 'i', s: 'g', pid: HOST_PID, tid: 0, ts: us(r.time) });
        break;
      case 'alloc':
      case 'free':
        // a device's memory counter on its own process, the host's on the host's
        events.push({ name: 'memory in use', ph: 'C', pid: r.space === 'host' ? HOST_PID : pidOf(r.space), ts: us(r.time), args: { [r.space]: r.used } });
        break;
    }
  }
  return { traceEvents: events, displayTimeUnit: 'ns' };
}
