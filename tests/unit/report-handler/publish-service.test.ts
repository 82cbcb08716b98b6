import 'aws-sdk-client-mock-vitest/extend';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import { beforeEach, describe, expect, it } from 'vitest';
import { findPark } from '../../../core/parks.js';
import { RevisionExistsError, RevisionMetadataSchema } from '../../../functions/adapters/report-store.js';
import { buildReportPublisher } from '../../../functions/report/build-report-publisher.js';
import type { Receipt } from '../../../schemas/receipt.js';
import { ParkReportSchema } from '../../../schemas/report.js';
import { monthlyCsv } from '../../support/scenario-csv.js';
import { makeUscc } from '../../support/uscc.js';
import { fact } from '../indicators/builders.js';
import { indicator, shuangpaiReport } from '../report-render/park-report-fixture.js';
import { BUCKETS, fakeAws, TABLES } from './fake-aws.js';

const shuangpai = findPark('shuangpai');
function requirePark() {
  if (shuangpai === undefined) throw new Error('config/parks.json lacks shuangpai');
  return shuangpai;
}

const WARNED = makeUscc(11);
const QUIET = makeUscc(12);
const MISSING = makeUscc(13);
const NOVEMBER = 'uploads/shuangpai/_office/2017-11.csv';
const CORRECTION = `uploads/shuangpai/${WARNED}/correction.csv`;
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:parkstats-bureau';
const PREFIX1 = 'reports/shuangpai/2017-11/rev-001/';
const PREFIX2 = 'reports/shuangpai/2017-11/rev-002/';

const aws = fakeAws();
const now = () => new Date('2017-12-08T01:00:00.000Z');
const publisher = (topic: string | null = TOPIC) =>
  buildReportPublisher(
    aws.clients,
    {
      uploadBucket: BUCKETS.uploads,
      reportsBucket: BUCKETS.reports,
      factsTable: TABLES.facts,
      totalsTable: TABLES.totals,
      bureauTopicArn: topic ?? undefined,
    },
    now,
  );

const spFact = (uscc: string, source_key: string, source_sequencer: string) => ({
  ...fact({ uscc, period: '2017-11', source_key, source_sequencer }),
  pk: 'FACT#shuangpai#2017',
  sk: `2017-11#${uscc}`,
  park: 'shuangpai',
  name: uscc === WARNED ? '湖南警示新材料有限公司' : '双牌平稳机械有限公司',
});

function receipt(key: string, sequencer: string, overrides: Partial<Receipt> = {}): Receipt {
  return {
    accepted: true,
    rows: 2,
    errors: [],
    warnings: [
      {
        row: 2,
        column: '工业总产值(万元)',
        rule: 'growth.yoy',
        severity: 'warning',
        message: '工业总产值同比增长 212.0%',
        message_en: 'output grew 212.0 %',
        note: '新生产线10月投产',
      },
      {
        row: 3,
        column: null,
        rule: 'growth.no_base',
        severity: 'warning',
        message: '缺少上年同期数据',
        message_en: 'no prior-year base',
      },
    ],
    key,
    park: 'shuangpai',
    enterprise: '_office',
    kind: 'enterprise-monthly',
    sequencer,
    version_id: null,
    encoding: 'utf-8',
    periods: ['2017-11'],
    facts_written: 2,
    facts_superseded: 0,
    kept_version: null,
    processed_at: '2017-12-05T01:00:00.000Z',
    ...overrides,
  };
}

const text = (bucket: string, key: string) => new TextDecoder().decode(aws.state.get(bucket, key));
const putKeys = () => aws.s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);

beforeEach(() => {
  aws.s3.resetHistory();
  aws.sns.resetHistory();
  aws.state.clear(BUCKETS.reports);
  aws.state.totals.clear();
  aws.state.totals.set(
    'shuangpai#2017-11',
    shuangpaiReport({ enterprises: { reporting: 2, expected: 3, missing: [MISSING] } }),
  );
  aws.state.totals.set('shuangpai#2017-10', shuangpaiReport({ period: '2017-10' }));
  aws.state.facts = [spFact(WARNED, NOVEMBER, '0A'), spFact(QUIET, NOVEMBER, '0A')];
  aws.state.register = {
    pk: 'REF#shuangpai',
    sk: 'enterprises',
    park: 'shuangpai',
    entries: [
      { uscc: WARNED, name: '湖南警示新材料有限公司', industry_code: null, above_scale: true },
      { uscc: QUIET, name: '双牌平稳机械有限公司', industry_code: null, above_scale: true },
      { uscc: MISSING, name: '永州缺报木业有限公司', industry_code: null, above_scale: true },
    ],
    source_key: 'reference/shuangpai/enterprises.csv',
    source_sequencer: '01',
    source_version: null,
    source_event_time: '2017-12-01T01:00:00.000Z',
    ingested_at: '2017-12-01T01:00:01.000Z',
  };
  aws.state.put(
    BUCKETS.uploads,
    NOVEMBER,
    monthlyCsv([
      { uscc: WARNED, period: '2017-11', output: '3000', valueAdded: '900', taxPaid: '30' },
      { uscc: QUIET, period: '2017-11', output: '1000', valueAdded: '300', taxPaid: '10' },
    ]),
  );
  aws.state.put(BUCKETS.uploads, `receipts/${NOVEMBER}.json`, JSON.stringify(receipt(NOVEMBER, '0A')));
});

