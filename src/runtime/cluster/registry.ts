/**
 * Cluster presets by name, as the device registry holds device presets. The composition root fills
 * {@link defaultClusterRegistry} with the built-in presets; a spec of your own is used directly.
 * @module
 */
import { ArgumentValueError } from '../../errors/index.js';
import { checkClusterSpec, type ClusterSpec } from './spec.js';

/**
 * Cluster presets.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * console.log(runtime.defaultClusterRegistry.names()); // [ 'atlas800-910', 'atlas800t-a2', 'cpu-hosts', 'dgx-a100', 'dgx-h100' ]
 * ```
 */
export class ClusterRegistry {
  private readonly specs = new Map<string, ClusterSpec>();

  /**
   * Adds a preset.
   *
   * @throws {@link ArgumentValueError} when the name is taken, or the spec is malformed.
   */
  add(spec: ClusterSpec): void {
    checkClusterSpec(spec);
    const key = spec.preset.toLowerCase();
    if (this.specs.has(key)) throw new ArgumentValueError(`ClusterRegistry: a cluster preset named '${spec.preset}' is registered already; give the new one another name`);
    this.specs.set(key, spec);
  }

  /** The preset of a name, if any. */
  preset(name: string): ClusterSpec | undefined {
    return typeof name === 'string' ? this.specs.get(name.toLowerCase()) : undefined;
  }

  /** The preset names, sorted. */
  names(): string[] {
    return [...this.specs.values()].map((s) => s.preset).sort();
  }

  /**
   * A preset by name, or a spec of your own (checked).
   *
   * @throws {@link ArgumentValueError} for an unknown name (listing the presets) or a malformed spec.
   */
  resolve(cluster: string | ClusterSpec): ClusterSpec {
    if (typeof cluster === 'string') {
      const spec = this.preset(cluster);
      if (!spec) throw new ArgumentValueError(`unknown cluster '${cluster}' (presets: ${this.names().join(', ') || 'none'})`);
      return spec;
    }
    return checkClusterSpec(cluster);
  }
}

/** The registry the composition root fills with the built-in cluster presets. */
export const defaultClusterRegistry = new ClusterRegistry();
