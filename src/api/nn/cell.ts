/**
 * Cell: parameters registered by property assignment, as MindSpore's `__setattr__`.
 * @module
 */
import { ArgumentTypeError, KeyNameError, MindsimError, NotImplementedYetError } from '../../errors/index.js';
import { Parameter, ParameterTuple } from '../parameter.js';
import { resolveDType, type DType, type DTypeLike } from '../../kernels/index.js';
import * as ops from '../ops/index.js';
import type { Tensor } from '../tensor.js';
import { currentContext } from '../execution-context.js';
import { broadcastAtCompile } from '../parallel/broadcast.js';
import { datasetInputs } from '../parallel/planner.js';
import { releasedOnThrow, scoped, scopedMade } from '../memory.js';
import { supersedeOutputs } from './cell-outputs.js';

const DEFAULT_NAME = 'Parameter';

/** r1.5's spelling of a mindsim attribute name: `movingMean` → `moving_mean`. */
const pythonAttributeName = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Checks an attribute name under which a Parameter or Cell is stored. */
function checkKey(key: string): void {
  if (key === '' || key.includes('.')) throw new KeyNameError(`attribute name '${key}' can not be empty or contain '.'`);
}

/**
 * A network building block. Storing a Parameter on a Cell names it after the attribute (when it still
 * has the default name); storing a Cell prefixes its parameters with `attr.`.
 *
 * @example
 * ```ts
 * import { nn, Parameter, print } from 'mindsim';
 * class Net extends nn.Cell {
 *   bias = new Parameter(0.5);
 *   conv1 = new nn.Conv2d(3, 8, 3);
 * }
 * const net = new Net();
 * print(net.parametersAndNames().map(([name]) => name)); // ['bias', 'conv1.weight']
 * ```
 */
export class Cell {
  /**
   * @param autoPrefix - whether Cells stored on it prefix their Parameters' names with the attribute
   *   (MindSpore's `auto_prefix`; the training wrappers turn it off, so names stay the network's).
   */
  constructor(autoPrefix = true) {
    const register = (_target: Cell, key: string | symbol, value: unknown): void => {
      if (typeof key !== 'string') return;
      if (!autoPrefix && value instanceof Cell) return;
      if (value instanceof Parameter) {
        checkKey(key);
        if (value.name === DEFAULT_NAME) value.name = key;
      } else if (value instanceof Cell) {
        checkKey(key);
        // as r1.5's update_parameters_name: the child's own Parameters take their attribute's name (r1.5's
        // snake_case spelling of it: `movingMean` is `moving_mean`), deeper ones keep their prefixed names
        const own = new Map<Parameter, string>();
        for (const [k, v] of Object.entries(value)) if (v instanceof Parameter && !own.has(v)) own.set(v, pythonAttributeName(k));
        for (const [, p] of value.parametersAndNames()) p.name = `${key}.${own.get(p) ?? p.name}`;
      }
    };
    return new Proxy(this, {
      set(target, key, value) {
        register(target, key, value);
        return Reflect.set(target, key, value); // on the target: the defineProperty trap must not register again
      },
      defineProperty(target, key, descriptor) {
        register(target, key, descriptor.value);
        return Reflect.defineProperty(target, key, descriptor);
      },
    });
  }

  /** The computation; subclasses define it. @throws {@link NotImplementedYetError} when they do not. */
  construct(...inputs: Tensor[]): Tensor {
    void inputs;
    throw new NotImplementedYetError(`${this.constructor.name}.construct is not defined`);
  }

