/** Adapters: the ports on S3 and DynamoDB. They marshal and call the SDK; the decisions are in the core. */
export { S3ObjectStore, type S3ObjectStoreOptions } from './s3-object-store.js';
export { DynamoRegistryStore, type DynamoRegistryStoreOptions } from './dynamo-registry-store.js';
export { registryItemKeys, keyAttributes } from './registry-item-keys.js';
export { CallbackStalePublisher } from './callback-stale-publisher.js';
export { SqsStalePublisher, staleMessageBody, type SqsStalePublisherOptions } from './sqs-stale-publisher.js';
export {
  SnsVerdictNotifier,
  verdictSubject,
  type SnsVerdictNotifierOptions,
} from './sns-verdict-notifier.js';
