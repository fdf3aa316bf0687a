/**
 * The registry's status as `ecls status` and the local site's index page show it: each center's data-set pointer
 * and its upload ledger, latest first, read through the registry store port.
 */
import { activeCenters } from '../config/centers.js';
import type { CenterPointer, LedgerEntry } from '../ingest/index.js';
import type { RegistryStore } from '../ports/index.js';

/** One center's state: its data-set pointer and its uploads, latest first. */
export interface CenterStatus {
  centerId: string;
  pointer?: Pick<CenterPointer, 'version' | 'runs' | 'uploadId' | 'updatedAt'>;
  /** The latest upload's ledger entry, if the center has uploaded anything. */
  latest?: LedgerEntry;
  uploads: LedgerEntry[];
}

/** Centers read at once: enough to hide latency, few enough not to flood DynamoDB Local. */
const CONCURRENCY = 8;

/**
 * The status of the given centers (default: every active center), in center order.
 * @example const statuses = await readRegistryStatus(new DynamoRegistryStore(doc, { tableName }), ['C001'])
 */
export async function readRegistryStatus(
  registry: Pick<RegistryStore, 'listUploads' | 'getPointer'>,
  centerIds: readonly string[] = activeCenters().map((c) => c.id),
): Promise<CenterStatus[]> {
  const out: CenterStatus[] = [];
  for (let i = 0; i < centerIds.length; i += CONCURRENCY) {
    const chunk = centerIds.slice(i, i + CONCURRENCY);
    out.push(
      ...(await Promise.all(
        chunk.map(async (centerId) => {
          const [uploads, pointer] = await Promise.all([
            registry.listUploads(centerId),
            registry.getPointer(centerId),
          ]);
          const status: CenterStatus = { centerId, uploads };
          if (uploads[0]) status.latest = uploads[0];
          if (pointer) {
            status.pointer = {
              version: pointer.version,
              runs: pointer.runs,
              uploadId: pointer.uploadId,
              updatedAt: pointer.updatedAt,
            };
          }
          return status;
        }),
      )),
    );
  }
  return out;
}
