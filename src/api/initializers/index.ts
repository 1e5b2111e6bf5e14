/**
 * The initializer classes and their case-insensitive string aliases.
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import {
  Dirac, HeNormal, HeUniform, Identity, type Initializer, Normal, One, Orthogonal, TruncatedNormal, Uniform,
  VarianceScaling, XavierNormal, XavierUniform, Zero,
} from './initializers.js';

export {
  Initializer, Zero, One, Constant, Normal, Uniform, TruncatedNormal, XavierUniform, XavierNormal, HeUniform,
  HeNormal, Identity, Sparse, Dirac, Orthogonal, VarianceScaling, type FanMode,
} from './initializers.js';
export { fans, gain } from './fans.js';

const ALIASES: Readonly<Record<string, () => Initializer>> = {
  zero: () => new Zero(),
  zeros: () => new Zero(),
  one: () => new One(),
  ones: () => new One(),
  normal: () => new Normal(),
  uniform: () => new Uniform(),
  truncatednormal: () => new TruncatedNormal(),
  xavieruniform: () => new XavierUniform(),
  xavier_uniform: () => new XavierUniform(),
  xaviernormal: () => new XavierNormal(),
  xavier_normal: () => new XavierNormal(),
  heuniform: () => new HeUniform(),
  he_uniform: () => new HeUniform(),
  henormal: () => new HeNormal(),
  he_normal: () => new HeNormal(),
  identity: () => new Identity(),
  dirac: () => new Dirac(),
  orthogonal: () => new Orthogonal(),
  variancescaling: () => new VarianceScaling(),
};

/**
 * The initializer a string names (case-insensitive: `'normal'`, `'Normal'`, `'xavier_uniform'`,
 * `'ones'`), with its default arguments.
 *
 * @throws {@link ArgumentValueError} "For 'initializer', the class corresponding to '{init}' was not found."
 * @example
 * ```ts
 * import { initializerFromName } from 'mindsim';
 * console.log(initializerFromName('Xavier_Uniform').name); // XavierUniform
 * ```
 */
export function initializerFromName(init: string): Initializer {
  const make = ALIASES[init.toLowerCase()];
  if (!make) throw new ArgumentValueError(`For 'initializer', the class corresponding to '${init}' was not found.`);
  return make();
}
