/**
 * The report pipeline for one quarter, as every trigger runs it (the stale-event and close-quarter Lambdas,
 * `ecls report`, `npm start`): read the registry, build the report, render the committee site and each center's
 * private site, and publish them as one new version of the quarter. Concurrent builds of one quarter are safe: the
 * version number, the right to switch pointers and the final status are decided atomically in the publication
 * store (publish/publish-quarter.ts). The centers' pointers are switched first and the committee site's last, so
 * the committee site being final means every center's is too.
 */
import type { RegistryRun } from '../cohort/index.js';
import { activeCenters } from '../config/centers.js';
import { keys } from '../config/resources.js';
import type { ObjectStore, RegistryStore } from '../ports/index.js';
import type { PublicationStore } from '../ports/registry-store.js';
import type { ModelRunner } from './analyses/model-runner.js';
import { buildReport } from './build-registry-report.js';
import { mapLimit } from './publish/map-limit.js';
import { isPublicationStore, MemoryPublicationStore } from './publish/memory-publication-store.js';
import {
  currentVersion,
  siteObjectStoreOn,
  startQuarterPublication,
  type CurrentPointer,
  type PublicationLeaseOptions,
  type SiteObjectStore,
} from './publish/index.js';
import type { PreviousQuarterEstimate } from './key-findings.js';
import { reportCutoff, shiftQuarter } from './quarter-clock.js';
import { EarlierReportSchema } from './registry-report-schema.js';
import { readRegistry, withDataQuality } from './registry-reader.js';
import { reportSiteRenderer } from './render/index.js';
import { defaultReportSpec, ReportSpecSchema, type ReportSpec, type ReportSpecInput } from './spec/index.js';

import { REPORT_SOFTWARE_VERSION } from './software-version.js';

export { REPORT_SOFTWARE_VERSION };

export interface GenerateQuarterReportDeps {
  objectStore: ObjectStore;
  registryStore: RegistryStore;
  buckets: { data: string; reports: string };
  /** The current time; the default for `now`. */
  clock: () => Date;
  /** One human-readable line per step. */
  log: (line: string) => void;
  /** Centers to include. Default: every active center. */
  centerIds?: readonly string[];
  /** Default: the source study's spec. */
  spec?: ReportSpec | ReportSpecInput;
  softwareVersion?: string;
  /** Runs the report's models (analyses/model-runner.ts). Default: inline, on this thread. */
  models?: ModelRunner;
  /**
   * Version numbers, the publication lease and the final status. Default: `registryStore` when it keeps them
   * (DynamoRegistryStore does), else one in this process's memory (see MemoryPublicationStore).
   */
  publications?: PublicationStore;
  /** Lease length and waiting; see PublicationLeaseOptions for the defaults. */
  publicationLease?: PublicationLeaseOptions;
}

export interface GenerateQuarterReportOptions {
  /** e.g. `2023-Q3`. */
  quarter: string;
  /** Publish as final (the quarter must have closed). Default provisional. */
  final?: boolean;
  /** Default: `deps.clock()`. */
  now?: Date;
}

/** One site published, or left as it was. */
export interface PublishedSite {
  /** `site` or `centers/{id}`. */
  prefix: string;
  centerId?: string;
  /** The site's current pointer; for a superseded build, the version it wrote (not current). */
  pointer: CurrentPointer;
  /** Key of the pointer's page, e.g. `site/2023-Q3/v2/index.html`. */
  indexKey: string;
  /** False when the site was kept (final already, or a newer version current) or the build was superseded. */
  published: boolean;
}

export type GenerateQuarterReportResult =
  | {
      outcome: 'published';
      quarter: string;
      status: 'provisional' | 'final';
      cutoff: string;
      generatedAt: string;
      runs: number;
      sites: PublishedSite[];
    }
  | { outcome: 'already-final'; quarter: string; pointer: CurrentPointer }
  /**
   * A provisional build overtaken by a newer one of the same quarter, whose version (`current`) is current and
   * covers this build's data (it read the registry later). This build's version was written but never made
   * current.
   */
  | {
      outcome: 'superseded';
      quarter: string;
      status: 'provisional';
      cutoff: string;
      generatedAt: string;
      runs: number;
      current: CurrentPointer;
      sites: PublishedSite[];
    };

