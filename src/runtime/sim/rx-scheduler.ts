/**
 * An RxJS `SchedulerLike` whose clock is the simulator's: `timer`, `delay`, `timeout`, `interval` and
 * friends fire at simulated times. RxJS counts milliseconds; 1 ms is 1e6 simulated ns.
 * @module
 */
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import type { Schedulable } from './event-queue.js';

/** What the scheduler needs of a simulator. */
export interface Clocked {
  /** Simulated time in ns. */
  now(): number;
  /** Schedules an event `delayNs` from now. */
  schedule(delayNs: number, event: Schedulable): void;
}

/** One scheduled unit of RxJS work; rescheduling supersedes the previous firing. */
class SimulatorAction<T> extends Subscription implements SchedulerAction<T> {
  private generation = 0;

  constructor(
    private readonly sim: Clocked,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
  ) {
    super();
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    const generation = ++this.generation;
    this.sim.schedule(Math.max(0, delay) * 1e6, {
      background: true,
      fire: () => {
        if (!this.closed && generation === this.generation) this.work.call(this, state);
      },
    });
    return this;
  }
}

/**
 * The simulator's clock as an RxJS scheduler.
 *
 * @example
 * ```ts
 * import { timer } from 'rxjs';
 * import { runtime } from 'mindsim';
 * const sim = new runtime.Simulator();
 * timer(5, sim.scheduler).subscribe(() => console.log(sim.now())); // 5000000 — 5 ms in ns
 * sim.run();
 * ```
 */
export class SimulatorScheduler implements SchedulerLike {
  /** @param sim - the simulator whose clock and event list to use. */
  constructor(private readonly sim: Clocked) {}

  /** Simulated time in milliseconds, as RxJS expects. */
  now(): number {
    return this.sim.now() / 1e6;
  }

  /** Schedules RxJS work `delay` ms of simulated time from now. */
  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new SimulatorAction<T>(this.sim, work).schedule(state, delay);
  }
}
