/**
 * The GPU behaviour that differs: CUDA's legacy default stream. Work on stream 0 waits for all earlier
 * work on every blocking stream, and work on a blocking stream waits for earlier work on stream 0;
 * streams created non-blocking opt out.
 * @module
 */
import { runtime } from '../kit.js';

/**
 * An NVIDIA-style GPU.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const gpu = new runtime.Platform().device('GPU:0');
 * const s1 = gpu.createStream();
 * gpu.launch(s1, { name: 'long', flops: 1e12 });
 * const k = gpu.launch(gpu.defaultStream, { name: 'after' }); // waits for s1's kernel
 * gpu.synchronize();
 * console.log(k.begin > 0); // true
 * ```
 */
export class GpuDevice extends runtime.Device {
  protected override implicitDependencies(stream: runtime.Stream): runtime.WorkItem[] | null {
    if (!this.spec.legacyDefaultStream || stream.nonBlocking) return null;
    if (stream.id === 0) {
      const deps: runtime.WorkItem[] = [];
      for (const s of this.listStreams()) {
        if (s.id !== 0 && !s.nonBlocking && s.last && !s.last.finished) deps.push(s.last);
      }
      return deps.length > 0 ? deps : null;
    }
    const d = this.defaultStream.last;
    return d && !d.finished ? [d] : null;
  }
}
