/**
 * Race-free publication of a quarter's report sites when several builds of the same quarter run at once (the
 * report function at concurrency 2, close-quarter, `ecls report`). The object store cannot write conditionally
 * (s3rver has no conditional PUT), so every decisive check is atomic in the publication store (DynamoDB):
 *
 * 1. **Reserve**: the build takes the quarter's next version number with one conditional update, refused once
 *    the quarter is final. No two builds get the same number, so no two builds write into the same `v{n}/`.
 * 2. **Write**: each site's files go under `{prefix}/{quarter}/v{n}/`; nothing points at them yet.
 * 3. **Switch**: the build claims the publication lease in one transaction that also checks the quarter: never
 *    over a final publication, and a provisional build only over an older version. Only the holder writes
 *    `current.json` and the site indexes, site by site, renewing the lease before each; the committee site last.
 * 4. **Commit**: one transaction records the committee site's pointer and releases the lease, conditioned on
 *    the lease still being the build's own.
 *
 * A build that crashes holding the lease blocks the others only until the lease expires. A provisional build
 * that started before the quarter was finalised finds it final at step 3 and switches nothing. A provisional
 * build overtaken by a newer one (a higher version) switches nothing either: the newer build read the registry
 * after this one reserved, so it covers everything this one would have published. Versions written but never
 * switched stay as unreferenced objects, like the versions a crash leaves behind.
 *
 * The lease is one for all quarters because the site indexes list every quarter; switching takes seconds, so
 * builds of different quarters wait for each other only that long. Known limit: the pointers are plain object
 * writes, so a holder that stalls longer than the lease between its last renewal and its write could still
 * write after another build took over; renewing before each site keeps that window to one site's writes.
 */
import { randomUUID } from 'node:crypto';
import {
  PublicationLeaseLostError,
  type CommittedPublication,
  type PublicationLeaseClaim,
  type PublicationStatus,
  type PublicationStore,
  type QuarterPublication,
} from '../../ports/registry-store.js';
import type { SiteFile } from '../render/site-file.js';
import { mapLimit } from './map-limit.js';
import {
  currentVersion,
  switchSitePointers,
  writeSiteVersion,
  type CurrentPointer,
} from './publish-report.js';
import type { SiteObjectStore } from './site-object-store.js';

/** How long a lease lasts and how long a build waits for one. */
export interface PublicationLeaseOptions {
  /** A lease not renewed for this long may be taken by another build. Default 60 s. */
  leaseMs?: number;
  /** How long a build waits for another build's lease before giving up. Default 5 minutes. */
  maxWaitMs?: number;
  /** Epoch milliseconds; the lease's clock (real time, shared by every build). Default Date.now. */
  nowMs?: () => number;
  /** Waits between claims. Default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** This build's name in the lease. Default a random UUID. */
  owner?: string;
}

export interface PublishQuarterDeps {
  store: SiteObjectStore;
  publications: PublicationStore;
  log: (line: string) => void;
  lease?: PublicationLeaseOptions;
}

export interface StartPublicationOptions {
  quarter: string;
  status: PublicationStatus;
  generatedAt: string;
  /** The committee site's prefix (e.g. `site`): its pointer is the quarter's pointer. */
  registryPrefix: string;
}

/** A site whose pointers the build switched, or left as they were. */
export interface SiteSwitch {
  prefix: string;
  /** The site's current pointer after the switch: the build's own version, or the one kept. */
  pointer: CurrentPointer;
  /** False when the site was kept: it was final already, or a newer provisional version is current. */
  switched: boolean;
}

/** What a build's publication came to. */
export type QuarterPublicationResult =
  | { outcome: 'published'; version: number; sites: SiteSwitch[] }
  /** The quarter is final; `pointer` is the committee site's final version. Nothing was switched. */
  | { outcome: 'already-final'; pointer: CurrentPointer }
  /** A newer provisional version is current (`pointer`); nothing was switched. */
  | { outcome: 'superseded'; version: number; pointer: CurrentPointer };

/** Thrown when another build held the publication lease for longer than the build would wait. */
export class PublicationBusyError extends Error {
  override readonly name = 'PublicationBusyError';
}

