/**
 * The per-quarter aggregates computed straight from canonical run lines (run-encoding.ts), without building a
 * typed row per run: each line is parsed once into its cells and read by column index. It computes exactly
 * what {@link QuarterAggregator} computes from decoded rows, in the same order of additions, so the results are
 * bit-identical (test/shared/ingest/encoded-run-aggregator.test.ts holds them equal); QuarterAggregator stays
 * the plain-reading oracle.
 */
import { complicationCategories, complicationCategoryNames } from '../dictionary/index.js';
import { RunPlacementError } from './errors.js';
import type { RunChange, RunSet } from './merge-runs.js';
import { emptyAggregate, summedColumns } from './quarter-aggregator.js';
import { compareRunIds } from './recompute-aggregates.js';
import { encodedColumns, parseRunCells, type Cell } from './run-encoding.js';
import { quarterOf } from './run-quarter.js';
import type { FieldCompleteness, FieldSums, Quarter, QuarterAggregate } from './types/index.js';

function indexOf(column: string): number {
  const index = encodedColumns.indexOf(column);
  if (index < 0) throw new Error(`The dictionary has no column ${column}.`);
  return index;
}

const at = {
  runId: indexOf('run_id'),
  dischargeAt: indexOf('discharge_at'),
  deathAt: indexOf('death_at'),
  diedInHospital: indexOf('died_in_hospital'),
  survivedEcmo: indexOf('survived_ecmo'),
  ecmoStartAt: indexOf('ecmo_start_at'),
  ecmoHours: indexOf('ecmo_hours'),
  iabp: indexOf('iabp'),
  iabpStartAt: indexOf('iabp_start_at'),
};
const summed = summedColumns.map((name) => ({ name, index: indexOf(name) }));
const complications = complicationCategoryNames.map((category) => ({
  category,
  indexes: complicationCategories[category].map(indexOf),
}));
/** Every column with the column that must be yes for it to apply (completeness), as in QuarterAggregator. */
const completeness = encodedColumns.map((name, index) => ({
  name,
  index,
  appliesWhen: name === 'iabp_start_at' ? at.iabp : name === 'death_at' ? at.diedInHospital : -1,
}));

/** The quarter a run counts in and whether it is completed (run-quarter.ts `placeRun`, read from cells). */
export function placeRunCells(cells: readonly Cell[]): { completed: boolean; quarter: Quarter } {
  const discharge = cells[at.dischargeAt];
  if (discharge === null || discharge === undefined) {
    const start = cells[at.ecmoStartAt];
    if (start === null || start === undefined) {
      throw new RunPlacementError((cells[at.runId] as string | null) ?? undefined);
    }
    return { completed: false, quarter: quarterOf(start as number) };
  }
  const death = cells[at.deathAt];
  const end = cells[at.diedInHospital] === 1 && death !== null && death !== undefined ? death : discharge;
  return { completed: true, quarter: quarterOf(end as number) };
}

/** A quarter's aggregate with its sums and completeness cells in column-index order (no lookups by name per run). */
interface QuarterCells {
  aggregate: QuarterAggregate;
  sums: FieldSums[];
  completeness: FieldCompleteness[];
}

function quarterCells(centerId: string, quarter: Quarter): QuarterCells {
  const aggregate = emptyAggregate(centerId, quarter);
  return {
    aggregate,
    sums: summed.map(({ name }) => aggregate.sums[name]!),
    completeness: completeness.map(({ name }) => aggregate.completeness[name]!),
  };
}

function addCompletedCells(target: QuarterCells, cells: readonly Cell[]): void {
  const { aggregate } = target;
  aggregate.runs += 1;
  const iabpStart = cells[at.iabpStartAt];
  const ecmoStart = cells[at.ecmoStartAt];
  if (cells[at.iabp] === 1 && iabpStart !== null && ecmoStart !== null) {
    if (iabpStart! < ecmoStart!) aggregate.iabpBeforeEcmo += 1;
    else if (iabpStart! > ecmoStart!) aggregate.iabpAfterEcmo += 1;
  }
  if (cells[at.diedInHospital] === 1) aggregate.inHospitalDeaths += 1;
  if (cells[at.survivedEcmo] === 0) aggregate.onSupportDeaths += 1;
  for (const { category, indexes } of complications) {
    for (const index of indexes) {
      if (cells[index] === 1) {
        aggregate.complications[category] += 1;
        break;
      }
    }
  }
  const hours = cells[at.ecmoHours];
  if (hours !== null) aggregate.ecmoHours += hours as number;
  for (let i = 0; i < summed.length; i++) {
    const x = cells[summed[i]!.index]!;
    if (x === null) continue;
    const sums = target.sums[i]!;
    sums.n += 1;
    sums.sum += x as number;
    sums.sumSquares += (x as number) * (x as number);
  }
  for (let i = 0; i < completeness.length; i++) {
    const { index, appliesWhen } = completeness[i]!;
    if (appliesWhen >= 0 && cells[appliesWhen] !== 1) continue;
    const cell = target.completeness[i]!;
    cell.applicable += 1;
    if (cells[index] !== null) cell.filled += 1;
  }
}

/** What {@link aggregateRunSet} returns. */
export interface RunSetAggregation {
  /** The set's aggregates, in quarter order (equal to `recomputeAggregates` over the decoded runs). */
  aggregates: QuarterAggregate[];
  /** The quarters of every changed run, before and after the change, sorted (affected-quarters.ts). */
  affectedQuarters: Quarter[];
}

/**
 * Aggregates a center's run set in run-id order, parsing each line once, and places the changed runs on the
 * way (the `after` lines are in the set; only the `before` lines of updated or removed runs are parsed apart).
 */
export function aggregateRunSet(
  centerId: string,
  runs: RunSet,
  changes: readonly RunChange[] = [],
): RunSetAggregation {
  const changedAfter = new Set<string>();
  const affected = new Set<Quarter>();
  for (const change of changes) {
    if (change.after !== undefined) changedAfter.add(change.runId);
    if (change.before !== undefined) affected.add(placeRunCells(parseRunCells(change.before)).quarter);
  }
  const byQuarter = new Map<Quarter, QuarterCells>();
  for (const runId of [...runs.keys()].sort(compareRunIds)) {
    const cells = parseRunCells(runs.get(runId)!);
    const placement = placeRunCells(cells);
    if (changedAfter.has(runId)) affected.add(placement.quarter);
    let target = byQuarter.get(placement.quarter);
    if (!target) {
      target = quarterCells(centerId, placement.quarter);
      byQuarter.set(placement.quarter, target);
    }
    if (placement.completed) addCompletedCells(target, cells);
    else target.aggregate.inProgressRuns += 1;
  }
  const byQuarterOrder = (a: QuarterAggregate, b: QuarterAggregate) =>
    a.quarter < b.quarter ? -1 : a.quarter > b.quarter ? 1 : 0;
  return {
    aggregates: [...byQuarter.values()].map((q) => q.aggregate).sort(byQuarterOrder),
    affectedQuarters: [...affected].sort(),
  };
}
