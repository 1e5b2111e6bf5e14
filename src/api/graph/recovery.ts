/**
 * What survives a device reset or a replaced machine: the host copy of every tensor that has one,
 * the value of every op that ran, and each Parameter's last good value — its value at the last full
 * synchronisation that succeeded, so a step that failed half-way leaves none of its updates. What an
 * op that never ran was to produce is gone, and reading it says so. On real hardware a reset loses
 * device memory (you would reload a checkpoint); mindsim keeps what it knows to be good, so a program
 * can resume the way it would from a checkpoint of its last good step.
 * @module
 */
import { DeviceError } from '../../errors/index.js';
import { formatShape, sizeOf } from '../../kernels/index.js';
import { copyBytes, type Device } from '../../runtime/index.js';
import type { Tensor, TensorData } from '../tensor.js';

/**
 * The values Parameters had at the last successful full synchronisation, kept for those written in
 * place since (the first write of each keeps the old bytes; later writes keep nothing more).
 */
export class LastGoodValues {
  private readonly saved = new Map<TensorData, { bytes: ArrayBuffer; resets: number }>();

  /**
   * Before an in-place write of `d`: keeps a copy of its bytes unless kept since the last confirmation
   * (copied in steps: a single byte view cannot span more than 4 GiB).
   */
  beforeWrite(d: TensorData, data: ArrayBufferView): void {
    if (this.saved.has(d) || !d.device) return;
    const bytes = new ArrayBuffer(data.byteLength);
    copyBytes(bytes, 0, data.buffer, data.byteOffset, data.byteLength);
    this.saved.set(d, { bytes, resets: d.device.resets });
  }

  /** A full synchronisation succeeded: the writes since are good (kept values of reset devices stay for recovery). */
  confirm(): void {
    if (this.saved.size === 0) return;
    for (const [d, { resets }] of this.saved) if (!d.device || d.device.resets === resets) this.saved.delete(d);
  }

  /** The last good bytes of `d`, if it was written since; forgets them. */
  take(d: TensorData): ArrayBuffer | undefined {
    const kept = this.saved.get(d);
    this.saved.delete(d);
    return kept?.bytes;
  }
}

/** Whether a device has failed for good until reset (a sticky stream error or its loss). */
export function deviceFailed(device: Device): boolean {
  return device.lost || device.listStreams().some((s) => s.error !== null);
}

/**
 * Whether `d`'s device copy is gone: its device was reset since it was placed there, or its machine
 * was replaced (`retired`) and has failed.
 */
export function isStale(d: TensorData, retired: boolean): boolean {
  const device = d.device;
  return d.buffer !== null && device !== null && (device.resets !== d.generation || (retired && deviceFailed(device)));
}

/**
 * Brings `t`'s data back from a device copy that is gone: the host copy when it is current, else the
 * last good value or the value its op left; what an op that never ran was to produce becomes a
 * failure that reading raises. The device copy is dropped (re-uploaded on next use).
 */
export function recover(t: Tensor, lastGood: LastGoodValues): void {
  const d = t.data_;
  const device = d.device!;
  const buffer = d.buffer!;
  const kept = lastGood.take(d);
  if (!d.hostValid || d.producer !== null) {
    const ran = d.producer === null && d.failure === null;
    if (kept !== undefined || ((d.persistent || ran) && buffer.salvageable)) {
      const storage = t.dtype.allocate(sizeOf(t.shape));
      if (kept !== undefined) copyBytes(storage.buffer, storage.byteOffset, kept, 0, Math.min(storage.byteLength, kept.byteLength));
      else buffer.salvageInto(storage);
      d.storage = storage;
      d.hostValid = true;
    } else {
      d.failure ??= new DeviceError(`Tensor: the value of shape ${formatShape(t.shape)} is lost: the op computing it had not run when ${device.name} was reset or its machine replaced`);
    }
    d.producer = null;
  }
  if (!buffer.freed) device.free(buffer); // a CPU's memory survives its reset
  d.buffer = null;
  d.bufferView = null;
  d.device = null;
}
