/**
 * A small dataset pipeline as MindSpore r1.5's `mindspore.dataset`: a Dataset is a source of rows (one
 * host NDArray per column) and the operations `batch`, `shuffle`, `repeat`, iterated as Tensors. Each
 * pass over a pipeline (an epoch) reads its source again; shuffling draws from a generator seeded by
 * the dataset seed (`dataset.config.setSeed`, r1.5's default 5489) and advanced every epoch, so a run is
 * the same every time — but the order is mindsim's (numpy's permutation), not MindSpore's sampler's.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, ShapeError } from '../../errors/index.js';
import { RandomState, formatShape, sameShape } from '../../kernels/index.js';
import { currentContext } from '../execution-context.js';
import { NDArray } from '../numpy/ndarray.js';
import { pythonType } from '../python-type.js';
import { Tensor } from '../tensor.js';
import { checkOptions } from '../ops/attr-checks.js';

/** One row: an array per column. */
export type Row = NDArray[];

/** The options of {@link Dataset.createTupleIterator}. */
export interface IteratorOptions {
  /** Passes over the data (1; -1 or none: as many as the loop takes). */
  readonly numEpochs?: number;
  /** Yield NDArrays instead of Tensors (false). */
  readonly outputNumpy?: boolean;
}

/**
 * A dataset: columns of host arrays, read row by row; `batch`, `shuffle` and `repeat` make new
 * datasets over it, as r1.5's do.
 */
export abstract class Dataset {
  /** The columns' names. */
  abstract getColNames(): string[];
  /** @internal the rows of one pass; `epoch` counts passes from 0 (shuffles draw anew each time). */
  abstract rowsOf(epoch: number): Iterable<Row>;
  /** The number of rows (batches, after `batch`) of one pass. */
  abstract getDatasetSize(): number;

  /**
   * Groups rows into batches: each column's arrays stacked on a new first axis, as r1.5's
   * `batch(batch_size, drop_remainder=False)`.
   *
   * @throws {@link ArgumentValueError} for a batch size that is not a positive int.
   * @example
   * ```ts
   * import { dataset, np } from 'mindsim';
   * const ds = new dataset.NumpySlicesDataset({ x: np.arange(5) }, { shuffle: false }).batch(2);
   * console.log(ds.getDatasetSize(), [...ds.createTupleIterator({ outputNumpy: true })].map(([x]) => String(x))); // 3 [ '[0 1]', '[2 3]', '[4]' ]
   * ```
   */
  batch(batchSize: number, given: { dropRemainder?: boolean } = {}): Dataset {
    const options = checkOptions(given, 'batch') as { dropRemainder?: boolean };
    if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > 2147483647) {
      throw new ArgumentValueError(`batch_size is not within the required interval of [1, 2147483647], but got ${String(batchSize)}.`);
    }
    return new BatchDataset(this, batchSize, options.dropRemainder ?? false);
  }

  /**
   * Shuffles rows through a buffer of `bufferSize`, as r1.5's `shuffle(buffer_size)` (a buffer as large
   * as the data is a full shuffle), drawing anew each epoch.
   *
   * @throws {@link ArgumentValueError} for a buffer size below 2.
   * @example
   * ```ts
   * import { dataset, np } from 'mindsim';
   * const ds = new dataset.NumpySlicesDataset([np.arange(4)], { shuffle: false }).shuffle(4);
   * console.log([...ds.createTupleIterator({ outputNumpy: true })].map(([x]) => Number(x!.item())).sort()); // [ 0, 1, 2, 3 ]
   * ```
   */
  shuffle(bufferSize: number): Dataset {
    if (typeof bufferSize !== 'number' || !Number.isInteger(bufferSize) || bufferSize < 2 || bufferSize > 2147483647) {
      throw new ArgumentValueError(`buffer_size is not within the required interval of [2, 2147483647], but got ${String(bufferSize)}.`);
    }
    return new ShuffleDataset(this, bufferSize, currentContext().datasetSeed);
  }

  /**
   * Repeats the data `count` times per pass, as r1.5's `repeat(count)`.
   *
   * @throws {@link ArgumentValueError} for a count that is not a positive int.
   * @example
   * ```ts
   * import { dataset, np } from 'mindsim';
   * console.log(new dataset.NumpySlicesDataset([np.arange(3)], { shuffle: false }).repeat(2).getDatasetSize()); // 6
   * ```
   */
  repeat(count: number): Dataset {
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new ArgumentValueError(`count should be a positive int (infinite repeats are not simulated), but got ${String(count)}.`);
    return new RepeatDataset(this, count);
  }

  /**
   * Iterates the rows as lists of Tensors (or NDArrays), `numEpochs` passes, as r1.5's
   * `create_tuple_iterator`.
   *
   * @example
   * ```ts
   * import { dataset, np } from 'mindsim';
   * const ds = new dataset.NumpySlicesDataset([np.arange(2)], { shuffle: false });
   * console.log([...ds.createTupleIterator({ numEpochs: 2 })].map(([x]) => String(x))); // [ '0', '1', '0', '1' ]
   * ```
   */
  *createTupleIterator(given: IteratorOptions = {}): Generator<(Tensor | NDArray)[]> {
    const options = checkOptions(given, 'create_tuple_iterator') as IteratorOptions;
    const epochs = options.numEpochs ?? 1;
    if (typeof epochs !== 'number' || !Number.isInteger(epochs) || (epochs < 1 && epochs !== -1)) throw new ArgumentValueError(`num_epochs should be -1 or a positive int, but got ${String(epochs)}.`);
    for (let e = 0; epochs === -1 || e < epochs; e++) {
      for (const row of this.rowsOf(e)) yield options.outputNumpy ? row : row.map((a) => new Tensor(a));
    }
  }

  /**
   * Iterates the rows as objects keyed by column name, as r1.5's `create_dict_iterator`.
   *
   * @example
   * ```ts
   * import { dataset, np } from 'mindsim';
   * const ds = new dataset.NumpySlicesDataset({ a: np.arange(2), b: np.ones([2]) }, { shuffle: false });
   * console.log([...ds.createDictIterator({ outputNumpy: true })].map((r) => `${r.a}:${r.b}`)); // [ '0:1.0', '1:1.0' ]
   * ```
   */
  *createDictIterator(options: IteratorOptions = {}): Generator<Record<string, Tensor | NDArray>> {
    const names = this.getColNames();
    for (const row of this.createTupleIterator(options)) yield Object.fromEntries(names.map((n, i) => [n, row[i]!]));
  }

  /** One pass as Tensors, as iterating an r1.5 dataset does. */
  [Symbol.iterator](): Iterator<(Tensor | NDArray)[]> {
    return this.createTupleIterator();
  }
}

