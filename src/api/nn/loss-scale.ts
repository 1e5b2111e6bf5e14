/**
 * Loss scaling, as MindSpore r1.5: the managers (Fixed, Dynamic), their update cells, and
 * TrainOneStepWithLossScaleCell, which scales the loss's gradient, detects overflow the way the device
 * target does it (Ascend: the float-status register with Depend; GPU: FloatStatus per gradient and
 * AddN; CPU: IsFinite), skips the optimizer step on overflow and lets the manager adjust the scale.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, MindsimError } from '../../errors/index.js';
import { DTYPES } from '../../kernels/index.js';
import { getContext } from '../context.js';
import { stepScope, stepScopeAsync } from '../memory.js';
import { currentContext } from '../execution-context.js';
import { parallelMode } from '../parallel/context.js';
import * as ops from '../ops/index.js';
import { AllReduce } from '../ops/collectives.js';
import { Parameter } from '../parameter.js';
import { Tensor } from '../tensor.js';
import { pythonType } from '../python-type.js';
import { checkPositiveInt } from '../ops/attr-checks.js';
import { Cell } from './cell.js';
import { LossScaleOutput } from './loss-scale-output.js';
import type { Optimizer } from './optim.js';
import { TrainOneStepCell } from './wrap.js';

/**
 * Keeps the loss scale: on overflow it becomes max(scale / factor, 1); after `scaleWindow` consecutive
 * finite steps (counted from the last overflow or increase) it is multiplied by `factor`. Returns the
 * overflow flag.
 *
 * @example
 * ```ts
 * import { Parameter, Tensor, nn } from 'mindsim';
 * const scale = new Parameter(new Tensor(1024, 'float32'), 'scale');
 * const update = new nn.DynamicLossScaleUpdateCell(1024, 2, 2);
 * for (const overflow of [true, false, false, false]) update.call(scale, new Tensor(overflow));
 * console.log(String(scale.asnumpy())); // 1024.0 — halved once, doubled after two finite steps
 * ```
 */
export class DynamicLossScaleUpdateCell extends Cell {
  /** The step count (from 1). */
  readonly curIter = new Parameter(new Tensor(1, 'int32'), 'current_iterator_step');
  /** The step of the last overflow or increase. */
  readonly lastOverflowIter = new Parameter(new Tensor(0, 'int32'), 'last_overflow_iterator_step');

  /** The initial scale (informational: the scale lives in the Parameter passed to `call`). */
  readonly lossScaleValue: number;
  /** The factor (2). */
  readonly scaleFactor: number;
  /** Finite steps before an increase. */
  readonly scaleWindow: number;

  /** @throws {@link ArgumentValueError} for a factor ≤ 0 or a window that is not a positive integer. */
  constructor(lossScaleValue: number, scaleFactor: number, scaleWindow: number) {
    super();
    if (!(scaleFactor > 0)) throw new ArgumentValueError(`For 'DynamicLossScaleUpdateCell', the argument 'scale_factor' should be > 0, but got ${scaleFactor}`);
    checkPositiveInt(scaleWindow, 'scale_window', 'DynamicLossScaleUpdateCell');
    // stored once checked: a cell names a Parameter stored on it, so a refused one would be renamed
    this.lossScaleValue = lossScaleValue;
    this.scaleFactor = scaleFactor;
    this.scaleWindow = scaleWindow;
  }

  /** Updates `lossScale` (a float32 Parameter) for the step's `overflow` (a Bool tensor); returns `overflow`. */
  override call(lossScale: Tensor, overflow: Tensor): Tensor {
    const cur = this.curIter;
    const last = this.lastOverflowIter;
    const onOverflow = ops.Select()(overflow, ops.Maximum()(ops.RealDiv()(lossScale, this.scaleFactor), 1), lossScale);
    const finite = ops.Equal()(ops.Cast()(overflow, DTYPES.int32), 0);
    const windowDone = ops.LessEqual()(new Tensor(this.scaleWindow, 'int32'), ops.Sub()(cur, last));
    const shouldInc = ops.Equal()(ops.Add()(ops.Cast()(finite, DTYPES.int32), ops.Cast()(windowDone, DTYPES.int32)), 2);
    const restart = ops.Greater()(ops.Add()(ops.Cast()(overflow, DTYPES.int32), ops.Cast()(shouldInc, DTYPES.int32)), 0);
    ops.Assign()(last, ops.Select()(restart, cur, last));
    ops.Assign()(lossScale as Parameter, ops.Select()(shouldInc, ops.Mul()(onOverflow, this.scaleFactor), onOverflow));
    ops.Assign()(cur, ops.Add()(cur, 1));
    return overflow;
  }
}

