import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { failedMessageIds, lambdaContext, toSqsEvent, toSqsRecord } from '../../../local/lambda-sqs-event.js';

const source = {
  queueArn: 'arn:aws:sqs:us-east-1:000000000000:parkstats-recompute.fifo',
  region: 'us-east-1',
};

describe('toSqsRecord', () => {
  it('builds the Lambda record of a received FIFO message', () => {
    const record = toSqsRecord(
      {
        MessageId: 'm-1',
        ReceiptHandle: 'rh-1',
        Body: '{"park":"p1"}',
        MD5OfBody: 'abc',
        Attributes: {
          ApproximateReceiveCount: '2',
          SentTimestamp: '1795000000000',
          SenderId: '000000000000',
          ApproximateFirstReceiveTimestamp: '1795000000100',
          MessageGroupId: 'p1',
          MessageDeduplicationId: 'd-1',
          SequenceNumber: '00000000000000000001',
        },
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'recompute' } },
      },
      source,
    );

    expect(record).toEqual({
      messageId: 'm-1',
      receiptHandle: 'rh-1',
      body: '{"park":"p1"}',
      attributes: {
        ApproximateReceiveCount: '2',
        SentTimestamp: '1795000000000',
        SenderId: '000000000000',
        ApproximateFirstReceiveTimestamp: '1795000000100',
        MessageGroupId: 'p1',
        MessageDeduplicationId: 'd-1',
        SequenceNumber: '00000000000000000001',
      },
      messageAttributes: {
        kind: { stringValue: 'recompute', stringListValues: [], binaryListValues: [], dataType: 'String' },
      },
      md5OfBody: 'abc',
      eventSource: 'aws:sqs',
      eventSourceARN: source.queueArn,
      awsRegion: 'us-east-1',
    });
  });

  it('leaves the FIFO attributes out for a standard queue message', () => {
    const record = toSqsRecord({ MessageId: 'm', ReceiptHandle: 'r', Body: 'b', Attributes: {} }, source);

    expect(Object.keys(record.attributes).sort()).toEqual([
      'ApproximateFirstReceiveTimestamp',
      'ApproximateReceiveCount',
      'SenderId',
      'SentTimestamp',
    ]);
  });
});

describe('failedMessageIds', () => {
  const event: SQSEvent = toSqsEvent(
    ['a', 'b', 'c'].map((id) => ({ MessageId: id, ReceiptHandle: `rh-${id}`, Body: id })),
    source,
  );

  it('fails nothing when the handler returns nothing or an empty failure list', () => {
    expect(failedMessageIds(event, { threw: false, result: undefined }).size).toBe(0);
    expect(failedMessageIds(event, { threw: false, result: { batchItemFailures: [] } }).size).toBe(0);
  });

  it('fails exactly the reported records', () => {
    const failed = failedMessageIds(event, {
      threw: false,
      result: { batchItemFailures: [{ itemIdentifier: 'b' }] },
    });

    expect([...failed]).toEqual(['b']);
  });

  it('fails the whole batch when the handler throws', () => {
    expect([...failedMessageIds(event, { threw: true, result: undefined })].sort()).toEqual(['a', 'b', 'c']);
  });

  it('fails the whole batch for a malformed response or an unknown id, as Lambda does', () => {
    expect(failedMessageIds(event, { threw: false, result: { batchItemFailures: [{ id: 'b' }] } }).size).toBe(
      3,
    );
    expect(
      failedMessageIds(event, { threw: false, result: { batchItemFailures: [{ itemIdentifier: 'zz' }] } })
        .size,
    ).toBe(3);
  });
});

describe('lambdaContext', () => {
  it('names the function and counts down its time budget', () => {
    const context = lambdaContext('parkstats-ingest', 'us-east-1', 30_000);

    expect(context.functionName).toBe('parkstats-ingest');
    expect(context.invokedFunctionArn).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:parkstats-ingest',
    );
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(30_000);
  });
});
