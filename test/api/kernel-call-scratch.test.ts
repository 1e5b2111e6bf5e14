/**
 * The executor's reused argument lists for kernel calls (api/graph/launch.ts): one list per input count,
 * views of the running node's inputs, let go when the call ends; a call made while one is running gets
 * none (it makes its own).
 */
import t from 'tap';
import { ExecutionContext, Tensor, np, ops } from '../../src/index.js';
import { KernelCallScratch } from '../../src/api/graph/launch.js';

t.test('enter gives views of the inputs in a reused list; a nested enter gets null; leave lets go', async (t) => {
  new ExecutionContext({ deviceTarget: 'GPU' }).run(() => {
    const a = ops.Add()(new Tensor(np.ones([3]).astype('float32')), new Tensor(np.ones([3]).astype('float32')));
    const b = ops.Mul()(a, a);
    b.asnumpy(); // both results now live on the device
    const scratch = new KernelCallScratch();
    const list = scratch.enter([a, b])!;
    t.equal(list.length, 2);
    t.strictSame(Array.from(list[0]!.data as Float32Array), [2, 2, 2]);
    t.strictSame(Array.from(list[1]!.data as Float32Array), [4, 4, 4]);
    t.equal(scratch.enter([a]), null, 'a call while one runs gets no shared list');
    scratch.options.out = list[0];
    scratch.leave(list);
    t.strictSame(list, [undefined, undefined], 'the views are let go');
    t.equal(scratch.options.out, undefined);
    const again = scratch.enter([b, a])!;
    t.equal(again, list, 'the same list is reused for the same input count');
    t.strictSame(Array.from(again[0]!.data as Float32Array), [4, 4, 4]);
    scratch.leave(again);
    const one = scratch.enter([a])!;
    t.not(one, list, 'another input count has its own list');
    t.equal(one.length, 1);
    scratch.leave(one);
  });
});
