/**
 * Fan computations and gains of the initializers, as MindSpore r1.5 defines them.
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import type { Shape } from '../../kernels/index.js';

/**
 * (fan_in, fan_out): 2-D → (shape[1], shape[0]); more dims → both times the product of shape[2:].
 *
 * @throws {@link ArgumentValueError} for fewer than 2 dimensions.
 */
export function fans(shape: Shape, api: string): [number, number] {
  if (shape.length < 2) {
    throw new ArgumentValueError(`For '${api}', 'fan_in' and 'fan_out' can not be computed for tensor with fewer than 2 dimensions, but got dimensions ${shape.length}.`);
  }
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return [shape[1]! * receptive, shape[0]! * receptive];
}

/**
 * MindSpore's calculate_gain: 1 (linear, conv, sigmoid), 5/3 (tanh), sqrt(2) (relu), leaky_relu's.
 *
 * @throws {@link ArgumentValueError} for an unknown nonlinearity (r1.5's message, after the API's name).
 */
export function gain(nonlinearity: string, param?: number, api = 'calculate_gain'): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'conv_transpose1d':
    case 'conv_transpose2d':
    case 'conv_transpose3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.sqrt(2);
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    default:
      throw new ArgumentValueError(
        `For '${api}', Unsupported nonlinearity ${String(nonlinearity)}, the argument 'nonlinearity' should be one of 'sigmoid', 'tanh', 'relu' or 'leaky_relu'.`,
      );
  }
}
