/**
 * The report pipeline for one quarter, as every trigger runs it (the stale-event and close-quarter Lambdas,
 * `ecls report`, `npm start`): read the registry, build the report, render the committee site and each center's
 * private site, and publish each atomically as the next version of its quarter. The centers' sites are published
 * first and the committee site last, so the committee site being final means every center's is too.
 */
import type { RegistryRun } from '../cohort/index.js';
import { activeCenters } from '../config/centers.js';
import { keys } from '../config/resources.js';
import type { ObjectStore, RegistryStore } from '../ports/index.js';
import type { ModelRunner } from './analyses/model-runner.js';
import { buildReport } from './build-registry-report.js';
import { currentVersion, publishReport, siteObjectStoreOn, type CurrentPointer } from './publish/index.js';
import { mapLimit } from './publish/map-limit.js';
import { reportCutoff } from './quarter-clock.js';
import { readRegistry, withDataQuality } from './registry-reader.js';
import { reportSiteRenderer } from './render/index.js';
import { defaultReportSpec, type ReportSpec, type ReportSpecInput } from './spec/index.js';

/** The software version written into every report's provenance. */
export const REPORT_SOFTWARE_VERSION = '0.1.0';

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
}

export interface GenerateQuarterReportOptions {
  /** e.g. `2023-Q3`. */
  quarter: string;
  /** Publish as final (the quarter must have closed). Default provisional. */
  final?: boolean;
  /** Default: `deps.clock()`. */
  now?: Date;
}

/** One site published (or left alone because it was final already). */
export interface PublishedSite {
  /** `site` or `centers/{id}`. */
  prefix: string;
  centerId?: string;
  pointer: CurrentPointer;
  /** Key of the version's page, e.g. `site/2023-Q3/v2/index.html`. */
  indexKey: string;
  /** False when the site was final already and kept as it was. */
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
  | { outcome: 'already-final'; quarter: string; pointer: CurrentPointer };

/** Thrown when a report is asked for that cannot be right: a quarter not started, or final before it closed. */
export class QuarterReportRequestError extends Error {
  override readonly name = 'QuarterReportRequestError';
}

/**
 * Generates and publishes the quarter's report. Provisional runs always publish a new version (v1, v2, …; earlier
 * versions stay). A quarter whose committee site is final is never republished: the result is `already-final`.
 * `generatedAt` is taken before the registry is read, so a stale event sent before it is covered by this report
 * (the report handler's debounce relies on that).
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
  const current = await currentVersion(store, registryPrefix, quarter);
  if (current?.status === 'final') {
    log(`${quarter}: already final (v${current.version}, ${current.generatedAt}); nothing published`);
    return { outcome: 'already-final', quarter, pointer: current };
  }

  const status = final ? 'final' : 'provisional';
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
  // The dashboard from the ledger: each center's latest upload, a rejected one included (see registry-reader).
  const built = await buildReport(snapshot.runs as Iterable<RegistryRun>, {
    spec: deps.spec ?? defaultReportSpec,
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

  // Centers first, the committee site last: see the module comment. A few centers at a time, so one site's
  // rendering overlaps another's writes; the figures every site shares are drawn once, by the renderer.
  const renderer = reportSiteRenderer(report, built.ownCenterRows);
  const publishSite = async (target: {
    prefix: string;
    centerId: string | undefined;
  }): Promise<PublishedSite> => {
    const label = target.centerId ?? 'registry';
    const previous = await currentVersion(store, target.prefix, quarter);
    if (previous?.status === 'final') {
      // A retry after a crash part-way through finalising: this center's final report exists already.
      log(`${quarter}: ${label} already final at v${previous.version}; kept`);
      return { ...target, pointer: previous, indexKey: `${previous.path}index.html`, published: false };
    }
    const files = await renderer.render(target.centerId === undefined ? {} : { centerId: target.centerId });
    const pointer = await publishReport(store, files, {
      prefix: target.prefix,
      quarter,
      version: (previous?.version ?? 0) + 1,
      status,
      generatedAt,
    });
    log(`${quarter}: ${label} published ${pointer.path} (${files.length} files)`);
    return { ...target, pointer, indexKey: `${pointer.path}index.html`, published: true };
  };
  const centerTargets = snapshot.centers.map(({ centerId }) => ({
    prefix: sitePrefix(keys.centerReportsPrefix(centerId)),
    centerId: centerId as string | undefined,
  }));
  const sites = await mapLimit(centerTargets, SITE_CONCURRENCY, publishSite);
  sites.push(await publishSite({ prefix: registryPrefix, centerId: undefined }));
  return {
    outcome: 'published',
    quarter,
    status,
    cutoff,
    generatedAt,
    runs: snapshot.runs.length,
    sites: sites.map(({ centerId, ...rest }) => (centerId === undefined ? rest : { ...rest, centerId })),
  };
}

/** Center sites rendered and published at once: rendering is CPU, publishing waits on the store. */
const SITE_CONCURRENCY = 4;

/** A key prefix without its trailing slash, as the publisher takes it. */
function sitePrefix(prefix: string): string {
  return prefix.replace(/\/+$/, '');
}
