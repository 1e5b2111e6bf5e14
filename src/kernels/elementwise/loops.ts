/**
 * Loop generation for elementwise kernels. Each op's loop is compiled once from its expression
 * (in `x`, `y`, `z`), so every op gets its own monomorphic loop; one generic loop calling an op
 * function would be megamorphic and several times slower. Three paths: same shapes (one flat loop),
 * a scalar operand, and general broadcasting (an odometer over the output; the innermost axis is a
 * tight strided loop). No per-element allocation.
 * @module
 */
import type { Shape } from '../shape.js';
import { broadcastStrides } from '../broadcast.js';
import { stridesOf } from '../shape.js';

/** The storage an elementwise loop reads and writes: a typed array or an array of numbers or bigints. */
export type ElementStorage = { [i: number]: number | bigint; length: number };

/**
 * A compiled loop: writes `out[i] = expr(inputs at i)` over `outShape`. The inputs come one argument
 * each, with their shapes (`a0, s0, a1, s1, a2, s2`, as many as the arity): a call builds no list.
 */
export type ElementLoop = (out: ElementStorage, outShape: Shape, a0: ElementStorage, s0: Shape, a1?: ElementStorage, s1?: Shape, a2?: ElementStorage, s2?: Shape) => void;

const cache = new Map<string, ElementLoop>();

const VARS = ['x', 'y', 'z'];
/**
 * Elements per step of the same-shape loop. A loop over typed arrays that arrive as arguments ran at
 * about half the speed of the same loop over arrays V8 knows as constants (their checks are not hoisted
 * out of the loop); eight elements a step share that overhead (a 16M-element Add: 37 -> 25 ms here,
 * the constant-array loop 20). Each element is still read and written before the next, so an output
 * that is also an input stays right.
 */
const UNROLL = 8;

/**
 * Compiles (once per expression, arity and storage classes) the loop for `expr`, an expression in `x`
 * (and `y`, `z`). The expression may use `f` for Math.fround and `M` for Math. `storage` names the typed
 * array classes the loop will see (say `Float32Array>Float32Array`): one loop per combination keeps its
 * element accesses monomorphic.
 */
export function elementLoop(expr: string, arity: number, storage = ''): ElementLoop {
  const key = `${arity}:${storage}:${expr}`;
  let loop = cache.get(key);
  if (loop) return loop;
  const vars = VARS.slice(0, arity);
  const src = `
    return function loop(out, outShape, ${vars.map((_v, k) => `a${k}, shape${k}`).join(', ')}) {
      const n = out.length;
      if (n === 0) return;
      if (${vars.map((_v, k) => `a${k}.length === n`).join(' && ')}) {
        let i = 0;
        for (; i + ${UNROLL} <= n; i += ${UNROLL}) {
          ${Array.from({ length: UNROLL }, (_u, u) => `{ const j = i + ${u}; ${vars.map((v, k) => `const ${v} = a${k}[j];`).join(' ')} out[j] = ${expr}; }`).join('\n          ')}
        }
        for (; i < n; i++) { ${vars.map((v, k) => `const ${v} = a${k}[i];`).join(' ')} out[i] = ${expr}; }
        return;
      }
      const rank = outShape.length;
      ${vars.map((_v, k) => `const s${k} = strides(shape${k}, outShape);`).join(' ')}
      const inner = rank === 0 ? 1 : outShape[rank - 1];
      ${vars.map((_v, k) => `const d${k} = rank === 0 ? 0 : s${k}[rank - 1];`).join(' ')}
      const idx = new Int32Array(rank);
      ${vars.map((_v, k) => `let o${k} = 0;`).join(' ')}
      for (let i = 0; i < n; i += inner) {
        ${vars.map((_v, k) => `let p${k} = o${k};`).join(' ')}
        for (let j = 0; j < inner; j++) {
          ${vars.map((v, k) => `const ${v} = a${k}[p${k}]; p${k} += d${k};`).join(' ')}
          out[i + j] = ${expr};
        }
        for (let ax = rank - 2; ax >= 0; ax--) {
          idx[ax]++;
          ${vars.map((_v, k) => `o${k} += s${k}[ax];`).join(' ')}
          if (idx[ax] < outShape[ax]) break;
          ${vars.map((_v, k) => `o${k} -= s${k}[ax] * outShape[ax];`).join(' ')}
          idx[ax] = 0;
        }
      }
    };`;
  loop = new Function('strides', 'f', 'M', src)(broadcastStrides, Math.fround, Math) as ElementLoop;
  cache.set(key, loop);
  return loop;
}

/** C-order strides, re-exported for kernels that walk shapes themselves. */
export { stridesOf };
