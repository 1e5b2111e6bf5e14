/**
 * Print and Depend in `ops`: IO in program order, and ordering without data.
 * @module
 */
import { currentContext } from '../execution-context.js';
import { str } from '../print.js';
import { printKernelText } from '../print-text.js';
import { Parameter } from '../parameter.js';
import { Tensor } from '../tensor.js';
import { tapeRecord, taping } from '../graph/tape.js';
import { primitive } from './primitive.js';
import { checkArgs, signature } from './signature.js';
import { op } from './make.js';

/* eslint-disable @typescript-eslint/naming-convention */
/**
 * Print()(...values): prints its arguments, each on its own line, as MindSpore r1.5 does. Called in a
 * cell's `construct` in GRAPH_MODE it is the graph's Print kernel: it prints when it runs on the device,
 * in program order with the other IO, the text of that target's kernel (tensors as r1.5's C++
 * `Tensor(shape=[2], dtype=Float32, value= [...])`; a 0-d tensor as `Tensor(shape=[], dtype=Int32,
 * value=3)` on Ascend, the bare number on CPU), and the top-level call returns only once it has printed.
 * Called in PYNATIVE_MODE, or outside any cell, it is r1.5's Python `Print.__call__`: `print(arg)` for
 * each argument (numpy's text for a tensor, a Parameter's own text), written before the call returns.
 * Returns the first tensor argument.
 *
 * @example
 * ```ts
 * import { ExecutionContext, Tensor, nn, ops } from 'mindsim';
 * class Show extends nn.Cell {
 *   print = ops.Print();
 *   override construct(x: Tensor) { this.print('input_x:', x); return x; }
 * }
 * new ExecutionContext({ deviceTarget: 'Ascend' }).run(() => new Show().call(new Tensor(3, 'int32')));
 * // input_x:
 * // Tensor(shape=[], dtype=Int32, value=3)
 * //
 * ```
 */
export const Print = () =>
  primitive('Print', (...values: unknown[]) => {
    const context = currentContext(); // it prints to its own context's sink, whichever is current when it runs
    const kernelText = context.getContext('mode') === 'GRAPH_MODE' && context.cellDepth > 0;
    const target = context.getContext('deviceTarget') as 'CPU' | 'GPU' | 'Ascend';
    const ts = values.filter((v): v is Tensor => v instanceof Tensor);
    // the Python side prints a Parameter's own text (its name, shape, dtype), not its values
    const texts = values.map((v) => (v instanceof Tensor ? (kernelText || !(v instanceof Parameter) ? null : String(v)) : str(v)));
    op('Print', {
      kernel: null,
      action: 'print',
      sideEffectIo: true,
      outputs: [],
      print: (arrays) => {
        let k = 0;
        const items = texts.map((t) => t ?? arrays[k++]!);
        context.printSink(kernelText ? printKernelText(items, target) : items.map((item) => `${String(item)}\n`).join(''));
      },
    })(ts);
    if (kernelText) context.printsPending = true;
    else context.executor?.drain(); // r1.5's Python print: written before the call returns
    return ts[0] as Tensor;
  }, { io: true, args: '...input_x:any' });

/**
 * depend(value, expr): `value`, with its consumers ordered after `expr`'s op (MindSpore's Depend).
 *
 * @example
 * ```ts
 * import { ops, Tensor } from 'mindsim';
 * const a = new Tensor([1, 2], 'float32');
 * const b = ops.depend(a, ops.Add()(a, a));
 * console.log(String(b)); // [1. 2.]
 * ```
 */
export function depend(value: Tensor, expr: Tensor): Tensor {
  checkArgs('depend', DEPEND_ARGS, [value, expr]);
  const producer = expr.data_.producer;
  const out = value.alias(producer ? [producer, ...expr.after] : [...expr.after]);
  if (taping()) tapeRecord({ name: 'Depend', inputs: [value, expr], outputs: [out], attrs: {} });
  return out;
}
/**
 * Depend()(value, expr): the primitive form of {@link depend}.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const a = new Tensor([1, 2], 'float32');
 * console.log(String(ops.Depend()(a, ops.Neg()(a)))); // [1. 2.]
 * ```
 */
export const Depend = () => primitive('Depend', (value: Tensor, expr: Tensor) => depend(value, expr), { args: 'value:tensor expr:tensor' });

const DEPEND_ARGS = signature('value:tensor expr:tensor');
