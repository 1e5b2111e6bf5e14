/**
 * nn.Dropout as MindSpore r1.5 (`nn/layer/basic.py`): in training mode `P.Dropout(keep_prob, seed0,
 * seed1)` with the seeds r1.5's `_get_graph_seed(0, 'dropout')` gives at construction (so with a global
 * seed the masks repeat from run to run); in eval mode, or with keep_prob 1, the input itself.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { resolveDType } from '../../kernels/index.js';
import { pythonType } from '../python-type.js';
import { Dropout as DropoutOp } from '../ops/random.js';
import { graphSeed } from '../seed.js';
import { Tensor } from '../tensor.js';
import { Cell } from './cell.js';

/**
 * Randomly zeroes elements in training, scaling the kept ones by 1 / keepProb, as r1.5's
 * `nn.Dropout(keep_prob=0.5, dtype=mstype.float32)`.
 *
 * @throws {@link ArgumentValueError} for a keep_prob outside (0, 1] (r1.5's text); {@link ArgumentTypeError}
 *   for a dtype that is not a number type; at a call, what {@link ops.Dropout} refuses.
 * @example
 * ```ts
 * import { Tensor, nn, np, setSeed } from 'mindsim';
 * setSeed(1);
 * const dropout = new nn.Dropout(0.5).setTrain();
 * console.log(String(dropout.call(new Tensor(np.ones([6]), 'float32')))); // [0. 0. 2. 0. 2. 2.]
 * console.log(String(dropout.setTrain(false).call(new Tensor(np.ones([2]), 'float32')))); // [1. 1.]
 * ```
 */
export class Dropout extends Cell {
  /** The probability of keeping an element. */
  readonly keepProb: number;
  /** The seeds given to the op (r1.5's `_get_graph_seed(0, 'dropout')`). */
  readonly seed0: number;
  /** The second seed. */
  readonly seed1: number;
  private readonly dropout: ReturnType<typeof DropoutOp>;

  /** @param keepProb - the probability of keeping an element, in (0, 1]. @param dtype - r1.5's (a number type; unused, as r1.5). */
  constructor(keepProb = 0.5, dtype: string = 'float32') {
    super();
    if (typeof keepProb !== 'number' || !(keepProb > 0 && keepProb <= 1)) {
      throw new ArgumentValueError(`For 'Dropout', the 'keep_prob' should be a number in range (0, 1], but got ${String(keepProb)}.`);
    }
    const dt = resolveDType(dtype as never, 'Dropout');
    if (dt.kind === 'bool') throw new ArgumentTypeError(`For 'Dropout', the 'dtype' should be a number type, but got ${dt.msName}.`);
    this.keepProb = keepProb;
    [this.seed0, this.seed1] = graphSeed(0, 'dropout');
    this.dropout = DropoutOp(keepProb, this.seed0, this.seed1);
  }

  override construct(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ArgumentTypeError(`For 'Dropout', the input 'x' must be a Tensor, but got ${pythonType(x)}.`);
    if (!this.training || this.keepProb === 1) return x;
    return this.dropout(x)[0]!;
  }
}