/** Thrown when a report is asked for that cannot be right: a quarter not started, or final before it closed. */
export class QuarterReportRequestError extends Error {
  override readonly name = 'QuarterReportRequestError';
}

/**
 * Generates and publishes the quarter's report. Each build publishes its own new version (v1, v2, …; earlier
 * versions stay), even when builds of the quarter run at once. A quarter that is final is never republished: the
 * result is `already-final`, also for a provisional build that was running when the quarter was finalised. A
 * provisional build overtaken by a newer build is `superseded`. `generatedAt` is taken before the registry is
 * read, so a stale event sent before it is covered by this report (the report handler's debounce relies on that).
 * @throws {PublicationBusyError} when another build held the publication lease too long.
 * @throws {PublicationLeaseLostError} when this build stalled past its lease before committing.
 * @throws {QuarterReportRequestError} for a quarter that has not started, or `final` before the quarter closed.
 * @throws {QuarterFormatError} for a label not like 2023-Q3.
 */
export async function generateQuarterReport(
  deps: GenerateQuarterReportDeps,
  options: GenerateQuarterReportOptions,
): Promise<GenerateQuarterReportResult> {
  const { quarter } = options;
  const now = options.now ?? deps.clock();
  const generatedAt = now.toISOString();
  const final = options.final === true;
  const { log } = deps;
  const store = siteObjectStoreOn(deps.objectStore, deps.buckets.reports);
  const registryPrefix = sitePrefix(keys.sitePrefix);

  let cutoff: string;
  let closed: boolean;
  try {
    ({ cutoff, closed } = reportCutoff(quarter, now.getTime()));
  } catch (error) {
    throw new QuarterReportRequestError((error as Error).message, { cause: error });
  }
  if (final && !closed) {
    throw new QuarterReportRequestError(
      `${quarter} is still open on ${generatedAt}: it can be made final only after it closes; ` +
        'publish it as provisional or wait for the quarter to end',
    );
  }
  const status = final ? 'final' : 'provisional';
  // The version is reserved before the registry is read: a build that reserves later reads later, which is why
  // a superseded build's data is covered by the build that overtook it.
  const publications = deps.publications ?? publicationStoreFor(deps.registryStore, log);
  const started = await startQuarterPublication(
    { store, publications, log, lease: deps.publicationLease },
    { quarter, status, generatedAt, registryPrefix },
  );
  if (started.outcome === 'already-final') {
    const { pointer } = started;
    log(`${quarter}: already final (v${pointer.version}, ${pointer.generatedAt}); nothing published`);
    return { outcome: 'already-final', quarter, pointer };
  }
  const { publication } = started;
  log(`${quarter}: building ${status} v${publication.version}`);

  const centerIds = deps.centerIds ?? activeCenters().map((c) => c.id);
  log(`${quarter}: reading ${centerIds.length} centers' current data sets`);
  const snapshot = await readRegistry(
    { objectStore: deps.objectStore, registryStore: deps.registryStore, dataBucket: deps.buckets.data },
    centerIds,
  );
  log(
    `${quarter}: ${snapshot.runs.length} runs from ${snapshot.centers.length} centers, ` +
      `${snapshot.uploads.length} uploads; cut-off ${cutoff}`,
  );
  const spec = ReportSpecSchema.parse(deps.spec ?? defaultReportSpec);
  const previousQuarter = await previousQuarterEstimate(store, registryPrefix, quarter, spec, log);
  // The dashboard from the ledger: each center's latest upload, a rejected one included (see registry-reader).
  const built = await buildReport(snapshot.runs as Iterable<RegistryRun>, {
    spec,
    ...(previousQuarter === undefined ? {} : { previousQuarter }),
    quarter,
    cutoff,
    uploads: snapshot.uploads,
    generatedAt,
    softwareVersion: deps.softwareVersion ?? REPORT_SOFTWARE_VERSION,
    status,
    models: deps.models,
  });
  const report = withDataQuality(built.report, snapshot);
  log(`${quarter}: ${status} report built`);

  // Every site's files first, a few centers at a time, so one site's rendering overlaps another's writes; the
  // figures every site shares are drawn once, by the renderer. Nothing is current until the commit.
  const renderer = reportSiteRenderer(report, built.ownCenterRows);
  const targets = [
    ...snapshot.centers.map(({ centerId }) => ({
      prefix: sitePrefix(keys.centerReportsPrefix(centerId)),
      centerId: centerId as string | undefined,
    })),
    { prefix: registryPrefix, centerId: undefined },
  ];
  const written = await mapLimit(targets, SITE_CONCURRENCY, async (target) => {
    const files = await renderer.render(target.centerId === undefined ? {} : { centerId: target.centerId });
    const pointer = await publication.writeSite(target.prefix, files);
    log(`${quarter}: ${target.centerId ?? 'registry'} wrote ${pointer.path} (${files.length} files)`);
    return { ...target, pointer };
  });

  const committed = await publication.commit();
  const base = { quarter, cutoff, generatedAt, runs: snapshot.runs.length };
  const site = (
    target: { prefix: string; centerId: string | undefined },
    pointer: CurrentPointer,
    published: boolean,
  ): PublishedSite => ({
    prefix: target.prefix,
    ...(target.centerId === undefined ? {} : { centerId: target.centerId }),
    pointer,
    indexKey: `${pointer.path}index.html`,
    published,
  });
  switch (committed.outcome) {
    case 'already-final':
      return { outcome: 'already-final', quarter, pointer: committed.pointer };
    case 'superseded':
      return {
        outcome: 'superseded',
        ...base,
        status: 'provisional',
        current: committed.pointer,
        sites: written.map((w) => site(w, w.pointer, false)),
      };
    case 'published': {
      const byPrefix = new Map(committed.sites.map((s) => [s.prefix, s]));
      const sites = written.map((w) => {
        const switched = byPrefix.get(w.prefix)!;
        if (switched.switched) log(`${quarter}: ${w.centerId ?? 'registry'} published ${w.pointer.path}`);
        else log(`${quarter}: ${w.centerId ?? 'registry'} kept at v${switched.pointer.version}`);
        return site(w, switched.pointer, switched.switched);
      });
      return { outcome: 'published', ...base, status, sites };
    }
  }
}

