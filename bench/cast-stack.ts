/**
 * Cast float32 → float16 of 16M elements through the whole stack (the input on the device, the op, the
 * read back with `asnumpy()`) on each target, plainly and in `tidy`, against its bare kernel writing
 * into one warm array and into a new array each call (the fresh pages a result array of its own costs,
 * which `asnumpy` cannot avoid). {@link castStackWithHugePages} runs the same group in a child process
 * whose allocator asks the kernel for transparent huge pages, where glibc and Linux offer them.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ExecutionContext, Tensor, kernels, mstype, np, ops, tidy } from '../src/index.js';
import { type GroupResult, random, runGroup } from './harness.js';

const M = 1 << 24;
const BARE = 'bare kernel: kernels.Cast';
/** The glibc setting that makes malloc advise huge pages (glibc 2.35 on). */
const HUGE_PAGES = 'glibc.malloc.hugetlb=1';

/** The whole-stack Cast group, its rows compared with the bare kernel writing into a warm array. */
export function castStackGroup(title: string): GroupResult {
  const p = kernels.ktensor(kernels.DTYPES.float32, [M], random(M, 5));
  const h = kernels.ktensor(kernels.DTYPES.float16, [M]);
  const pd = p.data as Float32Array;
  return runGroup(title, 'elements', [
    { name: BARE, units: M, fn: () => kernels.Cast.compute([p], { dtype: 'float16' }, { out: h }) },
    // the stack returns a new 32 MiB array each call, as asnumpy must: fresh memory the OS maps page by page
    { name: 'bare kernel into a new array (fresh pages)', units: M, fn: () => kernels.Cast.compute([p], { dtype: 'float16' }) },
    ...([true, false] as const).flatMap((scoped) =>
      (['CPU', 'GPU', 'Ascend'] as const).map((target) => {
        // each row its own machine, made (the input uploaded) before any row is timed
        const ctx = new ExecutionContext({ deviceTarget: target, mode: 'PYNATIVE_MODE' });
        const input = ctx.run(() => new Tensor(np.array(pd)));
        const castAndRead = () => void ops.Cast()(input, mstype.float16).asnumpy();
        const call = scoped ? () => tidy(castAndRead) : castAndRead;
        return {
          name: `${target}: ops.Cast + asnumpy, ${scoped ? 'in tidy (device memory reused)' : 'no scope (each output kept)'}`,
          units: M,
          fn: () => ctx.run(call),
        };
      }),
    ),
  ], BARE);
}

/** Why huge pages cannot be asked for here, or null where they can. */
function hugePagesRefusal(): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  const glibc = header?.glibcVersionRuntime;
  const [major = 0, minor = 0] = (glibc ?? '0.0').split('.').map(Number);
  if (major < 2 || (major === 2 && minor < 35)) return `glibc ${glibc ?? 'not found'} (2.35 or later has ${HUGE_PAGES})`;
  let mode = '';
  try {
    mode = readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8');
  } catch {
    return 'no transparent huge pages in this kernel';
  }
  if (mode.includes('[never]')) return 'transparent huge pages are off ([never])';
  return null;
}

/**
 * The same group in a child process started with `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, so that
 * large arrays come in 2 MiB pages (one fault each instead of 512); none, with the reason printed,
 * where glibc or the kernel cannot.
 */
export function castStackWithHugePages(): GroupResult[] {
  const refusal = hugePagesRefusal();
  if (refusal !== null) {
    console.log(`  (whole-stack Cast with huge pages left out: ${refusal})`);
    return [];
  }
  const main = fileURLToPath(new URL('./cast-stack-main.js', import.meta.url));
  const env = { ...process.env, GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ? `${process.env.GLIBC_TUNABLES}:${HUGE_PAGES}` : HUGE_PAGES };
  const run = spawnSync(process.execPath, ['--expose-gc', main], { env, encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) {
    console.log(`  (whole-stack Cast with huge pages left out: the child process failed: ${run.error?.message ?? run.stderr.trim().split('\n').pop() ?? ''})`);
    return [];
  }
  return [JSON.parse(run.stdout.trim().split('\n').pop()!) as GroupResult];
}