describe('first publication of a period', () => {
  it('writes revision 1: the four files with their content types, then revision.json, each only if absent', async () => {
    // Arrange
    const pub = publisher();

    // Act
    const result = await pub.publish(requirePark(), '2017-11');

    // Assess
    expect(result.status).toBe('published');
    const puts = aws.s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    const files = puts.slice(0, 4).map((p) => [p.Key, p.ContentType]);
    expect(files.sort()).toEqual([
      [`${PREFIX1}report.csv`, 'text/csv; charset=utf-8'],
      [`${PREFIX1}report.html`, 'text/html; charset=utf-8'],
      [`${PREFIX1}report.json`, 'application/json; charset=utf-8'],
      [`${PREFIX1}report.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]);
    // revision.json last: its presence marks a complete publication; then the notice is recorded.
    expect(puts.map((p) => p.Key).slice(4)).toEqual([`${PREFIX1}revision.json`, `${PREFIX1}notice.json`]);
    for (const put of puts.slice(0, 5)) {
      expect(put.Bucket).toBe(BUCKETS.reports);
      expect(put.IfNoneMatch).toBe('*');
    }
    const json = ParkReportSchema.parse(JSON.parse(text(BUCKETS.reports, `${PREFIX1}report.json`)));
    expect(json.output.ytd).toBe('5060000000');
    const metadata = RevisionMetadataSchema.parse(
      JSON.parse(text(BUCKETS.reports, `${PREFIX1}revision.json`)),
    );
    expect(metadata.revision).toBe(1);
    expect(metadata.log).toEqual([
      {
        number: 1,
        publishedAt: '2017-12-08T01:00:00.000Z',
        changes: [],
        causes: [],
      },
    ]);
    expect(metadata.sources[`2017-11#${WARNED}`]).toBe(`${NOVEMBER}@0A`);
  });

  it('lists the missing enterprise by name and the soft warnings of the period with their 情况说明', async () => {
    await publisher().publish(requirePark(), '2017-11');

    const csv = text(BUCKETS.reports, `${PREFIX1}report.csv`);
    expect(csv).toContain(`${MISSING},永州缺报木业有限公司`);
    expect(csv).toContain(
      `${WARNED},湖南警示新材料有限公司,2017-11,growth.yoy,工业总产值同比增长 212.0%,新生产线10月投产`,
    );
    expect(csv).toContain(`${QUIET},双牌平稳机械有限公司,2017-11,growth.no_base,缺少上年同期数据,(未说明)`);
    expect(text(BUCKETS.reports, `${PREFIX1}report.html`)).toContain('永州缺报木业有限公司');
  });

  it('leaves out the warnings of a receipt for another version of the upload than the facts hold', async () => {
    aws.state.put(BUCKETS.uploads, `receipts/${NOVEMBER}.json`, JSON.stringify(receipt(NOVEMBER, '0F')));

    await publisher().publish(requirePark(), '2017-11');

    const csv = text(BUCKETS.reports, `${PREFIX1}report.csv`);
    expect(csv).not.toContain('growth.yoy');
    expect(csv).not.toContain('growth.no_base');
  });

  it('notifies the bureau: Chinese subject, headline sentence, 7-day presigned links to the four files', async () => {
    const result = await publisher().publish(requirePark(), '2017-11');

    expect(result.status === 'published' && result.notified).toBe(true);
    expect(aws.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = aws.sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.TopicArn).toBe(TOPIC);
    expect(input?.Subject).toBe('双牌工业集中区 2017年11月 主要经济指标 第1版');
    expect((input?.Subject ?? '').length).toBeLessThan(100);
    const message = input?.Message ?? '';
    expect(message).toContain(
      '1–11月,园区共完成规模工业总产值50.6亿元(指标值55.0亿元),同比增长45.2%(指标值21%)',
    );
    expect(message).toContain('应报 3 家, 已报 2 家, 缺报 1 家');
    expect(message).toContain('报表文件 (链接有效至北京时间 2017-12-15 09:00):');
    const urls = message.split('\n').filter((line) => line.startsWith('https://'));
    expect(urls).toHaveLength(4);
    for (const [i, name] of ['report.json', 'report.csv', 'report.xlsx', 'report.html'].entries()) {
      expect(urls[i]).toContain(`/${PREFIX1}${name}?`);
      expect(urls[i]).toContain('X-Amz-Expires=604800');
    }
  });

  it('publishes without a notice when no bureau topic is configured', async () => {
    const result = await publisher(null).publish(requirePark(), '2017-11');

    expect(result.status === 'published' && result.notified).toBe(false);
    expect(aws.sns).not.toHaveReceivedCommand(PublishCommand);
    expect(putKeys()).toContain(`${PREFIX1}report.html`);
    expect(putKeys()).not.toContain(`${PREFIX1}notice.json`);
  });

  it('publishes nothing when the period has no totals', async () => {
    aws.state.totals.clear();

    const result = await publisher().publish(requirePark(), '2017-11');

    expect(result.status).toBe('no-totals');
    expect(putKeys()).toEqual([]);
  });
});

describe('later runs', () => {
  it('write nothing and send nothing while the figures are unchanged', async () => {
    const pub = publisher();
    await pub.publish(requirePark(), '2017-11');
    aws.s3.resetHistory();
    aws.sns.resetHistory();
    // A recompute that reproduces the same figures bumps only the bookkeeping fields.
    const same = aws.state.totals.get('shuangpai#2017-11');
    if (same)
      aws.state.totals.set('shuangpai#2017-11', {
        ...same,
        revision: 5,
        computed_at: '2017-12-07T00:00:00Z',
      });

    const result = await pub.publish(requirePark(), '2017-11');

    expect(result).toMatchObject({
      status: 'unchanged',
      revision: 1,
      keys: { json: `${PREFIX1}report.json` },
    });
    expect(putKeys()).toEqual([]);
    expect(aws.sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it('publish revision 2 after a correction, listing the change and the correcting upload, never rewriting revision 1', async () => {
    // Arrange: revision 1, then a correction of one enterprise's November output.
    const pub = publisher();
    await pub.publish(requirePark(), '2017-11');
    const revision1 = text(BUCKETS.reports, `${PREFIX1}report.json`);
    aws.s3.resetHistory();
    aws.sns.resetHistory();
    aws.state.facts = [spFact(WARNED, CORRECTION, '0B'), spFact(QUIET, NOVEMBER, '0A')];
    aws.state.totals.set(
      'shuangpai#2017-11',
      shuangpaiReport({
        enterprises: { reporting: 2, expected: 3, missing: [MISSING] },
        output: indicator('473000000', '5160000000', '3484848485'),
      }),
    );

    // Act
    const result = await pub.publish(requirePark(), '2017-11');

    // Assess
    expect(result).toMatchObject({ status: 'published', revision: 2, causes: [CORRECTION] });
    expect(result.status === 'published' && result.changes).toContainEqual({
      field: 'output.ytd',
      label: '规模工业总产值(亿元) 1–11月累计',
      before: '50.6',
      after: '51.6',
    });
    expect(putKeys().every((key) => key?.startsWith(PREFIX2))).toBe(true);
    expect(putKeys()).toHaveLength(6);
    expect(text(BUCKETS.reports, `${PREFIX1}report.json`)).toBe(revision1);
    const metadata = RevisionMetadataSchema.parse(
      JSON.parse(text(BUCKETS.reports, `${PREFIX2}revision.json`)),
    );
    expect(metadata.log.map((r) => [r.number, r.causes])).toEqual([
      [1, []],
      [2, [CORRECTION]],
    ]);
    const csv = text(BUCKETS.reports, `${PREFIX2}report.csv`);
    expect(csv).toContain('第2版');
    expect(csv).toContain(CORRECTION);
    const message = aws.sns.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '';
    expect(aws.sns.commandCalls(PublishCommand)[0]?.args[0].input.Subject).toBe(
      '双牌工业集中区 2017年11月 主要经济指标 第2版(修订)',
    );
    expect(message).toContain('规模工业总产值(亿元) 1–11月累计: 50.6 → 51.6');
    expect(message).toContain(CORRECTION);
  });

  it('send the notice an earlier run published but failed to send, once', async () => {
    // Arrange: SNS fails during the first publication.
    const pub = publisher();
    aws.sns.on(PublishCommand).rejectsOnce(new Error('SNS unavailable'));
    await expect(pub.publish(requirePark(), '2017-11')).rejects.toThrow('SNS unavailable');
    aws.sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
    aws.s3.resetHistory();
    aws.sns.resetHistory();

    // Act: the retry, then one more run.
    const retry = await pub.publish(requirePark(), '2017-11');
    const again = await pub.publish(requirePark(), '2017-11');

    // Assess
    expect(retry).toMatchObject({ status: 'unchanged', revision: 1, notified: true });
    expect(again).toMatchObject({ status: 'unchanged', revision: 1, notified: false });
    expect(aws.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(aws.sns.commandCalls(PublishCommand)[0]?.args[0].input.Subject).toContain('第1版');
    expect(putKeys()).toEqual([`${PREFIX1}notice.json`]);
  });

  it('refuses to overwrite a revision folder an interrupted run left behind', async () => {
    const pub = publisher();
    await pub.publish(requirePark(), '2017-11');
    aws.state.put(BUCKETS.reports, `${PREFIX2}report.json`, '{}');
    aws.state.totals.set('shuangpai#2017-11', shuangpaiReport({ output: indicator('1', '2', '3') }));
    aws.s3.resetHistory();

    await expect(pub.publish(requirePark(), '2017-11')).rejects.toBeInstanceOf(RevisionExistsError);
    expect(text(BUCKETS.reports, `${PREFIX2}report.json`)).toBe('{}');
  });
});
