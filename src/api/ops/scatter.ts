/**
 * ScatterAdd, ScatterSub and ScatterUpdate as MindSpore r1.5's `P.ScatterAdd(use_locking=False)` etc.:
 * `(input_x, indices, updates)` updates input_x's rows in place (a memory side effect ordered with
 * the other reads and writes of it) and returns it.
 * @module
 */
import { kernelRegistry, type KernelDef } from '../../kernels/index.js';
import { record } from '../graph/executor.js';
import type { Tensor } from '../tensor.js';
import { checkBool, checkOptions } from './attr-checks.js';
import { primitive } from './primitive.js';

const kernel = (name: string): KernelDef<never> => kernelRegistry.find('*', name)!;

function scatter(name: 'ScatterAdd' | 'ScatterSub' | 'ScatterUpdate', useLockingDefault: boolean) {
  return (given?: { useLocking?: boolean }) => {
    const o = checkOptions(given, name);
    checkBool(o.useLocking ?? useLockingDefault, 'use_locking', name);
    return primitive(name, (inputX: Tensor, indices: Tensor, updates: Tensor): Tensor =>
      record(name, [inputX, indices, updates], { kernel: kernel(name), action: 'assign', inPlace: true, sideEffectMem: true })[0]!, {
      mem: true,
      args: 'input_x:tensor indices:tensor updates:tensor',
    });
  };
}

/**
 * ScatterAdd({ useLocking })(inputX, indices, updates): adds `updates` to the rows of `inputX` (a
 * Parameter) named by the int32 `indices`, in place; repeated indices accumulate in index order.
 * updates' shape is indices.shape + inputX.shape[1:]. Returns inputX.
 *
 * @throws {@link ArgumentTypeError} for a use_locking that is not a bool; {@link DTypeError} for indices
 *   that are not int32 or updates of another dtype; {@link ShapeError} for updates of another shape;
 *   an index outside inputX's first axis fails the op: an {@link ArgumentValueError} at the next
 *   synchronisation, inputX unchanged.
 * @example
 * ```ts
 * import { Parameter, Tensor, np, ops } from 'mindsim';
 * const x = new Parameter(new Tensor(np.zeros([2, 3]), 'float32'), 'x');
 * ops.ScatterAdd()(x, new Tensor([[0, 1], [1, 1]], 'int32'), new Tensor(np.ones([2, 2, 3]), 'float32'));
 * console.log(String(x.asnumpy())); // [[1. 1. 1.]\n [3. 3. 3.]]
 * ```
 */
export const ScatterAdd = scatter('ScatterAdd', false);

/**
 * ScatterSub({ useLocking })(inputX, indices, updates): subtracts `updates` from the indexed rows of
 * `inputX`, in place, as {@link ScatterAdd} adds. Returns inputX.
 *
 * @throws as {@link ScatterAdd}.
 * @example
 * ```ts
 * import { Parameter, Tensor, np, ops } from 'mindsim';
 * const x = new Parameter(new Tensor(np.zeros([2, 3]), 'float32'), 'x');
 * ops.ScatterSub()(x, new Tensor([[0, 1]], 'int32'), new Tensor(np.array([[[1, 1, 1], [2, 2, 2]]]), 'float32'));
 * console.log(String(x.asnumpy())); // [[-1. -1. -1.]\n [-2. -2. -2.]]
 * ```
 */
export const ScatterSub = scatter('ScatterSub', false);

/**
 * ScatterUpdate({ useLocking })(inputX, indices, updates): replaces the indexed rows of `inputX` by
 * `updates`, in place (for a repeated index the last update wins). r1.5's use_locking defaults to true
 * here. Returns inputX.
 *
 * @throws as {@link ScatterAdd}.
 * @example
 * ```ts
 * import { Parameter, Tensor, np, ops } from 'mindsim';
 * const x = new Parameter(new Tensor(np.array([[-0.1, 0.3, 3.6], [0.4, 0.5, -3.2]]), 'float32'), 'x');
 * ops.ScatterUpdate()(x, new Tensor([0, 1], 'int32'), new Tensor(np.array([[2.0, 1.2, 1.0], [3.0, 1.2, 1.0]]), 'float32'));
 * console.log(String(x.asnumpy())); // [[2.  1.2 1. ]\n [3.  1.2 1. ]]
 * ```
 */
export const ScatterUpdate = scatter('ScatterUpdate', true);
