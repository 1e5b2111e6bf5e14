/**
 * numpy broadcasting: output shapes and per-input strides over the output.
 * @module
 */
import { ShapeError } from '../errors/index.js';
import { formatShape, stridesOf, type Shape } from './shape.js';

/**
 * The broadcast shape of several shapes (numpy rules: align right; each dimension equal or 1).
 *
 * @throws {@link ShapeError} like numpy's "operands could not be broadcast together with shapes (2,3) (4,)".
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.broadcastShapes([[2, 1, 3], [4, 1]], 'Add')); // [ 2, 4, 3 ]
 * ```
 */
export function broadcastShapes(shapes: readonly Shape[], api: string): number[] {
  let rank = 0;
  for (const s of shapes) if (s.length > rank) rank = s.length;
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const k = rank - s.length + i;
      const d = s[i]!;
      if (d === out[k] || d === 1) continue;
      if (out[k] === 1) out[k] = d;
      else {
        throw new ShapeError(`${api}: operands could not be broadcast together with shapes ${shapes.map((x) => formatShape(x).replace(/ /g, '')).join(' ')}`);
      }
    }
  }
  return out;
}

/** Element strides of `shape` read over `outShape` (0 along broadcast dimensions). */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const own = stridesOf(shape);
  const out = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < shape.length; i++) {
    const k = outShape.length - shape.length + i;
    out[k] = shape[i] === 1 ? 0 : own[i]!;
  }
  return out;
}
