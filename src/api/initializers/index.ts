/**
 * The initializer classes and their case-insensitive string aliases.
 * @module
 */
import { KeyNameError } from '../../errors/index.js';
import {
  HeNormal, HeUniform, type Initializer, Normal, One, TruncatedNormal, Uniform, VarianceScaling, XavierNormal, XavierUniform, Zero,
} from './initializers.js';
import { Dirac, Identity, Orthogonal } from './structured.js';

export {
  Initializer, Zero, One, Constant, Normal, Uniform, TruncatedNormal, XavierUniform, XavierNormal, HeUniform,
  HeNormal, VarianceScaling, type FanMode,
} from './initializers.js';
export { Identity, Sparse, Dirac, Orthogonal } from './structured.js';
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
 * @throws {@link KeyNameError} (Python's KeyError, which r1.5's alias lookup raises) "For 'initializer', the class corresponding to '{init}' was not found."
 * @example
 * ```ts
 * import { initializerFromName } from 'mindsim';
 * console.log(initializerFromName('Xavier_Uniform').name); // XavierUniform
 * ```
 */
export function initializerFromName(init: string): Initializer {
  const key = init.toLowerCase();
  const make = Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined;
  if (!make) throw new KeyNameError(`For 'initializer', the class corresponding to '${init}' was not found.`);
  return make();
}
