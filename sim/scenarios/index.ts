/**
 * The scenarios, by name.
 * @module
 */
import { dataParallelScenario } from './data-parallel.js';
import { h2dSyncScenario } from './h2d-sync.js';
import { layerwiseScenario } from './layerwise.js';
import { overflowRanksScenario } from './overflow-ranks.js';
import { missingDependScenario } from './missing-depend.js';
import { overflowScenario } from './overflow.js';
import { saturationScenario } from './saturation.js';
import type { Scenario } from './scenario.js';

export { TRACE, type Scenario, type ScenarioParams, type ParameterSpec, type Progress } from './scenario.js';

/** Every scenario, in the order `mindsim list` shows them. */
export const SCENARIOS: readonly Scenario[] = [overflowScenario, saturationScenario, missingDependScenario, h2dSyncScenario, dataParallelScenario, overflowRanksScenario, layerwiseScenario] as readonly Scenario[];

/** A scenario by name, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
