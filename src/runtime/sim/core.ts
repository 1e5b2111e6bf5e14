/**
 * The core of the deterministic discrete-event simulator: a virtual clock in nanoseconds, a
 * future-event list and trace delivery. Nothing here reads the wall clock: the same program with the
 * same tie-break seed produces the same trace, byte for byte. It renders nothing: the trace renderers
 * (Chrome trace, timelines) are added by {@link Simulator} (simulator.ts).
 * @module
 */
import { Observable, type SchedulerLike, type Subscriber } from 'rxjs';
import { ArgumentValueError } from '../../errors/index.js';
import { EventQueue, type Schedulable } from './event-queue.js';
import { SeededRandom } from './random.js';
import { SimulatorScheduler } from './rx-scheduler.js';
import { TraceRecorder, workRecord, type WorkEntry } from '../trace/recorder.js';
import type { MemoryRecord, TraceRecord } from '../trace/records.js';

/** Options of a {@link Simulator}. */
export interface SimulatorOptions {
  /**
   * Seed of the tie-break policy: events at the same time and priority fire in an order drawn from
   * this seed (the same seed, the same order). Omitted: first scheduled, first fired.
   */
  readonly tieBreakSeed?: number;
  /**
   * How many of the newest trace records to keep for {@link Simulator.records}, `chromeTrace()` and
   * `timeline()`: a number, `Infinity` for all, 0 for none (the default: bounded memory, no cost).
   */
  readonly record?: number;
}

/**
 * How many timer events of the RxJS scheduler may fire in a row, with nothing else queued, before a
 * `runUntil` that still waits gives up: no device work can start from nothing, so the wait is a
 * deadlock (a callback that does start work resets the count).
 */
const IDLE_TIMER_EVENTS = 100_000;

/** A callback scheduled with {@link Simulator.schedule}. */
class Callback implements Schedulable {
  constructor(private readonly fn: (time: number) => void) {}
  fire(time: number): void {
    this.fn(time);
  }
}

/**
 * The simulation clock and event list, without the trace renderers ({@link Simulator} adds them).
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const sim = new runtime.SimulatorCore();
 * sim.schedule(1500, () => console.log('fired at', sim.now())); // fired at 1500 — when run() reaches it
 * sim.run();
 * ```
 */
export class SimulatorCore {
  private clock = 0;
  private readonly queue = new EventQueue();
  private readonly random: SeededRandom | undefined;
  /** Current subscribers of trace$ (replaced, never mutated, so emission can iterate safely). */
  private listeners: Subscriber<TraceRecord>[] = [];
  private recorder: TraceRecorder | undefined;
  private schedulerInstance: SimulatorScheduler | undefined;
  /**
   * Whether anyone consumes trace records (a subscriber or the recorder). Emitters check it before
   * building a record, so an untraced simulation builds none.
   */
  tracing = false;
  /**
   * Every trace record, as it happens: an RxJS observable (hot: a subscriber sees records from the
   * moment it subscribes). Subscribing turns tracing on; records go straight to each subscriber.
   */
  readonly trace$: Observable<TraceRecord> = new Observable<TraceRecord>((subscriber) => {
    this.listeners = [...this.listeners, subscriber];
    this.updateTracing();
    return () => {
      this.listeners = this.listeners.filter((l) => l !== subscriber);
      this.updateTracing();
    };
  });
  /** Events fired so far. */
  eventsFired = 0;

  /**
   * @param options - tie-break seed and trace recording.
   * @throws {@link ArgumentValueError} when `record` is negative or not a number.
   */
  constructor(options: SimulatorOptions = {}) {
    this.random = options.tieBreakSeed === undefined ? undefined : new SeededRandom(options.tieBreakSeed);
    if (options.record !== undefined) this.setRecording(options.record);
  }

  /** The simulated time in nanoseconds. */
  now(): number {
    return this.clock;
  }

  /**
   * Names the present moment in the trace (`step 3` begins): timelines draw a mark across their lanes,
   * Chrome traces an instant event. Nothing is recorded when nobody traces.
   */
  mark(label: string): void {
    if (this.tracing) this.emit({ type: 'mark', time: this.clock, label: String(label) });
  }

