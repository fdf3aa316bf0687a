/**
 * The data-quality verdict an upload receives (like NCDR's data-quality report). The ledger, the reports and the
 * CLI all read verdicts through `VerdictSchema`, so its shape is the contract between them.
 */
import { z } from 'zod';

/** Where a problem sits: the whole file, one row, or one cell of a row. */
export const ProblemScopeSchema = z.enum(['file', 'row', 'cell']);

export const ProblemSeveritySchema = z.enum(['error', 'warning']);

/** One problem found in an upload, with plain words on how to fix it. */
export const ProblemSchema = z.object({
  scope: ProblemScopeSchema,
  /** Line number in the file (header = 1; a multi-line quoted record is given by its first line); null when the problem concerns no line. */
  row: z.int().min(1).nullable(),
  /** Dictionary column name, or the header as written for header problems; null when no column applies. */
  column: z.string().nullable(),
  /** The offending value as found in the file, truncated; null when there is none. */
  value: z.string().nullable(),
  /** Stable rule id: a cell rule (`type`, `range`, …), a cross-field rule id, or a file-level rule. */
  rule: z.string().min(1),
  severity: ProblemSeveritySchema,
  /** The problem in plain English (the machine contract; other languages are rendered from `params`). */
  message: z.string().min(1),
  /** The run_id written in the problem's row, as found (trimmed); null for file-level problems, blank run ids and verdicts written before run ids were recorded. */
  runId: z.string().nullable().default(null),
  /**
   * The facts the message is made of (column, value, limits, lines), by name, so it can be rendered in another
   * language (shared/i18n/problem-messages.ts). Absent in verdicts written before it existed.
   */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/** Completeness of one dictionary column: filled cells over the cells where a value is expected. */
export const ColumnCompletenessSchema = z.object({
  column: z.string(),
  required: z.boolean(),
  /** False when the file has no column for it (its cells then count as blank). */
  present: z.boolean(),
  filled: z.int().min(0),
  applicable: z.int().min(0),
  /** filled / applicable; 1 when no row expects a value. */
  completeness: z.number().min(0).max(1),
});

export const VerdictSummarySchema = z.object({
  /** Data rows read (empty lines not counted). */
  rows: z.int().min(0),
  /** Rows handed to the caller as accepted: all rows when accepted, 0 when rejected. */
  acceptedRows: z.int().min(0),
  /** Rows with at least one error. */
  rowsWithErrors: z.int().min(0),
  errors: z.int().min(0),
  warnings: z.int().min(0),
  /** Problems per rule id; exact even when the problem list is cut. */
  ruleCounts: z.record(z.string(), z.int().min(1)),
  /** Completeness over the optional columns (filled / applicable cells), in [0, 1]. */
  completeness: z.number().min(0).max(1),
  completenessThreshold: z.number().min(0).max(1),
  columns: z.array(ColumnCompletenessSchema),
  encoding: z.enum(['utf-8', 'gb18030']).nullable(),
  delimiter: z.enum([',', ';', '\t']).nullable(),
  bytes: z.int().min(0),
});

/**
 * green: accepted, no warnings, complete enough; yellow: accepted with warnings or incomplete optional fields;
 * red: rejected, because one error rejects the whole file.
 */
export const VerdictStatusSchema = z.enum(['green', 'yellow', 'red']);

/**
 * Which upload a verdict is about, so the verdict page and files stand alone (opened from e-mail or S3). Only the
 * file name is always known; the CLI knows no upload id, and verdicts written before this was recorded have none.
 */
export const VerdictSourceSchema = z.object({
  /** The file's name as uploaded (the last part of its key or path). */
  fileName: z.string().min(1),
  /** Where the upload lies (the ingestion reads it again to write the annotated copy). */
  object: z
    .object({ bucket: z.string().min(1), key: z.string().min(1), versionId: z.string().nullable() })
    .optional(),
  uploadId: z.string().min(1).optional(),
  /** When the upload was stored (S3's last-modified time), ISO 8601 UTC. */
  uploadedAt: z.iso.datetime().optional(),
  /** The center of the upload folder, with its configured name (null when the center is not configured). */
  center: z.object({ id: z.string().min(1), name: z.string().nullable() }).optional(),
});

export const VerdictSchema = z
  .object({
    status: VerdictStatusSchema,
    accepted: z.boolean(),
    centerId: z.string().nullable(),
    /** Data rows read, as in the summary (kept at the top for the CLI's JSON output). */
    rows: z.int().min(0),
    problems: z.array(ProblemSchema),
    /** True when the problem list was cut at the limit; the summary counts stay exact. */
    problemsTruncated: z.boolean(),
    summary: VerdictSummarySchema,
    /** The upload the verdict is about; absent in verdicts written before it was recorded. */
    source: VerdictSourceSchema.optional(),
  })
  .refine((v) => v.accepted === (v.status !== 'red'), {
    message: 'a verdict is accepted exactly when it is not red',
  });

export type ProblemScope = z.infer<typeof ProblemScopeSchema>;
export type Problem = z.infer<typeof ProblemSchema>;
export type ColumnCompleteness = z.infer<typeof ColumnCompletenessSchema>;
export type VerdictSummary = z.infer<typeof VerdictSummarySchema>;
export type VerdictStatus = z.infer<typeof VerdictStatusSchema>;
export type Verdict = z.infer<typeof VerdictSchema>;
export type VerdictSource = z.infer<typeof VerdictSourceSchema>;
