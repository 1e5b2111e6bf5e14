/**
 * nn.Embedding as r1.5's `nn.Embedding(vocab_size, embedding_size, use_one_hot=False,
 * embedding_table='normal', dtype=mstype.float32, padding_idx=None)`: a table Parameter
 * `embedding_table` [vocab, size] looked up with Gather (or a one-hot MatMul).
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { pythonType } from '../python-type.js';
import { resolveDType, type DType, type DTypeLike } from '../../kernels/index.js';
import { NDArray } from '../numpy/ndarray.js';
import { Parameter } from '../parameter.js';
import { Tensor, initializer } from '../tensor.js';
import * as ops from '../ops/index.js';
import { Gather } from '../ops/gather.js';
import { ExpandDims, OneHot } from '../ops/array.js';
import { checkBool, checkInt, checkOptions } from '../ops/attr-checks.js';
import { Cell } from './cell.js';
import { namingLayer } from './layer-parameter.js';
import type { InitLike } from './layers.js';

/** nn.Embedding's options (r1.5's keyword arguments). */
export interface EmbeddingOptions {
  /** Look up by a one-hot MatMul instead of Gather (false). */
  readonly useOneHot?: boolean;
  /** The table's initializer ('normal'). */
  readonly embeddingTable?: InitLike;
  /** The dtype of the one-hot on/off values ('float32'). */
  readonly dtype?: DTypeLike;
  /** A row of the table set to zeros (null). */
  readonly paddingIdx?: number | null;
}

/**
 * A lookup table of `vocabSize` rows of `embeddingSize` values, as r1.5's `nn.Embedding`: ids of any
 * shape (int32/int64) give an output of that shape + [embeddingSize].
 *
 * @throws {@link ArgumentTypeError} for sizes that are not ints or a useOneHot that is not a bool;
 *   {@link ArgumentValueError} for a padding index outside [0, vocabSize].
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * const emb = new nn.Embedding(4, 2, { embeddingTable: 'ones', paddingIdx: 0 });
 * console.log(String(emb.call(new Tensor([[0, 3]], 'int32')))); // [[[0. 0.]\n  [1. 1.]]]
 * ```
 */
export class Embedding extends Cell {
  /** The table [vocabSize, embeddingSize]. */
  embeddingTable: Parameter;
  /** Rows. */
  readonly vocabSize: number;
  /** Values per row. */
  readonly embeddingSize: number;
  /** Whether the lookup is a one-hot MatMul. */
  readonly useOneHot: boolean;
  /** The one-hot values' dtype. */
  readonly dtype: DType;
  /** The zeroed row, or null. */
  readonly paddingIdx: number | null;

  /** @param vocabSize - rows. @param embeddingSize - values per row. @param given - r1.5's keyword arguments. */
  constructor(vocabSize: number, embeddingSize: number, given: EmbeddingOptions = {}) {
    super();
    const options = checkOptions(given, 'Embedding') as EmbeddingOptions;
    this.vocabSize = checkInt(vocabSize, 'vocab_size', 'Embedding');
    this.embeddingSize = checkInt(embeddingSize, 'embedding_size', 'Embedding');
    this.useOneHot = checkBool(options.useOneHot ?? false, 'use_one_hot', 'Embedding');
    this.dtype = resolveDType(options.dtype ?? 'float32', 'Embedding');
    const pad = options.paddingIdx ?? null;
    if (pad !== null && !(typeof pad === 'number' && Number.isInteger(pad) && pad >= 0 && pad <= vocabSize)) {
      throw new ArgumentValueError(`For 'Embedding', the 'padding_idx' should be in range of [0, ${vocabSize}], but got ${String(pad)}.`);
    }
    this.paddingIdx = pad;
    this.embeddingTable = namingLayer('Embedding', () => {
      let table = initializer(options.embeddingTable ?? 'normal', [vocabSize, embeddingSize]);
      if (pad !== null) {
        const values = table.asnumpy(); // r1.5 initialises the table to zero the padding row
        const row = values.data.slice() as Float32Array;
        if (pad < vocabSize) row.fill(0, pad * embeddingSize, (pad + 1) * embeddingSize);
        table = new Tensor(new NDArray(row, [vocabSize, embeddingSize], values.dtype));
      }
      return new Parameter(table, 'embedding_table');
    });
  }

  override construct(ids: Tensor): Tensor {
    if (!(ids instanceof Tensor)) throw new ArgumentTypeError(`For 'Embedding', the input 'ids' must be a Tensor, but got ${pythonType(ids)}.`);
    const outShape = [...ids.shape, this.embeddingSize];
    const flatIds = ops.Reshape()(ExpandDims()(ids, -1), [-1]);
    const rows = this.useOneHot
      ? ops.MatMul()(OneHot()(flatIds, this.vocabSize, new Tensor(1, this.dtype), new Tensor(0, this.dtype)), this.embeddingTable)
      : Gather()(this.embeddingTable, flatIds, 0);
    return ops.Reshape()(rows, outShape);
  }
}
