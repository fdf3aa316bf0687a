/** Ports: the small interfaces the ingestion core talks to; adapters in shared/adapters implement them. */
export * from './errors.js';
export type {
  ObjectBody,
  ObjectHead,
  ObjectRef,
  ObjectStore,
  ObjectSummary,
  StoredObject,
} from './object-store.js';
export * from './registry-store.js';
export type { QuarterStalePublisher } from './quarter-stale-publisher.js';
export type {
  RenderedVerdict,
  RenderVerdictOptions,
  RowHandler,
  UploadValidator,
} from './upload-validator.js';
export type { VerdictNotifier } from './verdict-notifier.js';
