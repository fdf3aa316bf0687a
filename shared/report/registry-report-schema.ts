/**
 * The runtime guard of `report.json` at the publishing boundary: every object is strict (a field the model does
 * not declare, such as a run id, is rejected rather than published), every published count is a suppressed cell,
 * and parsing puts each object's keys in report.json's published order (so the same model always gives the same
 * bytes, whatever order the analyses built its objects in). The model's type is
 * registry-report.ts (declared from the analyses' own types); the compiler checks below that this schema accepts
 * exactly that type, so the two cannot drift apart.
 */
import { z } from 'zod';
import type { RegistryReport } from './registry-report.js';

/** A published count: the value, or null with why it was hidden. */
export const SuppressedCellSchema = z.union([
  // A hidden count carries no value: a cell marked suppressed with a number in it would publish what it hides.
  z.object({ value: z.null(), suppressed: z.literal(true) }).strict(),
  z.object({ value: z.number().int().nonnegative().nullable() }).strict(),
]);

export const ReportUploadSchema = z
  .object({
    uploadId: z.string().min(1),
    centerId: z.string().min(1),
    receivedAt: z.iso.datetime(),
    verdict: z.enum(['green', 'yellow', 'red']),
  })
  .strict();

export const ProvenanceSchema = z
  .object({
    quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
    cutoff: z.iso.datetime(),
    status: z.enum(['provisional', 'final']),
    generatedAt: z.iso.datetime(),
    softwareVersion: z.string().min(1),
    specId: z.string(),
    /** SHA-256 of the spec's canonical JSON, so a report names exactly which spec made it. */
    specDigest: z.string().regex(/^[0-9a-f]{64}$/),
    seed: z.number().int(),
    uploads: z.array(ReportUploadSchema),
  })
  .strict();

const FlowStepSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    excluded: SuppressedCellSchema,
    remaining: SuppressedCellSchema,
  })
  .strict();

const NotEstimableSchema = z.object({ estimable: z.literal(false), reason: z.string() }).strict();

const GroupSchema = z.object({ label: z.string(), n: SuppressedCellSchema }).strict();

const GroupTestSchema = z
  .object({
    method: z.enum(['chi_square', 'fisher_exact', 'student_t', 'mann_whitney']),
    statistic: z.number().nullable(),
    pValue: z.number(),
  })
  .strict();

const PublishedCountSchema = z
  .object({ count: SuppressedCellSchema, percent: z.number().nullable() })
  .strict();

/** The fields of a binary comparison (analyses/group-comparison.ts), after the row's own id and label. */
const binaryComparison = {
  comparator: PublishedCountSchema,
  exposure: PublishedCountSchema,
  overall: PublishedCountSchema,
  n: z.object({ comparator: SuppressedCellSchema, exposure: SuppressedCellSchema }).strict(),
  test: GroupTestSchema.nullable(),
  smd: z.number().nullable(),
  note: z.string().optional(),
};

const ContinuousSummarySchema = z
  .object({
    n: SuppressedCellSchema,
    mean: z.number().nullable(),
    sd: z.number().nullable(),
    median: z.number().nullable(),
    q1: z.number().nullable(),
    q3: z.number().nullable(),
  })
  .strict();

/** The fields of a continuous comparison (analyses/group-comparison.ts), after the row's own fields. */
const continuousComparison = {
  comparator: ContinuousSummarySchema,
  exposure: ContinuousSummarySchema,
  test: GroupTestSchema.nullable(),
  smd: z.number().nullable(),
  note: z.string().optional(),
};

const TableOneRowSchema = z.discriminatedUnion('kind', [
  z
    .object({
      id: z.string(),
      label: z.string(),
      kind: z.literal('continuous'),
      unit: z.string(),
      skewed: z.boolean(),
      ...continuousComparison,
    })
    .strict(),
  z.object({ id: z.string(), label: z.string(), kind: z.literal('binary'), ...binaryComparison }).strict(),
  z
    .object({
      id: z.string(),
      label: z.string(),
      kind: z.literal('categorical'),
      test: GroupTestSchema.nullable(),
      note: z.string().optional(),
    })
    .strict(),
  z
    .object({
      id: z.string(),
      label: z.string(),
      kind: z.literal('level'),
      variable: z.string(),
      ...binaryComparison,
    })
    .strict(),
]);

