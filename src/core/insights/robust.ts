/** Robust statistics over small samples: medians and median absolute deviations. */

/** Scale that turns a MAD into a standard-deviation estimate for normally distributed data. */
export const MAD_TO_SIGMA = 1.4826;

/** Median of the values (0 for none). Sorts a copy. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  return medianInPlace(Float64Array.from(values));
}

/** Median of the values, sorting them in place (for scratch arrays in loops: no copy). */
export function medianInPlace(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return 0;
  values.sort();
  const mid = n >>> 1;
  return n % 2 === 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

/** Median absolute deviation from `center` (0 for none). */
export function medianAbsoluteDeviation(values: ArrayLike<number>, center = median(values)): number {
  const deviations = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) deviations[i] = Math.abs(values[i] - center);
  return median(deviations);
}
