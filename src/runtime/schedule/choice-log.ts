/**
 * The choices a schedule has made, kept compactly and within a bound: a long GRAPH_MODE program makes
 * a dozen choices a step (LeNet's forward pass does), and a list of numbers would grow the heap by
 * about 130 bytes a step for as long as it runs. A choice below 255 takes one byte (the index of the
 * chosen node among the ready ones almost always is); a larger one is marked 255 and kept in a list
 * beside. Past `capacity` choices the log keeps counting but stores no more, so memory stays bounded;
 * reading it then is an error, since a replay needs every choice.
 * @module
 */
import { MindsimError } from '../../errors/index.js';

/** Choices a schedule keeps by default (a replay of a longer run is not kept: about 1 MiB at most). */
export const MAX_CHOICES = 1 << 20;
/** Bytes of the first chunk (an explored schedule makes a few choices) and of the largest. */
const FIRST_CHUNK = 64, MAX_CHUNK = 1 << 16;
/** The byte that says the choice is the next of the wide ones. */
const WIDE = 255;

/** An append-only log of schedule choices, bounded, one byte for each small choice. */
export class ChoiceLog {
  private readonly chunks: Uint8Array[] = [];
  /** Bytes written into the last chunk. */
  private used = 0;
  /** The choices of 255 and more, in order. */
  private readonly wide: number[] = [];
  private count = 0;

  /** @param capacity - the most choices kept (more are counted, not kept). */
  constructor(readonly capacity: number = MAX_CHOICES) {}

  /** The number of choices made. */
  get length(): number {
    return this.count;
  }

  /** Whether more choices were made than the log keeps. */
  get truncated(): boolean {
    return this.count > this.capacity;
  }

  /** Adds a choice (a non-negative integer). */
  push(choice: number): void {
    if (++this.count > this.capacity) return;
    let last = this.chunks[this.chunks.length - 1];
    if (last === undefined || this.used === last.length) {
      last = new Uint8Array(last === undefined ? FIRST_CHUNK : Math.min(MAX_CHUNK, 2 * last.length));
      this.chunks.push(last);
      this.used = 0;
    }
    if (choice >= WIDE) this.wide.push(choice);
    last[this.used++] = Math.min(choice, WIDE);
  }

  /**
   * The choices, oldest first.
   *
   * @throws {@link MindsimError} when more were made than the log keeps.
   */
  toArray(): number[] {
    if (this.truncated) {
      throw new MindsimError(`Scheduler: the schedule made ${this.count.toLocaleString('en')} choices, more than the ${this.capacity.toLocaleString('en')} it keeps; replay a shorter run`);
    }
    const out: number[] = [];
    let w = 0;
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      const end = c === this.chunks.length - 1 ? this.used : chunk.length;
      for (let i = 0; i < end; i++) out.push(chunk[i] === WIDE ? this.wide[w++]! : chunk[i]!);
    }
    return out;
  }
}
