/**
 * How the primitives of `ops` are made: the kernel of a name, MindSpore's implicit dtype promotion,
 * recording an op, shardable primitives (semi-automatic parallel plans them) and elementwise ones.
 * @module
 */
import { ELEMENTWISE, ELEMENTWISE_ARITY, kernelRegistry, type KernelDef } from '../../kernels/index.js';
import { record, type RecordOptions } from '../graph/executor.js';
import { currentContext } from '../execution-context.js';
import { Tensor } from '../tensor.js';
import { tensors, type Input } from './inputs.js';
import { primitive, type Primitive } from './primitive.js';
import { signature, type Signature } from './signature.js';
import { plannedCall, planning, type ShardKind } from '../parallel/planner.js';

/** @internal the kernel of a primitive's name (registered for every device kind, or elementwise) */
export const kernel = (name: string): KernelDef<never> => kernelRegistry.find('*', name) ?? (ELEMENTWISE[name] as KernelDef<never>);

/**
 * @internal MindSpore's implicit conversion: the inputs cast to the highest-ranked dtype among them. `consumer` (the kernel that takes them, with its
 * attributes) checks the cast inputs first, so an op that refuses them records no Cast.
 */
export function promoted(inputs: Tensor[], consumer?: { kernel: KernelDef<never>; attrs?: object }): Tensor[] {
  if (inputs.length === 2 && inputs[0]!.dtype === inputs[1]!.dtype) return inputs;
  const top = inputs.reduce((best, t) => (t.dtype.rank > best.dtype.rank ? t : best), inputs[0]!).dtype;
  if (inputs.every((t) => t.dtype === top)) return inputs;
  consumer?.kernel.infer(inputs.map((t) => ({ shape: t.shape, dtype: top })) as never, (consumer.attrs ?? {}) as never);
  return inputs.map((t) => (t.dtype === top ? t : (record('Cast', [t], { kernel: kernel('Cast'), attrs: { dtype: top } })[0]!)));
}

/** @internal a recorder of the op `name` (its registered kernel unless `options.kernel` says otherwise) */
export function op(name: string, options: Omit<RecordOptions, 'kernel'> & { kernel?: KernelDef<never> | null } = {}) {
  return (inputs: Tensor[]): Tensor[] => record(name, inputs, { kernel: options.kernel === undefined ? kernel(name) : options.kernel, ...options });
}

/**
 * A primitive semi-automatic parallel plans (see parallel/planner.ts): under SEMI_AUTO_PARALLEL and
 * AUTO_PARALLEL a call is sharded by its strategy; otherwise it runs as `call`.
 */
export function shardable<Args extends unknown[], R = Tensor>(
  name: string,
  kind: ShardKind,
  args: string | Signature,
  call: (...args: Args) => R,
  attrs: Record<string, unknown> = {},
  listCall?: (args: Args) => R,
): Primitive<Args, R> {
  const whole = listCall ?? ((a: Args) => call(...a));
  const self: Primitive<Args, R> = primitive(name, call, {
    args,
    listCall: (a: Args) => (planning(currentContext()) ? (plannedCall(self as never, kind, a, call as never, attrs) as R) : whole(a)),
  });
  return self;
}

/** An elementwise primitive (with scalar inputs and implicit dtype promotion). */
export function elementwise(name: string): () => Primitive<Input[], Tensor> {
  const promotes = ELEMENTWISE[name] !== undefined && !['Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual'].includes(name);
  const kernelDef = kernel(name);
  const args = signature(ELEMENTWISE_ARITY[name] === 1 ? 'x:input' : 'x:input y:input'); // parsed once per op, not per primitive
  // the record options, made once per op; the inputs list is the call's own (see `run`)
  const options = { kernel: kernelDef as KernelDef<never>, ownInputs: true };
  // `args` is the primitive call's own argument list (or a list `tensors` or `promoted` made)
  const run = (args: Input[]): Tensor => {
    const ins = tensors(name, args);
    return record(name, promotes && ins.length > 1 ? promoted(ins, options) : ins, options)[0]!;
  };
  return () => shardable(name, 'elementwise', args, (...a: Input[]) => run(a), {}, run);
}
