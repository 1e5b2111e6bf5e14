/**
 * Training callbacks as r1.5's `mindspore.train.callback`: Callback (begin, epochBegin, stepBegin,
 * stepEnd, epochEnd, end), RunContext, and the monitors LossMonitor and TimeMonitor, which print
 * through the context's print sink as r1.5's `print` does.
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import { currentContext } from '../execution-context.js';
import { formatScalar } from '../numpy/format/array-text.js';
import type { Cell } from '../nn/cell.js';
import { Tensor } from '../tensor.js';

/** What a callback sees of a run (r1.5's `cb_params`, in camelCase). */
export interface CallbackParams {
  /** The network `Model.train` steps (or `Model.eval` evaluates). */
  readonly trainNetwork: Cell | null;
  /** Epochs asked for. */
  epochNum: number;
  /** Steps per epoch (the dataset's size, or the sink size). */
  batchNum: number;
  /** The current epoch, from 1. */
  curEpochNum: number;
  /** Steps run so far (in sink mode: advanced by a whole sink at once). */
  curStepNum: number;
  /** The last step's outputs: the loss, or [loss, overflow, scale] with a loss-scale cell. */
  netOutputs: Tensor | Tensor[] | null;
  /** Whether the data is sunk (steps reported once per sink, as r1.5's device loop does). */
  datasetSinkMode: boolean;
  /** 'train' or 'eval'. */
  readonly mode: 'train' | 'eval';
}

/** A run's context as callbacks get it (r1.5's `RunContext`). */
export class RunContext {
  private stop = false;

  /** @param params - the run's parameters. */
  constructor(private readonly params: CallbackParams) {}

  /** The run's parameters (r1.5's `original_args()`). */
  originalArgs(): CallbackParams {
    return this.params;
  }

  /** Asks the run to stop after this step (r1.5's `request_stop()`). */
  requestStop(): void {
    this.stop = true;
  }

  /** Whether a stop was requested. */
  getStopRequested(): boolean {
    return this.stop;
  }
}

/**
 * A training callback: override the moments you need (r1.5's `Callback`).
 *
 * @example
 * ```ts
 * import { Callback, type RunContext } from 'mindsim';
 * class StopAt2 extends Callback {
 *   override stepEnd(run: RunContext): void { if (run.originalArgs().curStepNum >= 2) run.requestStop(); }
 * }
 * console.log(new StopAt2() instanceof Callback); // true
 * ```
 */
export class Callback {
  /** Before the first epoch. */
  begin(_run: RunContext): void {}
  /** At the start of each epoch. */
  epochBegin(_run: RunContext): void {}
  /** Before each step (in sink mode: each sink). */
  stepBegin(_run: RunContext): void {}
  /** After each step (in sink mode: each sink). */
  stepEnd(_run: RunContext): void {}
  /** At the end of each epoch. */
  epochEnd(_run: RunContext): void {}
  /** After the last epoch. */
  end(_run: RunContext): void {}
}

/** The loss of a step's outputs as r1.5's LossMonitor reads it: the first output, its numpy mean. */
function lossOf(outputs: CallbackParams['netOutputs']): { text: string; float64Value: number | null } {
  const loss = Array.isArray(outputs) ? outputs[0] : outputs;
  if (!(loss instanceof Tensor)) return { text: String(loss), float64Value: null };
  const a = loss.asnumpy();
  const values = a.dtype === 'float16' ? a.astype('float32').data : a.data;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Number(values[i]);
  const mean = values.length === 1 ? Number(values[0]) : sum / values.length;
  // np.mean's result prints in the loss's own dtype; r1.5 only refuses a Python float (a float64 mean)
  return { text: formatScalar(mean, loss.dtype), float64Value: loss.dtype.name === 'float64' ? mean : null };
}

