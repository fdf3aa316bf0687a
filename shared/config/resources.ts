/**
 * The one source of truth for resource names, the S3 key layout and the DynamoDB table schema. The CDK stack
 * (infra/) and the embedded local stack both build their buckets, queues and table from these definitions, and
 * handlers derive every key through these functions, so the layout cannot drift between AWS and a laptop.
 */

/** Logical bucket roles. Physical names come from the environment (AWS) or the local stack. */
export const bucketRoles = {
  /** Raw center uploads. Versioned; objects are never modified or deleted by the service. */
  uploads: 'uploads',
  /** Private data: validation verdicts and curated per-center data sets. Versioned. */
  data: 'data',
  /** Published reports: the committee site and each center's private reports. Versioned. */
  reports: 'reports',
} as const;

export type BucketRole = keyof typeof bucketRoles;

/** Default physical bucket names for the embedded local stack, per role. */
export const localBucketNames: Record<BucketRole, string> = {
  uploads: 'ecls-uploads',
  data: 'ecls-data',
  reports: 'ecls-reports',
};

/** The service's top-level key prefixes; IAM grants and the key functions below are built from these. */
export const topPrefixes = {
  uploads: 'uploads/',
  validation: 'validation/',
  curated: 'curated/',
  site: 'site/',
  centerReports: 'centers/',
} as const;

/** S3 key layout. Every key the service reads or writes is built here. */
export const keys = {
  /** Prefix under which a center puts its exports; `snapshot/` below it replaces all of the center's runs. */
  uploadPrefix: (centerId: string): string => `${topPrefixes.uploads}${centerId}/`,
  snapshotPrefix: (centerId: string): string => `${topPrefixes.uploads}${centerId}/snapshot/`,
  /** Where the verdict of one upload is written (verdict.json, verdict.html, problems.csv). */
  validationPrefix: (centerId: string, uploadId: string): string =>
    `${topPrefixes.validation}${centerId}/${uploadId}/`,
  /**
   * One immutable version of a center's curated data set. Versions are written under their own keys (not
   * overwritten), so every prior state stays recoverable even where the store has no object versioning
   * (s3rver); the current version is a pointer in DynamoDB. Zero-padding keeps listings in version order, and
   * the upload id keeps two racing writers of the same version apart.
   */
  curatedVersion: (centerId: string, version: number, uploadId: string): string =>
    `${topPrefixes.curated}${centerId}/v${String(version).padStart(8, '0')}-${uploadId}.ndjson`,
  /** Published registry site (committee). */
  sitePrefix: topPrefixes.site,
  /** Each center's private reports. */
  centerReportsPrefix: (centerId: string): string => `${topPrefixes.centerReports}${centerId}/`,
} as const;

/** Environment variable names the handlers read, set by the CDK stack and by the local runtime. */
export const envNames = {
  uploadsBucket: 'UPLOADS_BUCKET',
  dataBucket: 'DATA_BUCKET',
  reportsBucket: 'REPORTS_BUCKET',
  table: 'TABLE_NAME',
  reportQueueUrl: 'REPORT_QUEUE_URL',
  /** The SNS topic of the verdict notices to the centers. */
  verdictTopicArn: 'VERDICT_TOPIC_ARN',
  /** Local only: an S3-compatible endpoint (s3rver) instead of AWS. The stack never sets it. */
  s3Endpoint: 'S3_ENDPOINT',
  /** Local only: a DynamoDB endpoint (DynamoDB Local) instead of AWS. The stack never sets it. */
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  /**
   * The ingest queue's redrive `maxReceiveCount` (`ingestRedrive.maxReceiveCount`), so the function knows a
   * delivery is the last one before the dead-letter queue and can tell the center.
   */
  ingestMaxReceiveCount: 'INGEST_MAX_RECEIVE_COUNT',
} as const;

/**
 * Parses an upload object key (already URL-decoded) into its center and mode. Returns undefined for keys
 * outside `uploads/{centerId}/…` so the caller can reject them with a clear verdict.
 */
export function parseUploadKey(
  key: string,
): { centerId: string; mode: 'upsert' | 'snapshot'; fileName: string } | undefined {
  const match = /^uploads\/([^/]+)\/(snapshot\/)?(.+)$/.exec(key);
  if (!match) return undefined;
  const [, centerId, snapshot, rest] = match;
  if (!centerId || !rest || rest.endsWith('/')) return undefined;
  return { centerId, mode: snapshot ? 'snapshot' : 'upsert', fileName: rest.split('/').pop()! };
}

/** The registry's single DynamoDB table: generic keys, one item type per sort-key prefix (README documents them). */
export const table = {
  localName: 'ecls-registry',
  partitionKey: 'pk',
  sortKey: 'sk',
  /** GSI listing items across centers (e.g. the upload ledger by time for the dashboard). */
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
} as const;

/** Queue names for the local stack; the CDK stack names its own and wires them to the same handlers. */
export const queues = {
  ingest: 'ecls-ingest',
  ingestDeadLetter: 'ecls-ingest-dlq',
  report: 'ecls-report',
  reportDeadLetter: 'ecls-report-dlq',
} as const;

/**
 * The ingest queue's redrive policy: after `maxReceiveCount` receives a message moves to the dead-letter queue,
 * whose depth alarm alerts the registry team. The stack and the local queue take the number from here, and the
 * ingest function receives it as `envNames.ingestMaxReceiveCount` to recognise the last attempt.
 */
export const ingestRedrive = { maxReceiveCount: 3 } as const;
