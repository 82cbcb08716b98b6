import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type QueuePoller, type SqsBatchHandler, startQueuePoller } from '../../../local/queue-poller.js';

const QUEUE_URL = 'http://127.0.0.1:4566/000000000000/parkstats-ingest';
const sqsMock = mockClient(SQSClient);

const messages: Message[] = ['a', 'b', 'c'].map((id) => ({
  MessageId: id,
  ReceiptHandle: `rh-${id}`,
  Body: `{"id":"${id}"}`,
  Attributes: { ApproximateReceiveCount: '1' },
}));

/** The first receive returns the batch; later ones wait briefly and return nothing, like a long poll. */
function queueHolding(batch: Message[]): void {
  let delivered = false;
  sqsMock.on(ReceiveMessageCommand).callsFake(async () => {
    if (!delivered) {
      delivered = true;
      return { Messages: batch };
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    return {};
  });
  sqsMock.on(DeleteMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  sqsMock.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
}

async function runOneBatch(handler: SqsBatchHandler): Promise<{ poller: QueuePoller; log: string[] }> {
  const log: string[] = [];
  const poller = startQueuePoller({
    sqs: new SQSClient({ region: 'us-east-1' }),
    queueUrl: QUEUE_URL,
    queueArn: 'arn:aws:sqs:us-east-1:000000000000:parkstats-ingest',
    region: 'us-east-1',
    functionName: 'parkstats-ingest',
    handler,
    batchSize: 10,
    functionTimeoutMs: 30_000,
    retryDelaySeconds: 0,
    log: (line) => log.push(line),
  });
  await expect.poll(() => poller.stats().invocations).toBe(1);
  await expect.poll(() => poller.busy()).toBe(false);
  return { poller, log };
}

describe('startQueuePoller', () => {
  let poller: QueuePoller | undefined;

  beforeEach(() => {
    sqsMock.reset();
  });

  afterEach(async () => {
    await poller?.stop();
    poller = undefined;
  });

  it('asks for a batch of the configured size with all system attributes', async () => {
    // Arrange
    queueHolding(messages);

    // Act
    ({ poller } = await runOneBatch(async () => undefined));

    // Assess
    const receive = sqsMock.commandCalls(ReceiveMessageCommand)[0]?.args[0].input;
    expect(receive).toMatchObject({
      QueueUrl: QUEUE_URL,
      MaxNumberOfMessages: 10,
      MessageSystemAttributeNames: ['All'],
    });
  });

  it('deletes the records only after the handler returned, and all of them on success', async () => {
    queueHolding(messages);
    const deletesSeenByHandler: number[] = [];
    let received: SQSEvent | undefined;

    ({ poller } = await runOneBatch(async (event) => {
      received = event;
      deletesSeenByHandler.push(sqsMock.commandCalls(DeleteMessageBatchCommand).length);
    }));

    expect(received?.Records.map((record) => record.messageId)).toEqual(['a', 'b', 'c']);
    expect(deletesSeenByHandler).toEqual([0]);
    const deleted = sqsMock.commandCalls(DeleteMessageBatchCommand)[0]?.args[0].input.Entries ?? [];
    expect(deleted.map((entry) => entry.ReceiptHandle)).toEqual(['rh-a', 'rh-b', 'rh-c']);
    expect(sqsMock.commandCalls(ChangeMessageVisibilityBatchCommand)).toHaveLength(0);
  });

  it('deletes the successful records and releases the reported failure for a retry', async () => {
    queueHolding(messages);

    let log: string[];
    ({ poller, log } = await runOneBatch(async () => ({ batchItemFailures: [{ itemIdentifier: 'b' }] })));

    const deleted = sqsMock.commandCalls(DeleteMessageBatchCommand)[0]?.args[0].input.Entries ?? [];
    expect(deleted.map((entry) => entry.ReceiptHandle)).toEqual(['rh-a', 'rh-c']);
    const released =
      sqsMock.commandCalls(ChangeMessageVisibilityBatchCommand)[0]?.args[0].input.Entries ?? [];
    expect(released).toEqual([{ Id: '0', ReceiptHandle: 'rh-b', VisibilityTimeout: 0 }]);
    expect(poller.stats()).toMatchObject({ recordsSucceeded: 2, recordsFailed: 1, deletes: 2 });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/^parkstats-ingest: 3 record\(s\), 2 ok, 1 to retry/);
  });

  it('treats a handler that throws as a failure of the whole batch', async () => {
    queueHolding(messages);

    let log: string[];
    ({ poller, log } = await runOneBatch(async () => {
      throw new Error('table is gone');
    }));

    expect(sqsMock.commandCalls(DeleteMessageBatchCommand)).toHaveLength(0);
    const released =
      sqsMock.commandCalls(ChangeMessageVisibilityBatchCommand)[0]?.args[0].input.Entries ?? [];
    expect(released.map((entry) => entry.ReceiptHandle)).toEqual(['rh-a', 'rh-b', 'rh-c']);
    expect(log[0]).toContain('handler threw: table is gone');
  });
});
