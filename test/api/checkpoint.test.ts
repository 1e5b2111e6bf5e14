/**
 * MindSpore `.ckpt` checkpoints, both ways, against MindSpore itself (scripts/gen_mindspore_fixtures.py,
 * `checkpoint` section): a file MindSpore saved loads into mindsim with every value, dtype and shape it
 * holds, and re-saved by mindsim in the same order it is byte for byte MindSpore's file; a file mindsim
 * wrote (test/fixtures/checkpoint/mindsim-written.ckpt, rewritten with MINDSIM_WRITE_FIXTURES=1) is what
 * mindsim still writes today, and MindSpore's load_checkpoint read every value of it back. Then r1.5's
 * rules: names, prefixes, filters, conversions, and the messages of its refusals.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import t, { type Test } from 'tap';
import {
  ExecutionContext, NDArray, Parameter, Tensor, checkpointFromBytes, checkpointToBytes, loadCheckpoint, loadParamIntoNet, nn, np, saveCheckpoint,
  type CheckpointEntry, type ParameterDict,
} from '../../src/index.js';

const dir = new URL('../fixtures/checkpoint/', import.meta.url);
const msFile = new URL('ms-written.ckpt', dir).pathname;
interface Expected { order: string[]; values: Record<string, { dtype: string; shape: number[]; values: number[] }> }
const msExpected = JSON.parse(readFileSync(new URL('ms-written.json', dir), 'utf8')) as Expected;

const flat = (p: Tensor): number[] => {
  const a = p.dtype.name === 'float16' ? p.asnumpy().astype('float32') : p.asnumpy();
  return Array.from(a.data as ArrayLike<number | bigint | boolean>, (v) => (typeof v === 'boolean' ? Number(v) : Number(v)));
};

function check(t: Test, dict: ParameterDict, want: Expected, what: string): void {
  t.same(Object.keys(dict), want.order, `${what}: the names, in file order`);
  for (const [name, w] of Object.entries(want.values)) {
    const p = dict[name]!;
    t.same([p.dtype.msName, [...p.shape], p.name], [w.dtype, w.shape, name], `${what}: ${name} is ${w.dtype} ${JSON.stringify(w.shape)}`);
    t.same(flat(p), w.values, `${what}: ${name}'s values`);
  }
}

/** A checkpoint file's top-level messages: each is field 1 (0x0a), a varint length, the Value. */
function messages(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length;) {
    const start = at;
    if (bytes[at++] !== 0x0a) throw new Error(`not a Checkpoint.value field at ${start}`);
    let len = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[at++]!;
      len += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
    at += len;
    out.push(bytes.subarray(start, at));
  }
  return out;
}

const scratch = () => mkdtempSync(`${tmpdir()}/mindsim-ckpt-`);

t.test("a checkpoint MindSpore wrote loads with every value, and mindsim writes MindSpore's bytes back", async (t) => {
  const dict = loadCheckpoint(msFile);
  check(t, dict, msExpected, 'MindSpore-written');
  // re-saved in the same order, message for message (r1.5 writes one Checkpoint message per Parameter)
  const mine = messages(checkpointToBytes(Object.entries(dict).map(([name, data]): CheckpointEntry => ({ name, data }))));
  const theirs = messages(new Uint8Array(readFileSync(msFile)));
  t.equal(mine.length, theirs.length, 'one message per value');
  const scalars = Object.entries(dict).filter(([, p]) => p.shape.length === 0).map(([k]) => k);
  mine.forEach((m, i) => {
    const name = msExpected.order[i]!;
    if (scalars.includes(name)) {
      // the one difference: r1.5 writes a scalar's dims as [0] (mindsim does), 2.10 writes none; both load as shape ()
      const [ours, ms] = [checkpointFromBytes(m)[name]!, checkpointFromBytes(theirs[i]!)[name]!];
      t.same([m.length - 2, [...ours.shape], flat(ours)], [theirs[i]!.length, [...ms.shape], flat(ms)], `${name}: a scalar, dims [0] (r1.5) where 2.10 writes none`);
    } else t.ok(Buffer.from(m).equals(theirs[i]!), `${name}: byte for byte MindSpore's message`);
  });
});

