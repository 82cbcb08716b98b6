import 'aws-sdk-client-mock-vitest/extend';
import {
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createReportStore, RevisionExistsError } from '../../../functions/adapters/report-store.js';

const s3 = mockClient(S3Client);
const store = createReportStore(new S3Client({ region: 'us-east-1' }), 'reports');
const file = {
  name: 'report.json' as const,
  contentType: 'application/json',
  body: new Uint8Array([123, 125]),
};
const metadata = {
  revision: 3,
  contentHash: 'h',
  log: [{ number: 3, publishedAt: '2017-12-08T01:00:00Z', changes: [], causes: [] }],
  sources: {},
};

beforeEach(() => {
  s3.reset();
  s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'not found', $metadata: {} }));
});

describe('report store: nothing published is overwritten', () => {
  it('maps S3 refusing an existing key (If-None-Match: *) to RevisionExistsError', async () => {
    s3.on(PutObjectCommand).rejects(
      new S3ServiceException({
        name: 'PreconditionFailed',
        $fault: 'client',
        message: 'At least one of the pre-conditions you specified did not hold',
        $metadata: { httpStatusCode: 412 },
      }),
    );

    await expect(store.publish('shuangpai', '2017-11', [file], metadata)).rejects.toBeInstanceOf(
      RevisionExistsError,
    );
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Key: 'reports/shuangpai/2017-11/rev-003/report.json',
      IfNoneMatch: '*',
    });
    expect(s3).not.toHaveReceivedCommandWith(PutObjectCommand, {
      Key: 'reports/shuangpai/2017-11/rev-003/revision.json',
    });
  });

  it('lets any other S3 error through unchanged, for the caller to retry', async () => {
    s3.on(PutObjectCommand).rejects(new Error('socket hang up'));

    await expect(store.publish('shuangpai', '2017-11', [file], metadata)).rejects.toThrow('socket hang up');
  });
});