/**
 * Leaves the scale as it is; returns the overflow flag.
 *
 * @example
 * ```ts
 * import { Tensor, nn } from 'mindsim';
 * console.log(String(new nn.FixedLossScaleUpdateCell(128).call(new Tensor(128, 'float32'), new Tensor(true)))); // True
 * ```
 */
export class FixedLossScaleUpdateCell extends Cell {
  constructor(
    /** The scale. */
    readonly lossScaleValue: number,
  ) {
    super();
  }

  /** Returns `overflow`. */
  override call(_lossScale: Tensor, overflow: Tensor): Tensor {
    return overflow;
  }
}

/**
 * A fixed loss scale (128 by default); with `dropOverflowUpdate` (default) overflowing steps are skipped.
 *
 * @throws {@link ArgumentValueError} "For 'FixedLossScaleManager', the argument 'loss_scale' must be >= 1, but got {value}" (r1.5's text, naming the manager).
 * @example
 * ```ts
 * import { nn } from 'mindsim';
 * const m = new nn.FixedLossScaleManager(1024);
 * console.log(m.getLossScale(), m.getDropOverflowUpdate(), m.getUpdateCell() instanceof nn.FixedLossScaleUpdateCell); // 1024 true true
 * ```
 */
export class FixedLossScaleManager {
  /** @param lossScale - the scale (128). @param dropOverflowUpdate - skip overflowing steps (true). */
  constructor(
    private readonly lossScale = 128,
    private readonly dropOverflowUpdate = true,
  ) {
    if (!(lossScale >= 1)) throw new ArgumentValueError(`For 'FixedLossScaleManager', the argument 'loss_scale' must be >= 1, but got ${lossScale}`);
  }

  /** The scale. */
  getLossScale(): number {
    return this.lossScale;
  }

  /** Whether overflowing steps are skipped. */
  getDropOverflowUpdate(): boolean {
    return this.dropOverflowUpdate;
  }

  /** A FixedLossScaleUpdateCell when dropping overflowing updates, else null. */
  getUpdateCell(): FixedLossScaleUpdateCell | null {
    return this.dropOverflowUpdate ? new FixedLossScaleUpdateCell(this.lossScale) : null;
  }
}

/**
 * A dynamic loss scale: starts at `initLossScale` (2^24), divided by `scaleFactor` (2) on overflow,
 * multiplied after `scaleWindow` (2000) finite steps.
 *
 * @throws {@link ArgumentValueError} for a scale below 1, a factor ≤ 0 or a bad window.
 * @example
 * ```ts
 * import { nn } from 'mindsim';
 * const m = new nn.DynamicLossScaleManager();
 * console.log(m.getLossScale(), m.getDropOverflowUpdate()); // 16777216 true
 * ```
 */
export class DynamicLossScaleManager {
  constructor(
    private readonly initLossScale = 2 ** 24,
    private readonly scaleFactor = 2,
    private readonly scaleWindow = 2000,
  ) {
    // r1.5's texts (train/loss_scale_manager.py), naming the manager
    if (!(initLossScale >= 1)) throw new ArgumentValueError(`For 'DynamicLossScaleManager', the argument 'init_loss_scale' must be > 1, but got ${initLossScale}`);
    checkPositiveInt(scaleWindow, 'scale_window', 'DynamicLossScaleManager');
    if (!(scaleFactor > 0)) throw new ArgumentValueError(`For 'DynamicLossScaleManager', the argument 'scale_factor' should be > 0, but got ${scaleFactor}`);
  }