/**
 * The primary estimate (main model) of the previous quarter's current committee report, for the key findings; or
 * undefined, logged, when that quarter was never published, was made with another spec, or cannot be read.
 */
async function previousQuarterEstimate(
  store: SiteObjectStore,
  prefix: string,
  quarter: string,
  spec: ReportSpec,
  log: (line: string) => void,
): Promise<PreviousQuarterEstimate | undefined> {
  const previous = shiftQuarter(quarter, -1);
  try {
    const pointer = await currentVersion(store, prefix, previous);
    const text = pointer === undefined ? undefined : await store.get(`${pointer.path}report.json`);
    if (text === undefined) {
      log(`${quarter}: no published report of ${previous} to compare with`);
      return undefined;
    }
    const report = EarlierReportSchema.parse(JSON.parse(text));
    if (report.provenance.specId !== spec.id) {
      log(
        `${quarter}: ${previous} was made with spec ${report.provenance.specId}, not ${spec.id}; not compared`,
      );
      return undefined;
    }
    const primary = report.adjustedOddsRatios.find((a) => a.id === spec.outcomes[0]!.id);
    return primary === undefined ? undefined : { quarter: previous, estimate: primary.main };
  } catch (error) {
    // The key findings then say there is no previous quarter to compare with; the report itself is unaffected.
    log(
      `${quarter}: the report of ${previous} could not be read (${(error as Error).message}); not compared`,
    );
    return undefined;
  }
}

/** The registry store's publication records, or (for a store without them) one in this process's memory. */
function publicationStoreFor(registryStore: RegistryStore, log: (line: string) => void): PublicationStore {
  if (isPublicationStore(registryStore)) return registryStore;
  let publications = inProcessPublications.get(registryStore);
  if (publications === undefined) {
    log('the registry store keeps no publication records: builds are serialised within this process only');
    publications = new MemoryPublicationStore();
    inProcessPublications.set(registryStore, publications);
  }
  return publications;
}

const inProcessPublications = new WeakMap<RegistryStore, PublicationStore>();

/** Center sites rendered and published at once: rendering is CPU, publishing waits on the store. */
const SITE_CONCURRENCY = 4;

/** A key prefix without its trailing slash, as the publisher takes it. */
function sitePrefix(prefix: string): string {
  return prefix.replace(/\/+$/, '');
}
