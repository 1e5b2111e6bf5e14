/**
 * The public API the fuzzer calls: each entry says how to call it with generated arguments and which
 * names a refusal's message may use to name it (the API itself, or for a Cell the ops it runs).
 */
import {
  Constant, Dirac, HeNormal, HeUniform, Identity, NDArray, Normal, One, Orthogonal, Parameter, ParameterTuple, Sparse, Tensor, TruncatedNormal,
  LossMonitor, Model, Uniform, VarianceScaling, XavierNormal, XavierUniform, Zero, checkpointFromBytes, dataset, checkpointToBytes, getContext, initializer, loadParamIntoNet, nn, np, ops,
  setContext, setSeed,
} from '../../src/index.js';

/** One callable API. */
export interface ApiEntry {
  /** How reports name it. */
  readonly api: string;
  /** A refusal's message must contain one of these. */
  readonly names: readonly string[];
  /** How many arguments its factory or constructor takes at most (0: a plain function). */
  readonly factoryArgs: number;
  /** How many call arguments to generate at most. */
  readonly maxArgs: number;
  /** Calls it; returns its result, or SKIP when the arguments do not reach it (a method of a non-object). */
  call(factory: readonly unknown[], args: readonly unknown[]): unknown;
}

/** A call whose receiver was not of its class: not counted. */
export const SKIP = Symbol('skip');

type AnyFn = (...a: unknown[]) => unknown;
const OPS = ops as unknown as Record<string, unknown>;
/** Every primitive factory of `ops` (capitalised functions), and `depend`. */
export const OP_NAMES = Object.keys(OPS).filter((k) => /^[A-Z]/.test(k) && typeof OPS[k] === 'function' && k !== 'GradOperation').sort();

const opEntries: ApiEntry[] = OP_NAMES.map((name) => ({
  api: `ops.${name}`,
  names: [name],
  factoryArgs: 2,
  maxArgs: 4,
  call: (factory, args) => ((OPS[name] as AnyFn)(...factory) as AnyFn)(...args),
}));

const method = (cls: abstract new (...a: never[]) => object, api: string, names: string[], f: (self: never, args: readonly unknown[]) => unknown): ApiEntry => ({
  api,
  names,
  factoryArgs: 0,
  maxArgs: 3,
  call: (_factory, args) => (args[0] instanceof cls ? f(args[0] as never, args.slice(1)) : SKIP),
});

const construct = (api: string, cls: new (...a: never[]) => unknown, names = [api], maxArgs = 3): ApiEntry => ({
  api,
  names,
  factoryArgs: 0,
  maxArgs,
  call: (_factory, args) => new cls(...(args as never[])),
});

const fn = (api: string, f: AnyFn, names: string[], maxArgs = 3): ApiEntry => ({ api, names, factoryArgs: 0, maxArgs, call: (_factory, args) => f(...args) });

/** Cells raise through the ops they run: any op's name names them. */
const cellNames = (name: string) => [name, ...OP_NAMES];
const cell = (api: string, cls: new (...a: never[]) => nn.Cell): ApiEntry => ({
  api: `nn.${api}`,
  names: cellNames(api),
  factoryArgs: 3,
  maxArgs: 2,
  call: (factory, args) => new cls(...(factory as never[])).call(...(args as Tensor[])),
});

const INITIALIZERS = { Zero, One, Constant, Normal, Uniform, TruncatedNormal, XavierUniform, XavierNormal, HeUniform, HeNormal, Identity, Sparse, Dirac, Orthogonal, VarianceScaling } as const;

