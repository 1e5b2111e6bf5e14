/**
 * What a primitive's arguments must be, checked before anything is recorded: how many there are and
 * what each is (a Tensor, a Tensor or number, a list of Tensors, a tuple of ints, an axis, a dtype).
 * Every primitive declares one signature; a wrong call is an {@link ArgumentTypeError} naming the op
 * and the argument, never a TypeError from inside.
 * @module
 */
import { ArgumentTypeError } from '../../errors/index.js';
import { DType } from '../../kernels/index.js';
import { pythonType } from '../python-type.js';
import { Tensor } from '../tensor.js';

/** What one argument may be. */
type Kind = 'tensor' | 'input' | 'tensors' | 'ints' | 'axis' | 'dtype' | 'any';

interface Param {
  readonly name: string;
  readonly kind: Kind;
  readonly optional: boolean;
}

/** A primitive's parameters in order; `rest` takes any number of further arguments. */
export interface Signature {
  readonly params: readonly Param[];
  readonly rest: Param | null;
  /** How many arguments a call needs (its parameters that are not optional). */
  readonly required: number;
}

const KINDS: readonly Kind[] = ['tensor', 'input', 'tensors', 'ints', 'axis', 'dtype', 'any'];

/**
 * Parses `'input_x:tensor input_shape:ints'`: space-separated `name:kind`, `kind?` for an optional
 * argument, `...name:kind` for a rest parameter (last).
 */
export function signature(text: string): Signature {
  const params: Param[] = [];
  let rest: Param | null = null;
  for (const word of text.split(' ').filter((w) => w !== '')) {
    const [rawName, rawKind] = word.split(':') as [string, string];
    const optional = rawKind.endsWith('?');
    const kind = (optional ? rawKind.slice(0, -1) : rawKind) as Kind;
    if (!KINDS.includes(kind)) throw new Error(`signature: unknown kind '${rawKind}' in '${text}'`); // a bug in mindsim's own tables
    const param = { name: rawName.replace(/^\.\.\./, ''), kind, optional };
    if (rawName.startsWith('...')) rest = param;
    else params.push(param);
  }
  return { params, rest, required: params.filter((p) => !p.optional).length };
}

const isInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v);
const isInts = (v: unknown): boolean => Array.isArray(v) && v.every(isInt);

const WANT: Readonly<Record<Kind, string>> = {
  tensor: 'a Tensor',
  input: 'a Tensor or a number',
  tensors: 'a tuple or list of Tensors',
  ints: 'a tuple of int',
  axis: 'an int or a tuple of int',
  dtype: 'a mindspore dtype',
  any: 'anything',
};

function fits(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case 'tensor':
      return v instanceof Tensor;
    case 'input':
      return v instanceof Tensor || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
    case 'tensors':
      return Array.isArray(v) && v.every((e) => e instanceof Tensor);
    case 'ints':
      return isInts(v);
    case 'axis':
      return isInt(v) || isInts(v);
    case 'dtype':
      return typeof v === 'string' || v instanceof DType;
    case 'any':
      return true;
  }
}

/** Python's words for an argument that does not fit: its type, and for a list the first bad element's. */
function got(kind: Kind, v: unknown): string {
  if (Array.isArray(v) && (kind === 'tensors' || kind === 'ints' || kind === 'axis')) {
    const bad = v.find((e) => (kind === 'tensors' ? !(e instanceof Tensor) : !isInt(e)));
    return `a list containing ${pythonType(bad)}${typeof bad === 'number' ? ` ${bad}` : ''}`;
  }
  return pythonType(v);
}

/**
 * Checks a call's arguments against a signature.
 *
 * @throws {@link ArgumentTypeError} "For 'Add', the number of inputs must be 2, but got 3." or "For
 *   'Reshape', the input 'input_shape' must be a tuple of int, but got <class 'int'>."
 */
export function checkArgs(op: string, sig: Signature, args: readonly unknown[]): void {
  const required = sig.required; // counted once, when the signature was parsed (not per call)
  const most = sig.rest ? Infinity : sig.params.length;
  if (args.length < required || args.length > most) {
    const want = required === most ? `${required}` : most === Infinity ? `at least ${required}` : `${required} to ${most}`;
    throw new ArgumentTypeError(`For '${op}', the number of inputs must be ${want}, but got ${args.length}.`);
  }
  for (let i = 0; i < args.length; i++) {
    const param = sig.params[i] ?? sig.rest!;
    const v = args[i];
    if (v === undefined && param.optional) continue;
    if (!fits(param.kind, v)) throw new ArgumentTypeError(`For '${op}', the input '${param.name}' must be ${WANT[param.kind]}, but got ${got(param.kind, v)}.`);
  }
}
