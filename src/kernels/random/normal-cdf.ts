/**
 * The standard normal CDF Φ and its inverse, to double precision, for r1.5's TruncatedNormal
 * initializer (scipy's `truncnorm.rvs`: the inverse CDF of uniform draws). Φ(x) = ½(1 + erf(x/√2)) with
 * erf from its series of positive terms, erf(z) = (2/√π)·e^(−z²)·Σ 2ⁿz^(2n+1) / (1·3·…·(2n+1)), which has
 * no cancellation; Φ⁻¹ by Newton's method on Φ from a rational first guess. Meant for |x| ≤ 6.
 * @module
 */

/** erf(z) for |z| ≤ ~4.5, by the positive series (relative error a few ulps). */
function erf(z: number): number {
  const a = Math.abs(z);
  let term = a;
  let sum = a;
  for (let n = 0; n < 200; n++) {
    term *= (2 * a * a) / (2 * n + 3);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const value = (2 / Math.sqrt(Math.PI)) * Math.exp(-a * a) * sum;
  return z < 0 ? -value : value;
}

/**
 * Φ(x), the standard normal CDF.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.normalCdf(0), kernels.normalCdf(-2).toFixed(12)); // 0.5 0.022750131948
 * ```
 */
export function normalCdf(x: number): number {
  return 0.5 * (1 + erf(x / Math.SQRT2));
}

/**
 * Φ⁻¹(q) for q in (0, 1): Newton's method on {@link normalCdf} from a logistic first guess.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.normalQuantile(0.975).toFixed(12)); // 1.959963984540
 * ```
 */
export function normalQuantile(q: number): number {
  let x = Math.log(q / (1 - q)) / 1.702; // the logistic approximation of Φ⁻¹
  for (let k = 0; k < 60; k++) {
    const step = (normalCdf(x) - q) / (Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI));
    x -= step;
    if (Math.abs(step) <= 1e-17 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}

/**
 * `n` draws of r1.5's TruncatedNormal(sigma): scipy's `truncnorm.rvs(-2, 2, scale=sigma)`, the inverse
 * CDF of `uniforms` (numpy's random_sample draws): sigma · Φ⁻¹(Φ(−2) + u · (Φ(2) − Φ(−2))).
 */
export function truncatedNormalFromUniforms(uniforms: ArrayLike<number>, sigma: number): Float64Array {
  const lo = normalCdf(-2);
  const mass = normalCdf(2) - lo;
  return Float64Array.from(uniforms, (u) => normalQuantile(lo + u * mass) * sigma);
}
