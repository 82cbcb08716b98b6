import 'aws-sdk-client-mock-vitest/extend';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  ScanCommand as DocumentScanCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSHandler, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FactItem, factKey } from '../../../schemas/facts.js';
import { A, B, fact } from '../indicators/builders.js';

const dynamo = mockClient(DynamoDBDocumentClient);
let handler: SQSHandler;

beforeAll(async () => {
  vi.stubEnv('PARKSTATS_UPLOAD_BUCKET', 'parkstats-uploads');
  vi.stubEnv('PARKSTATS_REPORTS_BUCKET', 'parkstats-reports');
  vi.stubEnv('PARKSTATS_FACTS_TABLE', 'parkstats-facts');
  vi.stubEnv('PARKSTATS_TOTALS_TABLE', 'parkstats-totals');
  vi.stubEnv('PARKSTATS_RECOMPUTE_QUEUE_URL', 'http://127.0.0.1:4566/000000000000/parkstats-recompute.fifo');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  ({ handler } = await import('../../../functions/aggregate/handler.js'));
});

afterAll(() => {
  vi.unstubAllEnvs();
});

/** Facts table partitions (pk → items) that the fake Query serves one item per page. */
let partitions: Map<string, FactItem[]>;
const failingPartitions = new Set<string>();

function shuangpaiFact(uscc: string, period: string, output = '100'): FactItem {
  return { ...fact({ uscc, period, output }), ...factKey('shuangpai', period, uscc), park: 'shuangpai' };
}

function addFacts(...facts: FactItem[]) {
  for (const f of facts) partitions.set(f.pk, [...(partitions.get(f.pk) ?? []), f]);
}

function serveQuery(input: QueryCommandInput) {
  if (input.TableName === 'parkstats-totals') return { Items: [] };
  const pk = String(input.ExpressionAttributeValues?.[':pk']);
  if (failingPartitions.has(pk)) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
  const items = partitions.get(pk) ?? [];
  const start = input.ExclusiveStartKey === undefined ? 0 : Number(input.ExclusiveStartKey.index);
  const next = start + 1 < items.length ? { LastEvaluatedKey: { index: start + 1 } } : {};
  return { Items: items.slice(start, start + 1), ...next };
}

function record(id: string, body: unknown, group = 'shuangpai'): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `handle-${id}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1512439200000',
      SenderId: 'ingest',
      ApproximateFirstReceiveTimestamp: '1512439200000',
      MessageGroupId: group,
      MessageDeduplicationId: id,
      SequenceNumber: '1',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:parkstats-recompute.fifo',
    awsRegion: 'us-east-1',
  };
}

const request = (year: number) => ({
  park: 'shuangpai',
  year,
  cause: `uploads/shuangpai/_office/${year}.csv`,
});

async function invoke(...records: SQSRecord[]): Promise<SQSBatchResponse> {
  const event: SQSEvent = { Records: records };
  return (await handler(event, { awsRequestId: 'test' } as Context, () => undefined)) as SQSBatchResponse;
}

function putPeriods(): string[] {
  return dynamo
    .commandCalls(PutCommand)
    .map((call) => `${call.args[0].input.Item?.pk}/${call.args[0].input.Item?.sk}`)
    .sort();
}

beforeEach(() => {
  dynamo.reset();
  partitions = new Map();
  failingPartitions.clear();
  dynamo.on(QueryCommand).callsFake(serveQuery);
  dynamo.on(GetCommand).resolves({});
  dynamo.on(PutCommand).resolves({});
});

describe('aggregate handler', () => {
  it('queries the facts page by page and writes one totals item per period under the park', async () => {
    // Arrange
    addFacts(shuangpaiFact(A, '2017-01'), shuangpaiFact(B, '2017-01'), shuangpaiFact(A, '2017-02'));

    // Act
    const response = await invoke(record('m1', request(2017)));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(putPeriods()).toEqual(['shuangpai/2017-01', 'shuangpai/2017-02']);
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'parkstats-totals',
      Item: expect.objectContaining({
        pk: 'shuangpai',
        sk: '2017-02',
        revision: 1,
        output: expect.objectContaining({ month: '100', ytd: '300' }),
      }),
    });
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      TableName: 'parkstats-facts',
      ExpressionAttributeValues: { ':pk': 'FACT#shuangpai#2017' },
      ExclusiveStartKey: { index: 2 },
      ConsistentRead: true,
    });
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { Key: { pk: 'REF#shuangpai', sk: 'enterprises' } });
    expect(dynamo).toHaveReceivedCommandTimes(ScanCommand, 0);
    expect(dynamo).toHaveReceivedCommandTimes(DocumentScanCommand, 0);
  });

  it('recomputes y+1 when it has facts, with y as its growth base', async () => {
    addFacts(shuangpaiFact(A, '2016-03', '80'), shuangpaiFact(A, '2017-03', '100'));

    await invoke(record('m1', request(2016)));

    expect(putPeriods()).toEqual([
      'shuangpai/2016-01',
      'shuangpai/2016-02',
      'shuangpai/2016-03',
      'shuangpai/2017-01',
      'shuangpai/2017-02',
      'shuangpai/2017-03',
    ]);
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        sk: '2017-03',
        output: expect.objectContaining({ month_yoy_pct: 25 }),
      }),
    });
  });

  it('does not touch y+1 when it has no facts', async () => {
    addFacts(shuangpaiFact(A, '2017-01'));

    await invoke(record('m1', request(2017)));

    expect(putPeriods()).toEqual(['shuangpai/2017-01']);
    expect(dynamo).not.toHaveReceivedCommandWith(QueryCommand, {
      TableName: 'parkstats-totals',
      ExpressionAttributeValues: { ':park': 'shuangpai', ':year': '2018-' },
    });
  });

  it('coalesces a batch by (park, year): one recompute for repeated and already-covered years', async () => {
    addFacts(shuangpaiFact(A, '2016-01'), shuangpaiFact(A, '2017-01'), shuangpaiFact(B, '2017-01'));

    // 2016 also recomputes 2017 (it has facts); the two 2017 requests after it are covered.
    const response = await invoke(
      record('m1', request(2016)),
      record('m2', request(2017)),
      record('m3', request(2017)),
    );

    expect(response.batchItemFailures).toEqual([]);
    const totalsQueries = dynamo
      .commandCalls(QueryCommand)
      .filter((call) => call.args[0].input.TableName === 'parkstats-totals');
    expect(totalsQueries).toHaveLength(2);
    expect(putPeriods()).toEqual(['shuangpai/2016-01', 'shuangpai/2017-01']);
  });

  it('fails a malformed message alone when it is in another message group', async () => {
    addFacts(shuangpaiFact(A, '2017-01'));

    const response = await invoke(record('bad', '{"park": 1}', 'other'), record('m2', request(2017)));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    expect(putPeriods()).toEqual(['shuangpai/2017-01']);
  });

  it('fails the failed record and the rest of its message group, keeping FIFO order for the retry', async () => {
    addFacts(shuangpaiFact(A, '2015-01'), shuangpaiFact(A, '2017-01'));
    failingPartitions.add('FACT#shuangpai#2017');

    const response = await invoke(
      record('m1', request(2015)),
      record('m2', request(2017)),
      // Already covered by m1, but after a failure in its group it must wait too.
      record('m3', request(2015)),
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }]);
    expect(putPeriods()).toEqual(['shuangpai/2015-01']);
  });

  it('fails the whole invocation when every record fails, so Lambda retries the batch', async () => {
    await expect(invoke(record('bad', 'not json'))).rejects.toThrow();
  });
});
