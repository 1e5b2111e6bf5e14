/**
 * A callable primitive: a function carrying MindSpore's name, side-effect flags and (under
 * semi-automatic parallel) its shard strategy.
 * @module
 */
import { ArgumentTypeError } from '../../errors/index.js';
import { currentContext } from '../execution-context.js';
import { pythonType } from '../python-type.js';
import { checkArgs, signature, type Signature } from './signature.js';
import type { Tensor } from '../tensor.js';

/** A shard strategy: one tuple per input, one split count per input dimension. */
export type Strategy = readonly (readonly number[])[];

/** A callable primitive with MindSpore's flags. */
export interface Primitive<Args extends unknown[] = unknown[], R = Tensor> {
  (...args: Args): R;
  /** MindSpore's primitive name. */
  readonly primitiveName: string;
  /** Writes memory (program order among such ops and the reads of what they write). */
  readonly sideEffectMem: boolean;
  /** Does IO (program order among such ops). */
  readonly sideEffectIo: boolean;
  /** The shard strategy set by {@link Primitive.shard} (null: none). */
  readonly strategy: Strategy | null;
  /**
   * Sets the shard strategy semi-automatic parallel splits this op's inputs by, as r1.5's
   * `Primitive.shard`; returns the primitive. Outside SEMI_AUTO_PARALLEL and AUTO_PARALLEL a
   * non-empty strategy is stored with r1.5's warning. Checked against the inputs when the op runs.
   *
   * @throws {@link ArgumentTypeError} "strategy must be tuple type, but got:{type}" and "The element of
   *   strategy must be tuple type, but got:{type}".
   */
  shard(strategy: Strategy | null): this;
}

/** Python's text of a tuple of tuples of ints: `((2, 1), (8,))`. */
export function pyTuple(strategy: Strategy): string {
  const one = (t: readonly number[]) => (t.length === 1 ? `(${t[0]},)` : `(${t.join(', ')})`);
  return strategy.length === 1 ? `(${one(strategy[0]!)},)` : `(${strategy.map(one).join(', ')})`;
}

/** r1.5's `Primitive.shard` on `prim`. */
function shard<P extends { primitiveName: string; strategy: Strategy | null }>(prim: P, strategy: Strategy | null): P {
  if (strategy !== null && strategy !== undefined) {
    if (!Array.isArray(strategy)) throw new ArgumentTypeError(`strategy must be tuple type, but got:${pythonType(strategy)}`);
    for (const element of strategy) if (!Array.isArray(element)) throw new ArgumentTypeError(`The element of strategy must be tuple type, but got:${pythonType(element)}`);
  }
  const ctx = currentContext();
  if (strategy && strategy.length > 0 && !ctx.autoParallel.semiOrAuto) {
    ctx.printSink(`[WARNING] The shard strategy ${pyTuple(strategy)} of ${prim.primitiveName} is not valid in ${ctx.autoParallel.parallelMode}. Please use semi auto or auto parallel mode.\n`);
  }
  prim.strategy = strategy ? strategy.map((s) => [...s]) : null;
  return prim;
}

/**
 * @internal makes a primitive from its call: a fresh function per primitive, carrying the flags, that
 * checks its arguments against `flags.args` (see signature.ts) before calling
 */
export function primitive<Args extends unknown[], R>(
  name: string,
  call: (...args: Args) => R,
  flags: { mem?: boolean; io?: boolean; args: string | Signature; listCall?: (args: Args) => R },
): Primitive<Args, R> {
  const sig = typeof flags.args === 'string' ? signature(flags.args) : flags.args;
  // `listCall` takes the checked arguments as the list they came in (no spread into `call`, and no
  // rest list made again on the way in: a tiny op's call made three lists and two spreads)
  const invoke = flags.listCall ?? ((args: Args): R => call(...args));
  // named by its key (a function's name is set where it is made; defining it afterwards costs more
  // than everything else a primitive's construction does)
  const checked = {
    [name]: (...args: Args): R => {
      checkArgs(name, sig, args);
      return invoke(args);
    },
  }[name]!;
  const f = checked as typeof checked & Writable<Primitive<Args, R>>; // a fresh closure per primitive: it carries the flags itself
  f.primitiveName = name;
  f.sideEffectMem = flags.mem ?? false;
  f.sideEffectIo = flags.io ?? false;
  f.strategy = null;
  f.shard = shardMethod;
  f.toString = primitiveText;
  return f as unknown as Primitive<Args, R>;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** `Primitive.shard`, shared by every primitive. */
function shardMethod<P extends { primitiveName: string; strategy: Strategy | null }>(this: P, strategy: Strategy | null): P {
  return shard(this, strategy);
}

/** A primitive's text: `Prim[Add]`, with its strategy when it has one. */
function primitiveText(this: { primitiveName: string; strategy: Strategy | null }): string {
  return this.strategy ? `Prim[${this.primitiveName}]<strategy=${pyTuple(this.strategy)}>` : `Prim[${this.primitiveName}]`;
}
