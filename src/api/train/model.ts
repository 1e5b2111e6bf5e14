/**
 * Model as r1.5's `mindspore.Model`: a network, its loss and optimizer built into a training cell
 * (`amp.buildTrainNetwork`, or TrainOneStepWithLossScaleCell with a loss-scale manager), trained over a
 * dataset with callbacks, evaluated with metrics, and used to predict.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { DTYPES } from '../../kernels/index.js';
import { OutputTo32, buildTrainNetwork, type AmpLevel } from '../amp.js';
import { Cell } from '../nn/cell.js';
import { Loss, getMetrics, type Metric } from '../nn/metrics.js';
import { DynamicLossScaleManager, FixedLossScaleManager, TrainOneStepWithLossScaleCell } from '../nn/loss-scale.js';
import { Optimizer } from '../nn/optim.js';
import { TrainOneStepCell, WithEvalCell, WithLossCell } from '../nn/wrap.js';
import { currentContext } from '../execution-context.js';
import { pythonType } from '../python-type.js';
import { Tensor } from '../tensor.js';
import { checkOptions } from '../ops/attr-checks.js';
import { Dataset } from '../dataset/dataset.js';
import { Callback, RunContext, callAll, type CallbackParams } from './callback.js';

/** Model's options (r1.5's keyword arguments). */
export interface ModelOptions {
  /** The loss; with an optimizer the network is trained through it. */
  readonly lossFn?: Cell | null;
  /** The optimizer. */
  readonly optimizer?: Optimizer | null;
  /** Metrics for `eval`: names ('accuracy', 'acc', 'loss') or named Metric instances. */
  readonly metrics?: readonly string[] | Record<string, Metric> | null;
  /** The evaluation network (default: WithEvalCell(network, lossFn)). */
  readonly evalNetwork?: WithEvalCell | null;
  /** Which of the evaluation network's outputs are [loss, outputs, label] ([0, 1, 2]). */
  readonly evalIndexes?: readonly number[] | null;
  /** Mixed precision: 'O0' (default) or 'O2'. */
  readonly ampLevel?: AmpLevel;
  /** A loss-scale manager: training steps through TrainOneStepWithLossScaleCell (null, as r1.5's None: none). */
  readonly lossScaleManager?: FixedLossScaleManager | DynamicLossScaleManager | null;
}

/** The options of `train` and `eval`. */
export interface RunOptions {
  /** Callbacks, called in order. */
  readonly callbacks?: Callback | readonly Callback[];
  /** Sink the data (true): on GPU and Ascend steps are reported once per sink; CPU never sinks (r1.5's warning). */
  readonly datasetSinkMode?: boolean;
  /** Steps per sink (-1: the whole dataset). */
  readonly sinkSize?: number;
}

type Step = (...inputs: Tensor[]) => Tensor | Tensor[];

function callbacksOf(given: RunOptions['callbacks']): Callback[] {
  if (given === undefined || given === null) return [];
  const list = Array.isArray(given) ? given : [given];
  list.forEach((c) => {
    if (!(c instanceof Callback)) throw new ArgumentTypeError(`The 'callbacks' must be a Callback or a list of Callbacks, but got ${pythonType(c)}.`);
  });
  return [...list] as Callback[];
}

/**
 * Trains, evaluates and predicts with a network, as r1.5's `Model(network, loss_fn, optimizer, metrics,
 * eval_network, eval_indexes, amp_level, loss_scale_manager=...)`.
 *
 * @throws {@link ArgumentTypeError} for a network that is not a Cell; {@link ArgumentValueError} for r1.5's
 *   refusals (an amp level without an optimizer, a loss-scale manager without one, metrics without a
 *   loss or evaluation network, bad eval indexes).
 * @example
 * ```ts
 * import { Model, dataset, nn, np, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'CPU' });
 * const net = new nn.Dense(2, 2, { weightInit: 'ones' });
 * const model = new Model(net, { lossFn: new nn.SoftmaxCrossEntropyWithLogits({ sparse: true }), metrics: ['acc'] });
 * const data = new dataset.NumpySlicesDataset([np.array([[1, 0], [0, 1]]).astype('float32'), np.array([0, 1]).astype('int32')], { shuffle: false });
 * console.log(model.eval(data.batch(2))); // { acc: 0.5 }
 * ```
 */
