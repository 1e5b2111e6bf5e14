/**
 * Model, callbacks, metrics and the dataset pipeline as r1.5 has them: Model.train on LeNet5 gives the
 * loss curve of the same network trained step by step, and LossMonitor prints each loss as r1.5's
 * `"epoch: %s step: %s, loss is %s" % (..., np.mean(loss))` does (numpy's str of a float32); sink mode
 * reports once per sink on GPU/Ascend and never sinks on CPU (r1.5's warning); eval with Accuracy and
 * Loss; predict; r1.5's refusals; the datasets' batching, shuffling (seeded, fresh each epoch),
 * repeating and sharding.
 */
import t from 'tap';
import {
  Callback, CheckpointConfig, ExecutionContext, LossMonitor, Model, ModelCheckpoint, Normal, Tensor, loadCheckpoint, TimeMonitor, dataset, models, mstype, nn, np, setSeed, type RunContext, type Tensor as T,
} from '../../src/index.js';
import { formatScalar } from '../../src/api/numpy/format/array-text.js';

/** r1.5's LeNet5 as docs/porting/lenet5.md ports it. */
class LeNet5 extends nn.Cell {
  conv1 = new nn.Conv2d(1, 6, 5, { padMode: 'valid' });
  conv2 = new nn.Conv2d(6, 16, 5, { padMode: 'valid' });
  relu = new nn.ReLU();
  maxPool2d = new nn.MaxPool2d(2, 2);
  flatten = new nn.Flatten();
  fc1 = new nn.Dense(16 * 5 * 5, 120, { weightInit: new Normal(0.02) });
  fc2 = new nn.Dense(120, 84, { weightInit: new Normal(0.02) });
  fc3 = new nn.Dense(84, 10, { weightInit: new Normal(0.02) });
  override construct(x: T): T {
    x = this.maxPool2d.call(this.relu.call(this.conv1.call(x)));
    x = this.maxPool2d.call(this.relu.call(this.conv2.call(x)));
    x = this.flatten.call(x);
    x = this.relu.call(this.fc1.call(x));
    x = this.relu.call(this.fc2.call(x));
    return this.fc3.call(x);
  }
}

function lenetData(n: number) {
  const { images, labels } = models.syntheticImages({ n, size: 32, classes: 10, seed: 7 });
  return new dataset.NumpySlicesDataset([images.asnumpy(), labels.asnumpy()], { columnNames: ['image', 'label'], shuffle: false }).batch(8);
}

t.test('Model.train on LeNet5: the loss curve of step-by-step training; LossMonitor prints each loss as r1.5', async (t) => {
  const losses = (viaModel: boolean): { losses: number[]; printed: string[] } => {
    const printed: string[] = [];
    const ctx = new ExecutionContext({ deviceTarget: 'CPU', mode: 'GRAPH_MODE', printSink: (s) => printed.push(s) });
    return ctx.run(() => {
      setSeed(1);
      const net = new LeNet5();
      const loss = new nn.SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' });
      const opt = new nn.Momentum(net.trainableParams(), 0.01, 0.9);
      const data = lenetData(32);
      if (viaModel) {
        const seen: number[] = [];
        class Record extends Callback {
          override stepEnd(run: RunContext): void {
            seen.push(Number((run.originalArgs().netOutputs as T).asnumpy().item()));
          }
        }
        new Model(net, { lossFn: loss, optimizer: opt, metrics: ['acc'] }).train(3, data, { callbacks: [new LossMonitor(), new Record()] });
        return { losses: seen, printed };
      }
      const step = new nn.TrainOneStepCell(new nn.WithLossCell(net, loss), opt);
      net.setTrain(true);
      const out: number[] = [];
      for (let e = 0; e < 3; e++) for (const [x, y] of data.createTupleIterator() as Generator<T[]>) out.push(Number(step.call(x!, y!).asnumpy().item()));
      return { losses: out, printed };
    });
  };
  const model = losses(true);
  const manual = losses(false);
  t.equal(model.losses.length, 12, '3 epochs of 4 batches');
  t.same(model.losses, manual.losses, 'bit for bit the step-by-step curve');
  const expected = model.losses.map((l, i) => `epoch: ${Math.floor(i / 4) + 1} step: ${(i % 4) + 1}, loss is ${formatScalar(l, mstype.float32)}\n`);
  t.same(model.printed.slice(1), expected, 'LossMonitor: one line per step, the loss as numpy prints a float32');
  t.equal(model.printed[0], '[WARNING] The CPU cannot support dataset sink mode currently.So the training process will be performed with dataset not sink.\n', "CPU: r1.5's warning, no sink");
  t.match(model.printed[1], /^epoch: 1 step: 1, loss is 2\.30\d+\n$/, 'the first loss is about ln 10');
});

