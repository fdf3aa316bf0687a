import { columns, complicationCategoryNames, hasComplication, type RunRow } from '../dictionary/index.js';
import { placeRun } from './run-quarter.js';
import type { FieldCompleteness, FieldSums, Quarter, QuarterAggregate } from './types/index.js';

/** Columns whose values are summed (numbers as they are, yes/no as 1/0), so means and SDs can be pooled. */
export const summedColumns: readonly string[] = columns
  .filter((c) => c.kind === 'integer' || c.kind === 'number' || c.kind === 'boolean')
  .map((c) => c.name);

const allColumns: readonly string[] = columns.map((c) => c.name);

/** Columns expected only when another says so: they are not applicable otherwise. */
const applicableWhen: Readonly<Record<string, (row: RunRow) => boolean>> = {
  iabp_start_at: (row) => row.iabp === true,
  death_at: (row) => row.died_in_hospital === true,
};

/** A quarter's aggregate before any run is added. */
export function emptyAggregate(centerId: string, quarter: Quarter): QuarterAggregate {
  return {
    centerId,
    quarter,
    runs: 0,
    inProgressRuns: 0,
    iabpBeforeEcmo: 0,
    iabpAfterEcmo: 0,
    inHospitalDeaths: 0,
    onSupportDeaths: 0,
    complications: Object.fromEntries(
      complicationCategoryNames.map((c) => [c, 0]),
    ) as QuarterAggregate['complications'],
    ecmoHours: 0,
    sums: Object.fromEntries(
      summedColumns.map((c) => [c, { n: 0, sum: 0, sumSquares: 0 } satisfies FieldSums]),
    ),
    completeness: Object.fromEntries(
      allColumns.map((c) => [c, { filled: 0, applicable: 0 } satisfies FieldCompleteness]),
    ),
  };
}

function addCompleted(aggregate: QuarterAggregate, row: RunRow): void {
  const record = row as unknown as Record<string, string | number | boolean | undefined>;
  aggregate.runs += 1;
  if (row.iabp === true && row.iabp_start_at !== undefined && row.ecmo_start_at !== undefined) {
    if (row.iabp_start_at < row.ecmo_start_at) aggregate.iabpBeforeEcmo += 1;
    else if (row.iabp_start_at > row.ecmo_start_at) aggregate.iabpAfterEcmo += 1;
  }
  if (row.died_in_hospital === true) aggregate.inHospitalDeaths += 1;
  if (row.survived_ecmo === false) aggregate.onSupportDeaths += 1;
  for (const category of complicationCategoryNames) {
    if (hasComplication(row, category) === true) aggregate.complications[category] += 1;
  }
  if (row.ecmo_hours !== undefined) aggregate.ecmoHours += row.ecmo_hours;
  for (const column of summedColumns) {
    const value = record[column];
    if (value === undefined) continue;
    const x = typeof value === 'boolean' ? (value ? 1 : 0) : (value as number);
    const sums = aggregate.sums[column]!;
    sums.n += 1;
    sums.sum += x;
    sums.sumSquares += x * x;
  }
  for (const column of allColumns) {
    const applies = applicableWhen[column];
    if (applies && !applies(row)) continue;
    const cell = aggregate.completeness[column]!;
    cell.applicable += 1;
    if (record[column] !== undefined) cell.filled += 1;
  }
}

/**
 * Folds runs into per-quarter aggregates for one center, one run at a time (so a caller can stream decoded runs
 * through it). Floating-point sums depend on the order of addition: feed runs in run-id order, as
 * {@link recomputeAggregates} does, to get bit-identical results.
 */
export class QuarterAggregator {
  private readonly byQuarter = new Map<Quarter, QuarterAggregate>();

  constructor(private readonly centerId: string) {}

  /** Adds one run to its quarter. */
  add(row: RunRow): void {
    const placement = placeRun(row);
    let aggregate = this.byQuarter.get(placement.quarter);
    if (!aggregate) {
      aggregate = emptyAggregate(this.centerId, placement.quarter);
      this.byQuarter.set(placement.quarter, aggregate);
    }
    if (placement.completed) addCompleted(aggregate, row);
    else aggregate.inProgressRuns += 1;
  }

  /** The aggregates so far, in quarter order. */
  result(): QuarterAggregate[] {
    return [...this.byQuarter.values()].sort((a, b) =>
      a.quarter < b.quarter ? -1 : a.quarter > b.quarter ? 1 : 0,
    );
  }
}
