/**
 * The registries refuse a second registration of one name instead of silently replacing the first;
 * the command line's device list comes from the device registry.
 */
import t from 'tap';
import { ArgumentValueError, devices, kernels, runtime } from '../../src/index.js';
import { DEVICES, targetOf } from '../../sim/scenarios/scenario.js';

t.test('a duplicate preset or family is refused, and the registry is unchanged', async (t) => {
  const r = new runtime.DeviceRegistry();
  devices.registerBuiltinDevices(r);
  const before = r.presets().map((p) => p.preset);
  t.throws(() => r.addPreset({ ...devices.a100 }), { name: 'ArgumentValueError', message: /a preset named 'a100' is registered already/ });
  t.throws(() => r.addPreset({ ...devices.a100, preset: 'A100' }), ArgumentValueError, 'names are case-insensitive');
  t.throws(() => r.registerFamily('GPU', () => { throw new Error('unused'); }, [{ ...devices.a100, preset: 'other' }]), { message: /the device family 'GPU' is registered already/ });
  const fresh = new runtime.DeviceRegistry();
  t.throws(() => fresh.registerFamily('GPU', () => { throw new Error('unused'); }, [devices.a100, devices.ascend910]), { message: /'ascend910' is of the Ascend family, not of GPU/ });
  t.same(fresh.presets(), [], 'a refused family registers none of its presets');
  t.same(r.presets().map((p) => p.preset), before);
  r.addPreset({ ...devices.a100, preset: 'a100-40g' });
  t.equal(r.resolve('a100-40g:1').spec.kind, 'GPU', 'a new name is welcome');
});

t.test('a duplicate kernel for one device kind is refused; a kind-specific one may stand in for a shared one', async (t) => {
  const r = kernels.createKernelRegistry();
  const add = kernels.kernelRegistry.lookup('CPU', 'Add');
  t.throws(() => r.register(add), { name: 'ArgumentValueError', message: /a kernel named 'Add' is registered for device kind '\*' already/ });
  const fs = kernels.kernelRegistry.lookup('GPU', 'FloatStatus');
  t.throws(() => r.register(fs, ['CPU', 'GPU']), { message: /'FloatStatus' is registered for device kind 'GPU' already/ });
  t.equal(r.find('CPU', 'FloatStatus'), undefined, 'a refused registration registers nothing');
  r.register({ ...add }, ['CPU']);
  t.not(r.find('CPU', 'Add'), add, 'the CPU kind has its own Add');
  t.equal(r.find('GPU', 'Add'), add, 'others keep the shared one');
});

t.test("the command line's devices and their families come from the device registry", async (t) => {
  const presets = runtime.defaultRegistry.presets().filter((p) => p.kind !== 'Null');
  t.same([...DEVICES].sort(), presets.map((p) => p.preset).sort());
  for (const p of presets) t.equal(targetOf(p.preset), p.kind, `${p.preset} is ${p.kind}`);
  t.throws(() => targetOf('null'), /no device preset 'null' of a MindSpore target/);
});
