import { Readable } from 'node:stream';
import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { type Receipt, ReceiptSchema } from '../../../schemas/receipt.js';
import { makeUscc, withWrongCheckChar } from '../../support/uscc.js';

vi.hoisted(() => {
  Object.assign(process.env, {
    PARKSTATS_UPLOAD_BUCKET: 'parkstats-uploads',
    PARKSTATS_REPORTS_BUCKET: 'parkstats-reports',
    PARKSTATS_FACTS_TABLE: 'parkstats-facts',
    PARKSTATS_TOTALS_TABLE: 'parkstats-totals',
    PARKSTATS_RECOMPUTE_QUEUE_URL: 'http://localhost:9324/000000000000/parkstats-recompute.fifo',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

const { handler } = await import('../../../functions/ingest/handler.js');

const s3 = mockClient(S3Client);
const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const PARK = 'shuangpai';
const USCC = makeUscc(7);
const KEY = `uploads/${PARK}/${USCC}/2017-11.csv`;
const SEQ = '0055AED6DCD90281E5';
const HEADER = '统一社会信用代码,企业名称,统计期,工业总产值(万元),工业增加值(万元),实缴税金(万元)';
const GOOD_FILE = `${HEADER}\n${USCC},双牌某竹木公司,2017-10,1000,300,20\n${USCC},双牌某竹木公司,2017-11,1100,320,22\n`;
const context = {} as Context;

function s3Record(eventName: string, encodedKey: string, sequencer = SEQ) {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'cn-north-1',
    eventTime: '2017-12-05T02:03:04.005Z',
    eventName,
    userIdentity: { principalId: 'AWS:AIDEXAMPLE' },
    requestParameters: { sourceIPAddress: '10.0.0.1' },
    responseElements: { 'x-amz-request-id': 'R', 'x-amz-id-2': 'I' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'ingest',
      bucket: {
        name: 'parkstats-uploads',
        ownerIdentity: { principalId: 'O' },
        arn: 'arn:aws:s3:::parkstats-uploads',
      },
      object: { key: encodedKey, size: 100, eTag: 'e', sequencer },
    },
  };
}

function sqsEvent(...bodies: unknown[]): SQSEvent {
  return {
    Records: bodies.map(
      (body, i) =>
        ({
          messageId: `m${i}`,
          receiptHandle: `h${i}`,
          body: typeof body === 'string' ? body : JSON.stringify(body),
          attributes: {},
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:cn-north-1:000000000000:parkstats-ingest',
          awsRegion: 'cn-north-1',
        }) as unknown as SQSRecord,
    ),
  };
}

const created = (key: string, sequencer = SEQ) => ({
  Records: [s3Record('ObjectCreated:Put', key, sequencer)],
});
const removed = (key: string, sequencer = SEQ) => ({
  Records: [s3Record('ObjectRemoved:Delete', key, sequencer)],
});

/** An S3 GetObject body as the SDK returns it in Node: a Readable of the file's bytes. */
function body(text: string): GetObjectCommandOutput['Body'] {
  return Readable.from([Buffer.from(text)]) as unknown as GetObjectCommandOutput['Body'];
}

function storedReceipt(): Receipt {
  const put = s3.commandCalls(PutObjectCommand).find((call) => call.args[0].input.Key?.endsWith('.json'));
  return ReceiptSchema.parse(JSON.parse(String(put?.args[0].input.Body)));
}

const factPuts = () =>
  dynamo.commandCalls(PutCommand).filter((call) => String(call.args[0].input.Item?.pk).startsWith('FACT#'));

beforeEach(() => {
  s3.reset();
  dynamo.reset();
  sqs.reset();
  // Arrange defaults: an accepted first upload of a key into an empty table.
  s3.on(GetObjectCommand).resolves({ Body: body(GOOD_FILE) });
  dynamo.on(QueryCommand).resolves({ Items: [] });
  dynamo.on(BatchGetCommand).resolves({ Responses: {} });
  dynamo.on(UpdateCommand).resolves({});
  dynamo.on(GetCommand).resolves({ Item: { facts_sequencer: SEQ } });
  dynamo.on(PutCommand).resolves({});
  sqs.on(SendMessageCommand).resolves({});
});

describe('ingest handler: accepted enterprise file', () => {
  it('writes one conditional PutItem per row, one recompute per year, then the receipts', async () => {
    // Act
    const result = await handler(sqsEvent(created(KEY)), context, () => {});

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'parkstats-uploads', Key: KEY });
    const puts = factPuts();
    expect(puts).toHaveLength(2);
    expect(puts.map((call) => call.args[0].input.Item?.sk)).toEqual([`2017-10#${USCC}`, `2017-11#${USCC}`]);
    for (const call of puts) {
      const input = call.args[0].input;
      expect(input.TableName).toBe('parkstats-facts');
      expect(input.Item?.pk).toBe(`FACT#${PARK}#2017`);
      expect(input.ConditionExpression).toContain('source_seq_sort <= :seq');
      expect(input.ConditionExpression).toContain('source_order < :order');
      expect(input.Item?.source_key).toBe(KEY);
      expect(input.Item?.source_sequencer).toBe(SEQ);
    }
    expect(puts[1]?.args[0].input.Item).toMatchObject({
      output: '11000000',
      value_added: '3200000',
      tax_paid: '220000',
      uscc: USCC,
      park: PARK,
    });
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, {
      MessageGroupId: PARK,
      MessageBody: JSON.stringify({ park: PARK, year: 2017, cause: KEY }),
    });
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: `receipts/${KEY}.json` });
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: `receipts/${KEY}.txt` });
    const receipt = storedReceipt();
    expect(receipt).toMatchObject({
      accepted: true,
      rows: 2,
      facts_written: 2,
      facts_superseded: 0,
      kind: 'enterprise-monthly',
      park: PARK,
      enterprise: USCC,
      sequencer: SEQ,
      periods: ['2017-10', '2017-11'],
      kept_version: null,
    });
  });

  it('writes the receipt last: after every fact and the recompute request', async () => {
    const effects: string[] = [];
    dynamo.on(PutCommand).callsFake((input: { Item: { sk: string } }) => {
      effects.push(`fact ${input.Item.sk.slice(0, 7)}`);
      return {};
    });
    sqs.on(SendMessageCommand).callsFake(() => {
      effects.push('recompute');
      return {};
    });
    s3.on(PutObjectCommand).callsFake((input: { Key: string }) => {
      effects.push(`receipt ${input.Key.slice(input.Key.lastIndexOf('.'))}`);
      return {};
    });

    await handler(sqsEvent(created(KEY)), context, () => {});

    expect(effects).toEqual(['fact 2017-10', 'fact 2017-11', 'recompute', 'receipt .txt', 'receipt .json']);
  });

  it('claims the key in the upload index: its contribution first, its latest event before the receipt', async () => {
    await handler(sqsEvent(created(KEY)), context, () => {});

    const [contribution, latest] = dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(contribution?.Key).toEqual({ pk: `UPLOAD#${PARK}`, sk: KEY });
    expect(contribution?.ConditionExpression).toBe(
      'attribute_not_exists(facts_seq_sort) OR facts_seq_sort <= :seq',
    );
    expect(contribution?.ExpressionAttributeValues?.[':years']).toEqual(new Set([2017]));
    expect(contribution?.ExpressionAttributeValues?.[':state']).toBe('accepted');
    expect(latest?.Key).toEqual({ pk: `UPLOAD#${PARK}`, sk: KEY });
    expect(latest?.ConditionExpression).toBe(
      'attribute_not_exists(source_seq_sort) OR source_seq_sort <= :seq',
    );
    expect(latest?.ExpressionAttributeValues?.[':state']).toBe('accepted');
  });

  it("reads each row's month a year earlier and the month before by key for the history warnings", async () => {
    dynamo.on(BatchGetCommand).resolves({
      Responses: {
        'parkstats-facts': [
          {
            pk: `FACT#${PARK}#2016`,
            sk: `2016-11#${USCC}`,
            park: PARK,
            uscc: USCC,
            name: '双牌某竹木公司',
            period: '2016-11',
            output: '1000000',
            value_added: '300000',
            tax_paid: '20000',
            output_prev: null,
            value_added_prev: null,
            tax_paid_prev: null,
            above_scale: true,
            industry_code: null,
            note: null,
            source_key: 'uploads/shuangpai/_office/2016.csv',
            source_sequencer: '01',
            source_version: null,
            source_event_time: '2016-12-05T00:00:00.000Z',
            ingested_at: '2016-12-05T00:00:00.000Z',
          },
        ],
      },
    });

    await handler(sqsEvent(created(KEY)), context, () => {});

    // The file holds 2017-10 and 2017-11: their months a year earlier and 2017-09 are read;
    // 2017-10, the month before 2017-11, is in the file itself. No Query of a whole park-year.
    const keys = dynamo
      .commandCalls(BatchGetCommand)
      .flatMap((call) => call.args[0].input.RequestItems?.['parkstats-facts']?.Keys ?? [])
      .map((key) => key.sk)
      .sort();
    expect(keys).toEqual([`2016-10#${USCC}`, `2016-11#${USCC}`, `2017-09#${USCC}`]);
    expect(dynamo).not.toHaveReceivedCommand(QueryCommand);
    const rules = storedReceipt().warnings.map((w) => [w.rule, w.row]);
    // 2017-11 has an 11× prior-year base → |YoY| > 50 %; 2017-10 has none → no base.
    expect(rules).toContainEqual(['growth.yoy', 3]);
    expect(rules).toContainEqual(['growth.no_base', 2]);
  });

  it('counts a fact a newer upload holds as superseded', async () => {
    dynamo
      .on(PutCommand, { Item: { sk: `2017-10#${USCC}` } })
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );

    const result = await handler(sqsEvent(created(KEY)), context, () => {});

    expect(result).toEqual({ batchItemFailures: [] });
    expect(storedReceipt()).toMatchObject({ accepted: true, facts_written: 1, facts_superseded: 1 });
  });

  it('retracts the facts an earlier version of the key wrote and this version dropped', async () => {
    dynamo.on(UpdateCommand).resolves({
      Attributes: { fact_years: new Set([2017]), facts_seq_sort: '0001', facts_sequencer: '0001' },
    });
    dynamo.on(QueryCommand, { FilterExpression: 'source_key = :key' }).resolves({
      Items: [
        factItem('2017-09', '0001'), // dropped by this version
        factItem('2017-10', SEQ), // already rewritten by this version
      ],
    });
    dynamo.on(DeleteCommand).resolves({});

    await handler(sqsEvent(created(KEY)), context, () => {});

    expect(dynamo).toHaveReceivedCommandTimes(DeleteCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(DeleteCommand, {
      Key: { pk: `FACT#${PARK}#2017`, sk: `2017-09#${USCC}` },
      ConditionExpression: 'source_key = :key AND source_seq_sort < :seq',
    });
  });
});

