/**
 * saveCheckpoint, loadCheckpoint and loadParamIntoNet as MindSpore r1.5's `mindspore.train.serialization`:
 * MindSpore's own `.ckpt` files (see format.ts), so a file either writes loads into the other. Files go
 * through Node's fs, looked up at the call (a browser bundle has the byte-level
 * {@link checkpointToBytes} / {@link checkpointFromBytes}).
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, DTypeError, ShapeError } from '../../errors/index.js';
import { DTYPES, formatShape, sameShape, sizeOf, type DType, type TypedArray } from '../../kernels/index.js';
import { currentContext } from '../execution-context.js';
import { Cell } from '../nn/cell.js';
import { NDArray } from '../numpy/ndarray.js';
import { Parameter } from '../parameter.js';
import { pythonType } from '../python-type.js';
import { Tensor } from '../tensor.js';
import { checkOptions } from '../ops/attr-checks.js';
import { nodeFs } from '../node-fs.js';
import { decodeCheckpoint, encodeCheckpointMessage, type CheckpointValue } from './format.js';

/** One entry of a list to save: a name and a Tensor or Parameter (r1.5's `{"name": ..., "data": ...}`). */
export interface CheckpointEntry {
  /** The tag it is stored under. */
  readonly name: string;
  /** Its value. */
  readonly data: Tensor;
}

/** Parameters by name, as r1.5's `load_checkpoint` returns them (a dict). */
export type ParameterDict = Record<string, Parameter>;

/** saveCheckpoint's options (r1.5's keyword arguments). */
export interface SaveCheckpointOptions {
  /** Merge sliced Parameters first (true); mindsim saves each rank's local data (see the guide). */
  readonly integratedSave?: boolean;
  /** Save on a thread in r1.5; mindsim writes at once either way (false). */
  readonly asyncSave?: boolean;
  /** Extra values to store: int (Int64), float (Float32) or bool (Bool). */
  readonly appendDict?: Record<string, number | boolean>;
}

/** loadCheckpoint's options (r1.5's keyword arguments). */
export interface LoadCheckpointOptions {
  /** Load the Parameters into this network too ({@link loadParamIntoNet}). */
  readonly net?: Cell;
  /** Refuse dtype conversions and suffix matches (false). */
  readonly strictLoad?: boolean;
  /** Parameters whose names start with these (as a whole name part) are skipped. */
  readonly filterPrefix?: string | readonly string[];
}

/** r1.5 writes a Parameter over 512 MiB as slices of at most that size, each its own message. */
const SLICE_BYTES = 512 * 1024 * 1024;
/** r1.5's `tensor_to_ms_type` (and mindsim's own spelling of uint8, which r1.5 writes as `str(dtype)`). */
const TYPES: Readonly<Record<string, DType>> = {
  Int8: DTYPES.int8, Uint8: DTYPES.uint8, UInt8: DTYPES.uint8, Int16: DTYPES.int16, Int32: DTYPES.int32, Int64: DTYPES.int64,
  Float16: DTYPES.float16, Float32: DTYPES.float32, Float64: DTYPES.float64, Bool: DTYPES.bool,
};

function entriesOf(saveObj: Cell | readonly CheckpointEntry[], appendDict: Record<string, number | boolean> | undefined): CheckpointEntry[] {
  if (!(saveObj instanceof Cell) && !Array.isArray(saveObj)) throw new ArgumentTypeError(`The parameter save_obj should be nn.Cell or list, but got ${pythonType(saveObj)}`);
  const entries: CheckpointEntry[] = [];
  if (saveObj instanceof Cell) {
    for (const [, p] of saveObj.parametersAndNames()) if (!entries.some((e) => e.name === p.name)) entries.push({ name: p.name, data: p });
  } else {
    for (const e of saveObj as readonly CheckpointEntry[]) {
      if (e === null || typeof e !== 'object' || typeof e.name !== 'string' || !(e.data instanceof Tensor)) {
        throw new ArgumentTypeError(`save_checkpoint: each element of save_obj must be {name: str, data: Tensor}, but got ${pythonType(e)}`);
      }
      entries.push(e);
    }
  }
  if (appendDict !== undefined) {
    if (appendDict === null || typeof appendDict !== 'object' || Array.isArray(appendDict)) throw new ArgumentTypeError(`The type of append_dict must be dict, but got ${pythonType(appendDict)}.`);
    for (const [k, v] of Object.entries(appendDict)) {
      if (typeof v !== 'number' && typeof v !== 'boolean') throw new ArgumentTypeError(`The type of element in append_dict must be key: str, value: int or float, but got ${k}: ${pythonType(v)}.`);
      entries.push({ name: k, data: typeof v === 'boolean' ? new Tensor(v, 'bool') : Number.isInteger(v) ? new Tensor(BigInt(v), 'int64') : new Tensor(v, 'float32') });
    }
  }
  return entries;
}