/** numpy.stack of equal-shaped arrays on a new first axis. */
function stack(arrays: readonly NDArray[], column: string): NDArray {
  const first = arrays[0]!;
  for (const a of arrays) {
    if (a.dtype !== first.dtype || !sameShape(a.shape, first.shape)) {
      throw new ShapeError(`Batch: the rows of column '${column}' must have one shape and dtype to batch, but got ${first.dtype} ${formatShape(first.shape)} and ${a.dtype} ${formatShape(a.shape)}`);
    }
  }
  const n = first.data.length;
  const data = new (first.data.constructor as new (n: number) => NDArray['data'])(n * arrays.length);
  arrays.forEach((a, i) => (data as Float32Array).set(a.data as Float32Array, i * n));
  return new NDArray(data, [arrays.length, ...first.shape], first.dtype);
}

/** A dataset made from another: its columns and, unless it says otherwise, its size. */
abstract class DerivedDataset extends Dataset {
  constructor(protected readonly child: Dataset) {
    super();
  }
  getColNames(): string[] {
    return this.child.getColNames();
  }
  getDatasetSize(): number {
    return this.child.getDatasetSize();
  }
}

class BatchDataset extends DerivedDataset {
  constructor(child: Dataset, private readonly size: number, private readonly drop: boolean) {
    super(child);
  }
  override getDatasetSize(): number {
    const n = this.child.getDatasetSize();
    return this.drop ? Math.floor(n / this.size) : Math.ceil(n / this.size);
  }
  *rowsOf(epoch: number): Iterable<Row> {
    const names = this.getColNames();
    let pending: Row[] = [];
    const flush = (): Row => {
      const rows = pending;
      pending = [];
      return names.map((name, c) => stack(rows.map((r) => r[c]!), name));
    };
    for (const row of this.child.rowsOf(epoch)) {
      pending.push(row);
      if (pending.length === this.size) yield flush();
    }
    if (pending.length > 0 && !this.drop) yield flush();
  }
}

class ShuffleDataset extends DerivedDataset {
  constructor(child: Dataset, private readonly buffer: number, private readonly seed: number) {
    super(child);
  }
  *rowsOf(epoch: number): Iterable<Row> {
    const rng = new RandomState((this.seed + epoch) >>> 0);
    const held: Row[] = [];
    for (const row of this.child.rowsOf(epoch)) {
      held.push(row);
      if (held.length === this.buffer) yield held.splice(rng.interval(held.length - 1), 1)[0]!;
    }
    while (held.length > 0) yield held.splice(rng.interval(held.length - 1), 1)[0]!;
  }
}

class RepeatDataset extends DerivedDataset {
  constructor(child: Dataset, private readonly count: number) {
    super(child);
  }
  override getDatasetSize(): number {
    return this.child.getDatasetSize() * this.count;
  }
  *rowsOf(epoch: number): Iterable<Row> {
    for (let k = 0; k < this.count; k++) yield* this.child.rowsOf(epoch * this.count + k);
  }
}

/** Checks a column-names argument against the column count. */
export function columnNames(given: unknown, count: number, api: string): string[] {
  if (given === undefined || given === null) return Array.from({ length: count }, (_, i) => `column_${i}`);
  const names = typeof given === 'string' ? [given] : given;
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw new ArgumentTypeError(`${api}: column_names must be a str or a list of str, but got ${pythonType(given)}`);
  if (names.length !== count) throw new ArgumentValueError(`${api}: ${names.length} column names for ${count} columns`);
  return [...names] as string[];
}
