import 'aws-sdk-client-mock-vitest/extend';
import { Readable } from 'node:stream';
import { GetObjectCommand, type GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ParkStatus, run, type StatusIo } from '../../../cli/commands/status.js';
import { type FactItem, factKey, type RegisterItem } from '../../../schemas/facts.js';
import type { Finding } from '../../../schemas/finding.js';
import type { Receipt } from '../../../schemas/receipt.js';
import { makeUscc } from '../../support/uscc.js';

const dynamo = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);

const PARK = 'shuangpai';
const PERIOD = '2016-05';
const [A, B, C, D] = [makeUscc(501), makeUscc(502), makeUscc(503), makeUscc(504)] as [
  string,
  string,
  string,
  string,
];
const NAMES: Record<string, string> = { [A]: '甲公司', [B]: '乙公司', [C]: '丙公司', [D]: '丁公司' };
const A_KEY = `uploads/${PARK}/${A}/2016-05.csv`;
const OFFICE_KEY = `uploads/${PARK}/_office/2016-04-05.csv`;

const env = {
  PARKSTATS_UPLOAD_BUCKET: 'uploads-bucket',
  PARKSTATS_FACTS_TABLE: 'facts',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
};

const source = (key: string, sequencer: string) => ({
  source_key: key,
  source_sequencer: sequencer,
  source_version: null,
  source_event_time: '2016-06-05T01:00:00.000Z',
  ingested_at: '2016-06-05T01:00:01.000Z',
});

function fact(uscc: string, key: string, sequencer: string): FactItem {
  return {
    ...factKey(PARK, PERIOD, uscc),
    park: PARK,
    uscc,
    name: NAMES[uscc] ?? '',
    period: PERIOD,
    output: '1000',
    value_added: '300',
    tax_paid: '20',
    output_prev: null,
    value_added_prev: null,
    tax_paid_prev: null,
    above_scale: true,
    industry_code: null,
    note: null,
    ...source(key, sequencer),
  };
}

const register: RegisterItem = {
  pk: `REF#${PARK}`,
  sk: 'enterprises',
  park: PARK,
  entries: [A, B, C, D].map((uscc) => ({
    uscc,
    name: NAMES[uscc] ?? '',
    industry_code: null,
    above_scale: true,
  })),
  ...source(`reference/${PARK}/enterprises.csv`, '01'),
};

function warning(row: number | null, rule: string, note?: string): Finding {
  return {
    row,
    column: row === null ? null : '工业增加值(万元)',
    rule,
    severity: 'warning',
    message: `提示 ${rule} 第${row}行`,
    message_en: `warning ${rule}`,
    ...(note === undefined ? {} : { note }),
  };
}

function receipt(key: string, overrides: Partial<Receipt>): Receipt {
  return {
    accepted: true,
    rows: 1,
    errors: [],
    warnings: [],
    key,
    park: PARK,
    enterprise: '_office',
    kind: 'enterprise-monthly',
    sequencer: 'A1',
    version_id: null,
    encoding: 'utf-8',
    periods: [PERIOD],
    facts_written: 1,
    facts_superseded: 0,
    kept_version: null,
    processed_at: '2016-06-05T01:00:02.000Z',
    ...overrides,
  };
}

/** The office file as uploaded: B in April (row 2) and May (row 3), C in May (row 4). */
const OFFICE_FILE = [
  '统一社会信用代码,企业名称,统计期,工业总产值(万元),工业增加值(万元),实缴税金(万元)',
  `${B},乙公司,2016-04,100,30,2`,
  `${B},乙公司,2016-05,100,30,2`,
  `${C},丙公司,2016-05,100,30,2`,
].join('\r\n');

const body = (text: string) =>
  Readable.from([Buffer.from(text)]) as unknown as GetObjectCommandOutput['Body'];

function serveObject(key: string, text: string) {
  s3.on(GetObjectCommand, { Key: key }).callsFake(() => ({ Body: body(text) }));
}

function capture() {
  const io = { stdout: '', stderr: '' };
  const commandIo: StatusIo = {
    out: (data) => {
      io.stdout += typeof data === 'string' ? data : new TextDecoder().decode(data);
    },
    err: (text) => {
      io.stderr += text;
    },
    env,
  };
  return { io, commandIo };
}

beforeEach(() => {
  dynamo.reset();
  s3.reset();
  s3.on(GetObjectCommand).rejects(Object.assign(new Error('no such key'), { name: 'NoSuchKey' }));
  dynamo.on(GetCommand, { Key: { pk: `REF#${PARK}`, sk: 'enterprises' } }).resolves({ Item: register });
  dynamo.on(QueryCommand).resolves({
    Items: [fact(A, A_KEY, 'A1'), fact(B, OFFICE_KEY, 'B1'), fact(C, OFFICE_KEY, 'B1')],
  });
  // A's own file of one period: every warning is A's. Row 2 is open, the no-base warning is explained.
  serveObject(
    `receipts/${A_KEY}.json`,
    JSON.stringify(
      receipt(A_KEY, {
        enterprise: A,
        warnings: [warning(2, 'ratio.value_added'), warning(2, 'growth.no_base', '新投产企业')],
      }),
    ),
  );
  // The office file of April and May: row 2 is B's April row, row 3 B's May row, row 4 C's May row.
  serveObject(
    `receipts/${OFFICE_KEY}.json`,
    JSON.stringify(
      receipt(OFFICE_KEY, {
        sequencer: 'B1',
        periods: ['2016-04', PERIOD],
        warnings: [
          warning(2, 'growth.mom'),
          warning(3, 'growth.yoy'),
          warning(4, 'tax.exceeds_value_added', '一次性补缴'),
          warning(null, 'findings.truncated_warnings'),
        ],
      }),
    ),
  );
  serveObject(OFFICE_KEY, OFFICE_FILE);
});