t.test('sink mode: callbacks once per sink (GPU, Ascend), sink_size, TimeMonitor on simulated time', async (t) => {
  for (const deviceTarget of ['GPU', 'Ascend'] as const) {
    const printed: string[] = [];
    new ExecutionContext({ deviceTarget, printSink: (s) => printed.push(s) }).run(() => {
      const net = new nn.Dense(2, 1, { weightInit: 'zeros' });
      const model = new Model(net, { lossFn: new nn.MSELoss(), optimizer: new nn.SGD(net.trainableParams(), { learningRate: 0.1 }) });
      const data = new dataset.NumpySlicesDataset([np.ones([4, 2]).astype('float32'), np.ones([4, 1]).astype('float32')], { shuffle: false }).batch(1);
      model.train(2, data, { callbacks: [new LossMonitor(), new TimeMonitor()] });
      model.train(2, data, { callbacks: new LossMonitor(), sinkSize: 2 });
      model.train(1, data, { callbacks: new LossMonitor(), datasetSinkMode: false });
    });
    const lossLines = printed.filter((l) => l.startsWith('epoch:') && l.includes('loss'));
    t.same(lossLines.map((l) => l.replace(/loss is [^]*$/, '')), ['epoch: 1 step: 4, ', 'epoch: 2 step: 4, ', 'epoch: 1 step: 2, ', 'epoch: 2 step: 2, ', 'epoch: 1 step: 1, ', 'epoch: 1 step: 2, ', 'epoch: 1 step: 3, ', 'epoch: 1 step: 4, '], `${deviceTarget}: a line per sink, then per step without sinking`);
    const times = printed.filter((l) => l.startsWith('epoch time'));
    t.equal(times.length, 2, `${deviceTarget}: TimeMonitor prints each epoch`);
    t.match(times[0], /^epoch time: +\d+\.\d{3} ms, per step time: +\d+\.\d{3} ms\n$/);
    t.ok(Number(/per step time: +([\d.]+)/.exec(times[0]!)![1]) > 0, 'simulated time passes');
  }
});

t.test('eval with Accuracy and Loss, predict, request_stop', async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    const net = new nn.Dense(2, 2, { weightInit: new Tensor(np.array([[1, 0], [0, 1]]), 'float32') });
    const model = new Model(net, { lossFn: new nn.SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' }), metrics: ['acc', 'loss'] });
    const x = np.array([[2, 0], [0, 2], [2, 0], [0, 2]]).astype('float32');
    const data = new dataset.NumpySlicesDataset([x, np.array([0, 1, 1, 1]).astype('int32')], { shuffle: false }).batch(2);
    const r = model.eval(data);
    t.equal(r.acc, 0.75, 'three of four');
    t.ok(Math.abs(r.loss! - (0.12692805 * 3 + 2.126928) / 4) < 1e-6, `mean of the batch losses (${r.loss})`);
    t.equal(String(model.predict(new Tensor([[0, 3]], 'float32'))), '[[0. 3.]]');
    let steps = 0;
    class StopAt2 extends Callback {
      override stepEnd(run: RunContext): void {
        steps = run.originalArgs().curStepNum;
        if (steps === 2) run.requestStop();
      }
    }
    const trainable = new Model(net, { lossFn: new nn.SoftmaxCrossEntropyWithLogits({ sparse: true }), optimizer: new nn.SGD(net.trainableParams(), { learningRate: 0.1 }) });
    trainable.train(5, data, { callbacks: new StopAt2(), datasetSinkMode: false });
    t.equal(steps, 2, 'request_stop ends training after that step');
  });
});

t.test("r1.5's refusals", async (t) => {
  const net = new nn.Dense(2, 1);
  t.throws(() => new Model(net, { ampLevel: 'O2' }), { name: 'ArgumentValueError', message: /Auto mixed precision will not work because 'optimizer' is None/ });
  t.throws(() => new Model(net, { lossScaleManager: new nn.FixedLossScaleManager() }), { message: "The argument 'optimizer' can not be None when set 'loss_scale_manager'." });
  t.throws(() => new Model(net, { metrics: ['acc'] }), { name: 'ArgumentValueError', message: /If `metrics` is set, `eval_network` must not be None/ });
  t.throws(() => new Model(net, { lossFn: new nn.MSELoss(), metrics: ['f1'] }), { name: 'KeyNameError', message: 'Unsupported metric f1' });
  t.throws(() => new Model(3 as never), { name: 'ArgumentTypeError' });
  t.throws(() => new Model(net).eval(new dataset.NumpySlicesDataset([np.ones([1, 2]), np.ones([1, 1])])), { message: /metric fn can not be None or empty/ });
  const m = new Model(net, { lossFn: new nn.MSELoss(), optimizer: new nn.SGD(net.trainableParams()) });
  t.throws(() => m.train(0, new dataset.NumpySlicesDataset([np.ones([1, 2])])), { name: 'ArgumentValueError' });
  t.throws(() => m.train(1, new dataset.NumpySlicesDataset([np.ones([2, 2]).astype('float32')]), { datasetSinkMode: false }), { message: /should return two elements, but got 1/ });
  t.throws(() => new LossMonitor(-1), { message: "The argument 'per_print_times' must be int and >= 0, but got -1" });
  t.throws(() => new nn.Accuracy().eval(), { message: 'Accuracy can not be calculated, because the number of samples is 0.' });
  t.throws(() => new nn.Loss().eval(), { message: 'Total number can not be 0.' });
  t.throws(() => new nn.Accuracy().update(new Tensor([1], 'float32')), { message: 'Accuracy need 2 inputs (y_pred, y), but got 1' });
});

