/**
 * CheckpointConfig and the ModelCheckpoint callback as r1.5's `mindspore.train.callback`: during
 * `Model.train`, the network's Parameters saved every `saveCheckpointSteps` steps as
 * `{prefix}-{epoch}_{step}.ckpt` (MindSpore's format), at most `keepCheckpointMax` files kept (the
 * oldest removed), and the last step saved at the end; a prefix whose files are already in the folder
 * becomes `{prefix}_1`, `{prefix}_2`... as r1.5 renames it.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import { saveCheckpoint } from '../checkpoint/serialization.js';
import type { Cell } from '../nn/cell.js';
import { nodeFs } from '../node-fs.js';
import { pythonType } from '../python-type.js';
import { Callback, type RunContext } from './callback.js';

/** CheckpointConfig's options (r1.5's keyword arguments). */
export interface CheckpointConfigOptions {
  /** Save every this many steps (1). */
  readonly saveCheckpointSteps?: number;
  /** Keep at most this many files (5; 0: all). */
  readonly keepCheckpointMax?: number;
  /** Extra values stored in each file (r1.5's `append_info` dict form). */
  readonly appendInfo?: Record<string, number | boolean>;
}

/**
 * When and what ModelCheckpoint saves, as r1.5's `CheckpointConfig` (step-based; r1.5's time-based
 * options are not simulated).
 *
 * @throws {@link ArgumentValueError} for a step count or file count that is not a non-negative int, or both zero.
 * @example
 * ```ts
 * import { CheckpointConfig } from 'mindsim';
 * console.log(new CheckpointConfig({ saveCheckpointSteps: 32, keepCheckpointMax: 10 }).saveCheckpointSteps); // 32
 * ```
 */
export class CheckpointConfig {
  /** Save every this many steps. */
  readonly saveCheckpointSteps: number;
  /** Files kept. */
  readonly keepCheckpointMax: number;
  /** Extra values stored in each file. */
  readonly appendInfo: Record<string, number | boolean> | undefined;

  /** @param options - r1.5's keyword arguments. */
  constructor(options: CheckpointConfigOptions = {}) {
    if (options === null || typeof options !== 'object') throw new ArgumentTypeError(`CheckpointConfig: the options must be an object, but got ${pythonType(options)}.`);
    const steps = options.saveCheckpointSteps ?? 1;
    const keep = options.keepCheckpointMax ?? 5;
    for (const [name, v] of [['save_checkpoint_steps', steps], ['keep_checkpoint_max', keep]] as const) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ArgumentValueError(`The argument '${name}' must be int and >= 0, but got ${String(v)}.`);
    }
    if (steps === 0) throw new ArgumentValueError('The input arguments \'save_checkpoint_steps\', \'save_checkpoint_seconds\', \'keep_checkpoint_max\' and \'keep_checkpoint_per_n_minutes\' can\'t be all None or 0.');
    this.saveCheckpointSteps = steps;
    this.keepCheckpointMax = keep;
    this.appendInfo = options.appendInfo;
  }
}

/** r1.5's `_chg_ckpt_file_name_if_same_exist`: a prefix already used in the folder gets the next `_n`. */
function freshPrefix(files: readonly string[], prefix: string): string {
  let suffix = 0;
  for (const f of files) {
    if (!f.endsWith('.ckpt') || !f.startsWith(prefix) || /[A-Za-z]/.test(f[prefix.length] ?? 'a')) continue;
    const rest = f.slice(prefix.length);
    const dash = rest.indexOf('-');
    if (dash === 0) suffix = Math.max(suffix, 1);
    else if (dash !== -1) {
      const num = rest.slice(1, dash);
      if (/^\d+$/.test(num)) suffix = Math.max(suffix, Number(num) + 1);
    }
  }
  return suffix === 0 ? prefix : `${prefix}_${suffix}`;
}