describe('ingest handler: what is not an accepted upload', () => {
  it('rejects a bad file with a receipt only: no fact, no recompute, and the record succeeds', async () => {
    const bad = `${HEADER}\n${withWrongCheckChar(USCC)},双牌某竹木公司,2017-11,1100,320,22\n`;
    s3.on(GetObjectCommand).resolves({ Body: body(bad) });

    const result = await handler(sqsEvent(created(`uploads/${PARK}/_office/bad.csv`)), context, () => {});

    expect(result).toEqual({ batchItemFailures: [] });
    expect(factPuts()).toHaveLength(0);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    const receipt = storedReceipt();
    expect(receipt.accepted).toBe(false);
    expect(receipt.errors.map((e) => [e.rule, e.row])).toEqual([['uscc.check_char', 2]]);
    const text = s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key?.endsWith('.txt'));
    expect(String(text?.args[0].input.Body)).toContain('已拒收');
  });

  it('a rejected new version of an accepted key changes nothing: no delete, no recompute, a receipt saying so', async () => {
    s3.on(GetObjectCommand).resolves({
      Body: body(`${HEADER}\n${USCC},双牌某竹木公司,2017-11,abc,320,22\n`),
    });
    dynamo.on(UpdateCommand).resolves({
      Attributes: {
        fact_years: new Set([2017]),
        facts_state: 'accepted',
        facts_sequencer: '0001',
        facts_version: 'v1',
        facts_event_time: '2017-12-01T00:00:00.000Z',
      },
    });

    const result = await handler(sqsEvent(created(KEY)), context, () => {});

    expect(result).toEqual({ batchItemFailures: [] });
    expect(dynamo).toHaveReceivedCommandTimes(UpdateCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      ConditionExpression: 'attribute_not_exists(source_seq_sort) OR source_seq_sort <= :seq',
      ExpressionAttributeValues: expect.objectContaining({ ':state': 'rejected' }),
    });
    expect(dynamo).not.toHaveReceivedCommand(DeleteCommand);
    expect(dynamo).not.toHaveReceivedCommand(QueryCommand);
    expect(factPuts()).toHaveLength(0);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    expect(storedReceipt()).toMatchObject({
      accepted: false,
      facts_written: 0,
      kept_version: { sequencer: '0001', version_id: 'v1', event_time: '2017-12-01T00:00:00.000Z' },
    });
    expect(storedReceipt().errors.map((e) => e.rule)).toEqual(['amount.unparsable']);
    const text = s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key?.endsWith('.txt'));
    expect(String(text?.args[0].input.Body)).toContain(
      '没有改动任何数据，园区汇总不变。此前已接收的同名文件（北京时间 2017-12-01 08:00:00 上传的版本）的数据继续有效。',
    );
  });

  it('writes an older accepted version read by its versionId, but not over a newer rejected receipt', async () => {
    const record = s3Record('ObjectCreated:Put', KEY);
    const versioned = {
      Records: [{ ...record, s3: { ...record.s3, object: { ...record.s3.object, versionId: 'v1' } } }],
    };
    dynamo
      .on(UpdateCommand, {
        ConditionExpression: 'attribute_not_exists(source_seq_sort) OR source_seq_sort <= :seq',
      })
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );

    const result = await handler(sqsEvent(versioned), context, () => {});

    expect(result).toEqual({ batchItemFailures: [] });
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Key: KEY, VersionId: 'v1' });
    expect(factPuts()).toHaveLength(2);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
  });

  it('ignores the s3:TestEvent and non-CSV keys without touching anything', async () => {
    const test = { Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2017-12-05T02:03:04Z', Bucket: 'b' };

    const result = await handler(
      sqsEvent(test, created(`uploads/${PARK}/${USCC}/report.xlsx`), created(`receipts/${KEY}.json`)),
      context,
      () => {},
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(s3.calls()).toHaveLength(0);
    expect(dynamo.calls()).toHaveLength(0);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('rejects an upload for a park that is not configured, with a receipt saying so', async () => {
    const key = `uploads/no-such-park/${USCC}/2017-11.csv`;

    const result = await handler(sqsEvent(created(key)), context, () => {});

    expect(result).toEqual({ batchItemFailures: [] });
    expect(s3).not.toHaveReceivedCommand(GetObjectCommand);
    expect(dynamo.calls()).toHaveLength(0);
    const receipt = storedReceipt();
    expect(receipt).toMatchObject({ key, accepted: false, park: 'no-such-park' });
    expect(receipt.errors.map((e) => e.rule)).toEqual(['key.unknown_park']);
    expect(receipt.errors[0]).toMatchObject({
      severity: 'error',
      message: '园区“no-such-park”未配置，请检查上传路径 uploads/{园区代码}/…，或联系园区统计人员',
      message_en:
        'park "no-such-park" is not configured; check the upload path uploads/{parkId}/… or ask the park statistics office',
    });
  });

  it('rejects an upload key of the wrong shape with a receipt', async () => {
    const key = `uploads/${PARK}/not-a-uscc/2017-11.csv`;

    await handler(sqsEvent(created(key)), context, () => {});

    expect(storedReceipt().errors.map((e) => e.rule)).toEqual(['key.uscc']);
  });

  it('decodes URL-encoded keys: + is a space and %E5… is Chinese', async () => {
    const encoded = `uploads/${PARK}/_office/2017%E5%B9%B411%E6%9C%88+%E6%8A%A5%E8%A1%A8.csv`;

    await handler(sqsEvent(created(encoded)), context, () => {});

    const decoded = `uploads/${PARK}/_office/2017年11月 报表.csv`;
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Key: decoded });
    expect(storedReceipt().key).toBe(decoded);
  });

  it('skips an object deleted since the event: no receipt, and the record succeeds', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'gone', $metadata: {} }));

    const result = await handler(sqsEvent(created(KEY)), context, () => {});

    expect(result).toEqual({ batchItemFailures: [] });
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('changes nothing for an event older than the one the upload index holds', async () => {
    dynamo
      .on(UpdateCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );

    const result = await handler(sqsEvent(created(KEY)), context, () => {});

    expect(result).toEqual({ batchItemFailures: [] });
    expect(factPuts()).toHaveLength(0);
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
  });

  it('takes back its facts and writes no receipt when a newer version was claimed meanwhile', async () => {
    dynamo.on(GetCommand).resolves({ Item: { facts_sequencer: '0055AED6DCD90281F0' } });
    dynamo.on(QueryCommand, { FilterExpression: 'source_key = :key' }).resolves({
      Items: [factItem('2017-10', SEQ), factItem('2017-11', SEQ)],
    });
    dynamo.on(UpdateCommand).resolves({ Attributes: { fact_years: new Set([2017]) } });
    dynamo.on(DeleteCommand).resolves({});

    await handler(sqsEvent(created(KEY)), context, () => {});

    expect(dynamo).toHaveReceivedCommandTimes(DeleteCommand, 2);
    expect(dynamo).toHaveReceivedCommandWith(DeleteCommand, {
      ExpressionAttributeValues: { ':key': KEY, ':seq': expect.stringMatching(/^0055AED6DCD90281F0/) },
    });
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
  });
});

