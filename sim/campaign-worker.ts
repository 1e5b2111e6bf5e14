/**
 * A worker thread of an exploration campaign (campaign.ts): checks a chunk of run numbers of a program
 * module in order and returns the first that fails, or null; or explores one share of an exhaustive
 * campaign and returns what it found. The module is imported once per thread (again when its file
 * changes: the threads of a warm pool serve later campaigns).
 * @module
 */
import { exploreShare, firstFailure, loadProgramModule, type CampaignTask, type ShareResult } from './campaign.js';

/** The task piscina runs. */
export default async function check(task: CampaignTask): Promise<number | null | ShareResult> {
  const mod = await loadProgramModule(task.module);
  if (task.kind === 'share') return exploreShare(mod, task.runs, task.shard);
  return firstFailure(mod, task.runs, task.policy, task.seed, task.depth);
}
