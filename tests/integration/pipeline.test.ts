import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { receiptKeys } from '../../core/receipts/receipt-keys.js';
import { FactItemSchema } from '../../schemas/facts.js';
import { type Receipt, ReceiptSchema } from '../../schemas/receipt.js';
import { useLocalStackEnv, waitForLocalStackIdle } from '../support/local-stack-env.js';
import { makeUscc, withWrongCheckChar } from '../support/uscc.js';

/**
 * The pipeline driven only the way users drive it: objects PUT into and deleted from the
 * uploads bucket. What it must produce is read back from the bucket and the facts table.
 */
const env = useLocalStackEnv();
const s3 = new S3Client({});
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
afterAll(() => {
  s3.destroy();
  dynamo.destroy();
});

const PARK = 'shuangpai';
const BUCKET = env.PARKSTATS_UPLOAD_BUCKET ?? '';
const FACTS = env.PARKSTATS_FACTS_TABLE ?? '';
const TOTALS = env.PARKSTATS_TOTALS_TABLE ?? '';
const HEADER = '统一社会信用代码,企业名称,统计期,工业总产值(万元),工业增加值(万元),实缴税金(万元)';

const row = (uscc: string, period: string, output: string) =>
  `${uscc},双牌测试企业,${period},${output},300,20`;
const file = (...rows: string[]) => `${[HEADER, ...rows].join('\r\n')}\r\n`;

async function upload(key: string, text: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: text }));
  await waitForLocalStackIdle();
}

async function receiptOf(key: string): Promise<Receipt | null> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: receiptKeys(key).json }));
    return ReceiptSchema.parse(JSON.parse(await (object.Body?.transformToString() ?? Promise.resolve(''))));
  } catch (error) {
    if (error instanceof NoSuchKey) return null;
    throw error;
  }
}

async function receiptTextOf(key: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: receiptKeys(key).text }));
  return (await object.Body?.transformToString()) ?? '';
}

