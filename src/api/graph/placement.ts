/**
 * Where recorded ops run and their data lives, for one executor: the streams of a device and which
 * node goes on which, device buffers and their typed views, uploads of host data, and the events and
 * staging buffers of the work since the last full synchronisation.
 * @module
 */
import { DeviceError } from '../../errors/index.js';
import { sizeOf, type KTensor, type TypedArray } from '../../kernels/index.js';
import type { Allocation, BufferView, Device, DeviceEvent, Platform, Stream, WorkItem } from '../../runtime/index.js';
import type { DataOwner, Tensor, TensorData } from '../tensor.js';
import type { OpNode } from './op-node.js';
import { isStale, recover, type LastGoodValues } from './recovery.js';
import { tryRelease } from './release.js';

/** A kernel-view of a tensor's device data (created when the kernel runs). */
export function deviceView(t: Tensor): KTensor {
  const d = t.data_;
  const buffer = d.buffer!;
  const cached = d.bufferView;
  if (cached && !buffer.freed && cached.dtype === t.dtype) return cached;
  // an empty tensor's buffer holds one element (an allocation is never empty): the view has none
  const whole = buffer.typed(t.dtype.storage as never) as KTensor['data'];
  const n = sizeOf(t.shape);
  return (d.bufferView = { dtype: t.dtype, shape: t.shape, data: (whole.length === n ? whole : whole.subarray(0, n)) as KTensor['data'] });
}

/**
 * Pinned host memory for reading `t`'s device data `buffer` back, and the array the values end in:
 * the staging memory's bytes are that array's (nothing is copied twice) unless the device buffer is
 * larger than the values (an empty tensor's one element), when `finish` copies them over.
 */
export function readBackStaging(platform: Platform, t: Tensor, buffer: BufferView): { staging: Allocation; storage: TypedArray; finish: () => void } {
  const storage = t.dtype.allocate(sizeOf(t.shape));
  const staging = platform.allocateHost(buffer.byteLength, { pinned: true });
  const bytes = storage.byteLength;
  if (bytes === buffer.byteLength && storage.byteOffset === 0 && storage.buffer.byteLength === bytes) {
    staging.adopt(storage.buffer as ArrayBuffer);
    return { staging, storage, finish: () => platform.freeHost(staging) };
  }
  const finish = () => {
    staging.readInto(storage);
    platform.freeHost(staging);
  };
  return { staging, storage, finish };
}

/** Copies `t`'s device data back to the host now (a blocking D2H copy); returns the values. */
export function readBack(platform: Platform, t: Tensor, device: Device, buffer: BufferView): TypedArray {
  const { staging, storage, finish } = readBackStaging(platform, t, buffer);
  try {
    device.copy(staging.view(0, buffer.byteLength), buffer);
  } finally {
    finish();
  }
  return storage;
}

/** The stream of a node when its batch uses one: its device's default stream (a pool's first), or for a collective the communication stream. */
export function soleStream(placement: Placement, node: OpNode): Stream {
  return node.collective ? placement.commStream(node.device) : node.device.defaultStream;
}

/** Chooses streams: one, or over `count` continuing a dependency's chain, else the least used. */
export function assignStreams(placement: Placement, nodes: readonly OpNode[], count: number): void {
  if (count === 1) {
    for (let i = 0; i < nodes.length; i++) nodes[i]!.stream = soleStream(placement, nodes[i]!);
    return;
  }
  // the streams used so far, each with its last node and its node count: a batch spreads over a few
  // streams, so short lists searched in order cost less than two Maps per node (indexed loops, too:
  // an iterator over `deps`, which is sometimes the shared empty list, was not inlined)
  const streams: Stream[] = [];
  const lastOn: OpNode[] = [];
  const used: number[] = [];
  const slotOf = (s: Stream): number => {
    for (let k = 0; k < streams.length; k++) if (streams[k] === s) return k;
    return -1;
  };
  const isLast = (s: Stream, d: OpNode): boolean => {
    const k = slotOf(s);
    return k >= 0 && lastOn[k] === d;
  };
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.collective) {
      node.stream = placement.commStream(node.device); // collectives run on the device's communication stream
      continue;
    }
    const pool = placement.streamsOf(node.device, count);
    let chain: OpNode | undefined; // the latest dependency that is still the last node on its stream
    const deps = node.deps;
    for (let j = 0; j < deps.length; j++) {
      const d = deps[j]!;
      if (d.stream && d.device === node.device && (!chain || d.id > chain.id) && isLast(d.stream, d)) chain = d;
    }
    let stream = chain?.stream ?? pool[0]!;
    let k = slotOf(stream);
    if (!chain) {
      // the least used stream of the pool, the first on ties
      let least = k < 0 ? 0 : used[k]!;
      for (let j = 1; j < pool.length; j++) {
        const kj = slotOf(pool[j]!);
        const n = kj < 0 ? 0 : used[kj]!;
        if (n < least) {
          stream = pool[j]!;
          k = kj;
          least = n;
        }
      }
    }
    node.stream = stream;
    if (k < 0) {
      streams.push(stream);
      lastOn.push(node);
      used.push(1);
    } else {
      lastOn[k] = node;
      used[k]!++;
    }
  }
}

