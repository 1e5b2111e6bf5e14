/**
 * docs/mindspore-names.md, generated from mindsim's exports: every MindSpore r1.5 name a program uses
 * and its mindsim name, and the exports of mindsim's own (no MindSpore counterpart). The rules: Python's
 * snake_case functions, methods and properties are camelCase here, classes and primitives keep their
 * names, and each namespace maps to its MindSpore module. test/docs/mindspore-names.test.ts checks
 * that the committed page is what this makes (regenerate: MINDSIM_WRITE_NAMES=1 npx tap
 * test/docs/mindspore-names.test.ts).
 */
import * as mindsim from '../../src/index.js';

const snake = (name: string): string => name.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `_${c.toLowerCase()}`));

/** Top-level exports and the MindSpore names they stand for. */
const TOP: Readonly<Record<string, string>> = {
  Tensor: 'mindspore.Tensor', Parameter: 'mindspore.Parameter', ParameterTuple: 'mindspore.ParameterTuple',
  setContext: 'mindspore.context.set_context', getContext: 'mindspore.context.get_context',
  setAutoParallelContext: 'mindspore.context.set_auto_parallel_context', getAutoParallelContext: 'mindspore.context.get_auto_parallel_context',
  resetAutoParallelContext: 'mindspore.context.reset_auto_parallel_context', ParallelMode: 'mindspore.context.ParallelMode',
  setPsContext: 'mindspore.context.set_ps_context', getPsContext: 'mindspore.context.get_ps_context', resetPsContext: 'mindspore.context.reset_ps_context',
  setSeed: 'mindspore.common.set_seed', getSeed: 'mindspore.common.get_seed', initializer: 'mindspore.common.initializer.initializer',
  mstype: 'mindspore.common.dtype (mstype)', dtype: 'mindspore.dtype', print: 'print (Python) / ops.Print',
  saveCheckpoint: 'mindspore.train.serialization.save_checkpoint', loadCheckpoint: 'mindspore.train.serialization.load_checkpoint',
  loadParamIntoNet: 'mindspore.train.serialization.load_param_into_net', Model: 'mindspore.Model (train.Model)',
  Callback: 'mindspore.train.callback.Callback', RunContext: 'mindspore.train.callback.RunContext', LossMonitor: 'mindspore.train.callback.LossMonitor',
  TimeMonitor: 'mindspore.train.callback.TimeMonitor', ModelCheckpoint: 'mindspore.train.callback.ModelCheckpoint',
  CheckpointConfig: 'mindspore.train.callback.CheckpointConfig',
};
/** Namespaces and their MindSpore modules. */
const SPACES: Readonly<Record<string, string>> = { ops: 'mindspore.ops', nn: 'mindspore.nn', dataset: 'mindspore.dataset', communication: 'mindspore.communication', amp: 'mindspore.amp (train.amp)' };
/** Exports that are mindsim's own, and what each is. */
const OWN: Readonly<Record<string, string>> = {
  ExecutionContext: 'one simulated program\'s state', currentContext: 'the context the functions act on', currentDevice: 'the simulated device ops run on',
  getPlatform: 'the simulated machine', getSimulator: 'the simulated clock and trace', resetPlatform: 'a fresh simulated machine',
  launch: 'runs a program on every rank of a simulated cluster (mpirun / a rank table)', launchPending: 'launches GRAPH_MODE\'s pending ops',
  checkpointToBytes: 'the bytes save_checkpoint writes (no file: browsers)', checkpointFromBytes: 'the Parameters load_checkpoint reads from bytes',
  scheduleChoices: 'the schedule\'s recorded choices', profile: 'a profile of device work per op', memory: "device memory per device (TensorFlow.js's memory())", tidy: "release what a function made but did not return (TensorFlow.js's tidy)", setPrintSink: 'where print writes', str: 'Python\'s str of a value',
  np: 'numpy\'s host arrays (np.array, astype...)', NDArray: 'numpy.ndarray', runtime: 'the simulator, devices, clusters, traces', kernels: 'the numerics',
  devices: 'device and cluster presets', models: 'LeNet and synthetic data', initializerFromName: 'an initializer by name (mindspore\'s lookup)',
};
/** Namespace members that are mindsim's own. */
const OWN_MEMBERS: Readonly<Record<string, string>> = {
  'nn.AdamFamily': 'the base of the optimizers r1.5 builds from float32 ops (AdamWeightDecay, Lamb)', 'nn.LossScaleOutput': "the loss-scale cell's loss, unpacking as (loss, cond, scaling_sens)",
  'nn.gradientFusionIds': 'the fusion ids data parallel gives each gradient\'s AllReduce',
  'communication.perf': 'nccl-tests on a simulated cluster', 'communication.formatPerf': 'nccl-tests\' table', 'communication.PERF_COLLECTIVES': 'the collectives comm-perf runs',
  'Tensor.asnumpyAsync': 'asnumpy that lets the other ranks of a launch run meanwhile',
  'Tensor.dispose': "releases the tensor's memory (TensorFlow.js's dispose)",
  'Tensor.isDisposed': 'whether dispose or tidy released it',
};
/** Initializer classes (mindspore.common.initializer). */
const INITIALIZERS = ['Initializer', 'Zero', 'One', 'Constant', 'Normal', 'Uniform', 'TruncatedNormal', 'XavierUniform', 'XavierNormal', 'HeUniform', 'HeNormal', 'Identity', 'Sparse', 'Dirac', 'Orthogonal', 'VarianceScaling'];
/** Classes whose methods and properties a MindSpore program calls. */
const CLASSES: Readonly<Record<string, { ms: string; cls: { prototype: object } }>> = {
  Tensor: { ms: 'Tensor', cls: mindsim.Tensor }, Parameter: { ms: 'Parameter', cls: mindsim.Parameter }, 'nn.Cell': { ms: 'nn.Cell', cls: mindsim.nn.Cell },
};
/** Members that are mindsim's own or internal, left out of the table. */
const SKIP_MEMBERS = new Set(['constructor', 'data_', 'after', 'withData', 'alias', 'materialised', 'replaceData', 'adopt', 'weightOf', 'asnumpyAsync', 'dispose', 'isDisposed']);