const OutcomeTableSchema = z
  .object({
    outcomes: z.array(z.object({ id: z.string(), label: z.string(), ...binaryComparison }).strict()),
    durations: z.array(
      z.object({ id: z.string(), label: z.string(), unit: z.string(), ...continuousComparison }).strict(),
    ),
  })
  .strict();

const OddsRatioEstimateSchema = z.discriminatedUnion('estimable', [
  z
    .object({
      estimable: z.literal(true),
      oddsRatio: z.number(),
      ciLower: z.number(),
      ciUpper: z.number(),
      pValue: z.number(),
      n: SuppressedCellSchema,
      events: SuppressedCellSchema,
      method: z.enum(['glm', 'firth']),
      note: z.string().optional(),
    })
    .strict(),
  NotEstimableSchema,
]);

const AdjustedOddsRatioSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    main: OddsRatioEstimateSchema,
    sensitivity: z.array(
      z
        .object({
          id: z.string(),
          label: z.string(),
          imputed: OddsRatioEstimateSchema,
          completeCase: OddsRatioEstimateSchema,
        })
        .strict(),
    ),
  })
  .strict();

/**
 * One curve per group (comparator, exposure): its points with exactly the fields of `point`, in that order, and
 * any further per-curve fields.
 */
function groupCurvesSchema<P extends z.ZodRawShape, E extends z.ZodRawShape>(point: P, extra: E) {
  return z.array(
    z
      .object({
        group: z.enum(['comparator', 'exposure']),
        points: z.array(z.object(point).strict()),
        ...extra,
      })
      .strict(),
  );
}

const CompetingRisksSchema = z.discriminatedUnion('estimable', [
  z
    .object({
      estimable: z.literal(true),
      curves: groupCurvesSchema(
        {
          time: z.number(),
          death: z.number(),
          lower: z.number().nullable(),
          upper: z.number().nullable(),
          discharged: z.number(),
        },
        {},
      ),
    })
    .strict(),
  NotEstimableSchema,
]);

const BalanceRowSchema = z
  .object({ id: z.string(), smdBefore: z.number(), smdAfter: z.number(), label: z.string() })
  .strict();

const MatchingSchema = z.discriminatedUnion('estimable', [
  z
    .object({
      estimable: z.literal(true),
      pairs: SuppressedCellSchema,
      unmatchedExposed: SuppressedCellSchema,
      balance: z.array(BalanceRowSchema),
      tableThree: OutcomeTableSchema,
    })
    .strict(),
  NotEstimableSchema,
]);

const SurvivalAnalysisSchema = z.discriminatedUnion('estimable', [
  z
    .object({
      estimable: z.literal(true),
      curves: groupCurvesSchema(
        {
          time: z.number(),
          survival: z.number(),
          lower: z.number().nullable(),
          upper: z.number().nullable(),
        },
        { atRisk: z.array(z.object({ time: z.number(), n: SuppressedCellSchema }).strict()) },
      ),
      logRank: z.object({ statistic: z.number(), df: z.number(), pValue: z.number() }).strict(),
    })
    .strict(),
  NotEstimableSchema,
]);

const SubgroupResultSchema = z
  .object({
    id: z.string(),
    levels: z.array(
      z.object({ id: z.string(), label: z.string(), estimate: OddsRatioEstimateSchema }).strict(),
    ),
    interaction: z.union([
      z.object({ pValue: z.number(), method: z.enum(['lrt', 'lrt_median_p']) }).strict(),
      z.object({ pValue: z.null(), reason: z.string() }).strict(),
    ]),
    label: z.string(),
    imputed: z.boolean(),
  })
  .strict();

const BenchmarkRowSchema = z
  .object({
    /** Absent for every other center in a center's private report. */
    centerId: z.string().optional(),
    volume: SuppressedCellSchema,
    deaths: SuppressedCellSchema,
    crudeMortality: z.number().nullable(),
    expectedDeaths: z.number(),
    observedToExpected: z.number().nullable(),
    percentile: z.number().nullable(),
  })
  .strict();

const CenterBenchmarkSchema = z.discriminatedUnion('estimable', [
  z
    .object({
      estimable: z.literal(true),
      quarters: z.array(z.string()),
      centers: z.array(BenchmarkRowSchema),
      funnel: z.array(
        z
          .object({ expected: z.number(), limits: z.record(z.string(), z.tuple([z.number(), z.number()])) })
          .strict(),
      ),
    })
    .strict(),
  NotEstimableSchema,
]);