  /** The initial scale. */
  getLossScale(): number {
    return this.initLossScale;
  }

  /** Always true. */
  getDropOverflowUpdate(): boolean {
    return true;
  }

  /** The update cell. */
  getUpdateCell(): DynamicLossScaleUpdateCell {
    return new DynamicLossScaleUpdateCell(this.initLossScale, this.scaleFactor, this.scaleWindow);
  }
}

/**
 * How overflow is detected: the Ascend float-status register (`register`), FloatStatus per gradient
 * (`float-status`, GPU) or IsFinite over the gradients (`is-finite`, CPU).
 */
export type OverflowCheck = 'register' | 'float-status' | 'is-finite';

/** What one loss-scaled step returns: MindSpore's `(loss, cond, scaling_sens)`. */
export interface LossScaleStep {
  /** The loss (unscaled). */
  readonly loss: Tensor;
  /** The overflow condition (Bool). */
  readonly overflow: Tensor;
  /** The scale used this step. */
  readonly scale: Tensor;
  /** Whether the optimizer step was skipped. */
  readonly skipped: boolean;
}

/**
 * One training step with loss scaling and overflow detection, as MindSpore r1.5's
 * TrainOneStepWithLossScaleCell. `scaleSense` is an update cell (its scale lives in the `scaleSense`
 * Parameter) or a fixed scale Tensor. The overflow decision is read on the host (a synchronisation):
 * the optimizer step is launched only when there was none. `options.check` replaces the device
 * target's check (to see, say, what an IsFinite check misses on a saturating Ascend 910).
 *
 * @throws {@link ArgumentTypeError} for a network that is not a Cell, an optimizer that is not an
 *   Optimizer, or a scale that is neither an update cell nor a Tensor.
 * @example
 * ```ts
 * import { Tensor, nn, setContext, setSeed } from 'mindsim';
 * setContext({ deviceTarget: 'CPU' });
 * setSeed(1);
 * const net = new nn.WithLossCell(new nn.Dense(2, 1), new nn.MSELoss());
 * const manager = new nn.DynamicLossScaleManager(2 ** 10, 2, 100);
 * const step = new nn.TrainOneStepWithLossScaleCell(net, new nn.SGD(net.trainableParams()), manager.getUpdateCell());
 * const r = step.step(new Tensor([[1, 2]], 'float32'), new Tensor([[1]], 'float32'));
 * console.log(String(r.overflow), String(r.scale), r.skipped); // False 1024.0 false
 * ```
 */
export class TrainOneStepWithLossScaleCell extends TrainOneStepCell {
  /** The loss scale, a float32 Parameter. */
  readonly scaleSense: Parameter;
  /** The update cell, when one was given. */
  readonly lossScalingManager: DynamicLossScaleUpdateCell | FixedLossScaleUpdateCell | null;
  /** The overflow check it uses (null: the device target's, as MindSpore picks it). */
  readonly check: OverflowCheck | null;
  /** Whether a parallel mode was on when it was built (r1.5's `is_distributed`). */
  readonly isDistributed: boolean;
  /** Whether the overflow flag is AllReduced across ranks (r1.5: when distributed). */
  readonly flagAllReduce: boolean;

