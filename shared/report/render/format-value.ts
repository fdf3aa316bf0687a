/**
 * How the report's numbers print in its tables, CSV files and figure texts, so they all show the same digits.
 */
import { formatSuppressedCount } from '../figures/flowchart.js';
import type { SuppressedCell } from '../small-cell-suppression.js';

export { formatEstimateWithInterval, formatPValue } from '../figures/format-number.js';

/** A published count: "1,234", or "hidden" when suppressed (small, or hidden as a complement). */
export function formatCount(cell: SuppressedCell): string {
  return formatSuppressedCount(cell);
}

/** A number with fixed decimals, or "–" when absent (hidden or not computed). */
export function formatFixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

/** "n (p%)" with one decimal, or the count alone when its percentage is hidden. */
export function formatCountPercent(cell: { count: SuppressedCell; percent: number | null }): string {
  const n = formatCount(cell.count);
  return cell.percent === null ? n : `${n} (${cell.percent.toFixed(1)}%)`;
}
