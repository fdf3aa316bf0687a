import {
  SendMessageBatchCommand,
  type BatchResultErrorEntry,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { QuarterStaleEvent } from '../ingest/types/index.js';
import { QuarterStalePublishError, type QuarterStalePublisher } from '../ports/index.js';

/** Options of {@link SqsStalePublisher}. */
export interface SqsStalePublisherOptions {
  /** The report queue's URL (`REPORT_QUEUE_URL`). */
  queueUrl: string;
  /** Sends of the entries SQS failed on its side (not the sender's fault) before giving up. Default 3. */
  maxAttempts?: number;
}

/** SendMessageBatch takes at most ten entries. */
const batchLimit = 10;

/** The message body the report function reads: which quarter of which center, and the upload that changed it. */
export function staleMessageBody(event: QuarterStaleEvent): string {
  return JSON.stringify({ quarter: event.quarter, centerId: event.centerId, uploadId: event.uploadId });
}

/**
 * The "quarter stale" publisher on SQS: one message per event, `{ quarter, centerId, uploadId }`, sent to the
 * report queue in batches of ten. Entries SQS reports as failed on its side are sent again; any other failure
 * becomes a QuarterStalePublishError (SDK error or failed entries as `cause`), so the ingestion step fails and
 * its message is retried. Delivery is at least once.
 */
export class SqsStalePublisher implements QuarterStalePublisher {
  private readonly queueUrl: string;
  private readonly maxAttempts: number;

  constructor(
    private readonly client: SQSClient,
    options: SqsStalePublisherOptions,
  ) {
    this.queueUrl = options.queueUrl;
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  /** Sends every event; resolves once SQS has accepted all of them. */
  async publish(events: readonly QuarterStaleEvent[]): Promise<void> {
    const batches: SendMessageBatchRequestEntry[][] = [];
    for (let start = 0; start < events.length; start += batchLimit) {
      batches.push(
        events
          .slice(start, start + batchLimit)
          .map((event, i) => ({ Id: `e${start + i}`, MessageBody: staleMessageBody(event) })),
      );
    }
    await Promise.all(batches.map((entries) => this.sendBatch(entries)));
  }

  private async sendBatch(entries: SendMessageBatchRequestEntry[]): Promise<void> {
    let pending = entries;
    for (let attempt = 1; ; attempt++) {
      let failed: BatchResultErrorEntry[];
      try {
        const out = await this.client.send(
          new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }),
        );
        failed = out.Failed ?? [];
      } catch (cause) {
        throw new QuarterStalePublishError(
          `SQS SendMessageBatch to ${this.queueUrl} failed: ${(cause as Error)?.message ?? String(cause)}`,
          { cause },
        );
      }
      if (failed.length === 0) return;
      if (failed.some((f) => f.SenderFault) || attempt >= this.maxAttempts) {
        const first = failed[0]!;
        throw new QuarterStalePublishError(
          `SQS refused ${failed.length} of ${pending.length} "quarter stale" messages to ${this.queueUrl} ` +
            `(first: ${first.Code}${first.Message ? `: ${first.Message}` : ''}) after ${attempt} attempt(s).`,
          { cause: failed },
        );
      }
      const retry = new Set(failed.map((f) => f.Id));
      pending = pending.filter((entry) => retry.has(entry.Id));
    }
  }
}