  /**
   * @param network - the network with its loss.
   * @param optimizer - updates the Parameters it was given.
   * @param scaleSense - an update cell (a manager's `getUpdateCell()`) or a fixed scale.
   * @param options - `check` replaces the device target's overflow check; `flagAllReduce: false`
   *   removes r1.5's AllReduce of the overflow flag in a distributed run (to see the ranks diverge).
   */
  constructor(
    network: Cell,
    optimizer: Optimizer,
    scaleSense: DynamicLossScaleUpdateCell | FixedLossScaleUpdateCell | Tensor,
    options: { check?: OverflowCheck; flagAllReduce?: boolean } = {},
  ) {
    super(network, optimizer);
    this.isDistributed = parallelMode() !== 'stand_alone';
    if (options.flagAllReduce !== undefined && typeof options.flagAllReduce !== 'boolean') {
      throw new ArgumentTypeError(`TrainOneStepWithLossScaleCell: flagAllReduce must be a boolean, but got ${typeof options.flagAllReduce}`);
    }
    this.flagAllReduce = options.flagAllReduce ?? this.isDistributed;
    this.check = options.check ?? null;
    if (this.check !== null && !['register', 'float-status', 'is-finite'].includes(this.check)) {
      throw new ArgumentValueError(`TrainOneStepWithLossScaleCell: the check must be 'register', 'float-status' or 'is-finite', but got '${String(this.check)}'`);
    }
    if (scaleSense instanceof DynamicLossScaleUpdateCell || scaleSense instanceof FixedLossScaleUpdateCell) {
      this.lossScalingManager = scaleSense;
      this.scaleSense = new Parameter(new Tensor(scaleSense.lossScaleValue, 'float32'), 'scale_sense');
    } else if (scaleSense instanceof Tensor) {
      if (!(scaleSense.shape.length === 0 || (scaleSense.shape.length === 1 && scaleSense.shape[0] === 1))) {
        throw new ArgumentValueError(`The shape of scale_sense must be (1,) or (), but got (${scaleSense.shape.join(', ')}${scaleSense.shape.length === 1 ? ',' : ''})`);
      }
      this.lossScalingManager = null;
      this.scaleSense = new Parameter(new Tensor(scaleSense, 'float32'), 'scale_sense');
    } else {
      throw new ArgumentTypeError("The scale_sense must be Cell or Tensor, but got " + typeof scaleSense);
    }
  }

  /**
   * One step; returns the loss, which unpacks as r1.5's `(loss, cond, scaling_sens)`
   * (`const [loss, cond, scalingSens] = cell.call(x, y)`; see {@link LossScaleOutput}).
   */
  override construct(...inputs: Tensor[]): LossScaleOutput {
    const r = this.step(...inputs);
    return LossScaleOutput.of(r.loss, r.overflow, r.scale);
  }

  /** Runs the cell (see {@link Cell.call}); the result unpacks as r1.5's `(loss, cond, scaling_sens)`. */
  override call(...inputs: Tensor[]): LossScaleOutput {
    return super.call(...inputs) as LossScaleOutput;
  }

  /**
   * One step with everything it decided. The decision to skip is read on the host (a synchronisation).
   *
   * @throws {@link MindsimError} (RuntimeError) in a rank of `launch` when the cell is distributed (its
   *   overflow flag is AllReduced across ranks, so the decision waits for the others): use
   *   {@link TrainOneStepWithLossScaleCell.stepAsync}.
   */
  step(...inputs: Tensor[]): LossScaleStep {
    if ((this.flagAllReduce || this.gradReducer) && currentContext().launcher) {
      throw new MindsimError(
        'TrainOneStepWithLossScaleCell.step: in a launched rank the overflow decision waits for every rank (the flag is AllReduced across them); use `await cell.stepAsync(...)`',
        'RuntimeError',
      );
    }
    let skipped = false;
    const result = stepScope(STEP_END, () => {
      const r = this.recordStep(inputs);
      if (r.decision.asnumpy().item() === true) skipped = true; // the host decides: a synchronisation
      return this.finishStep(r, skipped);
    }, keepOf);
    return { ...result, skipped };
  }

