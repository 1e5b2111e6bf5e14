/** Running fast-check properties as tap assertions, with a run count that the long campaign raises. */
import fc from 'fast-check';
import { LONG } from './fixtures.js';

interface Tap {
  ok(value: unknown, message: string): unknown;
}

/**
 * Asserts a fast-check property and records it as one passing assertion (or a failure carrying the
 * counterexample). `numRuns` is multiplied by 20 under `npm run test:long`.
 */
export function assertProperty<Ts extends [unknown, ...unknown[]]>(
  t: Tap,
  name: string,
  property: fc.IPropertyWithHooks<Ts>,
  numRuns = 300,
): void {
  const runs = LONG ? numRuns * 20 : numRuns;
  const details = fc.check(property, { numRuns: runs });
  const error = details.errorInstance instanceof Error ? ` (${details.errorInstance.message})` : '';
  t.ok(!details.failed, details.failed ? `${name}: ${fc.defaultReportMessage(details)}${error}` : `${name} (${runs} runs)`);
}