  /** Publishes a trace record. Callers build records only when {@link Simulator.tracing} is true. */
  emit(record: TraceRecord): void {
    this.recorder?.add(record);
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i]!.next(record);
  }

  /**
   * Publishes a work record from the emitter's reused entry: the recorder copies its fields into
   * columns; an object is built only for subscribers. Callers check {@link Simulator.tracing} first.
   */
  emitWork(entry: WorkEntry): void {
    this.recorder?.addWork(entry);
    const listeners = this.listeners;
    if (listeners.length === 0) return;
    const record = workRecord(entry);
    for (let i = 0; i < listeners.length; i++) listeners[i]!.next(record);
  }

  /** Publishes an allocation or free record (an object only for subscribers), at the present time. */
  emitMemory(type: MemoryRecord['type'], space: string, address: number, bytes: number, used: number): void {
    this.recorder?.addMemory(type, this.clock, space, address, bytes, used);
    const listeners = this.listeners;
    if (listeners.length === 0) return;
    const record: MemoryRecord = { type, time: this.clock, space, address, bytes, used };
    for (let i = 0; i < listeners.length; i++) listeners[i]!.next(record);
  }

  private updateTracing(): void {
    this.tracing = this.recorder !== undefined || this.listeners.length > 0;
  }

  /**
   * Keeps the newest `capacity` records from now on (0 stops recording; `Infinity` keeps all).
   *
   * @throws {@link ArgumentValueError} for a negative or non-numeric capacity.
   */
  setRecording(capacity: number): void {
    if (typeof capacity !== 'number' || Number.isNaN(capacity) || capacity < 0) {
      throw new ArgumentValueError(`Simulator: record must be a non-negative number of records, but got ${String(capacity)}`);
    }
    this.recorder = capacity === 0 ? undefined : new TraceRecorder(capacity);
    this.updateTracing();
  }

  /** The recorded trace records, oldest first (empty when not recording). */
  records(): TraceRecord[] {
    return this.recorder?.records() ?? [];
  }

  /** The clock as an RxJS scheduler: `timer`, `delay`, `timeout` run in simulated time (1 ms = 1e6 ns). */
  get scheduler(): SchedulerLike {
    this.schedulerInstance ??= new SimulatorScheduler(this);
    return this.schedulerInstance;
  }

  /** Events waiting to fire. */
  get pending(): number {
    return this.queue.size;
  }

  /**
   * Schedules an event `delay` ns from now. Lower `priority` fires first among events at one time.
   *
   * @throws {@link ArgumentValueError} when the delay is negative or not finite.
   */
  schedule(delay: number, event: Schedulable | ((time: number) => void), priority = 0): void {
    if (!(delay >= 0) || !Number.isFinite(delay)) {
      throw new ArgumentValueError(`Simulator.schedule: delay must be a finite number of ns >= 0, but got ${delay}`);
    }
    this.at(this.clock + delay, event, priority);
  }

  /**
   * Schedules an event at an absolute time, now or later.
   *
   * @throws {@link ArgumentValueError} for a time before now, or one that is not a finite number.
   */
  at(time: number, event: Schedulable | ((time: number) => void), priority = 0): void {
    if (!(time >= this.clock) || !Number.isFinite(time)) {
      throw new ArgumentValueError(`Simulator.at: time must be a finite number of ns not before now (${this.clock} ns), but got ${time}`);
    }
    const target: Schedulable = typeof event === 'function' ? new Callback(event) : event;
    if (!target.background) this.foreground++;
    this.queue.push(time, priority, this.random ? this.random.nextUint32() : 0, target);
  }

  /** Fires the earliest event; false when there is none. */
  step(): boolean {
    if (this.queue.size === 0) return false;
    const time = this.queue.peekTime();
    const event = this.queue.pop()!;
    if (!event.background) this.foreground--;
    this.clock = time;
    this.eventsFired++;
    event.fire(time);
    return true;
  }

  /** Fires events until none is left; returns how many fired. */
  run(): number {
    const before = this.eventsFired;
    while (this.step());
    return this.eventsFired - before;
  }

  /**
   * Fires events until `condition()` holds (checked before each event) or none is left, or only timers
   * of the RxJS scheduler are left and 100,000 of them fired in a row without starting anything else
   * (`idleTimersOnly` is then set): an `interval` cannot turn a deadlock into a hang.
   * @returns whether the condition holds.
   */
  runUntil(condition: () => boolean): boolean {
    let idle = 0; // timer events fired in a row with nothing else queued
    this.idleTimersOnly = false;
    for (;;) {
      if (condition()) return true;
      if (this.foreground > 0) idle = 0;
      else if (++idle > IDLE_TIMER_EVENTS) {
        this.idleTimersOnly = true; // nothing but timers (an RxJS interval) was left: a deadlock, not a wait
        return false;
      }
      if (!this.step()) return condition();
    }
  }

  /** Set when the last `runUntil` gave up because only timers of the RxJS scheduler were left. */
  idleTimersOnly = false;
  /** Queued events that are not background timers. */
  private foreground = 0;

  /** Fires every event due at or before `time`, then sets the clock to `time` (if later). */
  advanceTo(time: number): void {
    while (this.queue.size > 0 && this.queue.peekTime() <= time) this.step();
    if (time > this.clock) this.clock = time;
  }

  /** Drops every pending event (used by device reset and tests). */
  clearPending(): void {
    this.queue.clear();
    this.foreground = 0;
  }
}