  /**
   * One step, awaiting the overflow decision: the way to step in a rank of `launch` (the other ranks
   * run meanwhile, so the flag AllReduce completes); elsewhere the same as {@link TrainOneStepWithLossScaleCell.step}.
   *
   * @example
   * ```ts
   * import { Tensor, communication, launch, nn, setAutoParallelContext, setSeed } from 'mindsim';
   * const { results } = await launch(async ({ rank }) => {
   *   communication.init();
   *   setAutoParallelContext({ parallelMode: 'data_parallel', gradientsMean: true });
   *   setSeed(1);
   *   const net = new nn.WithLossCell(new nn.Dense(2, 1), new nn.MSELoss());
   *   const step = new nn.TrainOneStepWithLossScaleCell(net, new nn.SGD(net.trainableParams()), new Tensor(1024, 'float32'));
   *   const big = rank === 3 ? 1e38 : 1; // rank 3's gradients overflow
   *   const r = await step.stepAsync(new Tensor([[big, 2]], 'float32'), new Tensor([[1]], 'float32'));
   *   return r.skipped;
   * }, { cluster: 'atlas800-910' });
   * console.log(results.join(' ')); // true true true true true true true true
   * ```
   */
  async stepAsync(...inputs: Tensor[]): Promise<LossScaleStep> {
    let skipped = false;
    const result = await stepScopeAsync(STEP_END, async () => {
      const r = this.recordStep(inputs);
      if ((await r.decision.asnumpyAsync()).item() === true) skipped = true;
      return this.finishStep(r, skipped);
    }, keepOf);
    return { ...result, skipped };
  }

  /** Records a step up to the overflow decision (no host read). */
  /** The overflow check of this cell on the current target (r1.5: the float-status register on all but GPU; mindsim's CPU: IsFinite). */
  private checkNow(): OverflowCheck {
    const target = getContext('deviceTarget');
    return this.check ?? (target === 'Ascend' ? 'register' : target === 'GPU' ? 'float-status' : 'is-finite');
  }

  /**
   * r1.5's `start_overflow_check(pre_cond, compute_input)`: with the float-status register, a status
   * buffer allocated after `preCond` (the loss) and cleared before `computeInput` (the scale) is used;
   * returns [status, computeInput] (status null for the other checks).
   *
   * @example
   * ```ts
   * import { Tensor, nn } from 'mindsim';
   * const cell = new nn.TrainOneStepWithLossScaleCell(new nn.WithLossCell(new nn.Dense(1, 1), new nn.MSELoss()), new nn.SGD(new nn.Dense(1, 1).trainableParams()), new Tensor(8, 'float32'));
   * const [status] = cell.startOverflowCheck(new Tensor(1, 'float32'), cell.scaleSense);
   * console.log(status === null ? 'no register' : status.shape); // [ 8 ]
   * ```
   */
  startOverflowCheck(preCond: Tensor, computeInput: Tensor): [Tensor | null, Tensor] {
    if (this.checkNow() !== 'register') return [null, computeInput];
    const status = ops.depend(ops.NPUAllocFloatStatus()(), preCond);
    return [status, ops.depend(computeInput, ops.NPUClearFloatStatus()(status))];
  }

  /**
   * r1.5's `get_overflow_status(status, compute_output)`: the overflow flag (bool, true on overflow)
   * after every tensor of `computeOutput` (the gradients): the register read, FloatStatus summed, or
   * IsFinite counted; AllReduced across ranks when distributed.
   *
   * @example
   * ```ts
   * import { Tensor, nn, setContext } from 'mindsim';
   * setContext({ deviceTarget: 'GPU' });
   * const cell = new nn.TrainOneStepWithLossScaleCell(new nn.WithLossCell(new nn.Dense(1, 1), new nn.MSELoss()), new nn.SGD(new nn.Dense(1, 1).trainableParams()), new Tensor(8, 'float32'));
   * console.log(String(cell.getOverflowStatus(null, [new Tensor([1, Infinity], 'float32')]))); // True
   * ```
   */
  getOverflowStatus(status: Tensor | null, computeOutput: readonly Tensor[]): Tensor {
    const check = this.checkNow();
    let flag: Tensor;
    if (check === 'register') {
      if (status === null) throw new ArgumentValueError('get_overflow_status: the float-status register check needs the status start_overflow_check returned');
      for (const g of computeOutput) status = ops.depend(status, g);
      const got = ops.NPUGetFloatStatus()(status);
      flag = ops.ReduceSum()(ops.depend(status, got), 0);
    } else if (check === 'float-status') {
      flag = ops.AddN()(computeOutput.map((g) => ops.FloatStatus()(g)));
    } else {
      flag = ops.AddN()(computeOutput.map((g) => ops.ReduceSum()(ops.Sub()(1, ops.Cast()(ops.IsFinite()(g), DTYPES.float32)))));
    }
    let flagSum = ops.Reshape()(ops.Cast()(flag, DTYPES.float32), []);
    // distributed: every rank's flag summed, so every rank skips the same steps (r1.5's flag AllReduce)
    if (this.flagAllReduce) flagSum = AllReduce()(flagSum);
    return ops.LessEqual()(new Tensor(1, 'float32'), flagSum);
  }

