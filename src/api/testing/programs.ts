/**
 * fast-check arbitraries for schedules and for random op programs: DAGs of pure ops, Parameter writes
 * and reads, Print, Depend edges and guarded float-status checks, for users' own ordering properties.
 * @module
 */
import fc from 'fast-check';
import { DTYPES } from '../../kernels/index.js';
import { drain } from '../graph/executor.js';
import { NDArray } from '../numpy/index.js';
import * as ops from '../ops/index.js';
import { Parameter } from '../parameter.js';
import { setPrintSink } from '../print.js';
import { Tensor } from '../tensor.js';

/**
 * Schedules as fast-check values: lists of choices for a `replay` schedule (at each step with more
 * than one ready op, the index of the one to launch, taken modulo the number ready). They shrink toward
 * the empty list, which is program order.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { scheduleArbitrary } from 'mindsim/testing';
 * fc.assert(fc.property(scheduleArbitrary({ maxLength: 8 }), (choices) => choices.length <= 8));
 * ```
 */
export function scheduleArbitrary(options: { maxLength?: number; maxChoice?: number } = {}): fc.Arbitrary<number[]> {
  return fc.array(fc.nat({ max: options.maxChoice ?? 7 }), { maxLength: options.maxLength ?? 32 });
}

/** The ops a random program's steps use. */
export type ProgramOp = 'Add' | 'Sub' | 'Maximum' | 'Minimum' | 'Neg' | 'Abs' | 'Half' | 'Assign' | 'AssignAdd' | 'ReadParam' | 'Print' | 'Depend' | 'FloatStatusCheck';

/** One step of a random program; operands index the values made so far (modulo their count). */
export interface ProgramStep {
  /** What it does (`ReadParam`: a Parameter plus a value; `Half`: times 0.5; `FloatStatusCheck`: a guarded check). */
  readonly op: ProgramOp;
  /** The first operand. */
  readonly a: number;
  /** The second operand: of a binary op, or Depend's expression. */
  readonly b?: number;
  /** The Parameter (Assign, AssignAdd, ReadParam). */
  readonly param?: number;
  /** FloatStatusCheck: whether its watched op overflows. */
  readonly overflow?: boolean;
}

/** What a random program's run returns: every value it made, the Parameters, and what it printed. */
export interface ProgramOutput {
  /** Each value's text, then each Parameter's. */
  readonly values: string[];
  /** The lines Print wrote, in order. */
  readonly printed: string[];
}

/** A random program: its steps (a plain value fast-check shrinks) and a way to run them. */
export interface RandomProgram {
  /** The steps, in program order. */
  readonly steps: readonly ProgramStep[];
  /** Parameters it writes and reads. */
  readonly params: number;
  /** Runs the steps with the current context (call it inside `explore`, or after `setContext`). */
  run(): ProgramOutput;
}

/** Options of {@link programArbitrary}. */
export interface ProgramArbitraryOptions {
  /** Most steps (default 16). */
  readonly maxSteps?: number;
  /** Parameters (default 2). */
  readonly params?: number;
  /** Include guarded float-status checks (NPU ops: Ascend targets only; default false). */
  readonly floatStatus?: boolean;
  /** Include Print (default true). */
  readonly print?: boolean;
}

/**
 * Random op programs on float32 data. Every program is race-free: its result is the same under every
 * legal schedule, so a property can compare runs. (Float-status checks follow MindSpore's pattern with
 * every Depend in place, one after another; only a check's watched op can overflow, and only its flag
 * flows on.)
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { setContext } from 'mindsim';
 * import { explore, programArbitrary } from 'mindsim/testing';
 * setContext({ deviceTarget: 'CPU' });
 * fc.assert(fc.property(programArbitrary({ maxSteps: 6 }), (program) => {
 *   const first = JSON.stringify(program.run());
 *   return explore(() => program.run(), { runs: 5, property: ({ result }) => JSON.stringify(result) === first }).ok;
 * }), { numRuns: 5 });
 * ```
 */