describe('ingest handler: failures', () => {
  it('reports a throttled write as a batch item failure and writes no receipt', async () => {
    dynamo
      .on(PutCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));

    const result = await handler(
      sqsEvent(created(KEY), { Service: 'Amazon S3', Event: 's3:TestEvent' }),
      context,
      () => {},
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
    expect(s3).not.toHaveReceivedCommandWith(PutObjectCommand, { Key: `receipts/${KEY}.json` });
  });

  it('fails a message that is not an S3 event, so it ends in the DLQ', async () => {
    const result = await handler(sqsEvent('{"hello":'), context, () => {});

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
  });
});

describe('ingest handler: removed upload', () => {
  it('retracts with conditional deletes exactly the facts that still come from it', async () => {
    dynamo
      .on(UpdateCommand)
      .resolves({ Attributes: { fact_years: new Set([2017]), source_sequencer: '0001' } });
    dynamo.on(QueryCommand, { FilterExpression: 'source_key = :key' }).resolves({
      Items: [factItem('2017-10', '0001'), factItem('2017-11', '0001')],
    });
    dynamo.on(DeleteCommand).resolves({});
    s3.on(DeleteObjectsCommand).resolves({});

    const result = await handler(sqsEvent(removed(KEY, '0055AED6DCD90281F0')), context, () => {});

    expect(result).toEqual({ batchItemFailures: [] });
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      ExpressionAttributeValues: expect.objectContaining({ ':state': 'removed' }),
    });
    expect(dynamo).toHaveReceivedCommandTimes(DeleteCommand, 2);
    expect(dynamo).toHaveReceivedCommandWith(DeleteCommand, {
      Key: { pk: `FACT#${PARK}#2017`, sk: `2017-11#${USCC}` },
      ConditionExpression: 'source_key = :key AND source_seq_sort < :seq',
      ExpressionAttributeValues: { ':key': KEY, ':seq': expect.stringMatching(/^0055AED6DCD90281F0/) },
    });
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, {
      MessageBody: JSON.stringify({ park: PARK, year: 2017, cause: KEY }),
    });
    expect(s3).toHaveReceivedCommandWith(DeleteObjectsCommand, {
      Delete: { Objects: [{ Key: `receipts/${KEY}.json` }, { Key: `receipts/${KEY}.txt` }], Quiet: true },
    });
    expect(s3).not.toHaveReceivedCommand(GetObjectCommand);
  });

  it('puts back the figure of another upload that the removed one had displaced', async () => {
    const office = `uploads/${PARK}/_office/consolidated.csv`;
    dynamo
      .on(UpdateCommand)
      .resolves({ Attributes: { fact_years: new Set([2017]), source_sequencer: '0001' } });
    dynamo
      .on(QueryCommand, { FilterExpression: 'source_key = :key' })
      .resolves({ Items: [factItem('2017-11', '0001')] });
    dynamo.on(QueryCommand, { FilterExpression: 'facts_state = :accepted' }).callsFake((input) =>
      input.ExpressionAttributeValues[':prefix'] === `uploads/${PARK}/_office/`
        ? {
            Items: [
              {
                pk: `UPLOAD#${PARK}`,
                sk: office,
                facts_state: 'accepted',
                facts_sequencer: '0002',
                facts_version: null,
                facts_event_time: '2017-12-01T00:00:00.000Z',
              },
            ],
          }
        : { Items: [] },
    );
    dynamo.on(DeleteCommand).resolves({});
    s3.on(GetObjectCommand, { Key: office }).resolves({ Body: body(GOOD_FILE) });
    s3.on(DeleteObjectsCommand).resolves({});

    await handler(sqsEvent(removed(KEY, '0055AED6DCD90281F0')), context, () => {});

    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Key: office });
    const restored = factPuts().map((call) => call.args[0].input.Item);
    expect(restored).toHaveLength(1);
    expect(restored[0]).toMatchObject({
      sk: `2017-11#${USCC}`,
      source_key: office,
      source_sequencer: '0002',
    });
  });

  it('recomputes the years the key wrote to even when nothing is left to retract (a retry after a crash)', async () => {
    dynamo.on(UpdateCommand).resolves({ Attributes: { fact_years: new Set([2017]) } });
    dynamo.on(QueryCommand).resolves({ Items: [factItem('2017-10', '0001')] });
    dynamo
      .on(DeleteCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    s3.on(DeleteObjectsCommand).resolves({});

    await handler(sqsEvent(removed(KEY, '0055AED6DCD90281F0')), context, () => {});

    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    const body = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody ?? '{}');
    expect(body).toMatchObject({ park: PARK, year: 2017 });
  });
});

