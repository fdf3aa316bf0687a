/**
 * The publication store in memory, with the same conditions as the DynamoDB one (DynamoRegistryStore). It is
 * race-free only among builds in one process: the report pipeline uses it when its registry store keeps no
 * publication records (the in-memory registry of the unit tests); every deployed and local trigger passes a
 * DynamoRegistryStore, whose records every process shares.
 */
import {
  PublicationLeaseLostError,
  type PublicationCommit,
  type PublicationLeaseClaim,
  type PublicationLeaseOutcome,
  type PublicationStore,
  type QuarterPublication,
  type VersionReservation,
} from '../../ports/registry-store.js';

/** A PublicationStore held in this process's memory. */
export class MemoryPublicationStore implements PublicationStore {
  private readonly quarters = new Map<string, QuarterPublication>();
  private lease: { owner: string; expiresAt: number } | undefined;

  /** The quarter's record, copied. */
  async getPublication(quarter: string): Promise<QuarterPublication | undefined> {
    const publication = this.quarters.get(quarter);
    return publication && structuredClone(publication);
  }

  /** Next version number unless the quarter is final. */
  async reservePublicationVersion(quarter: string, seedVersion: number): Promise<VersionReservation> {
    const publication = this.quarters.get(quarter) ?? { quarter, lastReserved: seedVersion };
    if (publication.current?.status === 'final') {
      return { outcome: 'final', publication: structuredClone(publication) };
    }
    publication.lastReserved += 1;
    this.quarters.set(quarter, publication);
    return { outcome: 'reserved', version: publication.lastReserved };
  }

  /** The lease, if free, expired or the owner's, and the quarter allows the claim. */
  async claimPublicationLease(claim: PublicationLeaseClaim): Promise<PublicationLeaseOutcome> {
    const publication = this.quarters.get(claim.quarter);
    if (publication === undefined) throw new Error(`${claim.quarter} has no reserved version`);
    if (!allows(publication, claim)) {
      return {
        outcome: publication.current?.status === 'final' ? 'final' : 'superseded',
        publication: structuredClone(publication),
      };
    }
    const held = this.lease;
    if (held !== undefined && held.owner !== claim.owner && held.expiresAt >= claim.nowMs) {
      return { outcome: 'held', owner: held.owner, expiresAt: held.expiresAt };
    }
    this.lease = { owner: claim.owner, expiresAt: claim.nowMs + claim.leaseMs };
    return { outcome: 'acquired', expiresAt: this.lease.expiresAt };
  }

  /** Extends the owner's lease. */
  async renewPublicationLease(owner: string, nowMs: number, leaseMs: number): Promise<boolean> {
    if (this.lease?.owner !== owner) return false;
    this.lease.expiresAt = nowMs + leaseMs;
    return true;
  }

  /** Records the publication and releases the lease. */
  async commitPublication(commit: PublicationCommit): Promise<void> {
    const publication = this.quarters.get(commit.quarter);
    if (
      this.lease?.owner !== commit.claim.owner ||
      publication === undefined ||
      !allows(publication, commit.claim)
    ) {
      throw new PublicationLeaseLostError(
        `${commit.quarter}: the build of v${commit.claim.version} no longer holds the publication lease`,
      );
    }
    publication.current = { ...commit.current };
    this.lease = undefined;
  }

  /** Releases the owner's lease. */
  async releasePublicationLease(owner: string): Promise<void> {
    if (this.lease?.owner === owner) this.lease = undefined;
  }
}

/** Never over a final publication; a provisional claim only over an older version. */
function allows(
  publication: QuarterPublication,
  claim: Pick<PublicationLeaseClaim, 'version' | 'status'>,
): boolean {
  const current = publication.current;
  if (current === undefined) return true;
  if (current.status === 'final') return false;
  return claim.status === 'final' || current.version < claim.version;
}

/** Whether a registry store also keeps the publication records. */
export function isPublicationStore(store: object): store is PublicationStore {
  const s = store as Partial<Record<keyof PublicationStore, unknown>>;
  return (
    typeof s.getPublication === 'function' &&
    typeof s.reservePublicationVersion === 'function' &&
    typeof s.claimPublicationLease === 'function' &&
    typeof s.renewPublicationLease === 'function' &&
    typeof s.commitPublication === 'function' &&
    typeof s.releasePublicationLease === 'function'
  );
}
