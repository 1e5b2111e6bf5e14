/**
 * What primitives take: tensors, or Python-style scalars converted to tensors.
 * @module
 */
import { ArgumentTypeError } from '../../errors/index.js';
import { DTYPES } from '../../kernels/index.js';
import { Tensor } from '../tensor.js';

/** What a primitive takes: tensors, or Python-style scalars (converted to the other inputs' dtype). */
export type Input = Tensor | number | bigint | boolean;

/** Tensors from inputs: numbers become 0-d tensors of the first tensor's dtype (MindSpore's scalars). */
export function tensors(name: string, args: readonly Input[]): Tensor[] {
  let k = 0;
  while (k < args.length && args[k] instanceof Tensor) k++;
  if (k === args.length) return args as Tensor[]; // all Tensors already
  const first = args.find((a): a is Tensor => a instanceof Tensor);
  return args.map((a) => {
    if (a instanceof Tensor) return a;
    if (typeof a === 'number' || typeof a === 'bigint' || typeof a === 'boolean') {
      const scalar = new Tensor(Number(a), first?.dtype ?? DTYPES.float32);
      scalar.data_.singleUse = true; // nobody else holds it: its device copy goes once the op has run
      return scalar;
    }
    throw new ArgumentTypeError(`For '${name}', inputs must be Tensors or numbers, but got ${typeof a}`);
  });
}