t.test('datasets: batch, shuffle (seeded, fresh each epoch), repeat, shards, generators', async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU' }).run(() => {
    const values = (ds: dataset.Dataset, epochs = 1) => [...ds.createTupleIterator({ numEpochs: epochs, outputNumpy: true })].map((r) => Array.from((r[0] as ReturnType<T['asnumpy']>).data as ArrayLike<number | bigint>, Number));
    const base = () => new dataset.NumpySlicesDataset({ x: np.arange(10) });
    const a = values(base(), 2).flat();
    t.same([...a.slice(0, 10)].sort((p, q) => p - q), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'shuffled by default, every row once per epoch');
    t.notSame(a.slice(0, 10), a.slice(10), 'a fresh order each epoch');
    t.same(values(base(), 2).flat(), a, 'the same seed, the same orders');
    dataset.config.setSeed(99);
    t.notSame(values(base(), 1).flat(), a.slice(0, 10), 'another seed, another order');
    t.same(values(new dataset.NumpySlicesDataset(np.arange(5), { shuffle: false }).batch(2, { dropRemainder: true })), [[0, 1], [2, 3]], 'drop_remainder');
    t.same(values(new dataset.NumpySlicesDataset(np.arange(5), { shuffle: false, numShards: 2, shardId: 1 })).flat(), [1, 3], 'shard 1 of 2');
    t.same(values(new dataset.NumpySlicesDataset(np.arange(3), { shuffle: false }).repeat(2)).flat(), [0, 1, 2, 0, 1, 2]);
    const gen = new dataset.GeneratorDataset(function* () {
      yield [np.array([1, 2]), 5];
      yield [np.array([3, 4]), 6];
    }, { columnNames: ['x', 'y'] });
    t.same(values(gen.batch(2)), [[1, 2, 3, 4]], 'a generator, batched');
    t.equal(gen.getDatasetSize(), 2);
    t.throws(() => new dataset.GeneratorDataset(function* () {}, { columnNames: ['x'], shuffle: true }), { name: 'ArgumentValueError', message: /shuffle is not supported/ });
    t.throws(() => new dataset.NumpySlicesDataset([np.ones([2]), np.ones([3])]), { name: 'ShapeError' });
    t.throws(() => base().batch(0), { message: 'batch_size is not within the required interval of [1, 2147483647], but got 0.' });
    t.throws(() => new dataset.NumpySlicesDataset(np.arange(3), { numShards: 2 }), { message: /num_shards and shard_id need to be passed in together/ });
  });
});

t.test("ModelCheckpoint: r1.5's file names, keep_checkpoint_max, the last step at the end, prefix renaming", async (t) => {
  const { mkdtempSync, readdirSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(`${tmpdir()}/mindsim-mc-`);
  new ExecutionContext({ deviceTarget: 'CPU', printSink: () => {} }).run(() => {
    const net = new nn.Dense(2, 1);
    const data = new dataset.NumpySlicesDataset([np.ones([5, 2]).astype('float32'), np.ones([5, 1]).astype('float32')], { shuffle: false }).batch(1);
    const model = new Model(net, { lossFn: new nn.MSELoss(), optimizer: new nn.Momentum(net.trainableParams(), 0.01, 0.9) });
    const first = new ModelCheckpoint('net', dir, new CheckpointConfig({ saveCheckpointSteps: 2, keepCheckpointMax: 3 }));
    model.train(2, data, { callbacks: first });
    // steps 2, 4 (epoch 1), 6, 8, 10 (epoch 2) saved; the oldest two removed; step 10 is the last (no extra save)
    t.same(readdirSync(dir).sort(), ['net-2_1.ckpt', 'net-2_3.ckpt', 'net-2_5.ckpt']);
    t.same(Object.keys(loadCheckpoint(`${dir}/net-2_5.ckpt`)), ['weight', 'bias', 'learning_rate', 'momentum', 'moments.weight', 'moments.bias'], "the train network's Parameters: the optimizer's state too, as r1.5 saves it");
    const second = new ModelCheckpoint('net', dir, new CheckpointConfig({ saveCheckpointSteps: 4 }));
    t.equal(second.prefix, 'net_1', "the folder has net-… files: r1.5's renaming");
    model.train(1, data, { callbacks: second });
    t.same(readdirSync(dir).filter((f) => f.startsWith('net_1')).sort(), ['net_1-1_4.ckpt', 'net_1-1_5.ckpt'], 'step 4, and the last step at the end');
    t.equal(new ModelCheckpoint('net', dir).prefix, 'net_2');
    t.throws(() => new ModelCheckpoint('a/b', dir), { name: 'ArgumentValueError' });
    t.throws(() => new CheckpointConfig({ saveCheckpointSteps: 0 }), { name: 'ArgumentValueError' });
  });
  rmSync(dir, { recursive: true, force: true });
});