async function factsOf(uscc: string, year = 2017) {
  const result = await dynamo.send(
    new QueryCommand({
      TableName: FACTS,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `FACT#${PARK}#${year}` },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? [])
    .map((item) => FactItemSchema.parse(item))
    .filter((fact) => fact.uscc === uscc)
    .sort((a, b) => a.period.localeCompare(b.period));
}

describe('pipeline: uploads in, receipts and facts out', () => {
  it('accepts a valid upload: a receipt and one fact per row in exact 元', async () => {
    const uscc = makeUscc(90_001);
    const key = `uploads/${PARK}/${uscc}/2017年11月 月报.csv`;

    await upload(key, file(row(uscc, '2017-10', '1000'), row(uscc, '2017-11', '1234.5678')));

    const receipt = await receiptOf(key);
    expect(receipt).toMatchObject({ accepted: true, rows: 2, facts_written: 2, facts_superseded: 0, key });
    expect(await receiptTextOf(key)).toContain('已接收');
    const facts = await factsOf(uscc);
    expect(facts.map((f) => [f.period, f.output, f.source_key])).toEqual([
      ['2017-10', '10000000', key],
      ['2017-11', '12345678', key],
    ]);
    const index = await dynamo.send(
      new GetCommand({ TableName: FACTS, Key: { pk: `UPLOAD#${PARK}`, sk: key }, ConsistentRead: true }),
    );
    expect(index.Item?.upload_state).toBe('accepted');
  });

  it('rejects a bad upload: a receipt with the reason and no facts', async () => {
    const uscc = makeUscc(90_002);
    const key = `uploads/${PARK}/_office/bad-check-char.csv`;

    await upload(key, file(row(withWrongCheckChar(uscc), '2017-11', '1000')));

    const receipt = await receiptOf(key);
    expect(receipt?.accepted).toBe(false);
    expect(receipt?.errors.map((e) => [e.rule, e.row])).toEqual([['uscc.check_char', 2]]);
    expect(await factsOf(withWrongCheckChar(uscc))).toEqual([]);
  });

  it('replaces a re-uploaded key: changed rows updated, dropped rows retracted', async () => {
    const uscc = makeUscc(90_003);
    const key = `uploads/${PARK}/${uscc}/monthly.csv`;
    await upload(key, file(row(uscc, '2017-09', '900'), row(uscc, '2017-10', '1000')));

    await upload(key, file(row(uscc, '2017-10', '1500')));

    const facts = await factsOf(uscc);
    expect(facts.map((f) => [f.period, f.output])).toEqual([['2017-10', '15000000']]);
    expect((await receiptOf(key))?.facts_written).toBe(1);
  });

  it('changes no total for a rejected re-upload: the accepted figures stay and the receipt says so', async () => {
    // A year no other test writes to, so the park totals of 2009-11 are this test's alone.
    const uscc = makeUscc(90_008);
    const key = `uploads/${PARK}/${uscc}/monthly.csv`;
    await upload(key, file(row(uscc, '2009-11', '1000')));
    const totalsOf = async () =>
      (
        await dynamo.send(
          new GetCommand({ TableName: TOTALS, Key: { pk: PARK, sk: '2009-11' }, ConsistentRead: true }),
        )
      ).Item;
    const before = await totalsOf();
    expect(before).toMatchObject({ output: { month: '10000000' }, revision: expect.any(Number) });

    await upload(key, file(row(uscc, '2009-11', 'abc')));

    expect(await totalsOf()).toEqual(before);
    expect((await factsOf(uscc, 2009)).map((f) => [f.period, f.output])).toEqual([['2009-11', '10000000']]);
    const receipt = await receiptOf(key);
    expect(receipt).toMatchObject({ accepted: false, facts_written: 0 });
    expect(receipt?.errors.map((e) => e.rule)).toEqual(['amount.unparsable']);
    expect(await receiptTextOf(key)).toContain('没有改动任何数据，园区汇总不变');
    expect(await receiptTextOf(key)).toContain('的数据继续有效');
  });

  it('retracts the facts of a deleted upload and removes its receipts', async () => {
    const uscc = makeUscc(90_004);
    const key = `uploads/${PARK}/${uscc}/to-delete.csv`;
    await upload(key, file(row(uscc, '2017-11', '1000')));
    expect(await factsOf(uscc)).toHaveLength(1);

    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    await waitForLocalStackIdle();

    expect(await factsOf(uscc)).toEqual([]);
    expect(await receiptOf(key)).toBeNull();
  });

  it('keeps the newer of two keys for the same enterprise-period', async () => {
    const uscc = makeUscc(90_005);
    const own = `uploads/${PARK}/${uscc}/own.csv`;
    const office = `uploads/${PARK}/_office/consolidated-${uscc}.csv`;
    await upload(own, file(row(uscc, '2017-11', '1000')));

    await upload(office, file(row(uscc, '2017-11', '2000')));

    const facts = await factsOf(uscc);
    expect(facts.map((f) => [f.output, f.source_key])).toEqual([['20000000', office]]);
  });

  it('gives the office figure back when the newer own upload that displaced it is deleted', async () => {
    const uscc = makeUscc(90_007);
    const office = `uploads/${PARK}/_office/consolidated-${uscc}.csv`;
    const own = `uploads/${PARK}/${uscc}/own.csv`;
    await upload(office, file(row(uscc, '2017-11', '2000')));
    await upload(own, file(row(uscc, '2017-11', '1000')));
    expect((await factsOf(uscc)).map((f) => f.source_key)).toEqual([own]);

    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: own }));
    await waitForLocalStackIdle();

    expect((await factsOf(uscc)).map((f) => [f.output, f.source_key])).toEqual([['20000000', office]]);
  });

  it('stores the register and the county totals as one reference item each', async () => {
    const uscc = makeUscc(90_006);
    await upload(
      `reference/${PARK}/enterprises.csv`,
      `统一社会信用代码,企业名称,行业代码,是否规上\n${uscc},双牌测试企业,C2021,是\n`,
    );
    await upload(
      `reference/${PARK}/county-totals.csv`,
      '统计期,全县规模工业总产值(亿元),全县规模工业增加值(亿元)\n2017-10,70.5,19.25\n2017-11,80.1,20.2\n',
    );

    const reference = async (sk: string) =>
      (
        await dynamo.send(
          new GetCommand({ TableName: FACTS, Key: { pk: `REF#${PARK}`, sk }, ConsistentRead: true }),
        )
      ).Item;
    expect((await reference('enterprises'))?.entries).toContainEqual({
      uscc,
      name: '双牌测试企业',
      industry_code: 'C2021',
      above_scale: true,
    });
    expect((await reference('county-totals'))?.periods).toEqual({
      '2017-10': { output_ytd: '7050000000', value_added_ytd: '1925000000' },
      '2017-11': { output_ytd: '8010000000', value_added_ytd: '2020000000' },
    });
    expect(await receiptOf(`reference/${PARK}/county-totals.csv`)).toMatchObject({
      kind: 'county-totals',
      accepted: true,
      periods: ['2017-10', '2017-11'],
    });
  });
});
