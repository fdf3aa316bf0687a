/**
 * The data-quality dashboard (STUDY.md, "Data-quality dashboard"): per center, the latest upload and its verdict,
 * how many uploads the report's data use, and the completeness of each optional field of the center's current
 * data, counted as the upload verdicts count it (validation/completeness.ts: a blank the dictionary expects, such
 * as death_at for a survivor, is not missing). BMI counts as given where the dictionary derives it from height
 * and weight, as the analyses do (bmiOf): a center that records height and weight instead of BMI is complete, and
 * a run with no body size at all is the only kind that lowers it. Required fields are always complete in accepted
 * data, so they are not listed. A completeness is a share of the center's runs, not a count of patients with a characteristic.
 */
import { bmiOf, type RegistryRun } from '../../cohort/index.js';
import { columns } from '../../dictionary/index.js';
import { CompletenessCounter } from '../../validation/completeness.js';
import type { ReportUpload } from '../registry-report.js';

/** Completeness of a center's current data: overall (optional fields) and per optional field, 0–1. */
export interface CenterCompleteness {
  overall: number;
  fields: { column: string; completeness: number }[];
}

/** One center's row of the dashboard. */
export interface DataQualityRow {
  centerId: string;
  /** The center's latest upload (ISO 8601), or null when none was received. */
  lastUploadAt: string | null;
  verdict: ReportUpload['verdict'] | null;
  /** How many uploads the report's data use. */
  uploads: number;
  /** Completeness of the center's current data; null without data. */
  completeness: CenterCompleteness | null;
}

const everyColumn = new Set(columns.map((c) => c.name));

/** The completeness of one center's runs, or null when it has none. */
export function centerCompleteness(runs: readonly RegistryRun[]): CenterCompleteness | null {
  if (runs.length === 0) return null;
  const counter = new CompletenessCounter();
  for (const run of runs) {
    const row = run as Record<string, unknown>;
    counter.add(
      columns.map((c) => (c.name === 'bmi' ? bmiOf(run) : row[c.name])),
      run,
    );
  }
  return {
    overall: counter.overall(),
    fields: counter
      .byColumn(everyColumn)
      .filter((c) => !c.required)
      .map((c) => ({ column: c.column, completeness: c.completeness })),
  };
}

/** Each center's runs, by center id. */
export function runsByCenter(runs: Iterable<RegistryRun>): Map<string, RegistryRun[]> {
  const byCenter = new Map<string, RegistryRun[]>();
  for (const run of runs) {
    const id = run.center_id ?? '';
    const list = byCenter.get(id);
    if (list) list.push(run);
    else byCenter.set(id, [run]);
  }
  return byCenter;
}

/**
 * The dashboard from the uploads a report used: per center with an upload, its last upload, that upload's
 * verdict, how many uploads were used, and the completeness of its runs in `runs`.
 */
export function dataQualityFromUploads(
  uploads: readonly ReportUpload[],
  runs: ReadonlyMap<string, readonly RegistryRun[]>,
): DataQualityRow[] {
  const byCenter = new Map<string, ReportUpload[]>();
  for (const u of uploads) byCenter.set(u.centerId, [...(byCenter.get(u.centerId) ?? []), u]);
  return [...byCenter.keys()].sort().map((centerId) => {
    const list = byCenter.get(centerId)!;
    const last = list.reduce((a, b) => (b.receivedAt > a.receivedAt ? b : a));
    return {
      centerId,
      lastUploadAt: last.receivedAt,
      verdict: last.verdict,
      uploads: list.length,
      completeness: centerCompleteness(runs.get(centerId) ?? []),
    };
  });
}
