/**
 * The `report.json` model of a quarterly registry report: provenance, the flowchart and every table and figure's
 * numbers. Everything in it has been through small-cell suppression; it holds no run id and no row-level value.
 * The schema checks the envelope and the privacy-relevant shapes (every published count is a suppressed cell);
 * the analyses' detailed types are their modules' (see analyses/).
 */
import { z } from 'zod';

/** A published count: the value, or null with why it was hidden. */
export const SuppressedCellSchema = z
  .object({
    value: z.number().int().nonnegative().nullable(),
    suppressed: z.literal(true).optional(),
  })
  .strict();

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
const section = <T extends z.ZodRawShape>(shape: T) =>
  z.union([z.looseObject({ estimable: z.literal(true), ...shape }), NotEstimableSchema]);

export const RegistryReportSchema = z
  .object({
    schemaVersion: z.literal(1),
    provenance: ProvenanceSchema,
    suppressionThreshold: z.number().int().positive(),
    groups: z
      .object({
        comparator: z.object({ label: z.string(), n: SuppressedCellSchema }).strict(),
        exposure: z.object({ label: z.string(), n: SuppressedCellSchema }).strict(),
      })
      .strict(),
    flowchart: z.array(FlowStepSchema),
    tableOne: z.array(z.looseObject({ id: z.string(), label: z.string(), kind: z.string() })),
    tableTwo: z.looseObject({
      outcomes: z.array(z.looseObject({ id: z.string() })),
      durations: z.array(z.unknown()),
    }),
    adjustedOddsRatios: z.array(
      z.looseObject({ id: z.string(), label: z.string(), imputed: z.unknown(), completeCase: z.unknown() }),
    ),
    matching: section({
      pairs: SuppressedCellSchema,
      unmatchedExposed: SuppressedCellSchema,
      balance: z.array(z.looseObject({ id: z.string(), smdBefore: z.number(), smdAfter: z.number() })),
      tableThree: z.unknown(),
    }),
    survival: z.object({ beforeMatching: z.unknown(), afterMatching: z.unknown() }).strict(),
    subgroups: z.array(
      z.looseObject({ id: z.string(), levels: z.array(z.unknown()), interaction: z.unknown() }),
    ),
    centerBenchmark: section({
      quarters: z.array(z.string()),
      centers: z.array(z.unknown()),
      funnel: z.array(z.unknown()),
    }),
    quarterlyTrends: z.array(z.looseObject({ quarter: z.string(), volume: SuppressedCellSchema })),
    complicationRates: z.array(z.looseObject({ id: z.string(), byGroup: z.array(z.unknown()) })),
    dataQuality: z.array(
      z
        .object({
          centerId: z.string(),
          lastUploadAt: z.iso.datetime().nullable(),
          verdict: z.enum(['green', 'yellow', 'red']).nullable(),
          uploads: z.number().int().nonnegative(),
          /** Completeness of the center's current data (analyses/data-quality.ts); null without data. */
          completeness: z
            .object({
              overall: z.number().min(0).max(1),
              fields: z.array(
                z.object({ column: z.string(), completeness: z.number().min(0).max(1) }).strict(),
              ),
            })
            .strict()
            .nullable(),
        })
        .strict(),
    ),
  })
  .strict();

export type RegistryReport = z.infer<typeof RegistryReportSchema>;
export type ReportUpload = z.infer<typeof ReportUploadSchema>;
