/**
 * Dataset sources as r1.5's `NumpySlicesDataset` (arrays sliced along their first axis) and
 * `GeneratorDataset` (rows from a random-access list or a generator function).
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, ShapeError } from '../../errors/index.js';
import { RandomState } from '../../kernels/index.js';
import { currentContext } from '../execution-context.js';
import { array } from '../numpy/create.js';
import { NDArray } from '../numpy/ndarray.js';
import { pythonType } from '../python-type.js';
import { Tensor } from '../tensor.js';
import { checkOptions } from '../ops/attr-checks.js';
import { Dataset, columnNames, type Row } from './dataset.js';

/** The options of the sources (r1.5's keyword arguments). */
export interface SourceOptions {
  /** The columns' names (default `column_0`, `column_1`..., or a dict's keys). */
  readonly columnNames?: string | readonly string[];
  /** Shuffle every epoch (NumpySlicesDataset and a list source: true, as r1.5's default; a generator: false). */
  readonly shuffle?: boolean;
  /** Split the rows into this many shards (with shardId): row i belongs to shard i mod numShards. */
  readonly numShards?: number;
  /** This dataset's shard. */
  readonly shardId?: number;
}

const asArray = (v: unknown, api: string): NDArray => {
  if (v instanceof NDArray) return v;
  if (v instanceof Tensor) return v.asnumpy();
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || Array.isArray(v)) return array(v as never);
  throw new ArgumentTypeError(`${api}: a column value must be an array, a Tensor or a number, but got ${pythonType(v)}`);
};

/** Row i of an array sliced along its first axis (a copy). */
function sliceRow(a: NDArray, i: number): NDArray {
  const inner = a.shape.slice(1);
  const n = inner.reduce((x, y) => x * y, 1);
  return new NDArray(a.data.slice(i * n, (i + 1) * n) as NDArray['data'], inner, a.dtype);
}

/** The row indices of one epoch: this shard's, shuffled when asked (a fresh draw each epoch). */
function order(count: number, epoch: number, shuffle: boolean, seed: number, shards: { numShards: number; shardId: number } | null): number[] {
  let idx = Array.from({ length: count }, (_, i) => i);
  if (shards) idx = idx.filter((i) => i % shards.numShards === shards.shardId);
  if (!shuffle) return idx;
  const perm = new RandomState((seed + epoch) >>> 0).permutation(idx.length);
  return Array.from(perm, (k) => idx[k]!);
}

/** How many of `count` rows a shard holds (all of them without sharding). */
const shardSize = (count: number, shards: { numShards: number; shardId: number } | null): number =>
  shards ? Math.ceil((count - shards.shardId) / shards.numShards) : count;

function checkShards(o: SourceOptions, api: string): { numShards: number; shardId: number } | null {
  if (o.numShards === undefined && o.shardId === undefined) return null;
  const { numShards, shardId } = o;
  if (numShards === undefined || shardId === undefined) throw new ArgumentValueError(`${api}: num_shards and shard_id need to be passed in together.`);
  if (!Number.isInteger(numShards) || numShards < 1) throw new ArgumentValueError(`${api}: num_shards should be a positive int, but got ${String(numShards)}.`);
  if (!Number.isInteger(shardId) || shardId < 0 || shardId >= numShards) throw new ArgumentValueError(`${api}: shard_id is not within the required interval of [0, ${numShards - 1}], but got ${String(shardId)}.`);
  return { numShards, shardId };
}

/**
 * Rows sliced from arrays along their first axis, as r1.5's `NumpySlicesDataset(data, column_names,
 * shuffle=None)`: an array (or Tensor, or nested numbers) is one column; a list of arrays is one column
 * each (r1.5's tuple); an object maps column names to arrays. Shuffled every epoch unless
 * `shuffle: false` (r1.5 shuffles by default).
 *
 * @throws {@link ArgumentTypeError} for data of another kind; {@link ShapeError} for columns of different lengths;
 *   {@link ArgumentValueError} for column names that do not fit, or a bad shard.
 * @example
 * ```ts
 * import { dataset, np } from 'mindsim';
 * const ds = new dataset.NumpySlicesDataset({ image: np.ones([4, 2]), label: np.arange(4) }, { shuffle: false });
 * console.log(ds.getColNames(), ds.getDatasetSize(), String(ds.createTupleIterator().next().value![1])); // [ 'image', 'label' ] 4 0
 * ```
 */
export class NumpySlicesDataset extends Dataset {
  private readonly columns: NDArray[];
  private readonly names: string[];
  private readonly shuffled: boolean;
  private readonly shards: { numShards: number; shardId: number } | null;
  private readonly seed: number;

