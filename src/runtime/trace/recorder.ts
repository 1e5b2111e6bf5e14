/**
 * A bounded record of the trace: keeps the most recent `capacity` records (a ring), so that long runs
 * use bounded memory; `Infinity` keeps everything.
 * @module
 */
import type { TraceRecord } from './records.js';

/** A ring buffer of trace records. */
export class TraceRecorder {
  private ring: TraceRecord[] = [];
  private start = 0;
  /** Records dropped because the ring was full. */
  dropped = 0;

  /** @param capacity - how many of the newest records to keep. */
  constructor(readonly capacity: number) {}

  /** Adds a record, dropping the oldest when full. */
  add(record: TraceRecord): void {
    if (this.ring.length < this.capacity) {
      this.ring.push(record);
    } else {
      this.ring[this.start] = record;
      this.start = (this.start + 1) % this.capacity;
      this.dropped++;
    }
  }

  /** The kept records, oldest first. */
  records(): TraceRecord[] {
    return this.start === 0 ? this.ring.slice() : [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)];
  }

  /** Forgets everything. */
  clear(): void {
    this.ring = [];
    this.start = 0;
    this.dropped = 0;
  }
}
