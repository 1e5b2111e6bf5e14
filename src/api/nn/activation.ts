/**
 * Activation cells as r1.5's `nn/layer/activation.py`, and `getActivation` (its `get_activation`):
 * the name table Dense's `activation` string is looked up in.
 * @module
 */
import { ArgumentTypeError, KeyNameError, NotImplementedYetError } from '../../errors/index.js';
import { pythonType } from '../python-type.js';
import * as ops from '../ops/index.js';
import { Tensor } from '../tensor.js';
import { valueTypeError } from '../ops/attr-checks.js';
import { ReLU } from './basic.js';
import { Cell } from './cell.js';

/**
 * 1 / (1 + exp(-x)), elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * console.log(String(new nn.Sigmoid().call(new Tensor([0], 'float32')))); // [0.5]
 * ```
 */
export class Sigmoid extends Cell {
  override construct(x: Tensor): Tensor {
    return ops.Sigmoid()(x);
  }
}

/**
 * tanh(x), elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * console.log(String(new nn.Tanh().call(new Tensor([0], 'float32')))); // [0.]
 * ```
 */
export class Tanh extends Cell {
  override construct(x: Tensor): Tensor {
    return ops.Tanh()(x);
  }
}

/**
 * min(max(x, 0), 6), elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * console.log(String(new nn.ReLU6().call(new Tensor([-1, 7], 'float32')))); // [0. 6.]
 * ```
 */
export class ReLU6 extends Cell {
  override construct(x: Tensor): Tensor {
    return ops.ReLU6()(x);
  }
}

/**
 * GeLU, elementwise: r1.5's `nn.GELU` (its tanh approximation, computed as r1.5's CPU kernel; r1.5's
 * docstring values come from Ascend, whose kernel uses x / (1 + exp(−2z)) and so keeps a tiny negative
 * value where the tanh form gives −0, far in the negative tail).
 *
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * console.log(String(new nn.GELU().call(new Tensor([-1, 4, -8], 'float32')))); // [-0.158808  3.99993  -0.      ]
 * ```
 */
export class GELU extends Cell {
  override construct(x: Tensor): Tensor {
    return ops.GeLU()(x);
  }
}

/** A cell running one axis-wise primitive (Softmax, LogSoftmax). */
abstract class AlongAxis extends Cell {
  private readonly op: (x: Tensor) => Tensor;

  constructor(op: (x: Tensor) => Tensor) {
    super();
    this.op = op;
  }

  override construct(x: Tensor): Tensor {
    return this.op(x);
  }
}

/**
 * Softmax along `axis` (-1), as r1.5's `nn.Softmax(axis=-1)`.
 *
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * console.log(String(new nn.Softmax().call(new Tensor([0, 0], 'float32')))); // [0.5 0.5]
 * ```
 */
export class Softmax extends AlongAxis {
  /** @param axis - the axis normalised along (-1). */
  constructor(axis = -1) {
    super(ops.Softmax({ axis }));
  }
}

/**
 * Log-softmax along `axis` (-1), as r1.5's `nn.LogSoftmax(axis=-1)`.
 *
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * console.log(String(new nn.LogSoftmax().call(new Tensor([0, 0], 'float32')))); // [-0.6931472 -0.6931472]
 * ```
 */
export class LogSoftmax extends AlongAxis {
  /** @param axis - the axis normalised along (-1). */
  constructor(axis = -1) {
    super(ops.LogSoftmax({ axis }));
  }
}

/**
 * max(αx, x) for α ≤ 1 (min(αx, x) above), as r1.5's `nn.LeakyReLU(alpha=0.2)` builds it from Mul and
 * Maximum/Minimum.
 *
 * @throws {@link ArgumentTypeError} for an alpha that is not a number.
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * console.log(String(new nn.LeakyReLU().call(new Tensor([-1, 2], 'float32')))); // [-0.2  2. ]
 * ```
 */
export class LeakyReLU extends Cell {
  /** The slope below zero. */
  readonly alpha: number;

  /** @param alpha - the slope below zero (0.2). */
  constructor(alpha = 0.2) {
    super();
    // checked before it is kept: a Parameter given by mistake must not be adopted as the cell's
    if (typeof alpha !== 'number') throw valueTypeError('LeakyReLU', 'alpha', "one of ['float', 'int']", alpha);
    this.alpha = alpha;
  }

  override construct(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ArgumentTypeError(`For 'LeakyReLU', the input 'x' must be a Tensor, but got ${pythonType(x)}.`);
    const scaled = ops.Mul()(ops.Cast()(new Tensor(this.alpha, 'float32'), x.dtype), x);
    return this.alpha <= 1 ? ops.Maximum()(scaled, x) : ops.Minimum()(scaled, x);
  }
}

/** r1.5's activation names, in its order: the cell of each, or null where mindsim has none yet. */
const ACTIVATIONS: readonly (readonly [string, (new () => Cell) | null])[] = [
  ['softmax', Softmax], ['logsoftmax', LogSoftmax], ['relu', ReLU], ['relu6', ReLU6], ['tanh', Tanh], ['gelu', GELU], ['fast_gelu', null],
  ['elu', null], ['sigmoid', Sigmoid], ['prelu', null], ['leakyrelu', LeakyReLU], ['hswish', null], ['hsigmoid', null], ['logsigmoid', null],
  ['softshrink', null], ['hshrink', null],
];

/**
 * The activation cell r1.5's `get_activation(name)` makes (null for null).
 *
 * @throws {@link KeyNameError} for a name r1.5 does not know (its KeyError text).
 * @throws {@link NotImplementedYetError} for one of r1.5's activations mindsim does not have yet.
 * @example
 * ```ts
 * import { nn } from 'mindsim';
 * console.log(nn.getActivation('relu')?.constructor.name); // ReLU
 * ```
 */
export function getActivation(name: string | null, primName?: string): Cell | null {
  if (name === null) return null;
  const prefix = primName ? `For '${primName}', the` : 'The';
  const entry = ACTIVATIONS.find(([key]) => key === name);
  if (!entry) throw new KeyNameError(`${prefix} 'name' should be in [${ACTIVATIONS.map(([k]) => `'${k}'`).join(', ')}], but got ${String(name)}.`);
  if (!entry[1]) throw new NotImplementedYetError(`${prefix} activation '${name}' is one of r1.5's that mindsim does not have yet`);
  return new entry[1]();
}

