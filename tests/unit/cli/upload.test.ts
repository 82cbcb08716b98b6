import 'aws-sdk-client-mock-vitest/extend';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { run, type UploadIo } from '../../../cli/commands/upload.js';
import type { Receipt } from '../../../schemas/receipt.js';
import { makeUscc, withWrongCheckChar } from '../../support/uscc.js';

const s3 = mockClient(S3Client);
const USCC = makeUscc(4201);
const KEY = `uploads/shuangpai/${USCC}/2043-05.csv`;
const env = {
  PARKSTATS_UPLOAD_BUCKET: 'uploads-bucket',
  AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:1',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
};

const dir = mkdtempSync(join(tmpdir(), 'parkstats-upload-'));
const FILE = join(dir, '2043-05.csv');
writeFileSync(FILE, '统一社会信用代码,企业名称\n');

function receipt(overrides: Partial<Receipt> = {}): Receipt {
  return {
    accepted: true,
    rows: 1,
    errors: [],
    warnings: [],
    key: KEY,
    park: 'shuangpai',
    enterprise: USCC,
    kind: 'enterprise-monthly',
    sequencer: '0A1B',
    version_id: null,
    encoding: 'utf-8',
    periods: ['2043-05'],
    facts_written: 1,
    facts_superseded: 0,
    kept_version: null,
    processed_at: new Date(Date.now() + 60_000).toISOString(),
    ...overrides,
  };
}

const body = (text: string) =>
  Readable.from([Buffer.from(text)]) as unknown as GetObjectCommandOutput['Body'];
const noSuchKey = () => Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });

/** Serves the receipt JSONs in turn (the last one repeats), and a receipt text. */
function serveReceipts(receipts: Receipt[], text = '上传回执 (upload receipt) — 回执正文\n') {
  let served = 0;
  s3.on(GetObjectCommand, { Key: `receipts/${KEY}.json` }).callsFake(() => {
    const next = receipts[Math.min(served, receipts.length - 1)];
    served += 1;
    if (next === undefined) throw noSuchKey();
    return { Body: body(JSON.stringify(next)) };
  });
  s3.on(GetObjectCommand, { Key: `receipts/${KEY}.txt` }).callsFake(() => ({ Body: body(text) }));
}

function capture() {
  const io = { stdout: '', stderr: '' };
  const commandIo: UploadIo = {
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
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
  s3.on(GetObjectCommand).rejects(noSuchKey());
});

describe('parkstats upload', () => {
  it('puts the file under the enterprise key as text/csv and prints the pipeline’s receipt text', async () => {
    // Arrange
    serveReceipts([receipt()], '上传回执 — 已接收 (accepted)\n');
    const { io, commandIo } = capture();

    // Act
    const code = await run([FILE, '--park', 'shuangpai', '--enterprise', USCC.toLowerCase()], commandIo);

    // Assess
    expect(code).toBe(0);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'uploads-bucket',
      Key: KEY,
      ContentType: 'text/csv',
    });
    expect(io.stdout).toBe('上传回执 — 已接收 (accepted)\n');
  });

  it('puts an office file under _office', async () => {
    const officeKey = 'uploads/shuangpai/_office/2043-05.csv';
    s3.on(GetObjectCommand, { Key: `receipts/${officeKey}.json` }).callsFake(() => ({
      Body: body(JSON.stringify(receipt({ key: officeKey, enterprise: '_office' }))),
    }));

    const code = await run([FILE, '--park', 'shuangpai', '--office', '--json'], capture().commandIo);

    expect(code).toBe(0);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: officeKey });
  });

  it('ignores the receipt of an earlier upload of the same name and waits for this one', async () => {
    // Arrange: the earlier upload was rejected before this PUT; this one is accepted.
    const earlier = receipt({ accepted: false, processed_at: '2020-01-01T00:00:00.000Z' });
    serveReceipts([earlier, earlier, receipt({ accepted: true })]);
    const { io, commandIo } = capture();

    // Act
    const code = await run([FILE, '--park', 'shuangpai', '--enterprise', USCC, '--json'], commandIo);

    // Assess
    expect(code).toBe(0);
    expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 3);
    expect(JSON.parse(io.stdout)).toMatchObject({ accepted: true, key: KEY });
  });

  it('matches by version id when the bucket is versioned, whatever the clocks say', async () => {
    s3.on(PutObjectCommand).resolves({ VersionId: 'v2' });
    serveReceipts([
      receipt({ accepted: true, version_id: 'v1' }),
      receipt({ accepted: false, version_id: 'v2' }),
    ]);

    const code = await run([FILE, '--park', 'shuangpai', '--enterprise', USCC], capture().commandIo);

    expect(code).toBe(1);
  });

  it('exits 1 and prints the rejection when the file is rejected', async () => {
    serveReceipts([receipt({ accepted: false })], '结论：未通过。第 2 行 “统计期”列：统计期无效\n');
    const { io, commandIo } = capture();

    const code = await run([FILE, '--park', 'shuangpai', '--enterprise', USCC], commandIo);

    expect(code).toBe(1);
    expect(io.stdout).toContain('第 2 行 “统计期”列');
  });

  it('exits 3 with a hint when no receipt of this upload arrives in time', async () => {
    serveReceipts([receipt({ processed_at: '2000-01-01T00:00:00.000Z' })]);
    const { io, commandIo } = capture();

    const code = await run(
      [FILE, '--park', 'shuangpai', '--enterprise', USCC, '--timeout', '0.3'],
      commandIo,
    );

    expect(code).toBe(3);
    expect(io.stdout).toBe('');
    expect(io.stderr).toContain('0.3 秒内没有收到');
    expect(io.stderr).toContain('is the pipeline running?');
  });

  it('exits 3 without a stack trace when the PUT fails', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error' }));
    const { io, commandIo } = capture();

    const code = await run([FILE, '--park', 'shuangpai', '--enterprise', USCC], commandIo);

    expect(code).toBe(3);
    expect(io.stderr).toContain('无法上传');
    expect(io.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [
      'a wrong check character',
      [FILE, '--park', 'shuangpai', '--enterprise', withWrongCheckChar(USCC)],
      '校验码',
    ],
    ['an unknown park', [FILE, '--park', 'nowhere', '--enterprise', USCC], '未知园区'],
    [
      'both --enterprise and --office',
      [FILE, '--park', 'shuangpai', '--enterprise', USCC, '--office'],
      '二者选一',
    ],
    ['neither --enterprise nor --office', [FILE, '--park', 'shuangpai'], '二者选一'],
    ['a missing file', [join(dir, 'absent.csv'), '--park', 'shuangpai', '--office'], '找不到文件'],
    ['a file that is not .csv', [join(dir, 'report.xlsx'), '--park', 'shuangpai', '--office'], '.csv'],
    ['a bad timeout', [FILE, '--park', 'shuangpai', '--office', '--timeout', 'soon'], '--timeout'],
    ['no file', ['--park', 'shuangpai', '--office'], '请给出一个要上传的文件'],
  ])('exits 2 with a Chinese usage message for %s, uploading nothing', async (_case, args, message) => {
    const { io, commandIo } = capture();

    const code = await run(args, commandIo);

    expect(code).toBe(2);
    expect(io.stderr).toContain(message);
    expect(io.stderr).toContain('用法 Usage: parkstats upload');
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
  });
});
