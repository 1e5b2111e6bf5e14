/**
 * Parameter-free cells: ReLU, Flatten, and SequentialCell, which chains cells.
 * @module
 */
import { ArgumentTypeError, NotImplementedYetError } from '../../errors/index.js';
import { sizeOf } from '../../kernels/index.js';
import * as ops from '../ops/index.js';
import { Tensor } from '../tensor.js';
import { pythonType } from '../python-type.js';
import { Cell } from './cell.js';

/**
 * max(x, 0), elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * console.log(String(new nn.ReLU().call(new Tensor([-1, 2], 'float32')))); // [0. 2.]
 * ```
 */
export class ReLU extends Cell {
  override construct(x: Tensor): Tensor {
    return ops.ReLU()(x);
  }
}

/**
 * Flattens all but the first axis: [N, ...] → [N, product of the rest].
 *
 * @example
 * ```ts
 * import { Tensor, nn, np } from 'mindsim';
 * console.log(new nn.Flatten().call(new Tensor(np.ones([2, 3, 4]))).shape); // [ 2, 12 ]
 * ```
 */
export class Flatten extends Cell {
  override construct(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ArgumentTypeError(`For 'Flatten', the input 'input_x' must be a Tensor, but got ${pythonType(x)}.`);
    return ops.Reshape()(x, [x.shape[0] ?? 1, sizeOf(x.shape.slice(1))]);
  }
}

/**
 * Cells called one after another; their Parameters are named `0.weight`, `1.bias`... as MindSpore's.
 *
 * @throws {@link ArgumentTypeError} when given something that is not a Cell.
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * const net = new nn.SequentialCell([new nn.Dense(2, 3), new nn.ReLU(), new nn.Dense(3, 1)]);
 * console.log(net.parametersAndNames().map(([name]) => name).join(' ')); // 0.weight 0.bias 2.weight 2.bias
 * ```
 */
export class SequentialCell extends Cell {
  /** @param cells - the cells, in calling order. */
  constructor(cells: readonly Cell[]) {
    super();
    if (!Array.isArray(cells)) throw new ArgumentTypeError(`For 'SequentialCell', the 'cells' must be a list of Cells, but got ${pythonType(cells)}.`);
    cells.forEach((cell, i) => {
      if (!(cell instanceof Cell)) throw new ArgumentTypeError(`SequentialCell: item ${i} is not a Cell`);
      (this as unknown as Record<string, Cell>)[String(i)] = cell;
    });
  }

  override construct(x: Tensor): Tensor {
    return this.cells().reduce((y, cell) => cell.call(y), x);
  }
}

/**
 * A list of cells (MindSpore's `nn.CellList`): indexed, appended to and extended (not `insert` yet); their
 * Parameters are named `0.weight`, `1.bias`... Not callable itself: a cell that holds it calls its items.
 *
 * @throws {@link ArgumentTypeError} when given something that is not a Cell.
 * @example
 * ```ts
 * import { nn } from 'mindsim';
 * const layers = new nn.CellList([new nn.Dense(2, 2)]);
 * layers.append(new nn.ReLU());
 * console.log(layers.length, layers.at(1)?.constructor.name, layers.parametersAndNames().map(([n]) => n)); // 2 ReLU [ '0.weight', '0.bias' ]
 * ```
 */
export class CellList extends Cell {
  /** @param cells - the first cells. */
  constructor(cells: readonly Cell[] = []) {
    super();
    if (!Array.isArray(cells)) throw new ArgumentTypeError(`For 'CellList', the 'args' must be a list of Cells, but got ${pythonType(cells)}.`);
    this.extend(cells);
  }

  /** How many cells it holds. */
  get length(): number {
    return this.cells().length;
  }

  /** The cell at `index` (negative: from the end), or undefined. */
  at(index: number): Cell | undefined {
    return this.cells().at(index);
  }

  /** Adds a cell at the end; returns this. */
  append(cell: Cell): this {
    if (!(cell instanceof Cell)) throw new ArgumentTypeError(`For 'CellList', the appended value must be a Cell, but got ${pythonType(cell)}.`);
    (this as unknown as Record<string, Cell>)[String(this.length)] = cell;
    return this;
  }

  /** Adds cells at the end; returns this (nothing is added when one is not a Cell). */
  extend(cells: readonly Cell[]): this {
    const bad = cells.findIndex((c) => !(c instanceof Cell));
    if (bad >= 0) throw new ArgumentTypeError(`For 'CellList', item ${bad} must be a Cell, but got ${pythonType(cells[bad])}.`);
    for (const c of cells) this.append(c);
    return this;
  }

  /** Its cells, in order. */
  [Symbol.iterator](): Iterator<Cell> {
    return this.cells()[Symbol.iterator]();
  }

  /** @throws {@link NotImplementedYetError} always: a CellList is not called (as in MindSpore). */
  override construct(x: Tensor): Tensor {
    void x;
    throw new NotImplementedYetError("CellList is a container: call its cells (MindSpore's CellList has no construct either)");
  }
}
