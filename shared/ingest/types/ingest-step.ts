/**
 * The steps of one ingestion, in order. The fault-injection seam (`beforeStep`) is called with each name before
 * the step runs, so a test can crash the pipeline between any two of them.
 */
export const ingestSteps = [
  'resolve-center',
  'validate',
  'write-verdict',
  'notify-center',
  'record-upload',
  'read-current',
  'write-curated',
  'switch-pointer',
  'emit-stale',
  'complete',
] as const;

export type IngestStep = (typeof ingestSteps)[number];