export function programArbitrary(options: ProgramArbitraryOptions = {}): fc.Arbitrary<RandomProgram> {
  const params = options.params ?? 2;
  const ix = fc.nat({ max: 63 });
  const steps: fc.Arbitrary<ProgramStep>[] = [
    fc.record({ op: fc.constantFrom('Add' as const, 'Sub' as const, 'Maximum' as const, 'Minimum' as const), a: ix, b: ix }),
    fc.record({ op: fc.constantFrom('Neg' as const, 'Abs' as const, 'Half' as const), a: ix }),
    fc.record({ op: fc.constantFrom('Assign' as const, 'AssignAdd' as const), param: fc.nat({ max: params - 1 }), a: ix }),
    fc.record({ op: fc.constant('ReadParam' as const), param: fc.nat({ max: params - 1 }), a: ix }),
    fc.record({ op: fc.constant('Depend' as const), a: ix, b: ix }),
  ];
  if (options.print ?? true) steps.push(fc.record({ op: fc.constant('Print' as const), a: ix }));
  if (options.floatStatus) steps.push(fc.record({ op: fc.constant('FloatStatusCheck' as const), a: ix, overflow: fc.boolean() }));
  return fc.array(fc.oneof(...(steps as fc.Arbitrary<ProgramStep>[])), { maxLength: options.maxSteps ?? 16 }).map((list) => makeProgram(list, params));
}

function makeProgram(steps: readonly ProgramStep[], params: number): RandomProgram {
  return {
    steps,
    params,
    run: () => runSteps(steps, params),
    toString: () => `RandomProgram(${JSON.stringify(steps)})`,
  } as RandomProgram;
}

/** Runs the steps (no op but a check's watched one can overflow: sums of a few small values). */
function runSteps(steps: readonly ProgramStep[], params: number): ProgramOutput {
  const f32 = (data: number[]) => new Tensor(new NDArray(Float32Array.from(data), [3], DTYPES.float32));
  const ps = Array.from({ length: params }, (_, k) => new Parameter(f32([k + 1, -2, 0.5]), `p${k}`));
  const values: Tensor[] = [f32([1, -2, 3]), f32([0.5, 4, -1])];
  const zeros = f32([0, 0, 0]);
  let lastCheck: Tensor | null = null;
  const at = (k: number) => values[k % values.length]!;
  const printed: string[] = [];
  const previousSink = setPrintSink((text) => printed.push(text));
  try {
    for (const s of steps) {
      switch (s.op) {
        case 'Neg':
        case 'Abs':
          values.push(ops[s.op]()(at(s.a)));
          break;
        case 'Half':
          values.push(ops.Mul()(at(s.a), 0.5));
          break;
        case 'Assign': // a check's flag is a scalar: Assign takes the Parameter's shape, so broadcast it first
          ops.Assign()(ps[s.param!]!, at(s.a).shape.length === 0 ? ops.Add()(at(s.a), zeros) : at(s.a));
          break;
        case 'AssignAdd':
          ops.AssignAdd()(ps[s.param!]!, at(s.a));
          break;
        case 'ReadParam':
          values.push(ops.Add()(ps[s.param!]!, at(s.a)));
          break;
        case 'Print':
          ops.Print()(at(s.a));
          break;
        case 'Depend':
          values.push(ops.depend(at(s.a), at(s.b!)));
          break;
        case 'FloatStatusCheck':
          values.push((lastCheck = floatStatusCheck(at(s.a), s.overflow ?? false, lastCheck)));
          break;
        default:
          values.push(ops[s.op as 'Add']()(at(s.a), at(s.b!)));
      }
    }
    const texts = [...values.map((v) => String(v)), ...ps.map((p) => String(p.asnumpy()))];
    drain(); // ops no value needed (a Print) run now, while this run's print sink is in place
    return { values: texts, printed };
  } finally {
    setPrintSink(previousSink);
  }
}

/**
 * MindSpore's start_overflow_check / get_overflow_status around one watched op (which overflows when
 * asked: float32 max times 4), every Depend in place, after the previous check. Returns the flag.
 */
function floatStatusCheck(x: Tensor, overflow: boolean, previous: Tensor | null): Tensor {
  let status = ops.NPUAllocFloatStatus()();
  status = ops.depend(status, x);
  if (previous) status = ops.depend(status, previous);
  const clear = ops.NPUClearFloatStatus()(status);
  const input = ops.depend(overflow ? ops.Add()(ops.Abs()(x), 3e38) : x, clear);
  const watched = ops.Mul()(input, overflow ? 4 : 1);
  status = ops.depend(status, watched);
  const got = ops.NPUGetFloatStatus()(status);
  status = ops.depend(status, got);
  return ops.ReduceSum()(status);
}