  /** @param data - the arrays. @param given - column names, shuffling, sharding. */
  constructor(data: unknown, given: SourceOptions = {}) {
    super();
    const api = 'NumpySlicesDataset';
    const options = checkOptions(given, api) as SourceOptions;
    const isColumnList = Array.isArray(data) && data.length > 0 && data.every((c) => c instanceof NDArray || c instanceof Tensor);
    let names: unknown = options.columnNames;
    if (data instanceof NDArray || data instanceof Tensor || (Array.isArray(data) && !isColumnList)) this.columns = [asArray(data, api)];
    else if (isColumnList) this.columns = (data as unknown[]).map((c) => asArray(c, api));
    else if (data !== null && typeof data === 'object') {
      this.columns = Object.values(data).map((c) => asArray(c, api));
      names ??= Object.keys(data);
    } else throw new ArgumentTypeError(`${api}: data must be an array, a list of arrays or a dict of arrays, but got ${pythonType(data)}`);
    const rows = this.columns[0]?.shape[0];
    if (rows === undefined || this.columns.some((c) => c.shape.length === 0 || c.shape[0] !== rows)) {
      throw new ShapeError(`${api}: every column must have at least one axis and the same length, but got shapes ${this.columns.map((c) => `(${c.shape.join(', ')})`).join(', ')}`);
    }
    this.names = columnNames(names, this.columns.length, api);
    this.shuffled = options.shuffle ?? true;
    this.shards = checkShards(options, api);
    this.seed = currentContext().datasetSeed;
  }

  getColNames(): string[] {
    return [...this.names];
  }

  getDatasetSize(): number {
    return shardSize(this.columns[0]!.shape[0]!, this.shards);
  }

  *rowsOf(epoch: number): Iterable<Row> {
    for (const i of order(this.columns[0]!.shape[0]!, epoch, this.shuffled, this.seed, this.shards)) yield this.columns.map((c) => sliceRow(c, i));
  }
}

/** A row of a GeneratorDataset source: one value per column. */
export type SourceRow = readonly unknown[];

/**
 * Rows from a source, as r1.5's `GeneratorDataset(source, column_names)`: a list of rows (random
 * access: shuffled by default, as r1.5) or a function returning an iterable of rows (read in order).
 *
 * @throws {@link ArgumentTypeError} for another kind of source; {@link ArgumentValueError} for shuffling a
 *   generator (r1.5: shuffle needs random access) or a row whose length is not the column count.
 * @example
 * ```ts
 * import { dataset } from 'mindsim';
 * function* squares() { for (let i = 0; i < 3; i++) yield [i, i * i]; }
 * const ds = new dataset.GeneratorDataset(squares, { columnNames: ['x', 'y'] });
 * console.log([...ds.createDictIterator({ outputNumpy: true })].map((r) => Number(r.y!.item()))); // [ 0, 1, 4 ]
 * ```
 */
export class GeneratorDataset extends Dataset {
  private readonly names: string[];
  private readonly shuffled: boolean;
  private readonly shards: { numShards: number; shardId: number } | null;
  private readonly seed: number;

  /** @param source - rows, or a function giving an iterable of rows. @param given - column names (required), shuffling, sharding. */
  constructor(private readonly source: readonly SourceRow[] | (() => Iterable<SourceRow>), given: SourceOptions = {}) {
    super();
    const api = 'GeneratorDataset';
    const options = checkOptions(given, api) as SourceOptions;
    if (!Array.isArray(source) && typeof source !== 'function') throw new ArgumentTypeError(`${api}: source should be a list of rows or a function returning an iterable of rows, but got ${pythonType(source)}`);
    if (options.columnNames === undefined) throw new ArgumentValueError(`${api}: column_names should be set.`);
    const names = typeof options.columnNames === 'string' ? [options.columnNames] : options.columnNames;
    this.names = columnNames(names, Array.isArray(names) ? names.length : 1, api);
    const random = Array.isArray(source);
    if (!random && options.shuffle === true) throw new ArgumentValueError(`${api}: shuffle is not supported for a source without random access (a generator); give a list of rows`);
    this.shuffled = options.shuffle ?? random;
    this.shards = checkShards(options, api);
    if (this.shards && !random) throw new ArgumentValueError(`${api}: sharding needs a source with random access (a list of rows)`);
    this.seed = currentContext().datasetSeed;
  }

  getColNames(): string[] {
    return [...this.names];
  }

  getDatasetSize(): number {
    if (Array.isArray(this.source)) return shardSize(this.source.length, this.shards);
    let n = 0;
    for (const _ of (this.source as () => Iterable<SourceRow>)()) n++;
    return n;
  }

  *rowsOf(epoch: number): Iterable<Row> {
    const toRow = (r: SourceRow): Row => {
      if (!Array.isArray(r) || r.length !== this.names.length) throw new ArgumentValueError(`GeneratorDataset: a row must have ${this.names.length} values (one per column), but got ${pythonType(r)}`);
      return r.map((v) => asArray(v, 'GeneratorDataset'));
    };
    if (Array.isArray(this.source)) {
      const rows = this.source as readonly SourceRow[];
      for (const i of order(rows.length, epoch, this.shuffled, this.seed, this.shards)) yield toRow(rows[i]!);
    } else for (const r of (this.source as () => Iterable<SourceRow>)()) yield toRow(r);
  }
}
