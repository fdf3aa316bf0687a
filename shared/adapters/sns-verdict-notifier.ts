import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { VerdictNotice } from '../ingest/types/index.js';
import { VerdictNotificationError, type VerdictNotifier } from '../ports/index.js';

/** Options of {@link SnsVerdictNotifier}. */
export interface SnsVerdictNotifierOptions {
  /** The verdict topic's ARN (`VERDICT_TOPIC_ARN`). */
  topicArn: string;
}

/** The subject line (SNS: ASCII, at most 100 characters); the center id and statuses are ASCII by construction. */
export function verdictSubject(notice: VerdictNotice): string {
  return `ECLS registry: upload ${notice.status} (${notice.verdictStatus}) for center ${notice.centerId}`.slice(
    0,
    100,
  );
}

/**
 * The verdict notifier on SNS: one message per upload, the notice as JSON, with `centerId` and `verdictStatus`
 * as message attributes so each center's subscription takes only its own uploads (a filter policy on
 * `centerId`). SDK errors become a VerdictNotificationError with the SDK error as `cause`.
 */
export class SnsVerdictNotifier implements VerdictNotifier {
  private readonly topicArn: string;

  constructor(
    private readonly client: SNSClient,
    options: SnsVerdictNotifierOptions,
  ) {
    this.topicArn = options.topicArn;
  }

  async notify(notice: VerdictNotice): Promise<void> {
    try {
      await this.client.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Subject: verdictSubject(notice),
          Message: JSON.stringify(notice),
          MessageAttributes: {
            centerId: { DataType: 'String', StringValue: notice.centerId },
            verdictStatus: { DataType: 'String', StringValue: notice.verdictStatus },
          },
        }),
      );
    } catch (cause) {
      throw new VerdictNotificationError(
        `SNS Publish of upload ${notice.uploadId}'s verdict to ${this.topicArn} failed: ` +
          `${(cause as Error)?.message ?? String(cause)}`,
        { cause },
      );
    }
  }
}
