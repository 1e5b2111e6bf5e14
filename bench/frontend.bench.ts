/**
 * The front end: chains of tiny ops.Add through the whole stack (record, schedule onto a simulated CPU
 * device, simulate, synchronise at the end), in both modes. Baseline in the same run: the same adds as
 * bare kernel calls. For scale: TensorFlow.js's CPU backend runs such a chain of tf.add at about
 * 400,000 ops/s on this machine (issue 5's target); PyTorch's eager dispatch costs 1-3 µs per tiny op.
 */
import { Tensor, kernels, np, ops, resetPlatform, setContext } from '../src/index.js';
import { type GroupResult, runGroup } from './harness.js';

const N = 5000;

export function frontendBenchmarks(): GroupResult[] {
  const one = kernels.ktensor(kernels.DTYPES.float32, [4], new Float32Array(4).fill(1));
  const chain = (mode: 'GRAPH_MODE' | 'PYNATIVE_MODE') => () => {
    resetPlatform({ record: 0 });
    setContext({ deviceTarget: 'CPU', mode });
    const add = ops.Add();
    const c = new Tensor(np.ones([4]).astype('float32'));
    let x = c;
    for (let i = 0; i < N; i++) x = add(x, c);
    x.asnumpy();
  };
  const result = runGroup(`tiny ops.Add chains, ${N} ops per run`, 'ops', [
    {
      name: 'baseline: bare kernel calls',
      units: N,
      fn: () => {
        let x = one;
        for (let i = 0; i < N; i++) x = kernels.ELEMENTWISE.Add!.compute([x, one], {}).outputs[0]!;
      },
    },
    { name: 'PYNATIVE_MODE, whole stack', units: N, fn: chain('PYNATIVE_MODE') },
    { name: 'GRAPH_MODE, whole stack', units: N, fn: chain('GRAPH_MODE') },
  ]);
  setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' });
  return [result];
}
