/**
 * Gather and UnsortedSegmentSum as r1.5's `P.Gather()(input_params, input_indices, axis)` and
 * `P.UnsortedSegmentSum()(x, segment_ids, num_segments)`: the axis and the segment count are call
 * arguments (ints), as in r1.5.
 * @module
 */
import { ArgumentTypeError } from '../../errors/index.js';
import { kernelRegistry, type KernelDef } from '../../kernels/index.js';
import { record } from '../graph/executor.js';
import type { Tensor } from '../tensor.js';
import { primitive } from './primitive.js';

const kernel = (name: string): KernelDef<never> => kernelRegistry.find('*', name)!;

/**
 * Gather()(params, indices, axis): the slices of `params` along `axis` named by `indices` (int32/int64);
 * the output is params.shape[:axis] + indices.shape + params.shape[axis+1:]. A negative index counts
 * from the end (r1.5's CPU kernel); one beyond the range gives zeros (r1.5's GPU kernel).
 *
 * @throws {@link ArgumentTypeError} for an axis that is not an int; {@link ShapeError} for an axis out of
 *   range; {@link DTypeError} for indices that are not int32/int64.
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const params = new Tensor(np.arange(6).reshape([3, 2]), 'float32');
 * console.log(String(ops.Gather()(params, new Tensor([2, 0], 'int32'), 0))); // [[4. 5.]\n [0. 1.]]
 * ```
 */
export const Gather = () =>
  primitive('Gather', (params: Tensor, indices: Tensor, axis: number) => record('Gather', [params, indices], { kernel: kernel('Gather'), attrs: { axis } })[0]!, {
    args: 'input_params:tensor input_indices:tensor axis:axis',
  });

/**
 * UnsortedSegmentSum()(x, segmentIds, numSegments): the slices of `x` added per segment id, as r1.5's
 * (ids out of range dropped; float32 adds in index order, one rounding each).
 *
 * @throws {@link ArgumentTypeError} for a segment count that is not an int; {@link ShapeError} when the ids'
 *   shape is not a prefix of x's or the count is not positive.
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.UnsortedSegmentSum()(new Tensor([1, 2, 3, 4], 'float32'), new Tensor([0, 1, 0, 1], 'int32'), 2))); // [4. 6.]
 * ```
 */
export const UnsortedSegmentSum = () =>
  primitive('UnsortedSegmentSum', (x: Tensor, segmentIds: Tensor, numSegments: number) => {
    if (typeof numSegments !== 'number' || !Number.isInteger(numSegments)) throw new ArgumentTypeError(`For 'UnsortedSegmentSum', the 'num_segments' must be an int, but got ${String(numSegments)}.`);
    return record('UnsortedSegmentSum', [x, segmentIds], { kernel: kernel('UnsortedSegmentSum'), attrs: { numSegments } })[0]!;
  }, { args: 'x:tensor segment_ids:tensor num_segments:any' });
