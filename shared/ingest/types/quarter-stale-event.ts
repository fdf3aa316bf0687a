import type { Quarter } from './quarter-aggregate.js';

/** A center's quarter changed: its reports are out of date. The report pipeline consumes these. */
export interface QuarterStaleEvent {
  type: 'quarter-stale';
  centerId: string;
  quarter: Quarter;
  /** The upload and data set version that made it stale (consumers may drop events older than what they built). */
  uploadId: string;
  version: number;
}
