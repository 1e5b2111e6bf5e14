/**
 * A small seeded pseudo-random generator (splitmix32 stepping, xorshift-multiply output): fast,
 * deterministic, no allocation. Used for tie-breaking and seeded schedule policies.
 * @module
 */

/**
 * A deterministic 32-bit generator.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const r = new runtime.SeededRandom(42);
 * console.log(r.nextUint32() === new runtime.SeededRandom(42).nextUint32()); // true
 * ```
 */
export class SeededRandom {
  private state: number;

  /** @param seed - any integer; the same seed gives the same sequence. */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next unsigned 32-bit value. */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** A value in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }
}
