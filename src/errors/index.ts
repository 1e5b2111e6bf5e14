/**
 * The error hierarchy of mindsim: one base class, {@link MindsimError}, and one subclass per kind of
 * failure. Every error carries the name of the Python exception MindSpore (or numpy) raises for the
 * same misuse in {@link MindsimError.pythonType}, so a port of a Python program can tell a `TypeError`
 * from a `ValueError` as it did before.
 *
 * This folder is the bottom layer of the project: every other layer may import it, it imports nothing.
 * @module
 */

/** Python exception kinds that mindsim errors map to. */
export type PythonErrorType =
  | 'ValueError'
  | 'TypeError'
  | 'KeyError'
  | 'IndexError'
  | 'RuntimeError'
  | 'MemoryError'
  | 'NotImplementedError';

/**
 * Base class of every error mindsim throws on purpose.
 *
 * @example
 * ```ts
 * import { np, MindsimError } from 'mindsim';
 * try {
 *   np.arange(6).reshape(4);
 * } catch (e) {
 *   if (e instanceof MindsimError) console.log(e.pythonType, e.message);
 *   // ValueError cannot reshape array of size 6 into shape (4,)
 * }
 * ```
 */
export class MindsimError extends Error {
  /** The Python exception MindSpore or numpy raises for the same misuse. */
  readonly pythonType: PythonErrorType;

  /**
   * @param message - the whole message; it names the API and the offending values.
   * @param pythonType - the matching Python exception kind.
   */
  constructor(message: string, pythonType: PythonErrorType = 'RuntimeError') {
    super(message);
    this.name = new.target.name;
    this.pythonType = pythonType;
  }
}

/**
 * A value has the wrong shape, or a shape itself is malformed (Python `ValueError`).
 *
 * @example
 * ```ts
 * import { np, ShapeError } from 'mindsim';
 * try { np.zeros([2, -1]); } catch (e) { console.log(e instanceof ShapeError); } // true
 * ```
 */
export class ShapeError extends MindsimError {
  /** @param message - names the API and the shapes involved. */
  constructor(message: string) {
    super(message, 'ValueError');
  }
}

/**
 * An unknown data type, or a data type the operation does not accept (Python `TypeError`).
 *
 * @example
 * ```ts
 * import { np, DTypeError } from 'mindsim';
 * try { np.zeros([2], 'float128'); } catch (e) { console.log(e instanceof DTypeError); } // true
 * ```
 */
export class DTypeError extends MindsimError {
  /**
   * @param message - names the API and the data type.
   * @param pythonType - the Python exception MindSpore raises for it (`TypeError` unless r1.5 raises
   *   another, as the RuntimeError of a writable argument that cannot be cast).
   */
  constructor(message: string, pythonType: PythonErrorType = 'TypeError') {
    super(message, pythonType);
  }
}

/**
 * An argument of the wrong JavaScript/Python type (Python `TypeError`), for example a string where a
 * number is required.
 *
 * @example
 * ```ts
 * import { np, ArgumentTypeError } from 'mindsim';
 * try { np.array(['a'] as never); } catch (e) { console.log(e instanceof ArgumentTypeError); } // true
 * ```
 */
export class ArgumentTypeError extends MindsimError {
  /** @param message - names the API, the argument and the type received. */
  constructor(message: string) {
    super(message, 'TypeError');
  }
}

/**
 * An argument of the right type but an unacceptable value (Python `ValueError`).
 *
 * @example
 * ```ts
 * import { np, ArgumentValueError } from 'mindsim';
 * try { np.array([[1, 2], [3]]); } catch (e) { console.log(e instanceof ArgumentValueError); } // true
 * ```
 */
export class ArgumentValueError extends MindsimError {
  /** @param message - names the API, the argument and the value received. */
  constructor(message: string) {
    super(message, 'ValueError');
  }
}

/**
 * A lookup by a key that is missing or malformed (Python `KeyError`), for example a Cell attribute name
 * containing a dot.
 *
 * @example
 * ```ts
 * import { KeyNameError } from 'mindsim';
 * const e = new KeyNameError("attribute name 'a.b' can not contain '.'");
 * console.log(e.pythonType); // KeyError
 * ```
 */
export class KeyNameError extends MindsimError {
  /** @param message - names the API and the key. */
  constructor(message: string) {
    super(message, 'KeyError');
  }
}

/**
 * An index outside the bounds of an axis (Python `IndexError`).
 *
 * @example
 * ```ts
 * import { np, IndexOutOfRangeError } from 'mindsim';
 * try { np.arange(3).item(5); } catch (e) { console.log(e instanceof IndexOutOfRangeError); } // true
 * ```
 */
export class IndexOutOfRangeError extends MindsimError {
  /** @param message - names the API, the index and the axis size. */
  constructor(message: string) {
    super(message, 'IndexError');
  }
}

/**
 * A device cannot do what was asked (unsupported operation, wrong device, bad device name); Python
 * `RuntimeError` as MindSpore raises it.
 *
 * @example
 * ```ts
 * import { DeviceError } from 'mindsim';
 * const e = new DeviceError('NPUGetFloatStatus is not supported on GPU:0');
 * console.log(e.pythonType); // RuntimeError
 * ```
 */
