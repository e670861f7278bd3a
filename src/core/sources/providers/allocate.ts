/**
 * Splits an exact amount over weights with the largest-remainder method, so the parts are
 * integers (micro-units) that add up to the amount exactly. Ties go to the earlier weight.
 * Computed in BigInt: amount × weight can exceed 2^53 for large bills.
 */
export function allocateLargestRemainder(amount: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amount)) throw new RangeError('The amount to allocate must be an integer number of micro-units.');
  if (weights.length === 0) throw new RangeError('Nothing to allocate to.');
  const clean = weights.map((w) => (Number.isFinite(w) && w > 0 ? Math.round(w) : 0));
  const sum = clean.reduce((a, b) => a + b, 0);
  if (sum > 0 && Number.isSafeInteger(sum) && Math.abs(amount) * sum <= Number.MAX_SAFE_INTEGER) return splitExactly(amount, clean, sum);
  const sanitized = clean.map((w) => BigInt(w));
  let total = sanitized.reduce((a, b) => a + b, 0n);
  // No weight at all: split evenly.
  const parts = total === 0n ? sanitized.map(() => 1n) : sanitized;
  if (total === 0n) total = BigInt(parts.length);

  const negative = amount < 0;
  const whole = BigInt(Math.abs(amount));
  const shares = parts.map((w) => (whole * w) / total);
  const remainders = parts.map((w, i) => ({ i, rest: (whole * w) % total }));
  let left = whole - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i] += 1n;
    left -= 1n;
  }
  return shares.map((share) => (negative ? -Number(share) : Number(share)));
}

/** The same split in doubles, when amount × total weight stays exact (below 2^53). */
function splitExactly(amount: number, weights: readonly number[], total: number): number[] {
  const whole = Math.abs(amount);
  const rests = weights.map((w) => (whole * w) % total);
  const shares = weights.map((w, i) => (whole * w - rests[i]) / total);
  let left = whole - shares.reduce((a, b) => a + b, 0);
  const order = rests.map((rest, i) => ({ i, rest })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    shares[i] += 1;
    left -= 1;
  }
  return amount < 0 ? shares.map((share) => (share === 0 ? 0 : -share)) : shares;
}
