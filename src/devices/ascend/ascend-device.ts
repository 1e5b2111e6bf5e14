/**
 * The Ascend behaviours: the float-status register. Any kernel whose arithmetic overflows sets it when
 * the kernel completes; NPUClearFloatStatus clears it and NPUGetFloatStatus copies it into an
 * 8-element float32 buffer, each at the simulated moment it runs on its stream.
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import { runtime } from '../kit.js';

/**
 * An Ascend NPU.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const npu = new runtime.Platform().device('Ascend:0');
 * const s = npu.defaultStream;
 * npu.launch(s, { name: 'overflowing', run: () => true });
 * npu.synchronize();
 * console.log(npu.peekFloatStatus()); // 1
 * ```
 */
export class AscendDevice extends runtime.Device {
  private register = 0;

  /** The register's value now (1 after an overflow, until cleared), without simulating anything. */
  peekFloatStatus(): number {
    return this.register;
  }

  protected override onOverflow(item: runtime.WorkItem): void {
    this.register = 1;
    this.trace('set', item);
  }

  protected override onReset(): void {
    this.register = 0;
  }

  override clearFloatStatus(stream: runtime.Stream): runtime.WorkItem {
    const item = this.submit(stream, 'register', 'NPUClearFloatStatus', 'compute', runtime.kernelTime(this.spec, 0, 32), () => {
      this.register = 0;
      this.trace('clear', item);
      return false;
    });
    return item;
  }

  override getFloatStatus(stream: runtime.Stream, status: runtime.BufferView): runtime.WorkItem {
    if (!(status instanceof runtime.BufferView) || status.byteLength !== 32) {
      throw new ArgumentValueError(
        `NPUGetFloatStatus on ${this.name}: the status buffer must hold 8 float32 values (32 bytes), but got ${status instanceof runtime.BufferView ? `${status.byteLength} bytes` : String(status)}`,
      );
    }
    const item = this.submit(stream, 'register', 'NPUGetFloatStatus', 'compute', runtime.kernelTime(this.spec, 0, 64), () => {
      const out = status.typed(Float32Array);
      out.fill(0);
      out[0] = this.register;
      this.trace('read', item);
      return false;
    }, (it) => {
      it.writes = [status];
    });
    return item;
  }

  private trace(action: 'set' | 'clear' | 'read', item: runtime.WorkItem): void {
    const sim = this.sim;
    if (sim.tracing) sim.emit({ type: 'register', time: sim.now(), device: this.name, stream: item.stream.id, action, value: this.register, op: item.op, id: item.id });
  }
}
