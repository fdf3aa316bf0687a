/**
 * The publication records of DynamoRegistryStore on DynamoDB Local: the conditions that make report publication
 * race-free (one version number per build, one lease holder, never over a final publication) are the store's.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoRegistryStore, registryItemKeys } from '../../../shared/adapters/index.js';
import {
  PublicationLeaseLostError,
  type PublicationLeaseClaim,
} from '../../../shared/ports/registry-store.js';
import { withLocalStack } from '../../support/local-stack.js';

const local = withLocalStack();
let store: DynamoRegistryStore;
const T0 = Date.parse('2030-01-01T00:00:00Z');

beforeAll(() => {
  store = new DynamoRegistryStore(local.stack.docClient(), { tableName: local.stack.tableName });
});

const claim = (over: Partial<PublicationLeaseClaim> & { quarter: string }): PublicationLeaseClaim => ({
  version: 1,
  status: 'provisional',
  owner: 'a',
  nowMs: T0,
  leaseMs: 60_000,
  ...over,
});

async function leaseItem(): Promise<Record<string, unknown> | undefined> {
  const out = await local.stack.docClient().send(
    new GetCommand({
      TableName: local.stack.tableName,
      Key: registryItemKeys.publicationLease(),
      ConsistentRead: true,
    }),
  );
  return out.Item;
}

describe('DynamoRegistryStore publication records', () => {
  it('hands out each version number once, even to reservations made at the same moment', async () => {
    const quarter = '2021-Q1';
    expect(await store.getPublication(quarter)).toBeUndefined();
    const reservations = await Promise.all(
      Array.from({ length: 12 }, () => store.reservePublicationVersion(quarter, 4)),
    );
    const versions = reservations.map((r) => (r.outcome === 'reserved' ? r.version : -1));
    // Seeded at 4 (versions published before the counter existed): 5 to 16, each once.
    expect([...versions].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => 5 + i));
    // The seed only matters when the record is created.
    expect(await store.reservePublicationVersion(quarter, 100)).toEqual({ outcome: 'reserved', version: 17 });
    expect(await store.getPublication(quarter)).toEqual({ quarter, lastReserved: 17 });
  });

  it('lets one of several simultaneous claims hold the lease, and the others see who holds it until when', async () => {
    const quarter = '2021-Q2';
    await store.reservePublicationVersion(quarter, 0);
    const answers = await Promise.all(
      ['a', 'b', 'c', 'd'].map((owner) => store.claimPublicationLease(claim({ quarter, owner }))),
    );
    const acquired = answers.filter((a) => a.outcome === 'acquired');
    expect(acquired).toHaveLength(1);
    const holder = (await leaseItem())!.owner as string;
    expect(['a', 'b', 'c', 'd']).toContain(holder);
    for (const answer of answers.filter((a) => a.outcome !== 'acquired')) {
      // A claim cancelled by a concurrent transaction is 'held' too (with no owner: try again at once).
      expect(answer.outcome).toBe('held');
      if (answer.outcome === 'held' && answer.owner !== '') {
        expect(answer).toEqual({ outcome: 'held', owner: holder, expiresAt: T0 + 60_000 });
      }
    }
    // Another claim while the lease is unexpired is refused; the holder's own claim is not.
    expect(await store.claimPublicationLease(claim({ quarter, owner: 'e', nowMs: T0 + 59_000 }))).toEqual({
      outcome: 'held',
      owner: holder,
      expiresAt: T0 + 60_000,
    });
    expect((await store.claimPublicationLease(claim({ quarter, owner: holder }))).outcome).toBe('acquired');
    // Only the holder releases it.
    await store.releasePublicationLease('e');
    expect((await leaseItem())!.owner).toBe(holder);
    await store.releasePublicationLease(holder);
    expect((await leaseItem())!.owner).toBeUndefined();
  });

  it('lets another build take an expired lease; the stalled holder can neither renew nor commit', async () => {
    const quarter = '2021-Q3';
    await store.reservePublicationVersion(quarter, 0);
    await store.reservePublicationVersion(quarter, 0);
    expect(
      await store.claimPublicationLease(claim({ quarter, owner: 'stalled', version: 1, leaseMs: 1_000 })),
    ).toEqual({ outcome: 'acquired', expiresAt: T0 + 1_000 });
    expect(await store.renewPublicationLease('stalled', T0 + 500, 1_000)).toBe(true);
    expect((await store.claimPublicationLease(claim({ quarter, owner: 'next', version: 2 }))).outcome).toBe(
      'held',
    );
    // Past the renewed expiry (T0 + 1,500), the lease is free for the taking.
    expect(
      await store.claimPublicationLease(claim({ quarter, owner: 'next', version: 2, nowMs: T0 + 1_501 })),
    ).toEqual({ outcome: 'acquired', expiresAt: T0 + 61_501 });
    expect(await store.renewPublicationLease('stalled', T0 + 1_600, 1_000)).toBe(false);
    const current = { version: 1, status: 'provisional' as const, generatedAt: '2021-10-01T00:00:00.000Z' };
    await expect(
      store.commitPublication({
        quarter,
        claim: { version: 1, status: 'provisional', owner: 'stalled' },
        current,
      }),
    ).rejects.toThrow(PublicationLeaseLostError);
    expect((await store.getPublication(quarter))!.current).toBeUndefined();
    await store.commitPublication({
      quarter,
      claim: { version: 2, status: 'provisional', owner: 'next' },
      current: { ...current, version: 2 },
    });
    expect(await store.getPublication(quarter)).toEqual({
      quarter,
      lastReserved: 2,
      current: { ...current, version: 2 },
    });
    expect((await leaseItem())!.owner).toBeUndefined();
  });

  it('refuses a provisional claim over a newer version, and every reservation and claim once final', async () => {
    const quarter = '2021-Q4';
    for (let i = 0; i < 3; i++) await store.reservePublicationVersion(quarter, 0);
    const at = '2022-01-10T00:00:00.000Z';
    expect((await store.claimPublicationLease(claim({ quarter, owner: 'p3', version: 3 }))).outcome).toBe(
      'acquired',
    );
    await store.commitPublication({
      quarter,
      claim: { version: 3, status: 'provisional', owner: 'p3' },
      current: { version: 3, status: 'provisional', generatedAt: at },
    });
    // v2 was reserved before v3 but is older: it may not replace it.
    expect(await store.claimPublicationLease(claim({ quarter, owner: 'p2', version: 2 }))).toEqual({
      outcome: 'superseded',
      publication: {
        quarter,
        lastReserved: 3,
        current: { version: 3, status: 'provisional', generatedAt: at },
      },
    });
    // A final build replaces any provisional version, even a newer one.
    expect(
      (await store.claimPublicationLease(claim({ quarter, owner: 'f1', version: 1, status: 'final' })))
        .outcome,
    ).toBe('acquired');
    const final = { version: 1, status: 'final' as const, generatedAt: '2022-01-31T00:00:00.000Z' };
    await store.commitPublication({
      quarter,
      claim: { version: 1, status: 'final', owner: 'f1' },
      current: final,
    });
    const finalRecord = { quarter, lastReserved: 3, current: final };
    expect(await store.reservePublicationVersion(quarter, 0)).toEqual({
      outcome: 'final',
      publication: finalRecord,
    });
    for (const status of ['provisional', 'final'] as const) {
      expect(
        await store.claimPublicationLease(claim({ quarter, owner: 'late', version: 9, status })),
      ).toEqual({
        outcome: 'final',
        publication: finalRecord,
      });
    }
    // And a commit of a build that held the lease when the quarter became final is refused.
    await store.reservePublicationVersion('2022-Q1', 0);
    expect((await store.claimPublicationLease(claim({ quarter: '2022-Q1', owner: 'x' }))).outcome).toBe(
      'acquired',
    );
    await expect(
      store.commitPublication({
        quarter,
        claim: { version: 4, status: 'provisional', owner: 'x' },
        current: { version: 4, status: 'provisional', generatedAt: at },
      }),
    ).rejects.toThrow(PublicationLeaseLostError);
    expect((await store.getPublication(quarter))!.current).toEqual(final);
    await store.releasePublicationLease('x');
  });
});
