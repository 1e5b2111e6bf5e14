/**
 * The executor's kernel calls (api/graph/launch.ts): reused argument lists (one per input count, views of
 * the running node's inputs, let go when the call ends; a call made while one is running gets none, it
 * makes its own), and an output inferred once, when the op was recorded.
 */
import t from 'tap';
import { ExecutionContext, Tensor, np, ops } from '../../src/index.js';
import type { KernelDef } from '../../src/kernels/index.js';
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

t.test('a recorded op infers once: its kernel gets the output it was recorded with, vouched for (`inferred`)', async (t) => {
  const { DTYPES, kernelRegistry, ktensor, outputFor, trustedOutput } = await import('../../src/kernels/index.js');
  const { record } = await import('../../src/api/graph/executor.js');
  let infers = 0;
  const seen: { inferred: boolean | undefined; shape: number[] | undefined }[] = [];
  const Twice: KernelDef = {
    name: 'TwiceForTheInferTest',
    infer(inputs) {
      infers++;
      return [{ dtype: inputs[0]!.dtype, shape: [...inputs[0]!.shape] }];
    },
    compute(inputs, _attrs, options) {
      seen.push({ inferred: options?.inferred, shape: options?.out?.shape.slice() });
      const out = trustedOutput(options) ?? outputFor(this.infer(inputs, {})[0]!, options, this.name);
      for (let i = 0; i < out.data.length; i++) (out.data as Float32Array)[i] = 2 * Number(inputs[0]!.data[i]);
      return { outputs: [out], overflow: false };
    },
    cost: (inputs) => ({ flops: 1, bytes: 8, dtype: inputs[0]!.dtype }),
  };
  kernelRegistry.register(Twice);
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    const x = new Tensor(np.ones([3]).astype('float32'));
    const [y] = record('TwiceForTheInferTest', [x], { kernel: Twice as KernelDef<never> });
    t.strictSame(Array.from(y!.asnumpy().data as Float32Array), [2, 2, 2]);
    t.equal(infers, 1, 'inferred when recorded, not again when computed');
    t.strictSame(seen, [{ inferred: true, shape: [3] }]);
    // outputs given by the caller are not the kernel's inference: the kernel checks them itself
    const [z] = record('TwiceForTheInferTest', [x], { kernel: Twice as KernelDef<never>, outputs: [{ shape: [3], dtype: x.dtype }] });
    z!.asnumpy();
    t.equal(seen[1]!.inferred, false);
    t.equal(infers, 2, 'the kernel inferred in compute');
  });
  t.equal(trustedOutput(undefined), undefined);
  t.equal(trustedOutput({ out: ktensor(DTYPES.float32, [1]) }), undefined, 'not vouched for: not trusted');
});