const QuarterTrendSchema = z
  .object({
    quarter: z.string(),
    volume: SuppressedCellSchema,
    outcomes: z.array(
      z.object({ id: z.string(), events: SuppressedCellSchema, ratePercent: z.number().nullable() }).strict(),
    ),
  })
  .strict();

const ComplicationRateSchema = z
  .object({
    id: z.string(),
    byGroup: z.array(
      z
        .object({
          group: z.enum(['overall', 'comparator', 'exposure']),
          runs: SuppressedCellSchema,
          events: SuppressedCellSchema,
          perRunPercent: z.number().nullable(),
          ecmoHours: z.number(),
          per1000EcmoHours: z.number().nullable(),
        })
        .strict(),
    ),
    label: z.string(),
  })
  .strict();

const DataQualityRowSchema = z
  .object({
    centerId: z.string(),
    lastUploadAt: z.iso.datetime().nullable(),
    verdict: z.enum(['green', 'yellow', 'red']).nullable(),
    uploads: z.number().int().nonnegative(),
    /** Completeness of the center's current data (analyses/data-quality.ts); null without data. */
    completeness: z
      .object({
        overall: z.number().min(0).max(1),
        fields: z.array(z.object({ column: z.string(), completeness: z.number().min(0).max(1) }).strict()),
      })
      .strict()
      .nullable(),
  })
  .strict();

const ReportObjectSchema = z
  .object({
    schemaVersion: z.literal(1),
    provenance: ProvenanceSchema,
    suppressionThreshold: z.number().int().positive(),
    groups: z.object({ comparator: GroupSchema, exposure: GroupSchema }).strict(),
    flowchart: z.array(FlowStepSchema),
    tableOne: z.array(TableOneRowSchema),
    tableTwo: OutcomeTableSchema,
    adjustedOddsRatios: z.array(AdjustedOddsRatioSchema),
    matching: MatchingSchema,
    survival: z
      .object({
        horizonDays: z.number(),
        liveDischarge: z.enum(['alive-at-horizon', 'censored']),
        beforeMatching: SurvivalAnalysisSchema,
        afterMatching: SurvivalAnalysisSchema,
        competingRisks: z
          .object({ beforeMatching: CompetingRisksSchema, afterMatching: CompetingRisksSchema })
          .strict()
          .optional(),
      })
      .strict(),
    subgroups: z.array(SubgroupResultSchema),
    centerBenchmark: CenterBenchmarkSchema,
    quarterlyTrends: z.array(QuarterTrendSchema),
    complicationRates: z.array(ComplicationRateSchema),
    dataQuality: z.array(DataQualityRowSchema),
    keyFindings: z.array(z.string().min(1)).min(1),
    methods: z.array(
      z.object({ id: z.string().min(1), heading: z.string().min(1), text: z.string().min(1) }).strict(),
    ),
  })
  .strict();

/** True when A and B are the same type (each assignable to the other). */
type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
/** Fails to compile when the schema and the model type (registry-report.ts) disagree in either direction. */
export type SchemaMatchesModel = Holds<
  SameType<z.input<typeof ReportObjectSchema>, RegistryReport> &
    SameType<z.output<typeof ReportObjectSchema>, RegistryReport>
>;

/**
 * What a later report reads of an earlier one (its spec id and Fig. 2 estimates), accepting a report.json from
 * before fields were added, so a new build can still compare with an earlier quarter.
 */
export const EarlierReportSchema = z.object({
  provenance: z.object({ specId: z.string() }),
  adjustedOddsRatios: z.array(AdjustedOddsRatioSchema),
});

/** The whole `report.json`; parsing gives the model with its keys in the published order. */
export const RegistryReportSchema: z.ZodType<RegistryReport> = ReportObjectSchema;

/**
 * The model as `report.json` publishes it: what JSON keeps of it (a non-finite number reads null, an undefined
 * field is left out), checked by {@link RegistryReportSchema} and with its keys in the published order.
 * @throws {ZodError} when the model holds a field, a shape or a count that report.json may not publish.
 */
export function toPublishedJson(report: RegistryReport): RegistryReport {
  return RegistryReportSchema.parse(JSON.parse(JSON.stringify(report)));
}
