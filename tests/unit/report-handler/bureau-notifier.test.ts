import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { createBureauNotifier } from '../../../functions/adapters/bureau-notifier.js';

const now = new Date('2017-12-08T01:00:00Z');
const KEY = 'reports/shuangpai/2017-11/rev-001/report.csv';

function notifier(credentials: NonNullable<ConstructorParameters<typeof S3Client>[0]>['credentials']) {
  return createBureauNotifier({
    s3: new S3Client({ region: 'us-east-1', credentials }),
    sns: new SNSClient({ region: 'us-east-1' }),
    reportsBucket: 'reports',
    topicArn: undefined,
  });
}

describe('bureau notifier links', () => {
  it('signs GET URLs for 7 days with long-term credentials', async () => {
    const signed = await notifier({ accessKeyId: 'AKIDLONGTERM', secretAccessKey: 'secret' }).links(
      [KEY],
      now,
    );

    expect(signed.links).toHaveLength(1);
    const url = new URL(signed.links[0]?.url ?? '');
    expect(url.pathname).toContain(KEY);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('604800');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIDLONGTERM\//);
    expect(signed.expiresAt.toISOString()).toBe('2017-12-15T01:00:00.000Z');
  });

  it('says the links end with temporary credentials (a Lambda role) when those expire sooner', async () => {
    const expiration = new Date('2017-12-08T07:00:00Z');
    const signed = await notifier({
      accessKeyId: 'ASIATEMP',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration,
    }).links([KEY], now);

    expect(signed.expiresAt).toEqual(expiration);
  });
});
