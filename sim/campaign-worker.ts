/**
 * A worker thread of an exploration campaign (campaign.ts): checks a chunk of run numbers of a program
 * module in order and returns the first that fails, or null; or explores one share of an exhaustive
 * campaign and returns what it found. The module is imported once per thread.
 * @module
 */
import { exploreShare, firstFailure, loadProgramModule, type CampaignTask, type ProgramModule, type ShareResult } from './campaign.js';

const modules = new Map<string, Promise<ProgramModule>>();

/** The task piscina runs. */
export default async function check(task: CampaignTask): Promise<number | null | ShareResult> {
  let mod = modules.get(task.module);
  if (!mod) modules.set(task.module, (mod = loadProgramModule(task.module)));
  if (task.kind === 'share') return exploreShare(await mod, task.runs, task.shard);
  return firstFailure(await mod, task.runs, task.policy, task.seed, task.depth);
}
