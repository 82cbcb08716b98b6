import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readManifest } from '../../../demo/shuangpai/manifest.js';
import { runDemo } from '../../../demo/shuangpai/run-demo.js';

const s3Mock = mockClient(S3Client);

describe('runDemo', () => {
  beforeEach(() => s3Mock.reset());

  it('uploads every file in manifest order to the upload bucket, then waits for the pipeline', async () => {
    // Arrange
    s3Mock.on(PutObjectCommand).resolves({});
    const events: string[] = [];
    const stack = {
      env: { PARKSTATS_UPLOAD_BUCKET: 'parkstats-uploads' },
      waitForIdle: async (timeoutMs?: number) => {
        events.push(
          `idle after ${s3Mock.commandCalls(PutObjectCommand).length} uploads, waiting up to ${timeoutMs} ms`,
        );
      },
    };
    const manifest = await readManifest();

    // Act
    const run = await runDemo(stack, { s3: new S3Client({ region: 'us-east-1' }), log: () => undefined });

    // Assess
    const puts = s3Mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => p.Key)).toEqual(manifest.uploads.map((u) => u.key));
    expect(new Set(puts.map((p) => p.Bucket))).toEqual(new Set(['parkstats-uploads']));
    expect(puts.every((p) => p.Body instanceof Uint8Array && p.Body.length > 0)).toBe(true);
    expect(events).toEqual([`idle after ${manifest.uploads.length} uploads, waiting up to 180000 ms`]);
    expect(run).toEqual({ park: 'shuangpai', period: '2017-11', uploaded: manifest.uploads.length });
  });

  it('says which variable is missing instead of uploading nowhere', async () => {
    const stack = { env: {}, waitForIdle: async () => undefined };
    await expect(runDemo(stack, { s3: new S3Client({ region: 'us-east-1' }) })).rejects.toThrow(
      /PARKSTATS_UPLOAD_BUCKET/,
    );
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});