export class Model {
  /** The network trained (the built training cell, or the network with its loss, or the network). */
  readonly trainNetwork: Cell;
  /** The evaluation network, when metrics are given. */
  readonly evalNetwork: Cell | null;
  /** The network `predict` runs. */
  readonly predictNetwork: Cell;
  private readonly metricFns: Map<string, Metric>;
  private readonly evalIndexes: readonly number[] | null;
  private readonly hasLossFn: boolean;

  /** @param network - the network. @param options - loss, optimizer, metrics, evaluation network, amp, loss scaling. */
  constructor(readonly network: Cell, options: ModelOptions = {}) {
    if (!(network instanceof Cell)) throw new ArgumentTypeError(`For 'Model', the 'network' must be a Cell, but got ${pythonType(network)}.`);
    if (options === null || typeof options !== 'object') throw new ArgumentTypeError(`For 'Model', the options must be an object, but got ${pythonType(options)}.`);
    const { lossFn = null, optimizer = null, ampLevel = 'O0', lossScaleManager } = options;
    if (optimizer !== null && !(optimizer instanceof Optimizer)) throw new ArgumentTypeError(`For 'Model', the 'optimizer' must be an nn.Optimizer, but got ${pythonType(optimizer)}.`);
    if (lossFn !== null && !(lossFn instanceof Cell)) throw new ArgumentTypeError(`For 'Model', the 'loss_fn' must be a Cell, but got ${pythonType(lossFn)}.`);
    if (optimizer === null && ampLevel !== 'O0') {
      throw new ArgumentValueError("Auto mixed precision will not work because 'optimizer' is None.Please set amp_level='O0' to disable auto mixed precision or set 'optimizer' not be None to use auto mixed precision.");
    }
    if (lossScaleManager !== undefined && lossScaleManager !== null && optimizer === null) throw new ArgumentValueError("The argument 'optimizer' can not be None when set 'loss_scale_manager'.");
    this.hasLossFn = lossFn !== null;
    this.trainNetwork = this.buildTrainNetwork(network, lossFn, optimizer, ampLevel, lossScaleManager);
    this.metricFns = getMetrics(options.metrics);
    let evalNetwork: Cell | null = null;
    let evalIndexes: readonly number[] | null = null;
    if (this.metricFns.size > 0) {
      if (options.evalNetwork) {
        const idx = options.evalIndexes ?? null;
        if (idx !== null && !(Array.isArray(idx) && idx.length === 3)) {
          throw new ArgumentValueError(`The argument 'eval_indexes' must be a list or None. If 'eval_indexes' is a list, length of it must be three. But got 'eval_indexes' ${String(idx)}`);
        }
        evalNetwork = options.evalNetwork;
        evalIndexes = idx;
      } else {
        if (lossFn === null) throw new ArgumentValueError('If `metrics` is set, `eval_network` must not be None. Do not set `metrics` if you don\'t want an evaluation.');
        evalNetwork = new WithEvalCell(network, lossFn, ampLevel === 'O2');
        evalIndexes = [0, 1, 2];
      }
    }
    this.evalNetwork = evalNetwork;
    this.evalIndexes = evalIndexes;
    this.predictNetwork = network;
  }

  private buildTrainNetwork(network: Cell, lossFn: Cell | null, optimizer: Optimizer | null, level: AmpLevel, manager: ModelOptions['lossScaleManager']): Cell {
    if (optimizer === null) return lossFn === null ? network : new WithLossCell(network, lossFn);
    if (lossFn === null) throw new ArgumentValueError("For 'Model', training with an optimizer needs a 'loss_fn' (a network that returns its loss is not simulated).");
    if (manager === undefined || manager === null) return buildTrainNetwork(network, optimizer, lossFn, { level }); // r1.5's loss_scale_manager=None: no scaling
    if (!(manager instanceof FixedLossScaleManager) && !(manager instanceof DynamicLossScaleManager)) {
      throw new ArgumentTypeError(`For 'Model', the 'loss_scale_manager' must be a FixedLossScaleManager or DynamicLossScaleManager, but got ${pythonType(manager)}.`);
    }
    const backbone = level === 'O2' ? new OutputTo32(network.toFloat(DTYPES.float16)) : network;
    const update = manager.getUpdateCell();
    const withLoss = new WithLossCell(backbone, lossFn);
    // r1.5's build_train_network: a fixed scale without dropping steps is TrainOneStepCell's sensitivity
    return update === null ? new TrainOneStepCell(withLoss, optimizer, manager.getLossScale()) : new TrainOneStepWithLossScaleCell(withLoss, optimizer, update);
  }