async function statusJson(): Promise<ParkStatus> {
  const { io, commandIo } = capture();
  const code = await run(['--park', PARK, '--period', PERIOD, '--json'], commandIo);
  expect(code, io.stderr).toBe(0);
  return JSON.parse(io.stdout) as ParkStatus;
}

describe('parkstats status', () => {
  it('queries only the period’s facts and lists the register enterprises that did not report', async () => {
    // Act
    const status = await statusJson();

    // Assess
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      TableName: 'facts',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :period)',
      ExpressionAttributeValues: { ':pk': `FACT#${PARK}#2016`, ':period': `${PERIOD}#` },
    });
    expect(status.expected).toBe(4);
    expect(status.reporting.map((e) => e.uscc)).toEqual([A, B, C].sort());
    expect(status.missing).toEqual([{ uscc: D, name: '丁公司' }]);
    expect(status.summary).toBe('应报 4 家，已报 3 家，缺报 1 家');
  });

  it('attributes open warnings by enterprise and period, and keeps explained ones apart', async () => {
    const status = await statusJson();

    const open = status.open_warnings.map((w) => [w.uscc, w.row, w.rule, w.source_key]);
    expect(open).toEqual(
      [
        [A, 2, 'ratio.value_added', A_KEY],
        [B, 3, 'growth.yoy', OFFICE_KEY],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    const explained = status.explained_warnings.map((w) => [w.uscc, w.rule, w.note]);
    expect(explained).toEqual(
      [
        [A, 'growth.no_base', '新投产企业'],
        [C, 'tax.exceeds_value_added', '一次性补缴'],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(status.unattributed).toEqual([
      expect.objectContaining({ source_key: OFFICE_KEY, warnings: [expect.objectContaining({ row: null })] }),
    ]);
  });

  it('reads the uploaded file only when the receipt alone cannot name the row’s enterprise', async () => {
    await statusJson();

    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Key: OFFICE_KEY });
    expect(s3).not.toHaveReceivedCommandWith(GetObjectCommand, { Key: A_KEY });
  });

  it('does not take the warnings of a later upload of the same name for the stored rows', async () => {
    // Arrange: a correction of A's file was rejected; the stored fact still comes from upload A1.
    serveObject(
      `receipts/${A_KEY}.json`,
      JSON.stringify(
        receipt(A_KEY, {
          enterprise: A,
          accepted: false,
          sequencer: 'A2',
          warnings: [warning(2, 'growth.mom')],
        }),
      ),
    );

    const status = await statusJson();

    expect(status.open_warnings.some((w) => w.uscc === A)).toBe(false);
    expect(status.unattributed.map((u) => u.source_key)).toContain(A_KEY);
  });

  it('says when there is no register instead of counting everyone as expected', async () => {
    dynamo.on(GetCommand).resolves({});

    const status = await statusJson();

    expect(status.expected).toBeNull();
    expect(status.missing).toEqual([]);
    expect(status.summary).toBe('已报 3 家（未上传企业名录，无法核对缺报）');
  });

  it('prints a Chinese table with the one-line summary and names of the missing', async () => {
    const { io, commandIo } = capture();

    const code = await run(['--park', PARK, '--period', PERIOD], commandIo);

    expect(code).toBe(0);
    expect(io.stdout).toContain('应报 4 家，已报 3 家，缺报 1 家');
    expect(io.stdout).toContain(`缺报企业 (missing): 1 家\n  ${D}  丁公司`);
    expect(io.stdout).toContain('待核实提示 (open soft warnings): 2 条');
    expect(io.stdout).toContain('（已说明：一次性补缴）');
  });

  it('exits 1 with a hint, not a stack trace, when the table cannot be read', async () => {
    dynamo.on(QueryCommand).rejects(Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error' }));
    const { io, commandIo } = capture();

    const code = await run(['--park', PARK, '--period', PERIOD], commandIo);

    expect(code).toBe(1);
    expect(io.stderr).toContain('无法读取填报情况');
    expect(io.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['--park', PARK], '缺少 --park 或 --period'],
    [['--park', 'nowhere', '--period', PERIOD], '未知园区'],
    [['--park', PARK, '--period', '2016-13'], 'YYYY-MM'],
  ])('exits 2 with a usage message for %j', async (args, message) => {
    const { io, commandIo } = capture();

    const code = await run(args, commandIo);

    expect(code).toBe(2);
    expect(io.stderr).toContain(message);
    expect(dynamo).not.toHaveReceivedCommand(QueryCommand);
  });
});
