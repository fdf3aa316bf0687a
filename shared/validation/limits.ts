/** Upload limits: each protects the validator's memory and time, and each has its own file-level error. */
import { z } from 'zod';

export const ValidationLimitsSchema = z.object({
  /** Largest accepted file, in bytes as uploaded. */
  maxBytes: z.int().min(1),
  /** Most data rows (the header not counted). */
  maxRows: z.int().min(1),
  /** Longest cell, in characters. */
  maxFieldLength: z.int().min(1),
  /** Problems listed in a verdict; past it the list is cut but the counts stay exact. */
  maxProblems: z.int().min(1),
});

export type ValidationLimits = z.infer<typeof ValidationLimitsSchema>;

/**
 * Defaults sized for a large center's full history (a typical export is a few MB and a few thousand rows) and
 * for the ingest function's memory (infra/stacks/function-specs.ts, 1,769 MB). The ingestion holds a center's
 * runs as one compact line each, so its memory follows the row count more than the bytes: a sparse row (blank
 * optional cells) is ~170 bytes of CSV but ~450 characters as a line, and 2,000,000 such rows fit in 200 MB yet
 * need about 2.4 GB. 500,000 rows (a hundred times a large center's history) with the largest rows the byte
 * limit allows peak near 1 GB in the function, and under 1.3 GB when merged into a center that already holds
 * 500,000 other runs (test/integration/ingest/large-upload.test.ts measures both in a capped child process).
 */
export const defaultLimits: ValidationLimits = {
  maxBytes: 200 * 1024 * 1024,
  maxRows: 500_000,
  maxFieldLength: 10_000,
  maxProblems: 1_000,
};

/** Default share of expected optional cells that must be filled for a green verdict. */
export const defaultCompletenessThreshold = 0.95;
