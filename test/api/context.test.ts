import t from 'tap';
import { ExecutionContext, currentDevice, getContext, resetPlatform, setContext } from '../../src/index.js';

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
  t.throws(() => setContext({ deviceTarget: 'Ascend', device: 'h100' }), { name: 'ArgumentValueError', message: /'h100' is a preset of the GPU family, not of Ascend/ });
  t.equal(getContext('deviceTarget'), 'CPU', 'a refused setContext changes nothing');
  // a device names a family or preset the registry knows; its number is deviceId (a 'h100:3' was taken
  // and became the device 'h100:3:0' that the first op failed on, naming no API)
  for (const [device, name, message] of [
    ['h100:3', 'ArgumentValueError', /For 'set_context', the argument 'device' must be a device family or preset name, the device number going in 'device_id', but got 'h100:3'/],
    ['GPU:1e+300', 'ArgumentValueError', /For 'set_context', the argument 'device' must be a device family or preset, but got 'GPU:1e\+300': unknown device/],
    ['GPU:', 'ArgumentValueError', /but got 'GPU:': unknown device/],
    ['tpu', 'ArgumentValueError', /For 'set_context', the argument 'device' must be a device family or preset, but got 'tpu': unknown device 'tpu' \(families: .*presets: .*h100/],
    [7, 'ArgumentTypeError', /For 'set_context', the argument 'device' must be a str \(a device family or preset\), but got number 7/],
  ] as const) {
    t.throws(() => setContext({ deviceTarget: 'GPU', device: device as never }), { name, message }, String(device));
  }
  // device ids as r1.5's set_context takes them: an int in [0, 4095] (1e300 is an integer to JavaScript,
  // and was taken, the first op then failing on the device 'GPU:1e+300')
  for (const [deviceId, name, message] of [
    [1e300, 'ArgumentValueError', /For 'set_context', Device id must be in \[0, 4095\], but got 1e\+300/],
    [4096, 'ArgumentValueError', /Device id must be in \[0, 4095\], but got 4096/],
    [-1, 'ArgumentValueError', /Device id must be in \[0, 4095\], but got -1/],
    [1.5, 'ArgumentTypeError', /For 'set_context', the argument 'device_id' must be an int, but got number 1.5/],
    ['1', 'ArgumentTypeError', /must be an int, but got string '1'/],
  ] as const) {
    t.throws(() => setContext({ deviceTarget: 'GPU', deviceId: deviceId as never }), { name, message }, String(deviceId));
  }
  t.same([getContext('deviceTarget'), getContext('device'), getContext('deviceId')], ['CPU', undefined, 0], 'and the refusals changed nothing');
  setContext({ deviceTarget: 'GPU', deviceId: 4095 });
  t.equal(currentDevice().name, 'GPU:4095', 'the largest id is a device');
  setContext({ deviceTarget: 'CPU', deviceId: 0 });
  t.throws(() => new ExecutionContext({ deviceTarget: 'GPU', device: 'a100:1' }), { name: 'ArgumentValueError', message: /but got 'a100:1'/ }, 'a new context checks it too');
  new ExecutionContext({ deviceTarget: 'GPU', device: 'GPU', deviceId: 2 }).run(() => t.same([currentDevice().name, currentDevice().spec.preset], ['GPU:2', 'a100'], 'a family name is its default preset'));
  t.throws(() => getContext('nope' as never), { name: 'ArgumentValueError' });
  setContext({ deviceTarget: 'Ascend', mode: 'GRAPH_MODE' });
});
