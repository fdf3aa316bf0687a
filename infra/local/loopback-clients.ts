/**
 * SQS and SNS clients whose sends end on this machine: a SendMessage(Batch) to a deployed queue's URL goes to
 * that queue's local stand-in, a Publish to a topic is handed to a local sink (the verdict-notice log). The
 * adapters (SqsStalePublisher, SnsVerdictNotifier) run unchanged, and the IAM enforcement added before this
 * middleware still authorizes every send as AWS would.
 */
import { createHash, randomUUID } from 'node:crypto';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { localCredentials, localRegion } from './sdk-clients.js';
import { LocalStackError } from './errors.js';

/** Where a queue URL's messages go locally. */
export type QueueRouter = (queueUrl: string) => ((body: string) => string) | undefined;

/** Receives each published message. */
export type TopicSink = (message: {
  topicArn: string;
  subject?: string;
  message: string;
  attributes: unknown;
}) => void;

const ok = { httpStatusCode: 200, requestId: 'local' };
/** SQS answers each send with the body's MD5, and the SDK checks it. */
const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** An SQS client that delivers sends to the local queues `route` names; other calls are refused. */
export function loopbackSqsClient(route: QueueRouter): SQSClient {
  const client = new SQSClient({ region: localRegion, credentials: localCredentials });
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const command = String((context as { commandName?: string }).commandName);
      const input = args.input as {
        QueueUrl: string;
        MessageBody?: string;
        Entries?: { Id: string; MessageBody: string }[];
      };
      const send = route(input.QueueUrl);
      if (!send) {
        throw new LocalStackError(
          `The local stack has no queue at ${input.QueueUrl}; is it in the template?`,
        );
      }
      if (command === 'SendMessageCommand') {
        const body = input.MessageBody ?? '';
        return {
          output: { MessageId: send(body), MD5OfMessageBody: md5(body), $metadata: ok },
          response: {},
        };
      }
      if (command === 'SendMessageBatchCommand') {
        const Successful = (input.Entries ?? []).map((e) => ({
          Id: e.Id,
          MessageId: send(e.MessageBody),
          MD5OfMessageBody: md5(e.MessageBody),
        }));
        return { output: { Successful, Failed: [], $metadata: ok }, response: {} };
      }
      throw new LocalStackError(`SQS ${command} has no local stand-in.`);
    },
    { step: 'initialize', name: 'localSqsLoopback', priority: 'low' },
  );
  return client;
}

/** An SNS client whose publishes go to `sink`; other calls are refused. */
export function loopbackSnsClient(sink: TopicSink): SNSClient {
  const client = new SNSClient({ region: localRegion, credentials: localCredentials });
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const command = String((context as { commandName?: string }).commandName);
      if (command !== 'PublishCommand') throw new LocalStackError(`SNS ${command} has no local stand-in.`);
      const input = args.input as {
        TopicArn: string;
        Subject?: string;
        Message: string;
        MessageAttributes?: unknown;
      };
      sink({
        topicArn: input.TopicArn,
        ...(input.Subject === undefined ? {} : { subject: input.Subject }),
        message: input.Message,
        attributes: input.MessageAttributes ?? {},
      });
      return { output: { MessageId: randomUUID(), $metadata: ok }, response: {} };
    },
    { step: 'initialize', name: 'localSnsLoopback', priority: 'low' },
  );
  return client;
}