const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_MAX_WAIT_MS = 5 * 60_000;
/** Longest pause between two claims of a held lease: a released lease is taken soon after. */
const MAX_POLL_MS = 1_000;
/** Sites whose pointers are switched at once. */
const SWITCH_CONCURRENCY = 4;

/**
 * Reserves the quarter's next version for a build (step 1 above), unless the quarter is final.
 * @returns `already-final` with the committee site's final pointer, or the build's publication.
 * @example
 *   const started = await startQuarterPublication(deps, { quarter: '2023-Q3', status: 'provisional', generatedAt, registryPrefix: 'site' });
 *   if (started.outcome === 'reserved') { await started.publication.writeSite('site', files); await started.publication.commit(); }
 */
export async function startQuarterPublication(
  deps: PublishQuarterDeps,
  options: StartPublicationOptions,
): Promise<
  | { outcome: 'already-final'; pointer: CurrentPointer }
  | { outcome: 'reserved'; publication: QuarterPublicationBuild }
> {
  const { quarter, registryPrefix } = options;
  // The versions published before the store kept count (read once, when the quarter has no record yet).
  const known = await deps.publications.getPublication(quarter);
  const seed =
    known === undefined ? ((await currentVersion(deps.store, registryPrefix, quarter))?.version ?? 0) : 0;
  const reservation = await deps.publications.reservePublicationVersion(quarter, seed);
  if (reservation.outcome === 'final') {
    return { outcome: 'already-final', pointer: committedPointer(registryPrefix, reservation.publication) };
  }
  return {
    outcome: 'reserved',
    publication: new QuarterPublicationBuild(deps, options, reservation.version),
  };
}

/** One build's reserved version of a quarter: write its sites, then commit them (steps 2 to 4 above). */
export class QuarterPublicationBuild {
  private readonly written: CurrentPointer[] = [];
  private readonly prefixes: string[] = [];
  private readonly owner: string;

  /** Use startQuarterPublication. */
  constructor(
    private readonly deps: PublishQuarterDeps,
    private readonly options: StartPublicationOptions,
    /** The build's own version number. */
    readonly version: number,
  ) {
    this.owner = deps.lease?.owner ?? randomUUID();
  }

  /**
   * Writes one site's files as this build's version; switches nothing.
   * @throws {PublishReportError} on a bad file path, or when the version exists already.
   */
  async writeSite(prefix: string, files: readonly SiteFile[]): Promise<CurrentPointer> {
    const { quarter, status, generatedAt } = this.options;
    const pointer = await writeSiteVersion(this.deps.store, files, {
      prefix,
      quarter,
      version: this.version,
      status,
      generatedAt,
    });
    this.written.push(pointer);
    this.prefixes.push(prefix);
    return pointer;
  }

  /**
   * Takes the lease (waiting for another build's), switches the written sites' pointers, the committee site's
   * last, and records the publication. Call it once, after every site is written.
   * @throws {PublicationBusyError} when the lease stayed held by another build for `maxWaitMs`.
   * @throws {PublicationLeaseLostError} when the lease was lost before the commit (the build stalled past it).
   */
  async commit(): Promise<QuarterPublicationResult> {
    const { quarter, status, registryPrefix } = this.options;
    const { publications, log } = this.deps;
    const leaseMs = this.deps.lease?.leaseMs ?? DEFAULT_LEASE_MS;
    const nowMs = this.deps.lease?.nowMs ?? Date.now;
    const claim: PublicationLeaseClaim = {
      quarter,
      version: this.version,
      status,
      owner: this.owner,
      nowMs: nowMs(),
      leaseMs,
    };
    const outcome = await this.claim(claim);
    if (outcome !== 'acquired') return outcome;

    try {
      const sites = this.written.map((pointer, i) => ({ prefix: this.prefixes[i]!, pointer }));
      const registry = sites.filter((s) => s.prefix === registryPrefix);
      const others = sites.filter((s) => s.prefix !== registryPrefix);
      const switched = await mapLimit(others, SWITCH_CONCURRENCY, (site) => this.switchSite(site, leaseMs));
      for (const site of registry) switched.push(await this.switchSite(site, leaseMs));
      const committee = switched.find((s) => s.prefix === registryPrefix)?.pointer;
      const current: CommittedPublication =
        committee === undefined
          ? { version: this.version, status, generatedAt: this.options.generatedAt }
          : { version: committee.version, status: committee.status, generatedAt: committee.generatedAt };
      await publications.commitPublication({ quarter, claim, current });
      log(
        `${quarter}: v${this.version} committed (${switched.filter((s) => s.switched).length} sites switched)`,
      );
      return { outcome: 'published', version: this.version, sites: switched };
    } catch (error) {
      await publications.releasePublicationLease(this.owner).catch((release: unknown) => {
        log(`${quarter}: releasing the publication lease failed (${(release as Error)?.message})`);
      });
      throw error;
    }
  }