  /** One training step's outputs as r1.5's train network returns them. */
  private stepOf(): Step {
    const net = this.trainNetwork;
    if (net instanceof TrainOneStepWithLossScaleCell) {
      return (...inputs) => {
        const r = net.step(...inputs);
        return [r.loss, r.overflow, r.scale];
      };
    }
    return (...inputs) => net.call(...inputs);
  }

  /**
   * Trains `epoch` passes over the dataset, as r1.5's `Model.train`: each element (data, label) is a
   * step; callbacks see each step, or each sink in sink mode (GPU and Ascend; CPU does not sink).
   *
   * @throws {@link ArgumentValueError} for an epoch that is not a positive int, an empty dataset, an
   *   element that is not (data, label) when there is a loss, or a sink size outside -1 / 1..size.
   * @example
   * ```ts
   * import { LossMonitor, Model, dataset, nn, np, setContext } from 'mindsim';
   * setContext({ deviceTarget: 'GPU' });
   * const net = new nn.Dense(2, 1, { weightInit: 'zeros' });
   * const model = new Model(net, { lossFn: new nn.MSELoss(), optimizer: new nn.SGD(net.trainableParams(), { learningRate: 0.1 }) });
   * const data = new dataset.NumpySlicesDataset([np.ones([4, 2]).astype('float32'), np.ones([4, 1]).astype('float32')], { shuffle: false }).batch(2);
   * // sunk on GPU: one line per epoch, with its last step's loss
 * model.train(2, data, { callbacks: new LossMonitor() });
   * // epoch: 1 step: 2, loss is 0.15999998
   * // epoch: 2 step: 2, loss is 0.0040960014
   * ```
   */
  train(epoch: number, trainDataset: Dataset, given: RunOptions = {}): void {
    const options = checkOptions(given, 'Model.train') as RunOptions;
    if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 1) throw new ArgumentValueError(`For 'Model.train', the 'epoch' must be a positive int, but got ${String(epoch)}.`);
    if (!(trainDataset instanceof Dataset)) throw new ArgumentTypeError(`For 'Model.train', the 'train_dataset' must be a Dataset, but got ${pythonType(trainDataset)}.`);
    const callbacks = callbacksOf(options.callbacks);
    const size = trainDataset.getDatasetSize();
    if (size === 0) throw new ArgumentValueError('There is no valid data in dataset, please check dataset file firstly.');
    const sinkSize = options.sinkSize ?? -1;
    if (!Number.isInteger(sinkSize) || sinkSize === 0 || sinkSize < -1 || sinkSize > size) throw new ArgumentValueError(`The sink_size must be -1 or positive and not greater than the dataset size ${size}, but got ${String(sinkSize)}.`);
    let sink = options.datasetSinkMode ?? true;
    const ctx = currentContext();
    if (sink && ctx.getContext('deviceTarget') === 'CPU') {
      ctx.printSink('[WARNING] The CPU cannot support dataset sink mode currently.So the training process will be performed with dataset not sink.\n');
      sink = false;
    }
    const perSink = sink ? (sinkSize === -1 ? size : sinkSize) : 1;
    const params: CallbackParams = { trainNetwork: this.trainNetwork, epochNum: epoch, batchNum: sink && sinkSize > 0 ? sinkSize : size, curEpochNum: 0, curStepNum: 0, netOutputs: null, datasetSinkMode: sink, mode: 'train' };
    const run = new RunContext(params);
    const step = this.stepOf();
    this.network.setTrain(true);
    callAll(callbacks, 'begin', run);
    // sink mode with a sink size: each epoch takes the next sinkSize elements, the data read on across epochs
    const elements = trainDataset.createTupleIterator({ numEpochs: -1 }) as Iterator<Tensor[]>;
    for (let e = 0; e < epoch && !run.getStopRequested(); e++) {
      params.curEpochNum = e + 1;
      callAll(callbacks, 'epochBegin', run);
      const steps = sink && sinkSize > 0 ? sinkSize : size;
      for (let s = 0; s < steps; s += perSink) {
        callAll(callbacks, 'stepBegin', run);
        for (let k = 0; k < perSink; k++) {
          const next = elements.next().value!;
          if (this.hasLossFn && next.length !== 2) {
            throw new ArgumentValueError(`When 'loss_fn' is not None, 'train_dataset' should return two elements, but got ${next.length}, please check the number of elements returned by 'train_dataset'`);
          }
          params.netOutputs = step(...next);
          params.curStepNum++;
        }
        callAll(callbacks, 'stepEnd', run);
        if (run.getStopRequested()) break;
      }
      const last = params.netOutputs;
      (Array.isArray(last) ? last[0] : last)?.asnumpy(); // the epoch's work has run (the simulated clock is at its end)
      callAll(callbacks, 'epochEnd', run);
    }
    callAll(callbacks, 'end', run);
  }

  /**
   * Evaluates the metrics over the dataset, as r1.5's `Model.eval` (the network in eval mode).
   *
   * @throws {@link ArgumentValueError} "There is no metric function..." without metrics; for elements that are not (data, label).
   */
  eval(validDataset: Dataset, given: RunOptions = {}): Record<string, number> {
    const options = checkOptions(given, 'Model.eval') as RunOptions;
    if (!(validDataset instanceof Dataset)) throw new ArgumentTypeError(`For 'Model.eval', the 'valid_dataset' must be a Dataset, but got ${pythonType(validDataset)}.`);
    if (this.evalNetwork === null || this.metricFns.size === 0) throw new ArgumentValueError('If define `valid_dataset`, metric fn can not be None or empty, you should set the argument \'metrics\' for model.');
    const callbacks = callbacksOf(options.callbacks);
    const params: CallbackParams = { trainNetwork: this.evalNetwork, epochNum: 1, batchNum: validDataset.getDatasetSize(), curEpochNum: 1, curStepNum: 0, netOutputs: null, datasetSinkMode: false, mode: 'eval' };
    const run = new RunContext(params);
    for (const m of this.metricFns.values()) m.clear();
    this.network.setTrain(false);
    callAll(callbacks, 'begin', run);
    for (const next of validDataset.createTupleIterator() as Generator<Tensor[]>) {
      if (next.length !== 2) throw new ArgumentValueError(`For 'Model.eval', each element of 'valid_dataset' must be (data, label), but got ${next.length} values.`);
      params.curStepNum++;
      callAll(callbacks, 'stepBegin', run);
      const net = this.evalNetwork;
      const outputs = net instanceof WithEvalCell ? net.evaluate(next[0]!, next[1]!) : [net.call(...next)];
      params.netOutputs = outputs;
      const [li, oi, yi] = this.evalIndexes ?? [0, 1, 2];
      for (const m of this.metricFns.values()) {
        if (this.evalIndexes === null) m.update(...outputs);
        else if (m instanceof Loss) m.update(outputs[li!]);
        else m.update(outputs[oi!], outputs[yi!]);
      }
      callAll(callbacks, 'stepEnd', run);
    }
    callAll(callbacks, 'end', run);
    return Object.fromEntries([...this.metricFns].map(([name, m]) => [name, m.eval()]));
  }

  /**
   * The network's output for the inputs (eval mode), as r1.5's `Model.predict`.
   *
   * @example
   * ```ts
   * import { Model, Tensor, nn } from 'mindsim';
   * console.log(String(new Model(new nn.Dense(2, 1, { weightInit: 'ones' })).predict(new Tensor([[1, 2]], 'float32')))); // [[3.]]
   * ```
   */
  predict(...predictData: Tensor[]): Tensor {
    this.predictNetwork.setTrain(false);
    return this.predictNetwork.call(...predictData);
  }
}
