/**
 * The registry table's item keys for the ingestion (docs/ingestion.md has the access-pattern table). One table,
 * generic pk/sk, one item type per sort-key prefix; gsi1 serves the cross-center reads.
 */
import type { Quarter } from '../ingest/types/index.js';

/** The partition of the report publication items (the report functions may write only here). */
const PUBLICATION_PARTITION = 'PUBLICATION';

export const registryItemKeys = {
  /** Upload ledger entry: looked up by upload id. */
  upload: (uploadId: string) => ({ pk: `UPLOAD#${uploadId}`, sk: 'LEDGER' }),
  /** Ledger entries of a center by time (dashboard: last upload, history). */
  uploadByCenter: (centerId: string | null, recordedAt: string, uploadId: string) => ({
    gsi1pk: `UPLOADS#${centerId ?? '_unknown'}`,
    gsi1sk: `${recordedAt}#${uploadId}`,
  }),
  /** The center's current data-set pointer and optimistic lock. */
  pointer: (centerId: string) => ({ pk: `CENTER#${centerId}`, sk: 'POINTER' }),
  /** One past or current data-set version (every prior state stays recoverable). */
  version: (centerId: string, version: number) => ({
    pk: `CENTER#${centerId}`,
    sk: `VERSION#${String(version).padStart(8, '0')}`,
  }),
  versionPrefix: 'VERSION#',
  /** One quarter's aggregate of one center. */
  aggregate: (centerId: string, quarter: Quarter) => ({ pk: `CENTER#${centerId}`, sk: `QUARTER#${quarter}` }),
  aggregatePrefix: 'QUARTER#',
  /** All centers' aggregates of one quarter (the quarterly report reads one partition). */
  aggregateByQuarter: (centerId: string, quarter: Quarter) => ({
    gsi1pk: `QUARTER#${quarter}`,
    gsi1sk: `CENTER#${centerId}`,
  }),
  centerPartition: (centerId: string) => `CENTER#${centerId}`,
  /**
   * One quarter's report publication (version counter, current version and status). Every publication item is in
   * the one partition `PUBLICATION`, so the report functions' write grant is a single leading key.
   */
  publication: (quarter: string) => ({ pk: PUBLICATION_PARTITION, sk: `QUARTER#${quarter}` }),
  /**
   * The publication lease: one for all quarters, because the site indexes (`site/index.json`,
   * `centers/{id}/index.json`) list every quarter and are rewritten by whichever build switches pointers.
   */
  publicationLease: () => ({ pk: PUBLICATION_PARTITION, sk: 'LEASE' }),
  publicationPartition: 'PUBLICATION',
} as const;

/** Attributes that are keys or bookkeeping, not part of the domain object. */
export const keyAttributes = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'itemType', 'computedAtVersion'] as const;
