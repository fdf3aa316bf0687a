import type { QuarterStaleEvent } from '../ingest/types/index.js';
import type { QuarterStalePublisher } from '../ports/index.js';

/**
 * A publisher that hands each event to a callback: the local stack sends them to its report queue, the Lambda
 * (until the report queue exists) logs them as JSON lines.
 */
export class CallbackStalePublisher implements QuarterStalePublisher {
  constructor(private readonly send: (event: QuarterStaleEvent) => void | Promise<void>) {}

  async publish(events: readonly QuarterStaleEvent[]): Promise<void> {
    for (const event of events) await this.send(event);
  }
}
