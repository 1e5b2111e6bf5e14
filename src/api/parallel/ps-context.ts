/**
 * MindSpore r1.5's parameter-server context: `enablePs`, and the role, server and worker counts read
 * from the context's environment (`MS_ROLE`, `MS_SERVER_NUM`, `MS_WORKER_NUM`, `MS_SCHED_HOST`,
 * `MS_SCHED_PORT`) at the moment it is enabled (shared spec: distributed.md, section 6).
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../../errors/index.js';
import type { ParameterServerHub } from '../../runtime/index.js';
import { snakeCase } from './auto-parallel-context.js';

/** A parameter-server role: `MS_SCHED`, `MS_PSERVER`, `MS_WORKER`, or `MS_NOT_PS` without one. */
export type PsRole = 'MS_SCHED' | 'MS_PSERVER' | 'MS_WORKER' | 'MS_NOT_PS';

/** What `setPsContext` takes. */
export interface PsOptions {
  /** Parameter-server training (false). */
  enablePs?: boolean;
}

/** What `getPsContext` reads. */
export interface PsState {
  /** Whether parameter-server training is on. */
  enablePs: boolean;
  /** This process's role (`MS_NOT_PS` when PS is off or `MS_ROLE` names none). */
  msRole: PsRole;
  /** `MS_SERVER_NUM` (0 when unset). */
  serverNum: number;
  /** `MS_WORKER_NUM` (0 when unset). */
  workerNum: number;
  /** `MS_SCHED_HOST` (''). */
  schedulerHost: string;
  /** `MS_SCHED_PORT` (0). */
  schedulerPort: number;
}

const ROLES: readonly PsRole[] = ['MS_SCHED', 'MS_PSERVER', 'MS_WORKER'];

const off = (): PsState => ({ enablePs: false, msRole: 'MS_NOT_PS', serverNum: 0, workerNum: 0, schedulerHost: '', schedulerPort: 0 });

/** One context's parameter-server settings. */
export class PsContext {
  private state = off();
  /** @internal the launch's parameter servers, when it has them (set by `launch`) */
  hub: ParameterServerHub | null = null;
  /** @internal this worker's index among the servers' workers */
  worker = 0;
  /** Each Parameter's key on the servers, in the order they were first pushed (the same on every worker). */
  private readonly keys = new Map<object, number>();
  /** @param env - the context's environment variables, read when PS is enabled. */
  constructor(private readonly env: () => Readonly<Record<string, string>>) {}

  /** @internal a Parameter's key (assigned at its first Push) */
  keyOf(p: object): number {
    let k = this.keys.get(p);
    if (k === undefined) this.keys.set(p, (k = this.keys.size));
    return k;
  }

  /**
   * As r1.5's `set_ps_context`.
   *
   * @throws {@link ArgumentTypeError} "Argument enable_ps must be <class 'bool'>".
   * @throws {@link ArgumentValueError} "Set PS context keyword {key} is not recognized!".
   */
  set(options: PsOptions): void {
    if (options === null || typeof options !== 'object') throw new ArgumentTypeError(`For 'set_ps_context', the options must be an object, but got ${typeof options}.`);
    for (const [key, value] of Object.entries(options)) {
      if (key !== 'enablePs') throw new ArgumentValueError(`Set PS context keyword ${snakeCase(key)} is not recognized!`);
      if (typeof value !== 'boolean') throw new ArgumentTypeError("Argument enable_ps must be <class 'bool'>");
    }
    if (options.enablePs === undefined) return;
    if (!options.enablePs) {
      this.state = off();
      return;
    }
    const env = this.env();
    const role = env['MS_ROLE'] as PsRole | undefined;
    const int = (name: string) => (/^\d+$/.test(env[name] ?? '') ? Number(env[name]) : 0);
    this.state = {
      enablePs: true,
      msRole: role && ROLES.includes(role) ? role : 'MS_NOT_PS',
      serverNum: int('MS_SERVER_NUM'),
      workerNum: int('MS_WORKER_NUM'),
      schedulerHost: env['MS_SCHED_HOST'] ?? '',
      schedulerPort: int('MS_SCHED_PORT'),
    };
  }

  /**
   * As r1.5's `get_ps_context`.
   *
   * @throws {@link ArgumentValueError} "Get PS context keyword {key} is not recognized!".
   */
  get<K extends keyof PsState>(key: K): PsState[K] {
    if (typeof key !== 'string' || !Object.hasOwn(this.state, key)) throw new ArgumentValueError(`Get PS context keyword ${snakeCase(String(key))} is not recognized!`);
    return this.state[key];
  }

  /** Turns PS off. */
  reset(): void {
    this.state = off();
  }

  /** This process's role (`MS_NOT_PS` unless PS is on with a role). */
  get role(): PsRole {
    return this.state.msRole;
  }

  /** Whether this process is a PS server or scheduler (they skip `init()` and never train). */
  get serverOrScheduler(): boolean {
    return this.state.msRole === 'MS_PSERVER' || this.state.msRole === 'MS_SCHED';
  }
}
