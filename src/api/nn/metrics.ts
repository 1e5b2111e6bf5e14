/**
 * Metrics as r1.5's `mindspore.nn.metrics`: Metric (clear, update, eval), Accuracy and Loss, and the
 * name table `Model` looks names up in (`getMetrics`). Inputs are read to the host (numpy in r1.5).
 * @module
 */
import { ArgumentValueError, KeyNameError, MindsimError } from '../../errors/index.js';
import { NDArray } from '../numpy/ndarray.js';
import { pythonType } from '../python-type.js';
import { Tensor } from '../tensor.js';

const host = (x: unknown, api: string): NDArray => {
  if (x instanceof Tensor) return x.asnumpy();
  if (x instanceof NDArray) return x;
  throw new ArgumentValueError(`For '${api}', the input must be a Tensor or a numpy array, but got ${pythonType(x)}.`);
};
const numbers = (a: NDArray): number[] => Array.from(a.data as ArrayLike<number | bigint>, Number);

/** A metric: `clear`, `update(...)` per batch, `eval()` (r1.5's `Metric`). */
export abstract class Metric {
  /** Forgets what was accumulated. */
  abstract clear(): void;
  /** Accumulates one batch. */
  abstract update(...inputs: unknown[]): void;
  /** The metric over everything since `clear`. */
  abstract eval(): number;
}

/**
 * The share of samples whose predicted class (argmax of the logits) is the label, as r1.5's
 * `nn.Accuracy(eval_type='classification')`; labels may be indices or one-hot. 'multilabel' counts a
 * sample right when every rounded prediction equals its label.
 *
 * @throws {@link ArgumentValueError} for an eval type other than 'classification' / 'multilabel'.
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * const acc = new nn.Accuracy();
 * acc.update(new Tensor([[0.2, 0.8], [0.9, 0.1], [0.3, 0.7]], 'float32'), new Tensor([1, 1, 1], 'int32'));
 * console.log(acc.eval()); // 0.6666666666666666
 * ```
 */
export class Accuracy extends Metric {
  private correct = 0;
  private total = 0;

  /** @param evalType - 'classification' (default) or 'multilabel'. */
  constructor(readonly evalType: 'classification' | 'multilabel' = 'classification') {
    super();
    if (evalType !== 'classification' && evalType !== 'multilabel') throw new ArgumentValueError("Class type must be either 'classification' or 'multilabel', but got " + String(evalType) + '.');
  }

  clear(): void {
    this.correct = 0;
    this.total = 0;
  }

  /** @throws {@link ArgumentValueError} "Accuracy need 2 inputs (y_pred, y), but got 1" and for shapes that do not fit. */
  update(...inputs: unknown[]): void {
    if (inputs.length !== 2) throw new ArgumentValueError(`Accuracy need 2 inputs (y_pred, y), but got ${inputs.length}`);
    const pred = host(inputs[0], 'Accuracy');
    const y = host(inputs[1], 'Accuracy');
    if (pred.shape.length !== 2) throw new ArgumentValueError(`For 'Accuracy', y_pred must be [N, C], but got shape (${pred.shape.join(', ')}).`);
    const [n, c] = pred.shape as [number, number];
    const p = numbers(pred);
    const labels = numbers(y);
    if (this.evalType === 'multilabel') {
      if (labels.length !== p.length) throw new ArgumentValueError("For 'Accuracy', y_pred and y must have the same shape in 'multilabel'.");
      for (let i = 0; i < n; i++) {
        let ok = true;
        for (let k = 0; k < c; k++) if (Math.round(p[i * c + k]!) !== labels[i * c + k]) ok = false;
        if (ok) this.correct++;
      }
      this.total += n;
      return;
    }
    const oneHot = y.shape.length === 2 && labels.every((v) => v === 0 || v === 1);
    if ((oneHot ? y.shape[0] : labels.length) !== n) throw new ArgumentValueError(`For 'Accuracy', y must hold ${n} labels, but got shape (${y.shape.join(', ')}).`);
    const argmax = (v: number[], row: number, width: number): number => {
      let best = 0;
      for (let k = 1; k < width; k++) if (v[row * width + k]! > v[row * width + best]!) best = k;
      return best;
    };
    for (let i = 0; i < n; i++) if (argmax(p, i, c) === (oneHot ? argmax(labels, i, y.shape[1]!) : labels[i])) this.correct++;
    this.total += n;
  }

  /** @throws {@link MindsimError} "Accuracy can not be calculated, because the number of samples is 0." (r1.5's RuntimeError). */
  eval(): number {
    if (this.total === 0) throw new MindsimError('Accuracy can not be calculated, because the number of samples is 0.', 'RuntimeError');
    return this.correct / this.total;
  }
}

/**
 * The mean of the losses updated (each batch's loss averaged first), as r1.5's `nn.Loss`.
 *
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * const loss = new nn.Loss();
 * loss.update(new Tensor(0.5, 'float32'));
 * loss.update(new Tensor([1, 2], 'float32'));
 * console.log(loss.eval()); // 1
 * ```
 */
export class Loss extends Metric {
  private sum = 0;
  private count = 0;

  clear(): void {
    this.sum = 0;
    this.count = 0;
  }

  /** @throws {@link ArgumentValueError} "Length of inputs must be 1, but got 2" / "Dimensions of loss must be 1, but got 2". */
  update(...inputs: unknown[]): void {
    if (inputs.length !== 1) throw new ArgumentValueError(`Length of inputs must be 1, but got ${inputs.length}`);
    const loss = host(inputs[0], 'Loss');
    if (loss.shape.length > 1) throw new ArgumentValueError(`Dimensions of loss must be 1, but got ${loss.shape.length}`);
    const v = numbers(loss);
    this.sum += v.reduce((a, b) => a + b, 0) / v.length;
    this.count++;
  }

  /** @throws {@link MindsimError} "Total number can not be 0." (r1.5's RuntimeError). */
  eval(): number {
    if (this.count === 0) throw new MindsimError('Total number can not be 0.', 'RuntimeError');
    return this.sum / this.count;
  }
}

/** The metric names r1.5's `get_metrics` knows that mindsim has. */
const FACTORY: Readonly<Record<string, () => Metric>> = Object.freeze({ accuracy: () => new Accuracy(), acc: () => new Accuracy(), loss: () => new Loss() });

/**
 * Metrics by name, as r1.5's `get_metrics`: names ('accuracy', 'acc', 'loss') or an object of Metric instances.
 *
 * @throws {@link KeyNameError} "Unsupported metric f1" for a name it does not have; {@link ArgumentValueError} for other kinds.
 */
export function getMetrics(metrics: readonly string[] | Record<string, Metric> | null | undefined): Map<string, Metric> {
  const out = new Map<string, Metric>();
  if (metrics === null || metrics === undefined) return out;
  if (Array.isArray(metrics)) {
    for (const name of metrics) {
      const make = typeof name === 'string' && Object.hasOwn(FACTORY, name.toLowerCase()) ? FACTORY[name.toLowerCase()] : undefined;
      if (!make) throw new KeyNameError(`Unsupported metric ${String(name)}`);
      out.set(name, make());
    }
    return out;
  }
  if (typeof metrics !== 'object') throw new ArgumentValueError(`Type of metrics should be set or dict, but got ${pythonType(metrics)}.`);
  for (const [name, m] of Object.entries(metrics)) {
    if (!(m instanceof Metric)) throw new ArgumentValueError(`Type of metrics should be set or dict, but got ${pythonType(m)} for '${name}'.`);
    out.set(name, m);
  }
  return out;
}
