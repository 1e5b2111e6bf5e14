/**
 * `--profile`: the profile of a scenario's whole run, from its simulator's records.
 * @module
 */
import { runtime } from '../src/index.js';

/** The profile rows and their table (the 30 longest ops). */
export function profileOf(simulator: runtime.Simulator): { rows: runtime.ProfileRow[]; text: string } {
  const rows = runtime.profileRows(simulator.records());
  return { rows, text: `profile (simulated device time per op):\n${runtime.profileTable(rows, { limit: 30 })}` };
}
