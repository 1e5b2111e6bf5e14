/**
 * The device registry: device families (`Ascend`, `GPU`, `CPU`, `Null`) with their default presets and
 * the class that implements their behaviours, and the presets by name. Devices are requested by name:
 * `'Ascend'`, `'Ascend:1'`, `'ascend910b'`, `'ascend910b:1'`, `'GPU:0'`.
 * @module
 */
import { ArgumentValueError, DeviceError } from '../../errors/index.js';
import type { Device, DeviceHost } from './device.js';
import type { DeviceSpec } from './spec.js';

/** Makes a device of a family from a spec. */
export type DeviceFactory = (spec: DeviceSpec, ordinal: number, host: DeviceHost) => Device;

/** What a device name resolves to. */
export interface ResolvedDevice {
  /** The preset's figures. */
  readonly spec: DeviceSpec;
  /** The device number. */
  readonly ordinal: number;
  /** Its family's factory. */
  readonly factory: DeviceFactory;
}

/**
 * Device families and presets.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const r = runtime.defaultRegistry.resolve('ascend910b:1');
 * console.log(r.spec.kind, r.ordinal); // Ascend 1
 * ```
 */
export class DeviceRegistry {
  private readonly families = new Map<string, { defaultPreset: string; factory: DeviceFactory }>();
  private readonly specs = new Map<string, DeviceSpec>();

  /**
   * Registers a family and the presets it owns (the first is its default unless named).
   *
   * @throws {@link ArgumentValueError} when the family or one of the presets is registered already, or
   *   a preset is of another kind (nothing is registered then).
   */
  registerFamily(kind: DeviceSpec['kind'], factory: DeviceFactory, presets: readonly DeviceSpec[], defaultPreset = presets[0]?.preset): void {
    const key = String(kind).toLowerCase();
    if (this.families.has(key)) throw new ArgumentValueError(`DeviceRegistry: the device family '${kind}' is registered already`);
    if (!presets.some((p) => p.preset === defaultPreset)) throw new ArgumentValueError(`DeviceRegistry: family '${kind}' needs its default preset '${String(defaultPreset)}' among its presets`);
    for (const p of presets) {
      if (p.kind !== kind) throw new ArgumentValueError(`DeviceRegistry: preset '${p.preset}' is of the ${p.kind} family, not of ${kind}`);
      this.checkNew(p);
    }
    this.families.set(key, { defaultPreset: defaultPreset!, factory });
    for (const p of presets) this.specs.set(p.preset.toLowerCase(), p);
  }

  /**
   * Adds a preset; its family must be registered to create devices from it.
   *
   * @throws {@link ArgumentValueError} when a preset of that name (in any case) is registered already.
   */
  addPreset(spec: DeviceSpec): void {
    this.checkNew(spec);
    this.specs.set(spec.preset.toLowerCase(), spec);
  }

  private checkNew(spec: DeviceSpec): void {
    if (this.specs.has(spec.preset.toLowerCase())) {
      throw new ArgumentValueError(`DeviceRegistry: a preset named '${spec.preset}' is registered already; give the new one another name`);
    }
  }

  /** Every preset. */
  presets(): DeviceSpec[] {
    return [...this.specs.values()];
  }

  /** The preset of a name, if any. */
  preset(name: string): DeviceSpec | undefined {
    return this.specs.get(name.toLowerCase());
  }

  /**
   * Resolves `Family[:n]` or `preset[:n]`.
   *
   * @throws {@link DeviceError} for an unknown family or preset, or a bad ordinal.
   */
  resolve(name: string): ResolvedDevice {
    const m = /^([A-Za-z0-9_-]+)(?::(\d+))?$/.exec(typeof name === 'string' ? name.trim() : '');
    if (!m) throw new DeviceError(`unknown device '${String(name)}': expected a family or preset, optionally with ':<ordinal>' (${this.known()})`);
    const key = m[1]!.toLowerCase();
    const ordinal = m[2] === undefined ? 0 : Number(m[2]);
    const family = this.families.get(key);
    const spec = family ? this.specs.get(family.defaultPreset.toLowerCase()) : this.specs.get(key);
    if (!spec) throw new DeviceError(`unknown device '${name}' (${this.known()})`);
    const owner = this.families.get(spec.kind.toLowerCase());
    if (!owner) throw new DeviceError(`device family ${spec.kind} of preset '${spec.preset}' is not registered`);
    return { spec, ordinal, factory: owner.factory };
  }

  private known(): string {
    const fams = [...this.families.keys()].map((k) => [...this.specs.values()].find((s) => s.kind.toLowerCase() === k)?.kind ?? k);
    return `families: ${fams.join(', ') || 'none'}; presets: ${[...this.specs.values()].map((s) => s.preset).join(', ') || 'none'}`;
  }
}

/** The registry the composition root fills with the built-in devices. */
export const defaultRegistry = new DeviceRegistry();
