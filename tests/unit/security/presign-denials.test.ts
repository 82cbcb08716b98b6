import { S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../cli/commands/presign.js';
import { classifyKey } from '../../../core/ingest/upload-key.js';
import {
  type EnterpriseUploadForm,
  MAX_UPLOAD_BYTES,
  presignEnterpriseUpload,
} from '../../../functions/adapters/presign.js';
import {
  decodePostPolicy,
  type PostPolicyDocument,
  policyViolations,
} from '../../support/hostile-post-policy.js';
import { leakIn } from '../../support/malformed-manifest.js';

/**
 * What an enterprise holding a presigned POST form can and cannot do with it. The signed
 * policy is decoded and evaluated as S3 evaluates it (tests/support/hostile-post-policy.ts);
 * tests/unit/presign checks the conditions are present, this file checks that each hostile
 * form falls outside them, and that the keys the policy does let through are either bound to
 * that enterprise or refused by the ingest key check.
 */

const USCC = '91350100M000100Y43';
const OTHER = '91431123MA4L1234X0';
const PREFIX = `uploads/shuangpai/${USCC}/`;

let form: EnterpriseUploadForm;
let policy: PostPolicyDocument;

beforeAll(async () => {
  const client = new S3Client({
    region: 'cn-north-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  form = await presignEnterpriseUpload(client, {
    bucket: 'parkstats-uploads',
    park: 'shuangpai',
    uscc: USCC,
    expiresSeconds: 3600,
  });
  policy = decodePostPolicy(form.fields.Policy ?? '');
});

/** The signed form with `overrides`, a file of `fileBytes`, sent at `now`. */
function violations(
  overrides: Record<string, string>,
  fileBytes = 1_000,
  now = new Date(form.expiresAt.getTime() - 60_000),
) {
  return policyViolations(policy, {
    fields: { ...form.fields, key: `${PREFIX}2017-11.csv`, ...overrides },
    fileBytes,
    now,
  });
}

describe('a presigned POST form', () => {
  it('accepts the upload it was made for (the evaluator is not refusing everything)', () => {
    expect(violations({})).toEqual([]);
  });

  it.each([
    [`uploads/shuangpai/${OTHER}/2017-11.csv`, 'another enterprise'],
    ['uploads/shuangpai/_office/2017-11.csv', 'the park office'],
    [`uploads/shuangpai/${USCC}X/2017-11.csv`, 'a prefix look-alike without the slash'],
    [`uploads/otherpark/${USCC}/2017-11.csv`, 'another park'],
    ['reference/shuangpai/enterprises.csv', 'the register'],
    [`receipts/${PREFIX}2017-11.csv.json`, 'a forged receipt'],
    [`/${PREFIX}2017-11.csv`, 'a leading slash'],
    [`UPLOADS/shuangpai/${USCC}/2017-11.csv`, 'upper-case top folder'],
  ])('refuses key %s (%s)', (key) => {
    expect(violations({ key })).toEqual(['starts-with $key']);
  });

  it.each(['text/html', 'application/octet-stream', 'text/csv; charset=utf-8', 'TEXT/CSV', ''])(
    'refuses content type %j',
    (contentType) => {
      // Broken twice: the explicit eq condition and the signed Content-Type field.
      expect(violations({ 'Content-Type': contentType }).sort()).toEqual([
        'eq $Content-Type',
        'eq Content-Type',
      ]);
    },
  );

  it.each([
    [MAX_UPLOAD_BYTES + 1, 'one byte over the limit'],
    [0, 'an empty file'],
  ])('refuses a file of %i bytes (%s)', (bytes) => {
    expect(violations({}, bytes)).toEqual(['content-length-range']);
  });

  it('accepts exactly the size limit', () => {
    expect(violations({}, MAX_UPLOAD_BYTES)).toEqual([]);
  });

  it('refuses any upload once it has expired', () => {
    expect(violations({}, 1_000, new Date(form.expiresAt.getTime() + 1_000))).toEqual(['expired']);
  });

  it.each([
    `${PREFIX}../${OTHER}/2017-11.csv`,
    `${PREFIX}../_office/2017-11.csv`,
    `${PREFIX}../../../reference/shuangpai/enterprises.csv`,
    `${PREFIX}sub/2017-11.csv`,
    `${PREFIX}./2017-11.csv`,
  ])('lets %s through the signature, and ingest refuses that key', (key) => {
    // Act
    const classified = classifyKey(key);

    // Assess
    expect(violations({ key })).toEqual([]);
    expect(classified).toMatchObject({ kind: 'invalid', finding: { rule: 'key.shape', severity: 'error' } });
  });

  it.each([`${PREFIX}%2e%2e%2f_office.csv`, `${PREFIX}${'长'.repeat(200)}.csv`, `${PREFIX}2017-11.CSV`])(
    'binds %s, which the signature lets through, to the signing enterprise',
    (key) => {
      expect(violations({ key })).toEqual([]);
      expect(classifyKey(key)).toMatchObject({ kind: 'enterprise-monthly', enterprise: USCC });
    },
  );
});

describe('parkstats presign refuses a form valid longer than 7 days', () => {
  it.each(['8d', '169h', '604801', '30d'])(
    '--expires %s: exit code 2, a message in Chinese and English',
    async (expires) => {
      // Arrange
      const io = { out: '', err: '' };
      const env = {
        AWS_REGION: 'cn-north-1',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        PARKSTATS_UPLOAD_BUCKET: 'parkstats-uploads',
      };

      // Act
      const code = await run(['--park', 'shuangpai', '--enterprise', USCC, '--expires', expires], {
        out: (text) => {
          io.out += text;
        },
        err: (text) => {
          io.err += text;
        },
        env,
      });

      // Assess
      expect(code).toBe(2);
      expect(io.out).toBe('');
      expect(io.err).toContain('7 天');
      expect(io.err).toContain('7 days');
      expect(leakIn(io.err)).toBeNull();
    },
  );
});