  /** Claims the lease until it is acquired, the claim is refused, or the wait is over. */
  private async claim(
    claim: PublicationLeaseClaim,
  ): Promise<'acquired' | Exclude<QuarterPublicationResult, { outcome: 'published' }>> {
    const { quarter, registryPrefix } = this.options;
    const nowMs = this.deps.lease?.nowMs ?? Date.now;
    const sleep = this.deps.lease?.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
    const maxWaitMs = this.deps.lease?.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    const deadline = nowMs() + maxWaitMs;
    let waited = false;
    for (;;) {
      const now = nowMs();
      const answer = await this.deps.publications.claimPublicationLease({ ...claim, nowMs: now });
      switch (answer.outcome) {
        case 'acquired':
          return 'acquired';
        case 'final':
          this.deps.log(`${quarter}: final meanwhile; v${this.version} left unpublished`);
          return { outcome: 'already-final', pointer: committedPointer(registryPrefix, answer.publication) };
        case 'superseded':
          this.deps.log(`${quarter}: a newer version is current; v${this.version} left unpublished`);
          return {
            outcome: 'superseded',
            version: this.version,
            pointer: committedPointer(registryPrefix, answer.publication),
          };
        case 'held': {
          if (now >= deadline) {
            throw new PublicationBusyError(
              `${quarter}: the publication lease is held by build ${answer.owner || '(unknown)'} until ` +
                `${new Date(answer.expiresAt).toISOString()}; waited ${maxWaitMs} ms. Version v${this.version} ` +
                'is written but not current: run the report again once that build has finished.',
            );
          }
          if (!waited) this.deps.log(`${quarter}: waiting for the publication lease (${answer.owner})`);
          waited = true;
          await sleep(Math.max(1, Math.min(MAX_POLL_MS, answer.expiresAt - now, deadline - now)));
        }
      }
    }
  }

  /** Switches one site's pointers unless it must be kept; renews the lease first. */
  private async switchSite(
    site: { prefix: string; pointer: CurrentPointer },
    leaseMs: number,
  ): Promise<SiteSwitch> {
    const { quarter, status } = this.options;
    const nowMs = this.deps.lease?.nowMs ?? Date.now;
    if (!(await this.deps.publications.renewPublicationLease(this.owner, nowMs(), leaseMs))) {
      throw new PublicationLeaseLostError(
        `${quarter}: the build of v${this.version} lost the publication lease while switching ${site.prefix}; ` +
          'another build has taken over. Run the report again to publish a new version.',
      );
    }
    const previous = await currentVersion(this.deps.store, site.prefix, quarter);
    // Final is never replaced (a retry after a crash part-way through switching finds some sites final); a
    // provisional build never moves a site back to an older version.
    if (
      previous !== undefined &&
      (previous.status === 'final' || (status === 'provisional' && previous.version > this.version))
    ) {
      this.deps.log(`${quarter}: ${site.prefix} kept at v${previous.version} (${previous.status})`);
      return { prefix: site.prefix, pointer: previous, switched: false };
    }
    await switchSitePointers(this.deps.store, site.prefix, site.pointer);
    return { prefix: site.prefix, pointer: site.pointer, switched: true };
  }
}

/** The committee site's pointer as the publication store records it. */
function committedPointer(registryPrefix: string, publication: QuarterPublication): CurrentPointer {
  const root = registryPrefix.replace(/\/+$/, '');
  const current = publication.current ?? { version: 0, status: 'provisional', generatedAt: '' };
  return {
    quarter: publication.quarter,
    version: current.version,
    path: `${root}/${publication.quarter}/v${current.version}/`,
    status: current.status,
    generatedAt: current.generatedAt,
  };
}
