/**
 * Keeps the local reports bucket bounded. Every report build publishes a new version of each site it writes
 * (`site/{quarter}/v{n}/` and `centers/{id}/{quarter}/v{n}/`), and earlier versions are never deleted: right for
 * AWS, where they are the record of what the committee saw, but locally each `npm start` adds about 100 MB (a
 * registry site and 111 center sites), and `.local/` grew past 450 MB after a few restarts.
 *
 * What is safe to delete, per site and quarter: versions older than the current one (the one `current.json`
 * points to, which the site index links) beyond the newest `keep`. Never the current version, so never a final
 * one (a final version stays current for good); never a version newer than the current one (a build in progress
 * writes its version before it switches the pointer); nothing at all in a quarter whose `current.json` cannot be
 * read. The curated data sets (`curated/{center}/v…`) are kept: every prior state of a center's data stays
 * recoverable by design, and they are small (about 14 MB for the whole sample registry).
 */
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { topPrefixes } from '../../shared/config/resources.js';

/** Versions kept per site and quarter by default: the current one and the one before it. */
export const defaultKeptVersions = 2;

/** One site's versions of one quarter, as found in the bucket. */
export interface SiteQuarterVersions {
  /** e.g. `site/2023-Q3/` or `centers/C001/2023-Q3/`. */
  quarterPrefix: string;
  /** The version `current.json` names, or undefined when there is none (or it cannot be read). */
  current: number | undefined;
  /** Every version with at least one object. */
  versions: number[];
}

/**
 * The versions of one site and quarter that may be deleted: those below the current version, except the newest
 * `keep` at or below it (the current one counts). None when the current version is unknown.
 * @example prunableVersions({ quarterPrefix: 'site/2023-Q3/', current: 4, versions: [1, 2, 3, 4, 5] }, 2) // [1, 2]
 */
export function prunableVersions(site: SiteQuarterVersions, keep: number = defaultKeptVersions): number[] {
  const { current } = site;
  if (current === undefined) return [];
  const atOrBelow = site.versions.filter((v) => v <= current).sort((a, b) => b - a);
  if (!atOrBelow.includes(current)) return [];
  return atOrBelow.slice(Math.max(1, keep)).sort((a, b) => a - b);
}

const versionKey = /^((?:[^/]+\/)*?)(\d{4}-Q[1-4])\/v(\d+)\//;

/**
 * Groups object keys by site and quarter: `{root}{quarter}/v{n}/…` → quarter prefix `{root}{quarter}/` and its
 * versions. Keys outside a version (index pages, `current.json`) are not listed.
 */
export function versionsByQuarter(keys: Iterable<string>): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const key of keys) {
    const match = versionKey.exec(key);
    if (!match) continue;
    const prefix = `${match[1]}${match[2]}/`;
    let versions = out.get(prefix);
    if (!versions) out.set(prefix, (versions = new Set()));
    versions.add(Number(match[3]));
  }
  return out;
}

/** What {@link pruneReportVersions} deleted. */
export interface PruneSummary {
  /** Quarter prefixes and the versions deleted under each. */
  pruned: { quarterPrefix: string; versions: number[] }[];
  objects: number;
  bytes: number;
}

async function listAll(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<{ key: string; size: number }[]> {
  const out: { key: string; size: number }[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key !== undefined) out.push({ key: object.Key, size: object.Size ?? 0 });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

async function currentVersion(
  s3: S3Client,
  bucket: string,
  quarterPrefix: string,
): Promise<number | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${quarterPrefix}current.json` }));
    const pointer = JSON.parse(await out.Body!.transformToString()) as { version?: unknown };
    return typeof pointer.version === 'number' ? pointer.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Deletes the report versions {@link prunableVersions} allows, in the registry site and every center's site of
 * the local reports bucket. Run it while no report is being built (npm start does, after its scenario).
 * @param keep versions kept per site and quarter, the current one included (at least 1).
 */
export async function pruneReportVersions(
  s3: S3Client,
  bucket: string,
  keep: number = defaultKeptVersions,
): Promise<PruneSummary> {
  const objects = [
    ...(await listAll(s3, bucket, topPrefixes.site)),
    ...(await listAll(s3, bucket, topPrefixes.centerReports)),
  ];
  const summary: PruneSummary = { pruned: [], objects: 0, bytes: 0 };
  const doomed = new Set<string>();
  for (const [quarterPrefix, versions] of versionsByQuarter(objects.map((o) => o.key))) {
    const current = await currentVersion(s3, bucket, quarterPrefix);
    const prune = prunableVersions({ quarterPrefix, current, versions: [...versions] }, keep);
    if (prune.length === 0) continue;
    summary.pruned.push({ quarterPrefix, versions: prune });
    for (const v of prune) doomed.add(`${quarterPrefix}v${v}/`);
  }
  const toDelete = objects.filter((o) => {
    const match = versionKey.exec(o.key);
    return match !== null && doomed.has(`${match[1]}${match[2]}/v${match[3]}/`);
  });
  for (let i = 0; i < toDelete.length; i += 1000) {
    const chunk = toDelete.slice(i, i + 1000);
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: chunk.map((o) => ({ Key: o.key })), Quiet: true },
      }),
    );
  }
  summary.objects = toDelete.length;
  summary.bytes = toDelete.reduce((sum, o) => sum + o.size, 0);
  return summary;
}
