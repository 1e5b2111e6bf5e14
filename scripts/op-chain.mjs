// Chains of 20,000 tiny ops.Add through the whole stack, each on a fresh platform (as `npm run bench --
// frontend` runs them): the program scripts/instructions-per-op.sh counts. Needs `npm run build`.
// usage: node scripts/op-chain.mjs CHAINS [CPU|GPU|Ascend] [PYNATIVE_MODE|GRAPH_MODE] [platform options as JSON]
import { Tensor, np, ops, resetPlatform, setContext } from '../dist/src/index.js';

const [chains = '10', deviceTarget = 'CPU', mode = 'PYNATIVE_MODE', options = '{}'] = process.argv.slice(2);
for (let r = 0; r < Number(chains); r++) {
  resetPlatform(JSON.parse(options));
  setContext({ deviceTarget, mode });
  const add = ops.Add();
  const c = new Tensor(np.ones([4]).astype('float32'));
  let x = c;
  for (let i = 0; i < 20_000; i++) x = add(x, c);
  x.asnumpy();
}
