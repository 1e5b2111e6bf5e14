/**
 * A LeNet-style network for small images, and a deterministic synthetic data set to train it on:
 * what the training tests, benchmarks and overflow scenarios use.
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import { DTYPES } from '../../kernels/index.js';
import { Cell } from '../nn/cell.js';
import { Flatten, ReLU } from '../nn/basic.js';
import { Conv2d, Dense } from '../nn/layers.js';
import { NDArray } from '../numpy/index.js';
import { Tensor } from '../tensor.js';

/**
 * LeNet's shape with strided convolutions in place of pooling (there is no pooling kernel):
 * Conv2d(c, 6, 3, stride 2) → ReLU → Conv2d(6, 16, 3, stride 2) → ReLU → Flatten → Dense(·, 32) →
 * ReLU → Dense(32, classes), with biases and XavierUniform weights.
 *
 * @throws {@link ArgumentValueError} for an image size below 4 or fewer than 2 classes.
 * @example
 * ```ts
 * import { Tensor, models, np, setSeed } from 'mindsim';
 * setSeed(0);
 * const net = new models.LeNet({ imageSize: 12, classes: 4 });
 * console.log(net.call(new Tensor(np.zeros([2, 1, 12, 12]).astype('float32'))).shape); // [ 2, 4 ]
 * ```
 */
export class LeNet extends Cell {
  /** The first convolution (stride 2). */
  conv1: Conv2d;
  /** The activation after each hidden layer. */
  relu: ReLU;
  /** The second convolution (stride 2). */
  conv2: Conv2d;
  /** [N, C, H, W] → [N, C·H·W]. */
  flatten: Flatten;
  /** The hidden fully connected layer. */
  fc1: Dense;
  /** The output layer (logits). */
  fc2: Dense;

  /** @param options - input channels (1), image size (12), classes (4). */
  constructor(options: { channels?: number; imageSize?: number; classes?: number } = {}) {
    super();
    const channels = options.channels ?? 1;
    const size = options.imageSize ?? 12;
    const classes = options.classes ?? 4;
    if (!(size >= 4) || !(classes >= 2)) throw new ArgumentValueError(`LeNet: the image size must be >= 4 and the classes >= 2, but got ${size} and ${classes}`);
    const init = { hasBias: true, weightInit: 'XavierUniform' } as const;
    this.conv1 = new Conv2d(channels, 6, 3, { stride: 2, ...init });
    this.relu = new ReLU();
    this.conv2 = new Conv2d(6, 16, 3, { stride: 2, ...init });
    this.flatten = new Flatten();
    const side = Math.ceil(Math.ceil(size / 2) / 2);
    this.fc1 = new Dense(16 * side * side, 32, { weightInit: 'XavierUniform' });
    this.fc2 = new Dense(32, classes, { weightInit: 'XavierUniform' });
  }

  override construct(x: Tensor): Tensor {
    const r = this.relu;
    return this.fc2.call(r.call(this.fc1.call(this.flatten.call(r.call(this.conv2.call(r.call(this.conv1.call(x))))))));
  }
}

/** A synthetic image classification set. */
export interface SyntheticImages {
  /** Images [n, 1, size, size], float32. */
  readonly images: Tensor;
  /** Class indices [n], int32. */
  readonly labels: Tensor;
}

/**
 * Deterministic synthetic images: class k brightens the k-th horizontal band of the image over
 * low-amplitude noise from a seeded generator, so a small network can learn it in a few steps.
 * With `numShards` and `shardId` it gives one rank's shard of the n samples, as MindSpore's
 * DistributedSampler without shuffling does: samples shardId, shardId + numShards, ... (n must divide
 * evenly).
 *
 * @throws {@link ArgumentValueError} for a shard id outside [0, numShards) or n not divisible by numShards.
 * @example
 * ```ts
 * import { models } from 'mindsim';
 * const { images, labels } = models.syntheticImages({ n: 8, seed: 1 });
 * console.log(images.shape, String(labels)); // [ 8, 1, 12, 12 ] [0 1 2 3 0 1 2 3]
 * ```
 */
export function syntheticImages(options: { n?: number; size?: number; classes?: number; seed?: number; numShards?: number; shardId?: number } = {}): SyntheticImages {
  const all = options.n ?? 32;
  const shards = options.numShards ?? 1;
  const shard = options.shardId ?? 0;
  if (!Number.isSafeInteger(shards) || shards < 1 || !Number.isSafeInteger(shard) || shard < 0 || shard >= shards || all % shards !== 0) {
    throw new ArgumentValueError(`syntheticImages: shardId must be in [0, numShards) and n divisible by numShards, but got n=${all}, numShards=${shards}, shardId=${shard}`);
  }
  const n = all / shards;
  const size = options.size ?? 12;
  const classes = options.classes ?? 4;
  let state = (options.seed ?? 0) >>> 0 || 1;
  const noise = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 4294967296 - 0.5) * 0.4;
  };
  const pixels = new Float32Array(n * size * size);
  const labels = new Int32Array(n);
  for (let s = 0; s < all; s++) {
    const k = s % classes;
    const mine = s % shards === shard;
    const i = Math.floor(s / shards);
    if (mine) labels[i] = k;
    for (let y = 0; y < size; y++) {
      const band = Math.floor((y * classes) / size) === k ? 1 : 0;
      for (let x = 0; x < size; x++) {
        const v = band + noise(); // every sample draws its noise, so a shard's samples are the whole set's
        if (mine) pixels[(i * size + y) * size + x] = v;
      }
    }
  }
  return {
    images: new Tensor(new NDArray(pixels, [n, 1, size, size], DTYPES.float32)),
    labels: new Tensor(new NDArray(labels, [n], DTYPES.int32)),
  };
}
