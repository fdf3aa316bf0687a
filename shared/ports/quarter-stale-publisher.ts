import type { QuarterStaleEvent } from '../ingest/types/index.js';

/** Where "quarter stale" events go (a queue in AWS; a list in tests). Delivery is at least once. */
export interface QuarterStalePublisher {
  publish(events: readonly QuarterStaleEvent[]): Promise<void>;
}