/**
 * The bytes of the `.ckpt` file {@link saveCheckpoint} writes: one message per Parameter (slices over
 * 512 MiB), as r1.5's `_exec_save`.
 *
 * @throws {@link ArgumentTypeError} for a save object that is not a Cell or a list of {name, data}, or a bad append dict.
 * @throws {@link DTypeError} for a BFloat16 value (r1.5's checkpoints have no such type).
 * @example
 * ```ts
 * import { Tensor, checkpointFromBytes, checkpointToBytes } from 'mindsim';
 * const bytes = checkpointToBytes([{ name: 'w', data: new Tensor([1, 2], 'float32') }]);
 * console.log(bytes.length, String(checkpointFromBytes(bytes).w)); // 28 Parameter (name=w, shape=(2,), dtype=Float32, requires_grad=True)
 * ```
 */
export function checkpointToBytes(saveObj: Cell | readonly CheckpointEntry[], options: Pick<SaveCheckpointOptions, 'appendDict'> = {}): Uint8Array {
  const { appendDict } = checkOptions(options, 'save_checkpoint') as SaveCheckpointOptions;
  const parts: Uint8Array[] = [];
  for (const { name, data } of entriesOf(saveObj, appendDict)) {
    if (data.dtype === DTYPES.bfloat16) throw new DTypeError(`save_checkpoint: '${name}' is BFloat16, which MindSpore r1.5's checkpoints cannot hold; cast it first`);
    const values = data.asnumpy().data;
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    const dims = data.shape.length === 0 ? [0] : [...data.shape];
    const item = data.dtype.itemsize;
    const slices = Math.max(1, Math.ceil(bytes.length / SLICE_BYTES));
    // numpy.array_split of the flat elements into `slices` parts: the first (n mod slices) one longer
    const n = sizeOf(data.shape);
    for (let k = 0, at = 0; k < slices; k++) {
      const len = Math.floor(n / slices) + (k < n % slices ? 1 : 0);
      parts.push(encodeCheckpointMessage([{ tag: name, dims, tensorType: data.dtype.msName, content: bytes.slice(at * item, (at + len) * item) }]));
      at += len;
    }
  }
  return concat(parts);
}

/**
 * Saves a network's Parameters (or a list of {name, data}) to a MindSpore `.ckpt` file, as r1.5's
 * `save_checkpoint`: an existing file is replaced, and the new one is made read-only for its owner.
 *
 * @throws as {@link checkpointToBytes}; {@link ArgumentTypeError} for a file name that is not a string.
 * @example
 * ```ts
 * import { nn, saveCheckpoint, loadCheckpoint } from 'mindsim';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * const file = `${mkdtempSync(`${tmpdir()}/ckpt-`)}/dense.ckpt`;
 * saveCheckpoint(new nn.Dense(2, 1, { weightInit: 'ones' }), file);
 * console.log(Object.keys(loadCheckpoint(file)), String(loadCheckpoint(file).weight!.asnumpy())); // [ 'weight', 'bias' ] [[1. 1.]]
 * ```
 */
