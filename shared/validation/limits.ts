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

/** Defaults sized for a large center's full history: a typical export is a few MB and a few thousand rows. */
export const defaultLimits: ValidationLimits = {
  maxBytes: 200 * 1024 * 1024,
  maxRows: 2_000_000,
  maxFieldLength: 10_000,
  maxProblems: 1_000,
};

/** Default share of expected optional cells that must be filled for a green verdict. */
export const defaultCompletenessThreshold = 0.95;