/**
 * Prints "epoch: E step: S, loss is L" every `perPrintTimes` steps (0: never), as r1.5's
 * `LossMonitor`; the loss is the mean of the step's first output, printed as numpy prints its dtype.
 * A float64 loss that is NaN or infinite stops training with r1.5's ValueError (r1.5 checks only a
 * Python float, so a float32 NaN prints as `nan`).
 *
 * @throws {@link ArgumentValueError} for a perPrintTimes that is not an int ≥ 0.
 * @example
 * ```ts
 * import { LossMonitor, Model, dataset, nn, np, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'CPU' });
 * const net = new nn.Dense(2, 1, { weightInit: 'ones' });
 * const data = new dataset.NumpySlicesDataset([np.ones([4, 2]).astype('float32'), np.zeros([4, 1]).astype('float32')], { shuffle: false }).batch(2);
 * new Model(net, { lossFn: new nn.MSELoss(), optimizer: new nn.Momentum(net.trainableParams(), 0.1, 0.9) }).train(1, data, { callbacks: [new LossMonitor()] });
 * // [WARNING] The CPU cannot support dataset sink mode currently.So the training process will be performed with dataset not sink.
 * // epoch: 1 step: 1, loss is 4.0
 * // epoch: 1 step: 2, loss is 0.6400001
 * ```
 */
export class LossMonitor extends Callback {
  private readonly perPrintTimes: number;

  /** @param perPrintTimes - print every this many steps (1; 0: never). */
  constructor(perPrintTimes = 1) {
    super();
    if (typeof perPrintTimes !== 'number' || !Number.isInteger(perPrintTimes) || perPrintTimes < 0) {
      throw new ArgumentValueError(`The argument 'per_print_times' must be int and >= 0, but got ${String(perPrintTimes)}`);
    }
    this.perPrintTimes = perPrintTimes;
  }

  /** @throws {@link ArgumentValueError} "epoch: 1 step: 3. Invalid loss, terminating training." for a NaN or infinite float64 loss. */
  override stepEnd(run: RunContext): void {
    const p = run.originalArgs();
    const { text, float64Value } = lossOf(p.netOutputs);
    const stepInEpoch = ((p.curStepNum - 1) % p.batchNum) + 1;
    if (float64Value !== null && !Number.isFinite(float64Value)) throw new ArgumentValueError(`epoch: ${p.curEpochNum} step: ${stepInEpoch}. Invalid loss, terminating training.`);
    if (this.perPrintTimes !== 0 && p.curStepNum % this.perPrintTimes === 0) currentContext().printSink(`epoch: ${p.curEpochNum} step: ${stepInEpoch}, loss is ${text}\n`);
  }
}

/**
 * Prints "epoch time: T ms, per step time: S ms" at each epoch's end, as r1.5's `TimeMonitor`; the
 * time is the simulated device time the epoch took (r1.5 measures wall time on real hardware).
 *
 * @throws {@link ArgumentValueError} "data_size must be positive int." at an epoch's end when neither the run nor `dataSize` gives a step count.
 * @example
 * ```ts
 * import { TimeMonitor } from 'mindsim';
 * console.log(new TimeMonitor(10).dataSize); // 10
 * ```
 */
export class TimeMonitor extends Callback {
  private epochStart = 0;

  /** @param dataSize - steps per epoch when the run does not say (r1.5's `data_size`). */
  constructor(readonly dataSize: number | null = null) {
    super();
  }

  override epochBegin(_run: RunContext): void {
    this.epochStart = currentContext().getSimulator().now();
  }

  override epochEnd(run: RunContext): void {
    const sim = currentContext().getSimulator();
    const ms = (sim.now() - this.epochStart) / 1e6;
    const batch = run.originalArgs().batchNum;
    const steps = Number.isInteger(batch) && batch > 0 ? batch : this.dataSize;
    if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1) throw new ArgumentValueError('data_size must be positive int.');
    currentContext().printSink(`epoch time: ${pyFixed(ms)} ms, per step time: ${pyFixed(ms / steps)} ms\n`);
  }
}

/** Python's '{:5.3f}'. */
const pyFixed = (x: number): string => x.toFixed(3).padStart(5);

/** Calls every callback's `moment` in order (r1.5's `_ListCallback`). */
export function callAll(callbacks: readonly Callback[], moment: 'begin' | 'epochBegin' | 'stepBegin' | 'stepEnd' | 'epochEnd' | 'end', run: RunContext): void {
  for (const cb of callbacks) cb[moment](run);
}
