import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import {
  enterpriseUploadPolicy,
  MAX_EXPIRES_SECONDS,
  MAX_UPLOAD_BYTES,
  PresignInputError,
  parseExpires,
  presignEnterpriseUpload,
} from '../../../functions/adapters/presign.js';

const USCC = '91350100M000100Y43';
const request = { bucket: 'parkstats-uploads', park: 'shuangpai', uscc: USCC, expiresSeconds: 3600 };

/** A client with static fake credentials: signing is local, nothing is sent. */
const offlineClient = () =>
  new S3Client({
    region: 'cn-north-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });

describe('parseExpires', () => {
  it.each([
    ['7d', 7 * 86400],
    ['12h', 12 * 3600],
    ['30m', 1800],
    ['3600s', 3600],
    ['90', 90],
    [' 1d ', 86400],
  ])('%s → %i seconds', (text, seconds) => {
    expect(parseExpires(text)).toBe(seconds);
  });

  it.each(['8d', '169h', '0s', '604801', '1w', '-1d', '1.5h', ''])('rejects %j', (text) => {
    expect(() => parseExpires(text)).toThrow(PresignInputError);
  });

  it('allows exactly the SigV4 maximum of 7 days', () => {
    expect(parseExpires('604800s')).toBe(MAX_EXPIRES_SECONDS);
  });
});

describe('enterpriseUploadPolicy', () => {
  it('restricts the key to the enterprise prefix, the size and the content type', () => {
    // Act
    const policy = enterpriseUploadPolicy(request);

    // Assess
    expect(policy.Key).toBe(`uploads/shuangpai/${USCC}/\${filename}`);
    expect(policy.Conditions).toEqual([
      ['starts-with', '$key', `uploads/shuangpai/${USCC}/`],
      ['content-length-range', 1, MAX_UPLOAD_BYTES],
      ['eq', '$Content-Type', 'text/csv'],
    ]);
    expect(policy.Fields).toEqual({ 'Content-Type': 'text/csv' });
    expect(policy.Expires).toBe(3600);
  });

  it('uses a caller-given size limit', () => {
    expect(enterpriseUploadPolicy({ ...request, maxBytes: 1024 }).Conditions).toContainEqual([
      'content-length-range',
      1,
      1024,
    ]);
  });

  it.each(['91350100M000100Y44', '91350100M000100Y4', '91350100M000100YI3', '../../reference/x'])(
    'rejects USCC %j',
    (uscc) => {
      expect(() => enterpriseUploadPolicy({ ...request, uscc })).toThrow(/统一社会信用代码/);
    },
  );
});

describe('presignEnterpriseUpload', () => {
  it('signs a policy S3 will enforce: prefix, size, type, bucket and expiry', async () => {
    // Arrange
    const before = Date.now();

    // Act
    const form = await presignEnterpriseUpload(offlineClient(), request);

    // Assess
    const policy = JSON.parse(Buffer.from(form.fields.Policy ?? '', 'base64').toString('utf8')) as {
      expiration: string;
      conditions: unknown[];
    };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['starts-with', '$key', `uploads/shuangpai/${USCC}/`],
        ['content-length-range', 1, MAX_UPLOAD_BYTES],
        ['eq', '$Content-Type', 'text/csv'],
        { bucket: 'parkstats-uploads' },
      ]),
    );
    // No condition lets the key be anything else.
    expect(policy.conditions).not.toContainEqual(expect.objectContaining({ key: expect.anything() }));
    const expiresInMs = Date.parse(policy.expiration) - before;
    expect(expiresInMs).toBeGreaterThan(3590_000);
    expect(expiresInMs).toBeLessThanOrEqual(3601_000);
    expect(form.fields).toMatchObject({
      key: `uploads/shuangpai/${USCC}/\${filename}`,
      'Content-Type': 'text/csv',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(form.fields['X-Amz-Credential']).toMatch(/^AKIDEXAMPLE\/\d{8}\/cn-north-1\/s3\/aws4_request$/);
    expect(form.url).toContain('parkstats-uploads');
    expect(form.prefix).toBe(`uploads/shuangpai/${USCC}/`);
  });
});
