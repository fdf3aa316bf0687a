/** The in-process publication store keeps the same conditions as the DynamoDB one. */
import { PublicationLeaseLostError } from '../../../../shared/ports/registry-store.js';
import { isPublicationStore, MemoryPublicationStore } from '../../../../shared/report/publish/index.js';

const claim = { quarter: '2023-Q3', status: 'provisional' as const, nowMs: 1_000, leaseMs: 100 };
const at = '2023-10-01T00:00:00.000Z';

describe('MemoryPublicationStore', () => {
  it('numbers builds from the seed, lets one hold the lease until it expires, and refuses older or final', async () => {
    const store = new MemoryPublicationStore();
    expect(isPublicationStore(store)).toBe(true);
    expect(isPublicationStore({ getPublication: () => undefined })).toBe(false);
    expect(await store.reservePublicationVersion('2023-Q3', 2)).toEqual({ outcome: 'reserved', version: 3 });
    expect(await store.reservePublicationVersion('2023-Q3', 9)).toEqual({ outcome: 'reserved', version: 4 });

    expect((await store.claimPublicationLease({ ...claim, version: 3, owner: 'a' })).outcome).toBe(
      'acquired',
    );
    expect(await store.claimPublicationLease({ ...claim, version: 4, owner: 'b', nowMs: 1_100 })).toEqual({
      outcome: 'held',
      owner: 'a',
      expiresAt: 1_100,
    });
    // Expired: b takes it, and a can no longer renew or commit.
    expect(
      (await store.claimPublicationLease({ ...claim, version: 4, owner: 'b', nowMs: 1_101 })).outcome,
    ).toBe('acquired');
    expect(await store.renewPublicationLease('a', 1_102, 100)).toBe(false);
    const current = { version: 3, status: 'provisional' as const, generatedAt: at };
    await expect(
      store.commitPublication({
        quarter: '2023-Q3',
        claim: { version: 3, status: 'provisional', owner: 'a' },
        current,
      }),
    ).rejects.toThrow(PublicationLeaseLostError);
    await store.commitPublication({
      quarter: '2023-Q3',
      claim: { version: 4, status: 'provisional', owner: 'b' },
      current: { ...current, version: 4 },
    });
    expect((await store.claimPublicationLease({ ...claim, version: 3, owner: 'a' })).outcome).toBe(
      'superseded',
    );

    expect(
      (await store.claimPublicationLease({ ...claim, version: 2, status: 'final', owner: 'f' })).outcome,
    ).toBe('acquired');
    await store.commitPublication({
      quarter: '2023-Q3',
      claim: { version: 2, status: 'final', owner: 'f' },
      current: { version: 2, status: 'final', generatedAt: at },
    });
    expect((await store.reservePublicationVersion('2023-Q3', 0)).outcome).toBe('final');
    expect(
      (await store.claimPublicationLease({ ...claim, version: 9, status: 'final', owner: 'g' })).outcome,
    ).toBe('final');
    expect(await store.getPublication('2023-Q3')).toEqual({
      quarter: '2023-Q3',
      lastReserved: 4,
      current: { version: 2, status: 'final', generatedAt: at },
    });
  });
});
