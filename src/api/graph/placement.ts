/**
 * Where recorded ops run and their data lives: the streams of a device and which node goes on which,
 * device buffers and their typed views, uploads of host data, and the events and staging buffers of
 * the work since the last full synchronisation.
 * @module
 */
import { DeviceError } from '../../errors/index.js';
import { sizeOf, type KTensor } from '../../kernels/index.js';
import type { Allocation, Device, DeviceEvent, Stream } from '../../runtime/index.js';
import { getContext, getPlatform } from '../context.js';
import { Parameter } from '../parameter.js';
import type { Tensor, TensorData } from '../tensor.js';
import type { OpNode } from './op-node.js';

const streamPools = new WeakMap<Device, Stream[]>();

/** The streams ops use on a device: the default stream first, then more as needed (created once each). */
export function streamsOf(device: Device, count: number): Stream[] {
  let pool = streamPools.get(device);
  if (!pool || pool.some((s) => s.destroyed)) streamPools.set(device, (pool = [device.defaultStream]));
  while (pool.length < count) pool.push(device.createStream());
  return pool.length === count ? pool : pool.slice(0, count);
}

/** Chooses streams: one, or over `count` continuing a dependency's chain, else the least used. */
export function assignStreams(nodes: readonly OpNode[], count: number): void {
  if (count === 1) {
    for (const node of nodes) node.stream = streamsOf(node.device, 1)[0]!;
    return;
  }
  const lastOn = new Map<Stream, OpNode>();
  const used = new Map<Stream, number>();
  for (const node of nodes) {
    const pool = streamsOf(node.device, count);
    let chain: OpNode | undefined; // the latest dependency that is still the last node on its stream
    for (const d of node.deps) {
      if (d.stream && d.device === node.device && lastOn.get(d.stream) === d && (!chain || d.id > chain.id)) chain = d;
    }
    let stream = chain?.stream ?? pool[0]!;
    if (!chain) for (const s of pool) if ((used.get(s) ?? 0) < (used.get(stream) ?? 0)) stream = s; // least used, first on ties
    node.stream = stream;
    lastOn.set(stream, node);
    used.set(stream, (used.get(stream) ?? 0) + 1);
  }
}

/** A kernel-view of a tensor's device data (created when the kernel runs). */
export function deviceView(t: Tensor): KTensor {
  const d = t.data_;
  const buffer = d.buffer!;
  const cached = d.bufferView;
  if (cached && !buffer.freed && cached.dtype === t.dtype) return cached;
  return (d.bufferView = { dtype: t.dtype, shape: t.shape, data: buffer.typed(t.dtype.storage as never) as KTensor['data'] });
}

/** Data whose device buffers go back at the next full synchronisation (nothing can use them then). */
let toRelease: { data: TensorData; why: string }[] = [];

/** @internal marks data to release: its buffer is freed at the next full synchronisation */
export function releaseLater(data: TensorData, why: string): void {
  toRelease.push({ data, why });
}

/**
 * Everything launched has finished and nothing is pending: frees the buffers marked for release.
 * Data with a valid host copy just loses its device copy (it is uploaded again if used); op results
 * are gone, and reading them later is a clear error.
 */
export function releaseMarked(): void {
  for (const { data, why } of toRelease) {
    const buffer = data.buffer;
    if (!buffer || data.persistent) continue;
    if (!buffer.freed) data.device!.free(buffer);
    data.buffer = null;
    data.bufferView = null;
    if (!data.hostValid) data.released = why;
    data.device = null;
  }
  toRelease = [];
}

/** Gives a tensor's data a new device buffer. */
export function placeOnDevice(t: Tensor, device: Device, bytes: number): Allocation {
  const d = t.data_;
  d.buffer = device.allocate(Math.max(1, bytes));
  d.bufferView = null;
  d.device = device;
  return d.buffer;
}

/** Uploads in flight: the event after each, and its stream (consumers elsewhere wait for it). */
let uploads = new WeakMap<object, { event: DeviceEvent; stream: Stream }>();
/** Events and pinned staging buffers of the work since the last full synchronisation. */
const transient = { events: [] as { device: Device; event: DeviceEvent; node?: OpNode }[], staging: [] as Allocation[] };

/** The platform was replaced: its events and buffers went with it. */
export function forgetTransient(): void {
  transient.events = [];
  transient.staging = [];
  uploads = new WeakMap();
  toRelease = [];
}

/** Everything launched has finished: release its events (Ascend caps them) and staging buffers. */
export function releaseTransient(): void {
  for (const { device, event, node } of transient.events) {
    device.destroyEvent(event);
    if (node) node.event = null; // it has finished: later consumers need not wait
  }
  for (const a of transient.staging) getPlatform().freeHost(a);
  transient.events = [];
  transient.staging = [];
  uploads = new WeakMap();
}

/**
 * Puts a tensor's data on a device (uploading host data on `stream`, once) and makes `stream` wait
 * for an upload made on another stream.
 */
export function ensureOnDevice(t: Tensor, device: Device, stream: Stream): void {
  const d = t.data_;
  if (d.released) throw new DeviceError(`executor: a tensor of shape ${String(t.shape)} is used after its device memory was released (${d.released}); keep what you need by returning it`);
  if (d.buffer && d.device === device) {
    const up = uploads.get(d);
    if (up && up.stream !== stream) device.waitEvent(stream, up.event);
    return;
  }
  t.initData();
  if (!d.hostValid) throw new DeviceError(`executor: a tensor of shape ${String(t.shape)} has no data to upload`);
  const bytes = Math.max(1, sizeOf(t.shape) * t.dtype.itemsize);
  const source = d.storage!;
  const platform = getPlatform();
  const staging = platform.allocateHost(bytes, { pinned: true });
  staging.bytes().set(new Uint8Array(source.buffer, source.byteOffset, source.byteLength));
  device.copyAsync(placeOnDevice(t, device, bytes), staging, stream);
  const event = device.createEvent();
  device.recordEvent(event, stream);
  uploads.set(d, { event, stream });
  transient.events.push({ device, event });
  transient.staging.push(staging);
  if (t instanceof Parameter && device.spec.kind === 'Ascend' && getContext('mode') === 'GRAPH_MODE') t.isInit = true;
}

/**
 * The event recorded after a launched node (recorded now if it has none: a consumer launched in a
 * later batch then also waits for what its stream ran since, which is later but never wrong).
 */
export function eventAfter(node: OpNode): DeviceEvent {
  if (!node.event) {
    node.event = node.device.createEvent();
    node.device.recordEvent(node.event, node.stream!);
    transient.events.push({ device: node.device, event: node.event, node });
  }
  return node.event;
}

