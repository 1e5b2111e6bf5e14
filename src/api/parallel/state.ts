/**
 * What a context keeps for semi-automatic parallel while its program runs: how deep it is in the
 * planner's own ops and in a backward pass (both run as recorded, locally), and each tensor's
 * layout over the ranks, by its data.
 * @module
 */
import type { TensorData } from '../tensor.js';
import type { DistLayout } from './dist-layout.js';

/** A context's semi-automatic parallel state. */
export class SemiAutoState {
  /** Inside the planner's own ops (redistribution, partial-sum AllReduces): they run as called. */
  internal = 0;
  /** Inside a backward pass: gradient rules run on the local blocks their forward ops left. */
  backprop = 0;
  /** Each tensor's layout over the ranks (data without one is whole on every rank). */
  readonly layouts = new WeakMap<TensorData, DistLayout>();
}