/** The device side of one executor: its streams, buffers, uploads, events and staging. */
export class Placement {
  private readonly streamPools = new Map<Device, Stream[]>();
  private readonly commStreams = new Map<Device, Stream>();
  /** Uploads in flight: the event after each, and its stream (consumers elsewhere wait for it). */
  private uploads = new WeakMap<object, { event: DeviceEvent; stream: Stream }>();
  /**
   * Events (Ascend caps them) and pinned staging buffers of launched work, in launch order, each with
   * the event record after which nothing needs it: freed as soon as that has finished (noticed at each
   * recorded op and at every full synchronisation), so long loops without a read hold few.
   */
  private transient: Transient[] = [];
  private transientHead = 0;

  constructor(
    private readonly platform: Platform,
    /** The executor the data placed here belongs to. */
    private readonly owner: DataOwner,
    /** Parameters' last good values (see recovery.ts). */
    private readonly lastGood: LastGoodValues,
  ) {}

  /** The streams ops use on a device: the default stream first, then more as needed (created once each). */
  streamsOf(device: Device, count: number): Stream[] {
    let pool = this.streamPools.get(device);
    if (!pool || pool.some((s) => s.destroyed)) this.streamPools.set(device, (pool = [device.defaultStream]));
    while (pool.length < count) pool.push(device.createStream());
    return pool.length === count ? pool : pool.slice(0, count);
  }

  /** The stream collectives use on a device (made once), as HCCL's and NCCL's own streams. */
  commStream(device: Device): Stream {
    let s = this.commStreams.get(device);
    if (!s || s.destroyed) this.commStreams.set(device, (s = device.createStream({ nonBlocking: true })));
    return s;
  }

  /** Gives a tensor's data a new device buffer. */
  placeOnDevice(t: Tensor, device: Device, bytes: number): Allocation {
    const d = t.data_;
    d.buffer = device.allocate(Math.max(t.dtype.itemsize, bytes)); // at least one element: never empty
    d.bufferView = null;
    d.device = device;
    d.generation = device.resets;
    d.owner = this.owner;
    return d.buffer;
  }

  /** Frees the events and staging buffers whose work has finished, in launch order (`all`: everything launched has). */
  releaseTransient(all = false): void {
    const list = this.transient;
    let head = this.transientHead;
    if (head >= list.length) return;
    for (; head < list.length; head++) {
      const t = list[head]!;
      if (!all && !t.record.finished && t.record.generation === t.device.resets) break;
      if (!t.event.destroyed) t.device.destroyEvent(t.event);
      if (t.node && t.node.event === t.event) t.node.event = null; // it has finished: later consumers need not wait
      if (t.data) {
        if (this.uploads.get(t.data)?.event === t.event) this.uploads.delete(t.data);
        t.data.uploading = false;
        if (t.data.releaseKind !== null) tryRelease(t.data); // released while its upload was in flight
      }
      if (t.staging) this.platform.freeHost(t.staging);
    }
    if (head >= list.length) {
      list.length = 0;
      this.transientHead = 0;
    } else if (head > 1024 && head * 2 > list.length) {
      this.transient = list.slice(head);
      this.transientHead = 0;
    } else {
      this.transientHead = head;
    }
  }

  /**
   * Puts a tensor's data on a device (uploading host data on `stream`, once) and makes `stream` wait
   * for an upload made on another stream.
   */
  ensureOnDevice(t: Tensor, device: Device, stream: Stream): void {
    const d = t.data_;
    if (isStale(d, false)) {
      recover(t, this.lastGood); // its device was reset: the value comes back from the host
      if (d.failure) throw d.failure;
    }
    if (d.buffer && d.device === device) {
      const up = this.uploads.get(d);
      if (up && up.stream !== stream) device.waitEvent(stream, up.event);
      return;
    }
    const bytes = Math.max(t.dtype.itemsize, sizeOf(t.shape) * t.dtype.itemsize);
    const staging = this.platform.allocateHost(bytes, { pinned: true });
    if (!this.platform.timingOnly) {
      if (d.lazyInit) t.initData();
      if (!d.hostValid) throw new DeviceError(`executor: a tensor of shape ${String(t.shape)} has no data to upload`);
      const source = d.storage!;
      staging.write(source);
    } else if (!d.hostValid && !d.lazyInit) {
      throw new DeviceError(`executor: a tensor of shape ${String(t.shape)} has no data to upload`);
    } // timing-only: a lazy tensor stays lazy and nothing is copied (only the copy's time counts)
    device.copyAsync(this.placeOnDevice(t, device, bytes), staging, stream);
    const event = device.createEvent();
    const record = device.recordEvent(event, stream);
    this.uploads.set(d, { event, stream });
    d.uploading = true;
    this.transient.push({ record, device, event, staging, data: d, node: null });
  }

  /**
   * The event recorded after a launched node (recorded now if it has none: a consumer launched in a
   * later batch then also waits for what its stream ran since, which is later but never wrong).
   */
  eventAfter(node: OpNode): DeviceEvent {
    if (!node.event) {
      const event = (node.event = node.device.createEvent());
      const record = node.device.recordEvent(event, node.stream!);
      this.transient.push({ record, device: node.device, event, staging: null, data: null, node });
    }
    return node.event;
  }
}

/** An event, and maybe a staging buffer, that nothing needs once `record` has finished. */
interface Transient {
  readonly record: WorkItem;
  readonly device: Device;
  readonly event: DeviceEvent;
  readonly staging: Allocation | null;
  /** The uploaded data the event marks (its `uploads` entry goes with it). */
  readonly data: TensorData | null;
  /** The node the event follows (its `event` goes with it). */
  readonly node: OpNode | null;
}