  /**
   * Runs the cell (MindSpore's `net(x)`); after {@link Cell.toFloat}, float inputs are cast to the
   * cell's compute dtype first. A top-level call compiles the cell, as r1.5's first call does: parameter
   * broadcast then, and under semi/auto parallel its inputs are its dataset's shards. What the call
   * makes but does not return is released once used; what a top-level call returns leaves the device
   * once two later top-level calls of this cell have returned (its value stays readable; see
   * `ExecutionContextOptions.keepCellOutputs`).
   *
   * @throws {@link MindsimError} (RuntimeError) "full_batch could only be used under semi_auto_parallel
   *   or auto_parallel." for a top-level call with `fullBatch` on in another mode.
   */
  call(...inputs: Tensor[]): Tensor {
    const ctx = currentContext();
    // a top-level call compiles the cell (GRAPH_MODE: once per input signature): parameter broadcast then
    if (ctx.cellDepth === 0) {
      // r1.5's compile-time check (parallel/_utils.py _check_full_batch)
      if (ctx.autoParallel.get('fullBatch') && !ctx.autoParallel.semiOrAuto) throw new MindsimError('full_batch could only be used under semi_auto_parallel or auto_parallel.', 'RuntimeError');
      broadcastAtCompile(ctx, this, inputs);
      datasetInputs(ctx, inputs); // under semi/auto parallel: each rank's inputs are its dataset shard
    }
    const dtype = this.computeDtype;
    if (dtype) inputs = inputs.map((x) => (x.dtype.kind === 'float' && x.dtype !== dtype ? ops.Cast()(x, dtype) : x));
    const topLevel = ctx.cellDepth === 0;
    ctx.cellDepth++;
    let result: Tensor;
    let made: Tensor[] | null = null;
    try {
      // the call's intermediates are released once used (while autodiff records, its scope keeps them)
      const run = () => this.construct(...inputs);
      const why = `the end of a ${this.constructor.name} call`;
      if (ctx.tapes.active) result = releasedOnThrow(`a call of ${this.constructor.name} failed`, run);
      else if (topLevel) ({ value: result, made } = scopedMade(why, run)); // its outputs may be superseded later
      else result = scoped(why, 'device', run);
    } finally {
      ctx.cellDepth--;
    }
    if (made !== null) supersedeOutputs(ctx, this, made); // see cell-outputs.ts
    if (ctx.cellDepth === 0 && ctx.printsPending) {
      // r1.5's graph has run its Print kernels when the call returns
      ctx.printsPending = false;
      ctx.executor?.drain();
    }
    return result;
  }

  /** The dtype set by {@link Cell.toFloat} (layers compute in it; null: their Parameters' dtype). */
  computeDtype: DType | null = null;

  /**
   * Makes this cell and every cell inside it compute in `dtype` (MindSpore's `to_float`): inputs and
   * Parameters are cast when used, so float32 Parameters stay the master copy and their gradients
   * come back through the casts.
   *
   * @example
   * ```ts
   * import { Tensor, nn } from 'mindsim';
   * const fc = new nn.Dense(2, 1, { weightInit: 'ones' }).toFloat('float16');
   * console.log(String(fc.call(new Tensor([[1, 2]], 'float32')).dtype), String(fc.weight.dtype)); // Float16 Float32
   * ```
   */
  toFloat(dtype: DTypeLike): this {
    const resolved = resolveDType(dtype, 'Cell.to_float');
    this.computeDtype = resolved;
    for (const child of this.cells()) child.toFloat(resolved);
    return this;
  }

  /** A Parameter as the cell computes with it: cast to the compute dtype when one is set. */
  protected weightOf(p: Parameter): Tensor {
    const dtype = this.computeDtype;
    return dtype && p.dtype !== dtype ? ops.Cast()(p, dtype) : p;
  }

  /** The cells directly inside this one, in attribute order. */
  cells(): Cell[] {
    return Object.values(this).filter((v): v is Cell => v instanceof Cell);
  }

  /** Every Parameter reachable from this cell, with its name: its own (ParameterTuple attributes' too) first, then each child cell's (depth first), as r1.5. */
  parametersAndNames(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    // r1.5's order: the cell's own Parameters, then each child cell's, depth first (cells_and_names)
    const values = Object.values(this);
    // a ParameterTuple attribute (an optimizer's moments) counts as its Parameters, as r1.5's _set_attr_for_parameter_tuple inserts them
    const own: [string, Parameter][] = values.flatMap((v): Parameter[] => (v instanceof Parameter ? [v] : v instanceof ParameterTuple ? [...v] : [])).map((p) => [p.name, p]);
    const nested = values.filter((v): v is Cell => v instanceof Cell).flatMap((c) => c.parametersAndNames());
    for (const found of [own, nested]) {
      for (const entry of found) {
        if (seen.has(entry[1])) continue; // a Parameter shared by two cells counts once
        seen.add(entry[1]);
        out.push(entry);
      }
    }
    return out;
  }

  /** The Parameters with requiresGrad. */
  trainableParams(): Parameter[] {
    return this.parametersAndNames().map(([, p]) => p).filter((p) => p.requiresGrad);
  }

  /** Whether the cell is in training mode (MindSpore's `training`; see {@link Cell.setTrain}). */
  training = false;

  /**
   * Sets training mode on this cell and every cell inside it (MindSpore's `set_train`); returns this.
   *
   * @example
   * ```ts
   * import { nn } from 'mindsim';
   * const net = new nn.SequentialCell([new nn.Dense(2, 2)]);
   * console.log(net.setTrain().training, net.cells()[0]!.training); // true true
   * ```
   */
  setTrain(mode = true): this {
    for (const [, c] of this.cellsAndNames()) c.training = mode;
    return this;
  }