  /**
   * r1.5's `process_loss_scale(overflow)`: the update cell's decision (it also updates the scale), or
   * `overflow` itself without one.
   *
   * @example
   * ```ts
   * import { Tensor, nn } from 'mindsim';
   * const cell = new nn.TrainOneStepWithLossScaleCell(new nn.WithLossCell(new nn.Dense(1, 1), new nn.MSELoss()), new nn.SGD(new nn.Dense(1, 1).trainableParams()), new nn.DynamicLossScaleManager(8, 2, 10).getUpdateCell());
   * console.log(String(cell.processLossScale(new Tensor(true))), String(cell.scaleSense.asnumpy())); // True 4.0
   * ```
   */
  processLossScale(overflow: Tensor): Tensor {
    return this.lossScalingManager ? this.lossScalingManager.call(this.scaleSense, overflow) : overflow;
  }

  /**
   * Sets the loss scale, as r1.5's `set_sense_scale(sens)`.
   *
   * @throws {@link ArgumentTypeError} "The input type must be Tensor, but got ..." for anything but a Tensor.
   * @example
   * ```ts
   * import { Tensor, nn } from 'mindsim';
   * const cell = new nn.TrainOneStepWithLossScaleCell(new nn.WithLossCell(new nn.Dense(1, 1), new nn.MSELoss()), new nn.SGD(new nn.Dense(1, 1).trainableParams()), new Tensor(8, 'float32'));
   * cell.setSenseScale(new Tensor(2, 'float32'));
   * console.log(String(cell.scaleSense.asnumpy())); // 2.0
   * ```
   */
  setSenseScale(sens: Tensor): void {
    if (!(sens instanceof Tensor)) throw new ArgumentTypeError(`The input type must be Tensor, but got ${pythonType(sens)}`);
    this.scaleSense.setData(sens);
  }

  private recordStep(inputs: readonly Tensor[]): RecordedStep {
    let scaling: Tensor = this.scaleSense;
    let status: Tensor | null = null;
    const { loss, grads: scaled } = this.lossAndGradients(inputs, (l) => {
      [status, scaling] = this.startOverflowCheck(l, scaling);
      return ops.Mul()(ops.OnesLike()(l), ops.Cast()(scaling, l.dtype));
    });
    const grads = this.reduced(scaled.map((g) => ops.RealDiv()(g, ops.Cast()(scaling, g.dtype))));
    const cond = this.getOverflowStatus(status, grads);
    const scale = ops.Add()(this.scaleSense, 0); // this step's scale, read before the update
    return { loss, grads, cond, scale, decision: this.processLossScale(cond) };
  }

  private finishStep(r: RecordedStep, skipped: boolean): { loss: Tensor; overflow: Tensor; scale: Tensor } {
    const loss = skipped ? r.loss : ops.depend(r.loss, this.optimizer.call(...r.grads));
    return { loss, overflow: r.cond, scale: r.scale };
  }
}

/** What a recorded step leaves for the decision. */
interface RecordedStep {
  readonly loss: Tensor;
  readonly grads: Tensor[];
  readonly cond: Tensor;
  readonly scale: Tensor;
  /** The manager's overflow flag (the decision to skip). */
  readonly decision: Tensor;
}

const STEP_END = 'the end of a TrainOneStepWithLossScaleCell step';
const keepOf = (r: { loss: Tensor; overflow: Tensor; scale: Tensor }) => [r.loss, r.overflow, r.scale];
