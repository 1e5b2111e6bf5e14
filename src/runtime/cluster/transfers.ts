/**
 * Transfers in flight on a cluster's links, sharing them. A transfer runs its plan's stages in turn: a
 * stage's latency, then its bytes. While moving bytes, a transfer asks each resource it uses for its
 * solo rate; where the rates asked of a resource add up to more than its capacity, every user of it gets
 * the same fraction (capacity / sum). A transfer progresses at the smallest fraction over its resources,
 * so concurrent collectives on shared links slow each other, and speed up again when one ends.
 * @module
 */
import type { SimulatorCore } from '../sim/core.js';
import { type TransferPlan, type TransferStage, stageTime } from './cost.js';

/** One transfer in flight. */
class Transfer {
  /** The stage running, its remaining bandwidth work in ns at solo speed, and its current speed (0..1]. */
  stage = 0;
  remaining = 0;
  speed = 1;
  updated = 0;
  /** Incremented whenever its completion is rescheduled (older scheduled events are stale). */
  version = 0;
  moving = false;
  constructor(
    readonly plan: TransferPlan,
    readonly done: (time: number) => void,
  ) {}

  get current(): TransferStage {
    return this.plan.stages[this.stage]!;
  }
}

/** The cluster's links and the transfers on them. */
export class TransferEngine {
  private readonly active = new Set<Transfer>();
  private readonly load: Float64Array;

  /** @param capacities - bytes/s of each resource. */
  constructor(
    private readonly sim: SimulatorCore,
    private readonly capacities: Float64Array,
  ) {
    this.load = new Float64Array(capacities.length);
  }

  /** Transfers moving bytes now. */
  get inFlight(): number {
    return this.active.size;
  }

  /** Starts a transfer now; `done` is called at its simulated end. */
  start(plan: TransferPlan, done: (time: number) => void): void {
    const t = new Transfer(plan, done);
    this.beginStage(t);
  }

  private beginStage(t: Transfer): void {
    const stage = t.current;
    // the latency first (no link is busy), then the bytes
    const bandwidthNs = stageTime(stage) - stage.latency;
    this.sim.schedule(Math.ceil(stage.latency), () => {
      if (bandwidthNs <= 0) {
        this.endStage(t);
        return;
      }
      t.remaining = bandwidthNs;
      t.updated = this.sim.now();
      t.moving = true;
      this.active.add(t);
      this.reshare();
    });
  }

  private endStage(t: Transfer): void {
    if (t.moving) {
      t.moving = false;
      this.active.delete(t);
      this.reshare();
    }
    t.stage++;
    if (t.stage < t.plan.stages.length) this.beginStage(t);
    else t.done(this.sim.now());
  }

  /** Brings every transfer's progress up to now, recomputes the shares and reschedules the ends. */
  private reshare(): void {
    const now = this.sim.now();
    const load = this.load;
    load.fill(0);
    for (const t of this.active) {
      t.remaining = Math.max(0, t.remaining - (now - t.updated) * t.speed);
      t.updated = now;
      for (const u of t.current.uses) if (u.bytes > 0) load[u.resource]! += u.rate;
    }
    for (const t of this.active) {
      let speed = 1;
      for (const u of t.current.uses) {
        if (u.bytes <= 0) continue;
        const share = this.capacities[u.resource]! / load[u.resource]!;
        if (share < speed) speed = share;
      }
      t.speed = speed;
      const version = ++t.version;
      this.sim.schedule(Math.ceil(t.remaining / speed), () => {
        if (t.version === version && t.moving) this.endStage(t);
      });
    }
  }
}