  /**
   * This cell and every cell inside it with their names (`''` for this one, `conv1`, `block.conv`),
   * as MindSpore's `cells_and_names`; each cell once.
   *
   * @example
   * ```ts
   * import { nn } from 'mindsim';
   * const net = new nn.SequentialCell([new nn.Dense(2, 2), new nn.ReLU()]);
   * console.log(net.cellsAndNames().map(([name]) => name)); // [ '', '0', '1' ]
   * ```
   */
  cellsAndNames(namePrefix = ''): [string, Cell][] {
    const out: [string, Cell][] = [[namePrefix, this]];
    const seen = new Set<Cell>([this]);
    const visit = (cell: Cell, prefix: string): void => {
      for (const [key, value] of Object.entries(cell)) {
        if (!(value instanceof Cell) || seen.has(value)) continue;
        seen.add(value);
        const name = prefix ? `${prefix}.${key}` : key;
        out.push([name, value]);
        visit(value, name);
      }
    };
    visit(this, namePrefix);
    return out;
  }

  /** The Parameters (of the cells inside too unless `expand` is false), as MindSpore's `get_parameters`. */
  getParameters(expand = true): Parameter[] {
    return expand ? this.parametersAndNames().map(([, p]) => p) : Object.values(this).filter((v): v is Parameter => v instanceof Parameter);
  }

  /** The Parameters by name (only this cell's own unless `recurse`), as MindSpore's `parameters_dict`. */
  parametersDict(recurse = true): Map<string, Parameter> {
    return new Map(this.getParameters(recurse).map((p) => [p.name, p]));
  }

  /** The Parameters without requiresGrad, as MindSpore's `untrainable_params`. */
  untrainableParams(recurse = true): Parameter[] {
    return this.getParameters(recurse).filter((p) => !p.requiresGrad);
  }

  /**
   * Adds a Parameter as an attribute (MindSpore's `insert_param_to_cell`); a Parameter still named by
   * default takes `paramName`.
   *
   * @throws {@link KeyNameError} for an empty name, a name with '.' (when `checkName`), or a name the
   *   cell already has (r1.5's KeyErrors); {@link ArgumentTypeError} for a value that is not a Parameter.
   * @example
   * ```ts
   * import { Parameter, nn } from 'mindsim';
   * const net = new nn.ReLU();
   * net.insertParamToCell('scale', new Parameter(2));
   * console.log([...net.parametersDict().keys()]); // [ 'scale' ]
   * ```
   */
  insertParamToCell(paramName: string, param: Parameter | null, checkName = true): void {
    if (!paramName) throw new KeyNameError('The name of parameter should not be null.');
    if (checkName && paramName.includes('.')) throw new KeyNameError('The name of parameter should not contain "."');
    if (paramName in this && !((this as unknown as Record<string, unknown>)[paramName] instanceof Parameter)) throw new KeyNameError(`Duplicated parameter name '${paramName}'.`);
    if (param !== null && !(param instanceof Parameter)) throw new ArgumentTypeError("The type of parameter should be 'Parameter' if not None.");
    (this as unknown as Record<string, unknown>)[paramName] = param;
  }

  /**
   * The Parameters parameter broadcast sends, by name (MindSpore's `parameters_broadcast_dict`): every
   * one that is not `layerwiseParallel`; null when there is none.
   *
   * @example
   * ```ts
   * import { Parameter, nn } from 'mindsim';
   * class Net extends nn.Cell {
   *   shared = new Parameter(1, 'shared');
   *   local = new Parameter(2, { name: 'local', layerwiseParallel: true });
   * }
   * console.log([...new Net().parametersBroadcastDict()!.keys()]); // [ 'shared' ]
   * ```
   */
  parametersBroadcastDict(): Map<string, Parameter> | null {
    const out = new Map<string, Parameter>();
    for (const [name, p] of this.parametersAndNames()) if (!p.layerwiseParallel) out.set(name, p);
    return out.size > 0 ? out : null;
  }

  /**
   * Puts every trainable Parameter on the parameter server (MindSpore's `Cell.set_param_ps`).
   *
   * @throws what {@link Parameter.setParamPs} throws.
   */
  setParamPs(initInServer = false): void {
    for (const p of this.trainableParams()) p.setParamPs(initInServer);
  }
}
