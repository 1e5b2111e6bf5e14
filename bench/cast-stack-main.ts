/**
 * The child process of {@link castStackWithHugePages}: runs the whole-stack Cast group and prints its
 * result as one line of JSON (the parent reports it with the others).
 */
import { castStackGroup } from './cast-stack.js';

console.log(JSON.stringify(castStackGroup(`Cast float32 → float16, 16M elements, whole stack, huge pages (GLIBC_TUNABLES=${process.env.GLIBC_TUNABLES ?? ''})`)));