/**
 * Saves the trained network's Parameters during `Model.train`, as r1.5's `ModelCheckpoint(prefix='CKP',
 * directory=None, config=None)`.
 *
 * @throws {@link ArgumentValueError} for a prefix that is not a non-empty string without '/'; {@link ArgumentTypeError} for a config that is not a CheckpointConfig.
 * @example
 * ```ts
 * import { CheckpointConfig, Model, ModelCheckpoint, dataset, nn, np, setContext } from 'mindsim';
 * import { mkdtempSync, readdirSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * setContext({ deviceTarget: 'CPU' });
 * const dir = mkdtempSync(`${tmpdir()}/ckpt-`);
 * const net = new nn.Dense(2, 1);
 * const data = new dataset.NumpySlicesDataset([np.ones([4, 2]).astype('float32'), np.ones([4, 1]).astype('float32')]).batch(1);
 * const ckpt = new ModelCheckpoint('lenet', dir, new CheckpointConfig({ saveCheckpointSteps: 3, keepCheckpointMax: 2 }));
 * new Model(net, { lossFn: new nn.MSELoss(), optimizer: new nn.Momentum(net.trainableParams(), 0.01, 0.9) }).train(2, data, { callbacks: ckpt, datasetSinkMode: false });
 * console.log(readdirSync(dir).sort()); // [ 'lenet-2_2.ckpt', 'lenet-2_4.ckpt' ]
 * ```
 */
export class ModelCheckpoint extends Callback {
  /** The file-name prefix (renamed `{prefix}_n` when the folder already has its files). */
  readonly prefix: string;
  /** The folder. */
  readonly directory: string;
  /** The config. */
  readonly config: CheckpointConfig;
  /** The files written and still kept, oldest first. */
  readonly kept: string[] = [];
  private lastSavedStep = -1;

  /** @param prefix - file-name prefix ('CKP'). @param directory - folder (the working directory). @param config - when to save. */
  constructor(prefix = 'CKP', directory: string | null = null, config: CheckpointConfig | null = null) {
    super();
    if (typeof prefix !== 'string' || prefix === '' || prefix.includes('/')) throw new ArgumentValueError(`The prefix ${String(prefix)} for checkpoint file name is invalid, it contains '/' or is empty.`);
    if (config !== null && !(config instanceof CheckpointConfig)) throw new ArgumentTypeError(`The argument 'config' should be a CheckpointConfig, but got ${pythonType(config)}.`);
    if (directory !== null && typeof directory !== 'string') throw new ArgumentTypeError(`The argument 'directory' should be a str, but got ${pythonType(directory)}.`);
    const fs = nodeFs('ModelCheckpoint');
    this.directory = directory ?? '.';
    if (!fs.existsSync(this.directory)) fs.mkdirSync(this.directory, { recursive: true });
    this.config = config ?? new CheckpointConfig();
    this.prefix = freshPrefix(fs.readdirSync(this.directory), prefix);
  }

  override stepEnd(run: RunContext): void {
    const p = run.originalArgs();
    if (p.curStepNum % this.config.saveCheckpointSteps === 0) this.save(run);
  }

  override end(run: RunContext): void {
    this.save(run); // r1.5 saves the last step at the end, unless it was just saved
  }

  private save(run: RunContext): void {
    const p = run.originalArgs();
    if (p.curStepNum === this.lastSavedStep || p.trainNetwork === null) return;
    this.lastSavedStep = p.curStepNum;
    const fs = nodeFs('ModelCheckpoint');
    if (this.config.keepCheckpointMax > 0 && this.kept.length >= this.config.keepCheckpointMax) fs.rmSync(`${this.directory}/${this.kept.shift()!}`, { force: true });
    const file = `${this.prefix}-${p.curEpochNum}_${((p.curStepNum - 1) % p.batchNum) + 1}.ckpt`;
    saveCheckpoint(p.trainNetwork as Cell, `${this.directory}/${file}`, { appendDict: this.config.appendInfo });
    this.kept.push(file);
  }
}
