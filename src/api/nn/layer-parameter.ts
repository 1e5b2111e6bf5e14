/**
 * Making a layer's Parameters: a refusal for want of host memory (an initializer's table larger than
 * the host gives one array) names the layer the program built, not only the Parameter inside it.
 * @module
 */
import { OutOfMemoryError } from '../../errors/index.js';

/**
 * Runs `make` (a layer's Parameter from an initializer) and prefixes its OutOfMemoryError with the
 * layer's name ("For 'Dense', For 'Parameter', Normal: Unable to allocate 32.0 GiB ..."); other errors
 * pass unchanged.
 */
export function namingLayer<T>(layer: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof OutOfMemoryError) throw new OutOfMemoryError(`For '${layer}', ${e.message}`);
    throw e;
  }
}
