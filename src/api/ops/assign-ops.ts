/**
 * Assign, AssignAdd and AssignSub in `ops`: in-place writes to a Parameter (memory side effects), with
 * r1.5's shape and dtype checks.
 * @module
 */
import { DTypeError, ShapeError } from '../../errors/index.js';
import { type KernelDef } from '../../kernels/index.js';
import { record } from '../graph/executor.js';
import { Tensor } from '../tensor.js';
import { tensors, type Input } from './inputs.js';
import { primitive, type Primitive } from './primitive.js';
import { kernel, op } from './make.js';

/* eslint-disable @typescript-eslint/naming-convention */
/**
 * Assign()(variable, value): writes value into the Parameter, in place (memory side effect).
 *
 * @throws {@link ShapeError} when the value's shape is not the variable's (r1.5's message).
 * @throws {@link DTypeError} (r1.5's RuntimeError) for a value of a higher dtype than the variable; a
 *   lower one is cast to the variable's.
 * @example
 * ```ts
 * import { Parameter, Tensor, ops } from 'mindsim';
 * const p = new Parameter(new Tensor([1, 2], 'float32'), 'p');
 * ops.Assign()(p, new Tensor([5, 6], 'float32'));
 * console.log(String(p.asnumpy())); // [5. 6.]
 * ```
 */
export const Assign = assigning('Assign', null);
/**
 * AssignAdd()(variable, value): variable += value, in place.
 *
 * @throws {@link ShapeError} when the value does not broadcast to the variable's shape.
 * @throws {@link DTypeError} (r1.5's RuntimeError) for a value of a higher dtype than the variable.
 * @example
 * ```ts
 * import { Parameter, Tensor, ops } from 'mindsim';
 * const p = new Parameter(new Tensor([1, 2], 'float32'), 'p');
 * ops.AssignAdd()(p, 10);
 * console.log(String(p.asnumpy())); // [11. 12.]
 * ```
 */
export const AssignAdd = assigning('AssignAdd', kernel('Add'));
/**
 * AssignSub()(variable, value): variable -= value, in place.
 *
 * @throws {@link ShapeError} when the value does not broadcast to the variable's shape.
 * @throws {@link DTypeError} (r1.5's RuntimeError) for a value of a higher dtype than the variable.
 * @example
 * ```ts
 * import { Parameter, Tensor, ops } from 'mindsim';
 * const p = new Parameter(new Tensor([1, 2], 'float32'), 'p');
 * ops.AssignSub()(p, 1);
 * console.log(String(p.asnumpy())); // [0. 1.]
 * ```
 */
export const AssignSub = assigning('AssignSub', kernel('Sub'));

/**
 * Assign, AssignAdd, AssignSub: the value checked against the variable before recording, as r1.5's
 * signature and infer do. A lower dtype is cast to the variable's (the writable argument decides); a
 * higher one is r1.5's RuntimeError. Assign needs the variable's shape (or [1] against [] and the
 * reverse); AssignAdd and AssignSub a value that broadcasts to it.
 */
function assigning(name: 'Assign' | 'AssignAdd' | 'AssignSub', kernelDef: KernelDef<never> | null): () => Primitive<[Tensor, Input], Tensor> {
  return () =>
    primitive(name, (variable: Tensor, value: Input) => {
      const [v, given] = tensors(name, [variable, value]) as [Tensor, Tensor];
      checkAssignShape(name, v.shape, given.shape);
      // r1.5's AssignAdd/AssignSub take number types only: refused before a Cast is recorded (their Add/Sub kernel would name itself)
      if (kernelDef !== null && v.dtype.kind === 'bool') throw new DTypeError(`${name}: Bool inputs are not supported`);
      if (given.dtype.rank > v.dtype.rank) {
        throw new DTypeError(
          `In op '${name}', \nthe type of writable argument is '${v.dtype.msName}', but the largest type in the same SignatureEumDtype is '${given.dtype.msName}'. ` +
            'The writable arg type is not equal to the largest type, so can not cast automatically.',
          'RuntimeError',
        );
      }
      const val = given.dtype === v.dtype ? given : record('Cast', [given], { kernel: kernel('Cast'), attrs: { dtype: v.dtype } })[0]!;
      return op(name, { kernel: kernelDef, action: 'assign', inPlace: true, sideEffectMem: true })([v, val])[0]!;
    }, { mem: true, args: 'variable:tensor value:input' });
}

/** @throws {@link ShapeError} r1.5's "For Assign, the shape of value is (2). It should be same with variable's shape (3)." */
function checkAssignShape(name: string, variable: readonly number[], value: readonly number[]): void {
  const text = (s: readonly number[]) => `(${s.join(', ')})`;
  if (name === 'Assign') {
    const scalarPair = (a: readonly number[], b: readonly number[]) => a.length === 1 && a[0] === 1 && b.length === 0;
    if (scalarPair(variable, value) || scalarPair(value, variable)) return;
    if (variable.length !== value.length) {
      throw new ShapeError(`For ${name}, the rank of value is ${value.length}. It should be same with variable's rank ${variable.length}.`);
    }
    if (variable.some((d, i) => d !== value[i])) throw new ShapeError(`For ${name}, the shape of value is ${text(value)}. It should be same with variable's shape ${text(variable)}.`);
    return;
  }
  const fits = value.length <= variable.length && value.every((d, i) => d === 1 || d === variable[variable.length - value.length + i]);
  if (!fits) throw new ShapeError(`For ${name}, the shape of value is ${text(value)}. It should be broadcastable to variable's shape ${text(variable)}.`);
}
