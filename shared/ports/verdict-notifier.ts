import type { VerdictNotice } from '../ingest/types/index.js';

/** Where a center hears about its upload's verdict (an SNS topic in AWS). Optional: the pipeline runs without it. */
export interface VerdictNotifier {
  /**
   * Sends one upload's verdict summary to its center.
   * @throws {VerdictNotificationError} when it could not be sent.
   */
  notify(notice: VerdictNotice): Promise<void>;
}
