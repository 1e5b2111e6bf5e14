/**
 * `amp`: MindSpore's automatic mixed precision for training, levels O0 (everything in float32) and O2
 * (the network computes in float16 over float32 master Parameters; the loss in float32).
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../errors/index.js';
import { DTYPES } from '../kernels/index.js';
import { Cell } from './nn/cell.js';
import { WithLossCell, TrainOneStepCell } from './nn/wrap.js';
import { Optimizer } from './nn/optim.js';
import * as ops from './ops/index.js';
import type { Tensor } from './tensor.js';

/** The mixed-precision levels: O0 (float32) and O2 (float16 network, float32 weights and loss). */
export type AmpLevel = 'O0' | 'O2';

/** A network whose float output is cast to float32 (what O2 puts before the loss). */
export class OutputTo32 extends Cell {
  /** @param network - the float16 network. */
  constructor(
    /** The network. */
    readonly network: Cell,
  ) {
    super(false);
  }

  override construct(...inputs: Tensor[]): Tensor {
    const out = this.network.call(...inputs);
    return out.dtype.kind === 'float' && out.dtype !== DTYPES.float32 ? ops.Cast()(out, DTYPES.float32) : out;
  }
}

/**
 * Builds a training cell as MindSpore's `amp.build_train_network`: O0 trains as is; O2 makes `network`
 * compute in float16 (`toFloat`), casts its output to float32 for the loss, and keeps the Parameters
 * float32 as the master copy the optimizer updates. (There is no BatchNorm layer yet, which O2 would
 * keep in float32.)
 *
 * @throws {@link ArgumentValueError} for a level other than O0 and O2.
 * @throws {@link ArgumentTypeError} when the network or loss is not a Cell, or the optimizer not an Optimizer.
 * @example
 * ```ts
 * import { Tensor, amp, nn, setSeed } from 'mindsim';
 * setSeed(1);
 * const net = new nn.Dense(2, 1);
 * const step = amp.buildTrainNetwork(net, new nn.SGD(net.trainableParams()), new nn.MSELoss(), { level: 'O2' });
 * const loss = step.call(new Tensor([[1, 2]], 'float32'), new Tensor([[1]], 'float32'));
 * console.log(String(loss.dtype), String(net.weight.dtype), String(net.computeDtype)); // Float32 Float32 Float16
 * ```
 */
export function buildTrainNetwork(network: Cell, optimizer: Optimizer, lossFn: Cell, options: { level?: AmpLevel } = {}): TrainOneStepCell {
  const level = options.level ?? 'O0';
  if (level !== 'O0' && level !== 'O2') throw new ArgumentValueError(`For 'build_train_network', the 'level' must be 'O0' or 'O2', but got '${String(level)}'.`);
  if (!(network instanceof Cell) || !(lossFn instanceof Cell)) throw new ArgumentTypeError("For 'build_train_network', the network and the loss must be Cells.");
  const backbone = level === 'O2' ? new OutputTo32(network.toFloat(DTYPES.float16)) : network;
  return new TrainOneStepCell(new WithLossCell(backbone, lossFn), optimizer);
}