export class DeviceError extends MindsimError {
  /** @param message - names the operation and the device. */
  constructor(message: string) {
    super(message, 'RuntimeError');
  }
}

/**
 * An allocation that does not fit in a memory space (Python `MemoryError`).
 *
 * @example
 * ```ts
 * import { OutOfMemoryError } from 'mindsim';
 * const e = new OutOfMemoryError('Ascend:0 out of memory: requested 64 GiB, in use 1 GiB of 32 GiB');
 * console.log(e.pythonType); // MemoryError
 * ```
 */
export class OutOfMemoryError extends MindsimError {
  /** @param message - names the device, the request and the usage. */
  constructor(message: string) {
    super(message, 'MemoryError');
  }
}

/**
 * A wait that can never be satisfied (Python `RuntimeError`); the message names the streams and events
 * of the cycle.
 *
 * @example
 * ```ts
 * import { DeadlockError } from 'mindsim';
 * console.log(new DeadlockError('stream 1 waits on event 2 that is never recorded').pythonType);
 * // RuntimeError
 * ```
 */
export class DeadlockError extends MindsimError {
  /** @param message - names the streams and events involved. */
  constructor(message: string) {
    super(message, 'RuntimeError');
  }
}

/**
 * A kernel failed on a device (an injected fault or a failed launch); Python `RuntimeError`.
 *
 * @example
 * ```ts
 * import { KernelFaultError } from 'mindsim';
 * console.log(new KernelFaultError('MatMul failed on GPU:0 stream 3').pythonType); // RuntimeError
 * ```
 */
export class KernelFaultError extends MindsimError {
  /** @param message - names the op, the stream and the device. */
  constructor(message: string) {
    super(message, 'RuntimeError');
  }
}

/**
 * A device was lost and must be reset before use; Python `RuntimeError`.
 *
 * @example
 * ```ts
 * import { DeviceLostError } from 'mindsim';
 * console.log(new DeviceLostError('Ascend:0 was lost').pythonType); // RuntimeError
 * ```
 */
export class DeviceLostError extends MindsimError {
  /** @param message - names the device. */
  constructor(message: string) {
    super(message, 'RuntimeError');
  }
}

/**
 * A feature mindsim does not model (Python `NotImplementedError`).
 *
 * @example
 * ```ts
 * import { NotImplementedYetError } from 'mindsim';
 * console.log(new NotImplementedYetError('complex dtypes are not modelled').pythonType);
 * // NotImplementedError
 * ```
 */
export class NotImplementedYetError extends MindsimError {
  /** @param message - names the API and what is missing. */
  constructor(message: string) {
    super(message, 'NotImplementedError');
  }
}

/**
 * Ranks called different collectives at the same place in their order on a group (another primitive,
 * shape, dtype, attribute or group); Python `RuntimeError`. The message names each rank and what it
 * called.
 *
 * @example
 * ```ts
 * import { CollectiveMismatchError } from 'mindsim';
 * console.log(new CollectiveMismatchError('collective #1 of nccl_world_group: rank 0 called AllReduce...').pythonType); // RuntimeError
 * ```
 */
export class CollectiveMismatchError extends MindsimError {
  /** @param message - names the group, the collective's place in the order and every rank's call. */
  constructor(message: string) {
    super(message, 'RuntimeError');
  }
}

/**
 * A collective waited for a peer that had failed (a lost device, a crashed program) until the
 * library's timeout; Python `RuntimeError`, with the text HCCL or NCCL reports.
 *
 * @example
 * ```ts
 * import { CollectiveTimeoutError } from 'mindsim';
 * console.log(new CollectiveTimeoutError('EI0002: The wait execution of the Notify register times out.').pythonType); // RuntimeError
 * ```
 */
export class CollectiveTimeoutError extends MindsimError {
  /** @param message - the library's text, the collective and the failed peer. */
  constructor(message: string) {
    super(message, 'RuntimeError');
  }
}

/** A rank of a launched program that failed, and why. */
export interface RankFailure {
  /** The rank. */
  readonly rank: number;
  /** Its error. */
  readonly error: Error;
}

/**
 * Ranks of a launched program failed: `failures` holds each failed rank and its error (the first one
 * gives the Python kind).
 *
 * @example
 * ```ts
 * import { LaunchError, DeviceError } from 'mindsim';
 * const e = new LaunchError([{ rank: 3, error: new DeviceError('GPU:3 was lost') }]);
 * console.log(e.pythonType, e.failures[0]!.rank, e.message); // RuntimeError 3 launch: rank 3 failed: GPU:3 was lost
 * ```
 */
export class LaunchError extends MindsimError {
  /** The failed ranks and their errors, by rank. */
  readonly failures: readonly RankFailure[];

  /** @param failures - each failed rank and its error (at least one). */
  constructor(failures: readonly RankFailure[]) {
    const sorted = [...failures].sort((a, b) => a.rank - b.rank);
    const lines = sorted.map((f) => `rank ${f.rank} failed: ${f.error.message}`);
    const first = sorted[0]?.error;
    super(`launch: ${lines.join('\nlaunch: ')}`, first instanceof MindsimError ? first.pythonType : 'RuntimeError');
    this.failures = sorted;
  }
}
