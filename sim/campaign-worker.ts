/**
 * A worker thread of an exploration campaign (campaign.ts): checks a chunk of run numbers of a program
 * module in order and returns the first that fails, or null. The module is imported once per thread.
 * @module
 */
import { firstFailure, loadProgramModule, type ProgramModule } from './campaign.js';
import type { ExplorePolicy } from '../src/testing.js';

const modules = new Map<string, Promise<ProgramModule>>();

/** The task piscina runs. */
export default async function check(task: { module: string; runs: number[]; policy: ExplorePolicy; seed: number; depth?: number }): Promise<number | null> {
  let mod = modules.get(task.module);
  if (!mod) modules.set(task.module, (mod = loadProgramModule(task.module)));
  return firstFailure(await mod, task.runs, task.policy, task.seed, task.depth);
}