/** The values mindsim writes for the MindSpore round trip: every dtype r1.5's checkpoints hold, scalars and a 4-D weight. */
function mindsimEntries(): CheckpointEntry[] {
  return [
    { name: 'conv.weight', data: new Tensor(np.arange(8).reshape([2, 1, 2, 2]).astype('float32')) },
    { name: 'bn.moving_variance', data: new Tensor([0.5, 1.25], 'float32') },
    { name: 'half', data: new Tensor([0.5, -1.25, 65504], 'float16') },
    { name: 'wide', data: new Tensor([1e300, -2.5], 'float64') },
    { name: 'count', data: new Tensor(new NDArray(Int32Array.from([1, -2, 3, 2147483647]), [2, 2], 'int32')) },
    { name: 'small', data: new Tensor(new NDArray(Int8Array.from([-128, 127]), [2], 'int8')) },
    { name: 'short', data: new Tensor(new NDArray(Int16Array.from([-32768, 7]), [2], 'int16')) },
    { name: 'global_step', data: new Tensor(new NDArray(BigInt64Array.from([9007199254740993n]), [1], 'int64')) },
    { name: 'lr', data: new Tensor(0.125, 'float32') },
    { name: 'mask', data: new Tensor(new NDArray(Uint8Array.from([1, 0, 1]), [3], 'bool')) },
  ];
}

t.test('a checkpoint mindsim writes is the committed file MindSpore read back', async (t) => {
  const file = new URL('mindsim-written.ckpt', dir).pathname;
  const bytes = checkpointToBytes(mindsimEntries());
  if (process.env.MINDSIM_WRITE_FIXTURES === '1') {
    if (existsSync(file)) chmodSync(file, 0o600);
    writeFileSync(file, bytes);
  }
  t.ok(Buffer.from(bytes).equals(new Uint8Array(readFileSync(file))), 'mindsim writes the committed bytes');
  const read = JSON.parse(readFileSync(new URL('mindsim-read-by-mindspore.json', dir), 'utf8')) as Expected;
  // MindSpore read it (2.10's load_checkpoint): the same names, dtypes, shapes and values; int64 beyond 2^53 as doubles in its JSON
  check(t, checkpointFromBytes(bytes), read, 'read back by MindSpore');
  t.equal(checkpointFromBytes(bytes).global_step!.asnumpy().item(), 9007199254740993n, 'int64 values keep every bit');
});

t.test("r1.5's naming, filtering, prefixes and conversions", async (t) => {
  await new ExecutionContext({ deviceTarget: 'CPU' }).run(async () => {
    const folder = scratch();
    class Net extends nn.Cell {
      conv1 = new nn.Conv2d(1, 2, 3, { hasBias: true });
      bn1 = new nn.BatchNorm2d(2);
      fc = new nn.Dense(4, 2);
    }
    const net = new Net();
    const file = `${folder}/net.ckpt`;
    saveCheckpoint(net, file);
    saveCheckpoint(net, file); // an existing (read-only) file is replaced, as r1.5 removes it first
    const dict = loadCheckpoint(file);
    t.same(Object.keys(dict), ['conv1.weight', 'conv1.bias', 'bn1.moving_mean', 'bn1.moving_variance', 'bn1.gamma', 'bn1.beta', 'fc.weight', 'fc.bias']);
    t.same(Object.keys(loadCheckpoint(file, { filterPrefix: ['bn1', 'fc.w'] })), ['conv1.weight', 'conv1.bias', 'fc.weight', 'fc.bias'], "a prefix filters whole name parts ('fc.w' is not 'fc.weight')");
    const other = new Net();
    const printed: string[] = [];
    const quiet = new ExecutionContext({ deviceTarget: 'CPU', printSink: (s) => printed.push(s) });
    t.same(quiet.run(() => loadParamIntoNet(other, loadCheckpoint(file, { filterPrefix: 'fc' }))), ['fc.weight', 'fc.bias'], 'the names not loaded');
    t.same(printed, ['[WARNING] 2 parameters in the net are not loaded.\n', '[WARNING] fc.weight is not loaded.\n', '[WARNING] fc.bias is not loaded.\n']);
    t.same(flat(other.conv1.weight), flat(net.conv1.weight), 'loaded values');
    // a dictionary under an extra prefix (a network wrapped in another cell) loads without strict_load
    const wrapped: ParameterDict = {};
    for (const [k, v] of Object.entries(dict)) wrapped[`network.${k}`] = v;
    const third = new Net();
    t.same(quiet.run(() => loadParamIntoNet(third, wrapped)), [], 'prefix "network." removed, everything loaded');
    t.same(flat(third.fc.weight), flat(net.fc.weight));
    // float32 into a float16 Parameter converts (with r1.5's warning) unless strict
    class Half extends nn.Cell {
      weight = new Parameter(new Tensor(np.zeros([2, 4]), 'float16'), 'weight');
    }
    const half = new Half();
    quiet.run(() => loadParamIntoNet(half, { weight: dict['fc.weight']! } as ParameterDict));
    t.equal(half.weight.dtype.msName, 'Float16');
    t.throws(() => loadParamIntoNet(half, { weight: dict['fc.weight']! } as ParameterDict, true), { name: 'DTypeError', message: 'Net parameters weight type(Float16) different from parameter_dict\'s(Float32)' });
    t.throws(() => loadParamIntoNet(new nn.Dense(3, 2), { weight: dict['fc.weight']! } as ParameterDict), {
      name: 'ShapeError', message: "Net parameters weight shape((2, 3)) different from parameter_dict's((2, 4))",
    });
    // r1.5's _special_process_par: trailing 1s load into a smaller shape
    const squeezed = new nn.Dense(4, 2);
    loadParamIntoNet(squeezed, { weight: new Parameter(new Tensor(np.ones([2, 4, 1, 1]), 'float32'), 'weight') } as ParameterDict);
    t.same(squeezed.weight.shape, [2, 4]);
    rmSync(folder, { recursive: true, force: true });
  });
});