/** The page. */
export function mindsporeNamesPage(): string {
  const rows: [string, string][] = [];
  const own: [string, string][] = [];
  const ownRows = own;
  for (const member of ['asnumpyAsync', 'dispose', 'isDisposed']) own.push([`\`Tensor.${member}\``, OWN_MEMBERS[`Tensor.${member}`]!]);
  for (const key of Object.keys(mindsim).sort()) {
    const value = (mindsim as Record<string, unknown>)[key];
    if (TOP[key]) rows.push([TOP[key]!, `\`${key}\``]);
    else if (SPACES[key]) {
      for (const name of Object.keys(value as object).sort()) {
        const own = OWN_MEMBERS[`${key}.${name}`];
        if (own) ownRows.push([`\`${key}.${name}\``, own]);
        else rows.push([`${SPACES[key]}.${/^[A-Z]/.test(name) ? name : snake(name)}`, `\`${key}.${name}\``]);
      }
    } else if (INITIALIZERS.includes(key)) rows.push([`mindspore.common.initializer.${key}`, `\`${key}\``]);
    else if (OWN[key]) own.push([`\`${key}\``, OWN[key]!]);
    else if (/Error$/.test(key)) own.push([`\`${key}\``, `an error (its \`pythonType\` is the Python exception MindSpore raises)`]);
    else throw new Error(`mindspore-names: the export '${key}' is neither mapped nor listed as mindsim's own`);
  }
  for (const [label, { ms, cls }] of Object.entries(CLASSES)) {
    const proto = cls.prototype;
    const names = new Set<string>();
    for (let p: object | null = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
      if (p === mindsim.Tensor.prototype && label !== 'Tensor') break; // Parameter lists its own; Tensor's are above
      for (const n of Object.getOwnPropertyNames(p)) if (!SKIP_MEMBERS.has(n) && !n.startsWith('_')) names.add(n);
    }
    for (const n of [...names].sort()) {
      const msName = n === 'call' ? '__call__ (net(x))' : n === 'toString' ? '__str__ / __repr__' : snake(n);
      rows.push([`mindspore.${ms}.${msName}`, `\`${label}.${n}\``]);
    }
  }
  const table = (header: [string, string], body: [string, string][]) =>
    [`| ${header[0]} | ${header[1]} |`, '| --- | --- |', ...body.map(([a, b]) => `| ${a.replace(/\|/g, '\\|')} | ${b.replace(/\|/g, '\\|')} |`)].join('\n');
  rows.sort((a, b) => a[0].localeCompare(b[0]));
  return [
    '---',
    'title: MindSpore names in mindsim',
    '---',
    '',
    '# MindSpore names in mindsim',
    '',
    'Every MindSpore r1.5 name mindsim has, and its name here: snake_case functions, methods and',
    'properties are camelCase (`set_context` → `setContext`, `init_data` → `initData`), keyword arguments',
    'become an options object (`set_context(device_target="GPU")` → `setContext({ deviceTarget: \'GPU\' })`),',
    'classes and primitives keep their names, and `net(x)` is `net.call(x)`. This page is generated from',
    'the exports (test/helpers/mindspore-names.ts), so it lists everything and nothing else.',
    '',
    table(['MindSpore r1.5', 'mindsim'], rows),
    '',
    '## mindsim\'s own',
    '',
    table(['mindsim', 'what it is'], own),
    '',
  ].join('\n');
}
