/**
 * The front end: chains of tiny ops.Add through the whole stack (record, schedule onto a simulated
 * device, simulate, synchronise at the end) in the default context (its trace kept, as a user's program
 * has it), on each target, in both modes; one row with the trace off (`record: 0`). In the same run:
 * TensorFlow.js's CPU backend running the same chain of tf.add (the peer) and the adds as bare kernel
 * calls (the floor of the stack's cost).
 */
import { Tensor, getSimulator, kernels, np, ops, resetPlatform, setContext } from '../src/index.js';
import { type GroupResult, runGroup } from './harness.js';
import { tf, tfjsCase, tfjsReady } from './peers.js';

const N = 20_000;
const PEER = 'tfjs-cpu, tf.add chain';

export async function frontendBenchmarks(): Promise<GroupResult[]> {
  await tfjsReady();
  const one = kernels.ktensor(kernels.DTYPES.float32, [4], new Float32Array(4).fill(1));
  const chain = (deviceTarget: 'CPU' | 'GPU' | 'Ascend', mode: 'GRAPH_MODE' | 'PYNATIVE_MODE', record?: number, timingOnly = false) => () => {
    resetPlatform({ ...(record === undefined ? {} : { record }), timingOnly });
    setContext({ deviceTarget, mode });
    const add = ops.Add();
    const c = new Tensor(np.ones([4]).astype('float32'));
    let x = c;
    for (let i = 0; i < N; i++) x = add(x, c);
    if (timingOnly) getSimulator().run(); // nothing to read back: let the device finish
    else x.asnumpy();
  };
  const tfOne = (() => {
    void tf.setBackend('cpu');
    return tf.ones([4]);
  })();
  const rows = [
    tfjsCase(PEER, 'cpu', N, () => {
      let x = tfOne;
      for (let i = 0; i < N; i++) {
        const next = tf.add(x, tfOne);
        if (x !== tfOne) x.dispose();
        x = next;
      }
      return x;
    }),
    {
      name: 'bare kernel calls',
      units: N,
      fn: () => {
        let x = one;
        for (let i = 0; i < N; i++) x = kernels.ELEMENTWISE.Add!.compute([x, one], {}).outputs[0]!;
      },
    },
    { name: 'CPU PYNATIVE, trace off (record: 0)', units: N, fn: chain('CPU', 'PYNATIVE_MODE', 0) },
    { name: 'CPU PYNATIVE, default context, timing-only', units: N, fn: chain('CPU', 'PYNATIVE_MODE', undefined, true) },
  ];
  for (const target of ['CPU', 'GPU', 'Ascend'] as const) {
    for (const mode of ['PYNATIVE_MODE', 'GRAPH_MODE'] as const) rows.push({ name: `${target} ${mode.replace('_MODE', '')}, default context`, units: N, fn: chain(target, mode) });
  }
  const result = runGroup(`tiny ops.Add chains, ${N} ops per run`, 'ops', rows, PEER);
  resetPlatform();
  setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' });
  return [result];
}