/** The catalogue. */
export const CATALOGUE: readonly ApiEntry[] = [
  ...opEntries,
  fn('ops.depend', ops.depend as AnyFn, ['depend'], 3),
  {
    api: 'ops.GradOperation',
    names: ['GradOperation', ...OP_NAMES],
    factoryArgs: 1,
    maxArgs: 4,
    call: (factory, args) => ((ops.GradOperation as AnyFn)(...factory) as (f: unknown, p: unknown) => AnyFn)(args[0], args[1])(...args.slice(2)),
  },
  ...(['array', 'arange', 'zeros', 'ones', 'full'] as const).map((k) => fn(`np.${k}`, np[k] as AnyFn, [`np.${k}`], 4)),
  method(NDArray, 'NDArray.reshape', ['reshape'], (a: NDArray, args) => a.reshape(...(args as number[]))),
  method(NDArray, 'NDArray.astype', ['astype'], (a: NDArray, args) => a.astype(args[0] as never)),
  method(NDArray, 'NDArray.item', ['item'], (a: NDArray, args) => a.item(...(args as number[]))),
  construct('Tensor', Tensor, ['Tensor', 'np.array']),
  method(Tensor, 'Tensor.asnumpy', ['Tensor', 'asnumpy', ...OP_NAMES], (t: Tensor) => t.asnumpy()),
  ...['astype', 'reshape', 'view', 'transpose', 'flatten', 'ravel', 'squeeze', 'expandDims', 'swapaxes', 'sum', 'mean', 'max', 'min', 'abs', 'all', 'any', 'item', 'copy', 'fill', 'clip', 'argmax'].map((m) =>
    method(Tensor, `Tensor.${m}`, [m, 'Tensor', 'ReduceAll', 'ReduceAny', 'ArgMax', 'index', 'can only convert', 'incorrect number of indices', 'One of max or min', 'data type', ...OP_NAMES], (x: Tensor, args) =>
      (x as unknown as Record<string, AnyFn>)[m]!(...args)),
  ),
  method(Tensor, 'Tensor.initData', ['init_data', 'initData', 'Tensor', ...Object.keys(INITIALIZERS)], (t: Tensor) => t.initData()),
  construct('Parameter', Parameter, ['Parameter', 'requires_grad', 'layerwise_parallel']), // r1.5's texts name the argument
  method(Parameter, 'Parameter.setData', ['set_data', 'Parameter'], (p: Parameter, args) => p.setData(args[0] as never, args[1] as never)),
  method(Parameter, 'Parameter.clone', ['clone', 'Parameter', 'initializer', ...Object.keys(INITIALIZERS)], (p: Parameter, args) => p.clone(args[0] as never)),
  construct('ParameterTuple', ParameterTuple),
  fn('initializer', (...a) => (initializer as AnyFn)(...a) as Tensor, ['initializer', ...Object.keys(INITIALIZERS)], 3), // a named initializer's refusal names its class
  ...Object.entries(INITIALIZERS).map(([name, cls]) => ({
    api: name,
    names: [name, 'initializer'],
    factoryArgs: 3,
    maxArgs: 1,
    call: (factory: readonly unknown[], args: readonly unknown[]) => initializer(new (cls as new (...a: unknown[]) => Zero)(...factory), args[0] as never).initData(),
  })),
  fn('setContext', setContext as AnyFn, ['set_context', 'context'], 1),
  fn('getContext', getContext as AnyFn, ['context'], 1),
  fn('setSeed', setSeed as AnyFn, ['seed'], 1),
  fn('checkpointToBytes', checkpointToBytes as AnyFn, ['save_obj', 'save_checkpoint', 'append_dict'], 2),
  fn('checkpointFromBytes', checkpointFromBytes as AnyFn, ['checkpoint', 'filter_prefix', 'load_checkpoint'], 2),
  fn('loadParamIntoNet', loadParamIntoNet as AnyFn, ['Argument net', 'parameter_dict', 'Net parameters', 'load_param_into_net', 'strict_load'], 3),
  cell('Dense', nn.Dense as never),
  cell('Conv2d', nn.Conv2d as never),
  cell('Conv2dTranspose', nn.Conv2dTranspose as never),
  cell('ReLU', nn.ReLU as never),
  cell('Flatten', nn.Flatten as never),
  cell('MaxPool2d', nn.MaxPool2d as never),
  cell('AvgPool2d', nn.AvgPool2d as never),
  cell('BatchNorm1d', nn.BatchNorm1d as never),
  cell('BatchNorm2d', nn.BatchNorm2d as never),
  // r1.5's Embedding checks only its sizes' types: a size of 0 or below is refused by the initializer of its table
  { ...cell('Embedding', nn.Embedding as never), names: [...cellNames('Embedding'), 'initializer'] },
  cell('Softmax', nn.Softmax as never),
  cell('ReLU6', nn.ReLU6 as never),
  cell('LeakyReLU', nn.LeakyReLU as never),
  cell('GELU', nn.GELU as never),
  cell('Dropout', nn.Dropout as never),
  cell('LayerNorm', nn.LayerNorm as never),
  cell('BCELoss', nn.BCELoss as never),
  cell('BCEWithLogitsLoss', nn.BCEWithLogitsLoss as never),
  cell('L1Loss', nn.L1Loss as never),
  cell('MSELoss', nn.MSELoss as never),
  cell('SoftmaxCrossEntropyWithLogits', nn.SoftmaxCrossEntropyWithLogits as never),
  // optimizers make their state as r1.5's `parameters.clone(prefix, init='zeros')`: a zero-size Parameter is refused by that initializer
  construct('nn.Momentum', nn.Momentum as never, ['Momentum', 'Optimizer', 'initializer', 'learning_rate', 'momentum']),
  construct('nn.RMSProp', nn.RMSProp as never, ['RMSProp', 'Optimizer', 'initializer', 'learning_rate', 'decay', 'momentum', 'epsilon', 'use_locking', 'centered']),
  construct('nn.SGD', nn.SGD as never, ['SGD', 'Optimizer', 'initializer', 'learning_rate', 'momentum', 'dampening', 'nesterov']),
  construct('nn.Adam', nn.Adam as never, ['Adam', 'Optimizer', 'initializer', 'learning_rate', 'beta1', 'beta2', 'eps', 'use_locking', 'use_nesterov']),
  construct('nn.ExponentialDecayLR', nn.ExponentialDecayLR as never, ['ExponentialDecayLR', 'learning_rate', 'decay_rate', 'decay_steps', 'is_stair']),
  construct('nn.CosineDecayLR', nn.CosineDecayLR as never, ['CosineDecayLR', 'min_lr', 'max_lr', 'decay_steps']),
  construct('nn.Lamb', nn.Lamb as never, ['Lamb', 'Optimizer', 'initializer', 'learning_rate', 'beta1', 'beta2', 'eps']),
  construct('nn.AdamWeightDecay', nn.AdamWeightDecay as never, ['AdamWeightDecay', 'Optimizer', 'initializer', 'learning_rate', 'beta1', 'beta2', 'eps']),
  construct('nn.SequentialCell', nn.SequentialCell as never, ['SequentialCell']),
  construct('Model', Model as never, ['Model', 'metric', 'optimizer', 'amp', 'loss_scale_manager', 'eval_network', 'eval_indexes']),
  construct('LossMonitor', LossMonitor as never, ['per_print_times']),
  construct('dataset.NumpySlicesDataset', dataset.NumpySlicesDataset as never, ['NumpySlicesDataset', 'np.array']),
  construct('dataset.GeneratorDataset', dataset.GeneratorDataset as never, ['GeneratorDataset']),
  method(dataset.Dataset, 'Dataset.batch', ['batch_size', 'Batch'], (d: dataset.Dataset, args) => [...d.batch(args[0] as number).createTupleIterator()]),
  method(Model, 'Model.train', ['Model.train', 'train_dataset', 'sink_size', 'callbacks', ...OP_NAMES], (m: Model, args) => m.train(args[0] as number, args[1] as never)),
];
