/**
 * The type of `report.json`, declared from the analyses' own result types, so the build, the renderers and a
 * reader of the model share one exact shape. The runtime guard at the publishing boundary is
 * registry-report-schema.ts; the compiler checks there that every model of this type passes it.
 */
import type { AdjustedOddsRatio } from './analyses/adjusted-odds-ratios.js';
import type { CenterBenchmarkRow } from './analyses/center-benchmark.js';
import type { CompetingRisksAnalysis } from './analyses/competing-risks.js';
import type { ComplicationRate } from './analyses/complication-rates.js';
import type { DataQualityRow } from './analyses/data-quality.js';
import type { PublishedFlowStep } from './analyses/flowchart-suppression.js';
import type { OutcomeTable } from './analyses/outcome-table.js';
import type { FunnelLimit } from './analyses/poisson-funnel-limits.js';
import type { BalanceRow } from './analyses/propensity-matching.js';
import type { QuarterTrend } from './analyses/quarterly-trends.js';
import type { SubgroupResult } from './analyses/subgroup-odds-ratios.js';
import type { SurvivalAnalysis } from './analyses/survival-curves.js';
import type { TableOneRow } from './analyses/table-one.js';
import type { MethodsParagraph } from './methods-text.js';
import type { SuppressedCell } from './small-cell-suppression.js';

/** One upload whose data the report uses. */
export interface ReportUpload {
  uploadId: string;
  centerId: string;
  /** ISO 8601. */
  receivedAt: string;
  verdict: 'green' | 'yellow' | 'red';
}

/** Which quarter, data, spec and software made the report. */
export interface Provenance {
  /** e.g. `2023-Q3`. */
  quarter: string;
  /** Data cut-off, ISO 8601. */
  cutoff: string;
  status: 'provisional' | 'final';
  /** ISO 8601. */
  generatedAt: string;
  softwareVersion: string;
  specId: string;
  /** SHA-256 of the spec's canonical JSON, so a report names exactly which spec made it. */
  specDigest: string;
  seed: number;
  uploads: ReportUpload[];
}

/** A compared group: its label and its (suppressed) size. */
export interface ReportGroup {
  label: string;
  n: SuppressedCell;
}

/** A section the model could not estimate, and why. */
export interface NotEstimable {
  estimable: false;
  reason: string;
}

/** The propensity-matched cohort: pairs, balance (Love plot) and Table 3. */
export type MatchingSection =
  | {
      estimable: true;
      pairs: SuppressedCell;
      unmatchedExposed: SuppressedCell;
      balance: BalanceRow[];
      tableThree: OutcomeTable;
    }
  | NotEstimable;

/**
 * A benchmark row as published: in the registry report every row names its center; in a center's private report
 * only the center's own row does (every other center is an anonymous point).
 */
export type PublishedBenchmarkRow = Omit<CenterBenchmarkRow, 'centerId'> & { centerId?: string };

/** The center benchmark as published (analyses/center-benchmark.ts). */
export type PublishedCenterBenchmark =
  | { estimable: true; quarters: string[]; centers: PublishedBenchmarkRow[]; funnel: FunnelLimit[] }
  | NotEstimable;

/** Fig. 3: Kaplan–Meier curves, and the competing-risks view when the spec asks for it. */
export interface SurvivalSection {
  horizonDays: number;
  /** What a live discharge before the horizon counts as in the Kaplan–Meier curves (spec `survival`). */
  liveDischarge: 'alive-at-horizon' | 'censored';
  beforeMatching: SurvivalAnalysis;
  afterMatching: SurvivalAnalysis;
  /** Cumulative incidence of in-hospital death, live discharge competing (Aalen–Johansen). */
  competingRisks?: { beforeMatching: CompetingRisksAnalysis; afterMatching: CompetingRisksAnalysis };
}

/** The `report.json` model: everything in it has been through small-cell suppression. */
export interface RegistryReport {
  schemaVersion: 1;
  provenance: Provenance;
  suppressionThreshold: number;
  groups: { comparator: ReportGroup; exposure: ReportGroup };
  flowchart: PublishedFlowStep[];
  tableOne: TableOneRow[];
  tableTwo: OutcomeTable;
  adjustedOddsRatios: AdjustedOddsRatio[];
  matching: MatchingSection;
  survival: SurvivalSection;
  subgroups: SubgroupResult[];
  centerBenchmark: PublishedCenterBenchmark;
  quarterlyTrends: QuarterTrend[];
  complicationRates: ComplicationRate[];
  dataQuality: DataQualityRow[];
  /** Two or three plain sentences from the numbers, for the top of the page (key-findings.ts). */
  keyFindings: string[];
  /** The Methods section, written from the spec that made the report (methods-text.ts). */
  methods: MethodsParagraph[];
}
