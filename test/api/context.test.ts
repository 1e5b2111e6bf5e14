import t from 'tap';
import { currentDevice, getContext, resetPlatform, setContext } from '../../src/index.js';

t.test('setContext / getContext: targets, presets, modes; MindSpore defaults', async (t) => {
  resetPlatform();
  t.equal(getContext('deviceTarget'), 'Ascend', 'MindSpore r1.5 defaults to Ascend');
  t.equal(getContext('mode'), 'GRAPH_MODE');
  t.equal(currentDevice().spec.preset, 'ascend910');
  setContext({ deviceTarget: 'GPU' });
  t.equal(currentDevice().name, 'GPU:0');
  t.equal(currentDevice().spec.preset, 'a100');
  setContext({ deviceTarget: 'GPU', device: 'h100', deviceId: 1 });
  t.equal(currentDevice().name, 'GPU:1');
  t.equal(currentDevice().spec.preset, 'h100');
  setContext({ deviceTarget: 'CPU', mode: 'PYNATIVE_MODE' });
  t.same([getContext('deviceTarget'), getContext('device'), getContext('mode'), currentDevice().name], ['CPU', undefined, 'PYNATIVE_MODE', 'CPU:1']);
  setContext({ deviceId: 0 });
  t.throws(() => setContext({ deviceTarget: 'TPU' as never }), { name: 'ArgumentValueError', message: /must be one of \['Ascend', 'GPU', 'CPU'\], but got 'TPU'/ });
  t.throws(() => setContext({ mode: 'EAGER' as never }), { name: 'ArgumentValueError' });
  t.throws(() => setContext({ deviceTarget: 'Ascend', device: 'h100' }), { name: 'ArgumentValueError', message: /'h100' is a GPU preset, not a Ascend one/ });
  t.equal(getContext('deviceTarget'), 'CPU', 'a refused setContext changes nothing');
  t.throws(() => getContext('nope' as never), { name: 'ArgumentValueError' });
  setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' });
});
