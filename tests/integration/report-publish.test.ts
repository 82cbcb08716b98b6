import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReportIo, run } from '../../cli/commands/report.js';
import { RevisionMetadataSchema } from '../../functions/adapters/report-store.js';
import { ParkReportSchema } from '../../schemas/report.js';
import { useLocalStackEnv, waitForLocalStackIdle } from '../support/local-stack-env.js';
import { makeUscc } from '../support/uscc.js';

/**
 * Freeze and revise through the local stack, driven as users drive it: uploads PUT into the
 * uploads bucket, the scheduled handler and `parkstats report --publish` publishing, the
 * bureau's notice read from an SQS queue subscribed to the bureau topic. Year 2001 is this
 * file's own, so no other test's facts change its totals.
 */
const env = useLocalStackEnv();
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
const s3 = new S3Client({});
const sqs = new SQSClient({});
const sns = new SNSClient({});

const PARK = 'shuangpai';
const PERIOD = '2001-11';
const UPLOADS = env.PARKSTATS_UPLOAD_BUCKET ?? '';
const REPORTS = env.PARKSTATS_REPORTS_BUCKET ?? '';
const FIRST = makeUscc(2001_01);
const SECOND = makeUscc(2001_02);
const OFFICE_KEY = `uploads/${PARK}/_office/2001年11月 报表发布测试.csv`;
const CORRECTION_KEY = `uploads/${PARK}/${FIRST}/2001年11月 更正.csv`;
const REV1 = `reports/${PARK}/${PERIOD}/rev-001/`;
const REV2 = `reports/${PARK}/${PERIOD}/rev-002/`;
const FILES = ['report.json', 'report.csv', 'report.xlsx', 'report.html'] as const;
const HEADER = '统一社会信用代码,企业名称,统计期,工业总产值(万元),工业增加值(万元),实缴税金(万元)';

let noticeQueueUrl = '';

async function upload(key: string, rows: string[]): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket: UPLOADS, Key: key, Body: `${[HEADER, ...rows].join('\r\n')}\r\n` }),
  );
  await waitForLocalStackIdle();
}

async function bytesOf(key: string): Promise<Uint8Array> {
  const object = await s3.send(new GetObjectCommand({ Bucket: REPORTS, Key: key }));
  return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
}

const textOf = async (key: string) => new TextDecoder().decode(await bytesOf(key));

async function etags(prefix: string): Promise<string[]> {
  return Promise.all(
    FILES.map(async (file) => {
      const head = await s3.send(new HeadObjectCommand({ Bucket: REPORTS, Key: `${prefix}${file}` }));
      return `${file} ${head.ETag} ${head.LastModified?.toISOString()}`;
    }),
  );
}

/** The notices the bureau topic delivered since the last call, as SNS envelopes. */
async function notices(): Promise<{ Subject?: string; Message: string }[]> {
  const received = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: noticeQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 2 }),
  );
  return (received.Messages ?? []).map((m) => JSON.parse(m.Body ?? '{}'));
}

async function publishWithCli(): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const io: ReportIo = {
    out: (data) => {
      out.stdout += typeof data === 'string' ? data : new TextDecoder().decode(data);
    },
    err: (text) => {
      out.stderr += text;
    },
    env,
  };
  const code = await run(['--park', PARK, '--period', PERIOD, '--publish'], io);
  return { code, ...out };
}

beforeAll(async () => {
  const queue = await sqs.send(new CreateQueueCommand({ QueueName: `bureau-notices-${Date.now()}` }));
  noticeQueueUrl = queue.QueueUrl ?? '';
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: noticeQueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await sns.send(
    new SubscribeCommand({
      TopicArn: env.PARKSTATS_BUREAU_TOPIC_ARN,
      Protocol: 'sqs',
      Endpoint: attributes.Attributes?.QueueArn,
    }),
  );
});

afterAll(async () => {
  await sqs.send(new DeleteQueueCommand({ QueueUrl: noticeQueueUrl }));
  for (const client of [s3, sqs, sns]) client.destroy();
});

describe('report publication: freeze and revise', () => {
  it('publishes revision 1 on the scheduled run, revision 2 after a correction, and leaves revision 1 untouched', async () => {
    // Arrange: two enterprises report November 2001 in one office file.
    await upload(OFFICE_KEY, [
      `${FIRST},发布测试一厂,${PERIOD},1000,300,20`,
      `${SECOND},发布测试二厂,${PERIOD},500,150,10`,
    ]);
    const { handler } = await import('../../functions/report/handler.js');

    // Act 1: the scheduled run for the period.
    const first = await handler({ period: PERIOD, parks: [PARK] });

    // Assess 1: revision 1, four files whose figures are the totals', and a notice with working links.
    expect(first.publications).toMatchObject([{ status: 'published', revision: 1, notified: true }]);
    const report1 = ParkReportSchema.parse(JSON.parse(await textOf(`${REV1}report.json`)));
    expect(report1.output.ytd).toBe('15000000');
    const csv1 = await bytesOf(`${REV1}report.csv`);
    expect([...csv1.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(csv1)).toContain('规模工业总产值');
    expect(await textOf(`${REV1}report.html`)).toContain('<svg');
    const [notice1] = await notices();
    expect(notice1?.Subject).toBe(`双牌工业集中区 2001年11月 主要经济指标 第1版`);
    expect(notice1?.Message).toContain('园区共完成规模工业总产值0.2亿元');
    const csvUrl = notice1?.Message.split('\n').find((line) => line.includes(`${REV1}report.csv?`));
    const download = await fetch(csvUrl ?? 'missing');
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(csv1);
    const frozen = await etags(REV1);

    // Act 2: a correction of the first enterprise's output, then `parkstats report --publish`.
    await upload(CORRECTION_KEY, [`${FIRST},发布测试一厂,${PERIOD},2000,300,20`]);
    const second = await publishWithCli();

    // Assess 2: revision 2 lists the change and the correcting upload; revision 1 is the same objects.
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toContain('已发布第 2 版 (published revision 2)');
    expect(second.stdout).toContain(`s3://${REPORTS}/${REV2}report.xlsx`);
    expect(await etags(REV1)).toEqual(frozen);
    expect(ParkReportSchema.parse(JSON.parse(await textOf(`${REV1}report.json`))).output.ytd).toBe(
      '15000000',
    );
    expect(ParkReportSchema.parse(JSON.parse(await textOf(`${REV2}report.json`))).output.ytd).toBe(
      '25000000',
    );
    const metadata = RevisionMetadataSchema.parse(JSON.parse(await textOf(`${REV2}revision.json`)));
    const revision2 = metadata.log.at(-1);
    expect(revision2?.number).toBe(2);
    expect(revision2?.causes).toEqual([CORRECTION_KEY]);
    expect(revision2?.changes).toContainEqual(
      expect.objectContaining({ field: 'output.month', before: '1500.0', after: '2500.0' }),
    );
    const csv2 = await textOf(`${REV2}report.csv`);
    expect(csv2).toContain(CORRECTION_KEY);
    const [notice2] = await notices();
    expect(notice2?.Subject).toBe(`双牌工业集中区 2001年11月 主要经济指标 第2版(修订)`);
    expect(notice2?.Message).toContain(CORRECTION_KEY);

    // Act 3 / Assess 3: nothing new → nothing published.
    const third = await publishWithCli();
    expect(third.stdout).toContain('unchanged, revision 2');
    expect(await notices()).toEqual([]);
  });
});