describe('ingest handler: reference files', () => {
  it('keeps the stored register when a re-upload is rejected: no delete, no recompute', async () => {
    const key = `reference/${PARK}/enterprises.csv`;
    s3.on(GetObjectCommand).resolves({ Body: body('企业名称\n双牌某竹木公司\n') });

    await handler(sqsEvent(created(key)), context, () => {});

    expect(dynamo).not.toHaveReceivedCommand(DeleteCommand);
    expect(dynamo).not.toHaveReceivedCommand(PutCommand);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    expect(storedReceipt()).toMatchObject({ kind: 'register', accepted: false });
  });

  it('stores the register whole and recomputes every year the park has facts for', async () => {
    const key = `reference/${PARK}/enterprises.csv`;
    s3.on(GetObjectCommand).resolves({
      Body: body(`统一社会信用代码,企业名称,行业代码\n${USCC},双牌某竹木公司,C2021\n`),
    });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': `UPLOAD#${PARK}` } })
      .resolves({ Items: [{ fact_years: new Set([2016, 2017]) }, { fact_years: new Set([2017]) }, {}] });

    await handler(sqsEvent(created(key)), context, () => {});

    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        pk: `REF#${PARK}`,
        sk: 'enterprises',
        entries: [{ uscc: USCC, name: '双牌某竹木公司', industry_code: 'C2021', above_scale: true }],
      }),
    });
    const years = sqs
      .commandCalls(SendMessageCommand)
      .map((c) => JSON.parse(String(c.args[0].input.MessageBody)).year);
    expect(years).toEqual([2016, 2017]);
    expect(storedReceipt()).toMatchObject({ kind: 'register', accepted: true, enterprise: null });
  });

  it('stores county totals and recomputes the years they cover', async () => {
    const key = `reference/${PARK}/county-totals.csv`;
    s3.on(GetObjectCommand).resolves({
      Body: body('统计期,全县规模工业总产值(亿元),全县规模工业增加值(亿元)\n2017-11,80.1,20.2\n'),
    });

    await handler(sqsEvent(created(key)), context, () => {});

    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        pk: `REF#${PARK}`,
        sk: 'county-totals',
        periods: { '2017-11': { output_ytd: '8010000000', value_added_ytd: '2020000000' } },
      }),
    });
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, {
      MessageBody: JSON.stringify({ park: PARK, year: 2017, cause: key }),
    });
    expect(storedReceipt()).toMatchObject({ kind: 'county-totals', accepted: true, periods: ['2017-11'] });
  });
});

function factItem(period: string, sequencer: string) {
  return {
    pk: `FACT#${PARK}#${period.slice(0, 4)}`,
    sk: `${period}#${USCC}`,
    park: PARK,
    uscc: USCC,
    name: '双牌某竹木公司',
    period,
    output: '10000000',
    value_added: '3000000',
    tax_paid: '200000',
    output_prev: null,
    value_added_prev: null,
    tax_paid_prev: null,
    above_scale: true,
    industry_code: null,
    note: null,
    source_key: KEY,
    source_sequencer: sequencer,
    source_version: null,
    source_event_time: '2017-12-01T00:00:00.000Z',
    ingested_at: '2017-12-01T00:00:00.000Z',
  };
}