export function saveCheckpoint(saveObj: Cell | readonly CheckpointEntry[], ckptFileName: string, given: SaveCheckpointOptions = {}): void {
  const options = checkOptions(given, 'save_checkpoint') as SaveCheckpointOptions;
  for (const key of ['integratedSave', 'asyncSave'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') throw new ArgumentTypeError(`save_checkpoint: ${key} must be a bool, but got ${pythonType(options[key])}`);
  }
  if (typeof ckptFileName !== 'string') throw new ArgumentTypeError(`save_checkpoint: the ckpt_file_name must be a str, but got ${pythonType(ckptFileName)}`);
  const bytes = checkpointToBytes(saveObj, options);
  const fs = nodeFs('save_checkpoint');
  fs.rmSync(ckptFileName, { force: true });
  fs.writeFileSync(ckptFileName, bytes);
  fs.chmodSync(ckptFileName, 0o400); // r1.5: os.chmod(ckpt_file_name, stat.S_IRUSR)
}

function filterPrefixes(filterPrefix: LoadCheckpointOptions['filterPrefix']): readonly string[] | null {
  if (filterPrefix === undefined || filterPrefix === null) return null;
  if (typeof filterPrefix === 'string') return [filterPrefix];
  if (!Array.isArray(filterPrefix)) throw new ArgumentTypeError(`The type of filter_prefix must be str, list[str] or tuple[str] when filter_prefix is not None, but got ${pythonType(filterPrefix)}.`);
  if (filterPrefix.length === 0) throw new ArgumentValueError("The filter_prefix can't be empty when filter_prefix is list or tuple.");
  filterPrefix.forEach((p, i) => {
    if (typeof p !== 'string') throw new ArgumentTypeError(`The type of filter_prefix must be str, list[str] or tuple[str], but got ${pythonType(p)} at index ${i}.`);
  });
  return filterPrefix;
}

/** r1.5's `_check_param_prefix`: the prefix is the whole name, or ends at a '.' of it. */
const filtered = (prefixes: readonly string[], name: string): boolean =>
  prefixes.some((p) => name.startsWith(p) && (name === p || name[p.length] === '.' || p.endsWith('.')));

function parameterOf(tag: string, tensorType: string, dims: readonly number[], content: Uint8Array): Parameter {
  const dtype = TYPES[tensorType];
  if (!dtype) throw new DTypeError(`load_checkpoint: '${tag}' has the unknown tensor type '${tensorType}'`);
  if (content.length % dtype.itemsize !== 0) throw new ShapeError(`load_checkpoint: '${tag}' holds ${content.length} bytes, not a whole number of ${tensorType} elements`);
  const count = content.length / dtype.itemsize;
  const shape = dims.length === 1 && dims[0] === 0 ? [] : [...dims];
  if (sizeOf(shape) !== count) throw new ShapeError(`load_checkpoint: '${tag}' holds ${count} elements, but its dims ${formatShape(shape)} need ${sizeOf(shape)}`);
  const aligned = new Uint8Array(content); // a copy in its own buffer (a decoded Buffer may be a view of a pool), aligned for the typed array
  const data = new (dtype.storage as unknown as new (b: ArrayBuffer, at: number, n: number) => TypedArray)(aligned.buffer, 0, count);
  return new Parameter(new Tensor(new NDArray(data, shape, dtype.name)), tag);
}

/**
 * The Parameters a `.ckpt` file's bytes hold, by name, as {@link loadCheckpoint} reads them.
 *
 * @throws {@link ArgumentValueError} for bytes that are not a checkpoint, or nothing left after filtering;
 *   {@link DTypeError} / {@link ShapeError} for a value whose type or size does not fit.
 * @example
 * ```ts
 * import { Tensor, checkpointFromBytes, checkpointToBytes } from 'mindsim';
 * const bytes = checkpointToBytes([{ name: 'a.w', data: new Tensor(1.5, 'float32') }, { name: 'b', data: new Tensor([1, 2], 'int32') }]);
 * console.log(Object.keys(checkpointFromBytes(bytes, { filterPrefix: 'a' }))); // [ 'b' ]
 * ```
 */
export function checkpointFromBytes(bytes: Uint8Array, given: Omit<LoadCheckpointOptions, 'net'> = {}, fileName = 'checkpoint'): ParameterDict {
  const options = checkOptions(given, 'load_checkpoint') as LoadCheckpointOptions;
  const prefixes = filterPrefixes(options.filterPrefix);
  let values: CheckpointValue[];
  try {
    values = decodeCheckpoint(bytes);
  } catch (e) {
    throw new ArgumentValueError(`Failed to read the checkpoint file \`${fileName}\`, please check the correct of the file. (${(e as Error).message})`);
  }
  const dict: ParameterDict = Object.create(null) as ParameterDict;
  let pending: Uint8Array[] = [];
  values.forEach((v, i) => {
    if (prefixes && filtered(prefixes, v.tag)) return;
    pending.push(v.content);
    if (i === values.length - 1 || values[i + 1]!.tag !== v.tag) {
      const content = pending.length === 1 ? pending[0]! : concat(pending);
      pending = [];
      dict[v.tag] = parameterOf(v.tag, v.tensorType, v.dims, content);
    }
  });
  if (Object.keys(dict).length === 0) throw new ArgumentValueError('The loaded parameter dict is empty after filtering, please check filter_prefix.');
  return dict;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/**
 * Loads a MindSpore `.ckpt` file, as r1.5's `load_checkpoint`: the Parameters by name (a scalar stored
 * with dims [0] has shape []), loaded into `net` too when given.
 *
 * @throws {@link ArgumentValueError} r1.5's "The ckpt_file_name must be string.", "The checkpoint file does
 *   not exist.", "Please input the correct checkpoint file name." (no `.ckpt` suffix), an unreadable
 *   file, or nothing left after filtering; as {@link loadParamIntoNet} with a net.
 * @example
 * ```ts
 * import { Tensor, loadCheckpoint, saveCheckpoint } from 'mindsim';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * const file = `${mkdtempSync(`${tmpdir()}/ckpt-`)}/steps.ckpt`;
 * saveCheckpoint([{ name: 'w', data: new Tensor([1, 2], 'float32') }], file, { appendDict: { epoch: 3 } });
 * const dict = loadCheckpoint(file);
 * console.log(String(dict.epoch!.asnumpy()), dict.epoch!.dtype.msName); // 3 Int64
 * ```
 */
export function loadCheckpoint(ckptFileName: string, given: LoadCheckpointOptions = {}): ParameterDict {
  const options = checkOptions(given, 'load_checkpoint') as LoadCheckpointOptions;
  if (typeof ckptFileName !== 'string') throw new ArgumentValueError('The ckpt_file_name must be string.');
  const fs = nodeFs('load_checkpoint');
  if (!fs.existsSync(ckptFileName)) throw new ArgumentValueError('The checkpoint file does not exist.');
  if (ckptFileName.slice(-5) !== '.ckpt') throw new ArgumentValueError('Please input the correct checkpoint file name.');
  const dict = checkpointFromBytes(fs.readFileSync(ckptFileName), options, ckptFileName);
  if (options.net !== undefined) loadParamIntoNet(options.net, dict, options.strictLoad ?? false);
  return dict;
}

const pyShape = (s: readonly number[]): string => (s.length === 1 ? `(${s[0]},)` : `(${s.join(', ')})`);
const FLOATS: readonly string[] = Object.freeze(['float16', 'float32', 'float64']);
const INTS: readonly string[] = Object.freeze(['int8', 'int16', 'int32', 'int64']);

/** r1.5's `_update_param`: the checkpoint's value into `param` (reshaped, or converted when allowed). */
function updateParam(param: Parameter, value: Parameter, strictLoad: boolean): void {
  let data: Tensor = value;
  if (!sameShape(param.shape, value.shape)) {
    // r1.5's _special_process_par: (12, 2048, 1, 1) loads into (12, 2048)
    const extra = value.shape.slice(param.shape.length);
    if (value.shape.length <= param.shape.length || extra.some((d) => d !== 1) || value.shape.slice(0, param.shape.length).some((d, i) => d !== param.shape[i])) {
      throw new ShapeError(`Net parameters ${param.name} shape(${pyShape(param.shape)}) different from parameter_dict's(${pyShape(value.shape)})`);
    }
    data = new Tensor(value.asnumpy().reshape(...param.shape));
  }
  if (param.dtype !== value.dtype) {
    const pair = [param.dtype.name, value.dtype.name];
    if (strictLoad || !(pair.every((n) => FLOATS.includes(n)) || pair.every((n) => INTS.includes(n)))) {
      throw new DTypeError(`Net parameters ${param.name} type(${param.dtype.msName}) different from parameter_dict's(${value.dtype.msName})`);
    }
    currentContext().printSink(`[WARNING] ckpt_dict parameter: ${value.name}'s type is ${value.dtype.msName}, convert to ${param.dtype.msName} in the network.\n`);
    data = new Tensor(data.asnumpy(), param.dtype);
  }
  param.setData(data === value ? new Tensor(value.asnumpy()) : data, param.sliced);
}

/**
 * Loads Parameters into a network by name, as r1.5's `load_param_into_net`; returns the names of the
 * network's Parameters that were not loaded (each reported as r1.5's warning). Without `strictLoad`, a
 * name the dictionary holds under an extra prefix (`net.conv1.weight` for `conv1.weight`) loads too,
 * and float or int values convert to the Parameter's dtype.
 *
 * @throws {@link ArgumentTypeError} "Argument net should be a Cell, but got ..." / "Argument parameter_dict
 *   should be a dict, but got ..." / "Argument parameter_dict element should be a Parameter, but got ...".
 * @throws {@link ShapeError} "Net parameters conv1.weight shape((6, 1, 5, 5)) different from parameter_dict's((6, 1, 3, 3))".
 * @throws {@link DTypeError} for a dtype it may not convert.
 * @example
 * ```ts
 * import { Parameter, Tensor, loadParamIntoNet, nn } from 'mindsim';
 * const net = new nn.Dense(2, 1);
 * const missing = loadParamIntoNet(net, {
 *   weight: new Parameter(new Tensor([[3, 4]], 'float32'), 'weight'),
 *   bias: new Parameter(new Tensor([1], 'float32'), 'bias'),
 * });
 * console.log(missing, String(net.weight.asnumpy())); // [] [[3. 4.]]
 * ```
 */
export function loadParamIntoNet(net: Cell, parameterDict: ParameterDict, strictLoad = false): string[] {
  if (!(net instanceof Cell)) throw new ArgumentTypeError(`Argument net should be a Cell, but got ${pythonType(net)}.`);
  if (parameterDict === null || typeof parameterDict !== 'object' || Array.isArray(parameterDict) || parameterDict instanceof Tensor) {
    throw new ArgumentTypeError(`Argument parameter_dict should be a dict, but got ${pythonType(parameterDict)}.`);
  }
  if (typeof strictLoad !== 'boolean') throw new ArgumentTypeError(`load_param_into_net: strict_load must be a bool, but got ${pythonType(strictLoad)}`);
  const params = net.parametersAndNames().map(([, p]) => p);
  for (const p of params) {
    const v = Object.hasOwn(parameterDict, p.name) ? parameterDict[p.name] : undefined;
    if (v !== undefined && !(v instanceof Parameter)) throw new ArgumentTypeError(`Argument parameter_dict element should be a Parameter, but got ${pythonType(v)}.`);
  }
  const notLoaded: string[] = [];
  for (const p of params) {
    if (Object.hasOwn(parameterDict, p.name)) updateParam(p, parameterDict[p.name]!, strictLoad);
    else notLoaded.push(p.name);
  }
  if (notLoaded.length > 0 && !strictLoad) loadUnderPrefix(params, parameterDict, notLoaded, strictLoad);
  const sink = currentContext().printSink;
  if (notLoaded.length > 0) {
    sink(`[WARNING] ${notLoaded.length} parameters in the net are not loaded.\n`);
    for (const name of notLoaded) sink(`[WARNING] ${name} is not loaded.\n`);
  }
  return notLoaded;
}

/** r1.5's `_load_dismatch_prefix_params`: finds a prefix the dictionary adds to the names and loads under it. */
function loadUnderPrefix(params: readonly Parameter[], dict: ParameterDict, notLoaded: string[], strictLoad: boolean): void {
  let prefix = '';
  const longest = notLoaded[0]!;
  while (prefix !== longest && notLoaded.length > 0) {
    prefix = longest;
    for (const name of notLoaded) {
      const found = Object.keys(dict).find((k) => k.endsWith(name));
      if (found !== undefined) prefix = found.slice(0, found.length - name.length);
      if (prefix !== longest) break;
    }
    if (prefix !== longest) {
      currentContext().printSink(`[WARNING] Remove parameter prefix name: ${prefix}, continue to load.\n`);
      for (const p of params) {
        const at = notLoaded.indexOf(p.name);
        if (at >= 0 && Object.hasOwn(dict, prefix + p.name)) {
          updateParam(p, dict[prefix + p.name]!, strictLoad);
          notLoaded.splice(at, 1);
        }
      }
    }
  }
}
