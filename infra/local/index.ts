// The embedded local runtime: the same handlers, run against s3rver and DynamoDB Local instead of AWS.
export * from './errors.js';
export type * from './event-types.js';
export { checkJava, parseJavaMajorVersion, requiredJavaVersion } from './java.js';
export { createLocalQueue, DeadLetterWriteError, QueuePersistenceError } from './local-queue.js';
export type { DeadLetter, LocalQueue, LocalQueueOptions, LocalQueueStats } from './local-queue.js';
export { defaultDataDir, localStackEnv, startLocalStack } from './local-stack.js';
export type { LocalStack, LocalStackOptions } from './local-stack.js';
export { connectS3Notifications, matchesS3Filter } from './s3-notification.js';
export type { S3EventSource, S3NotificationFilter } from './s3-notification.js';
export { encodeS3EventKey } from './s3-event.js';
export { installShutdownHandlers } from './shutdown-signals.js';
export type { ShutdownOptions } from './shutdown-signals.js';
export { registryTableDefinition } from './table-definition.js';
export { dataDirLayoutVersion, prepareDataDir } from './data-dir.js';
