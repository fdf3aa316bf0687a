/**
 * Number formats shared by the figures' text columns, so a table and its figure print the same digits.
 */

/** A ratio or an estimate with two decimals: 0.823 → "0.82", 12.345 → "12.3" (three significant digits ≥ 10). */
export function formatEstimate(value: number): string {
  return Math.abs(value) >= 10 ? value.toPrecision(3) : value.toFixed(2);
}

/** An estimate with its confidence interval, "0.82 (0.69–0.99)". */
export function formatEstimateWithInterval(estimate: number, lower: number, upper: number): string {
  return `${formatEstimate(estimate)} (${formatEstimate(lower)}–${formatEstimate(upper)})`;
}

/** A p-value with three decimals, and "<0.001" below that (the NEJM/Crit Care convention). */
export function formatPValue(p: number): string {
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}