t.test("r1.5's refusals", async (t) => {
  const folder = scratch();
  t.throws(() => loadCheckpoint(3 as never), { name: 'ArgumentValueError', message: 'The ckpt_file_name must be string.' });
  t.throws(() => loadCheckpoint(`${folder}/none.ckpt`), { name: 'ArgumentValueError', message: 'The checkpoint file does not exist.' });
  writeFileSync(`${folder}/x.bin`, new Uint8Array([1]));
  t.throws(() => loadCheckpoint(`${folder}/x.bin`), { name: 'ArgumentValueError', message: 'Please input the correct checkpoint file name.' });
  writeFileSync(`${folder}/bad.ckpt`, new Uint8Array([10, 5, 10, 1, 97]));
  t.throws(() => loadCheckpoint(`${folder}/bad.ckpt`), { name: 'ArgumentValueError', message: /^Failed to read the checkpoint file `.*bad\.ckpt`, please check the correct of the file\./ });
  t.throws(() => checkpointFromBytes(checkpointToBytes([{ name: 'a', data: new Tensor(1, 'float32') }]), { filterPrefix: 'a' }), {
    name: 'ArgumentValueError', message: 'The loaded parameter dict is empty after filtering, please check filter_prefix.',
  });
  t.throws(() => checkpointFromBytes(new Uint8Array(), { filterPrefix: [] }), { name: 'ArgumentValueError', message: "The filter_prefix can't be empty when filter_prefix is list or tuple." });
  t.throws(() => checkpointFromBytes(new Uint8Array(), { filterPrefix: [1] as never }), { name: 'ArgumentTypeError', message: "The type of filter_prefix must be str, list[str] or tuple[str], but got <class 'int'> at index 0." });
  t.throws(() => saveCheckpoint(3 as never, `${folder}/a.ckpt`), { name: 'ArgumentTypeError', message: "The parameter save_obj should be nn.Cell or list, but got <class 'int'>" });
  t.throws(() => checkpointToBytes([{ name: 'b', data: new Tensor([1], 'bfloat16') }]), { name: 'DTypeError' });
  t.throws(() => loadParamIntoNet({} as never, {}), { name: 'ArgumentTypeError', message: "Argument net should be a Cell, but got <class 'dict'>." });
  t.throws(() => loadParamIntoNet(new nn.Dense(1, 1), [] as never), { name: 'ArgumentTypeError', message: "Argument parameter_dict should be a dict, but got <class 'list'>." });
  t.throws(() => loadParamIntoNet(new nn.Dense(1, 1), { weight: 3 } as never), { name: 'ArgumentTypeError', message: "Argument parameter_dict element should be a Parameter, but got <class 'int'>." });
  const w = new nn.Dense(1, 1);
  const before = flat(w.weight);
  t.throws(() => loadParamIntoNet(w, { bias: new Parameter(new Tensor([1, 2], 'float32'), 'bias'), weight: 3 } as never), { name: 'ArgumentTypeError' });
  t.same(flat(w.weight), before, 'a refused dictionary loads nothing');
  // a value stored in slices (r1.5 splits values over 512 MiB): the slices of one tag are joined
  const halves = [checkpointToBytes([{ name: 's', data: new Tensor([1, 2], 'float32') }]), checkpointToBytes([{ name: 's', data: new Tensor([3, 4], 'float32') }])];
  const joined = new Uint8Array([...halves[0]!, ...halves[1]!]);
  t.throws(() => checkpointFromBytes(joined), { name: 'ShapeError', message: /'s' holds 4 elements, but its dims \(2,\) need 2/ }, 'slices join, and must fit the dims');
  rmSync(folder, { recursive: true, force: true });
});
