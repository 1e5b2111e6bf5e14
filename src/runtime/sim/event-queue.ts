/**
 * The simulator's future-event list: a binary heap ordered by (time, priority, tie key, sequence).
 * Keys live in typed arrays and payloads in one array, so pushing an event allocates nothing per event.
 * @module
 */

/** Something the simulator can fire at its time. */
export interface Schedulable {
  /** Runs the event; `time` is the simulated time in ns. */
  fire(time: number): void;
  /**
   * A timer of the RxJS scheduler (`interval`, `timer`): it cannot by itself finish device work, so a
   * wait with nothing but such events left is a deadlock after a while (see `Simulator.runUntil`).
   */
  readonly background?: boolean;
}

/**
 * A min-heap of events. Equal (time, priority) events are ordered by their tie key, then by insertion
 * order; a tie key of 0 for all gives first-in first-out.
 */
export class EventQueue {
  private times = new Float64Array(64);
  private prios = new Int32Array(64);
  private ties = new Uint32Array(64);
  private seqs = new Float64Array(64);
  private items: (Schedulable | undefined)[] = new Array(64);
  private n = 0;
  private seq = 0;

  /** How many events are waiting. */
  get size(): number {
    return this.n;
  }

  /** Time of the earliest event (Infinity when empty). */
  peekTime(): number {
    return this.n === 0 ? Infinity : this.times[0]!;
  }

  /** Adds an event. */
  push(time: number, priority: number, tie: number, item: Schedulable): void {
    if (this.n === this.times.length) this.grow();
    let i = this.n++;
    const seq = this.seq++;
    // sift up
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(time, priority, tie, seq, p)) break;
      this.move(p, i);
      i = p;
    }
    this.set(i, time, priority, tie, seq, item);
  }

  /** Removes and returns the earliest event, or undefined. Its time is read with peekTime before. */
  pop(): Schedulable | undefined {
    if (this.n === 0) return undefined;
    const top = this.items[0];
    const last = --this.n;
    if (last > 0) {
      const t = this.times[last]!;
      const p = this.prios[last]!;
      const k = this.ties[last]!;
      const s = this.seqs[last]!;
      const item = this.items[last]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= last) break;
        const r = l + 1;
        const c = r < last && this.lessIdx(r, l) ? r : l;
        if (!this.lessThan(c, t, p, k, s)) break;
        this.move(c, i);
        i = c;
      }
      this.set(i, t, p, k, s, item);
    }
    this.items[last] = undefined;
    return top;
  }

  /** Removes every event. */
  clear(): void {
    this.items.fill(undefined, 0, this.n);
    this.n = 0;
  }

  private less(t: number, p: number, k: number, s: number, j: number): boolean {
    const tj = this.times[j]!;
    if (t !== tj) return t < tj;
    const pj = this.prios[j]!;
    if (p !== pj) return p < pj;
    const kj = this.ties[j]!;
    if (k !== kj) return k < kj;
    return s < this.seqs[j]!;
  }

  /** entry j < (t, p, k, s) */
  private lessThan(j: number, t: number, p: number, k: number, s: number): boolean {
    const tj = this.times[j]!;
    if (tj !== t) return tj < t;
    const pj = this.prios[j]!;
    if (pj !== p) return pj < p;
    const kj = this.ties[j]!;
    if (kj !== k) return kj < k;
    return this.seqs[j]! < s;
  }

  private lessIdx(a: number, b: number): boolean {
    return this.lessThan(a, this.times[b]!, this.prios[b]!, this.ties[b]!, this.seqs[b]!);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.prios[to] = this.prios[from]!;
    this.ties[to] = this.ties[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.items[to] = this.items[from];
  }

  private set(i: number, t: number, p: number, k: number, s: number, item: Schedulable): void {
    this.times[i] = t;
    this.prios[i] = p;
    this.ties[i] = k;
    this.seqs[i] = s;
    this.items[i] = item;
  }

  private grow(): void {
    const size = this.times.length * 2;
    const times = new Float64Array(size);
    times.set(this.times);
    const prios = new Int32Array(size);
    prios.set(this.prios);
    const ties = new Uint32Array(size);
    ties.set(this.ties);
    const seqs = new Float64Array(size);
    seqs.set(this.seqs);
    this.times = times;
    this.prios = prios;
    this.ties = ties;
    this.seqs = seqs;
    this.items.length = size;
  }
}
