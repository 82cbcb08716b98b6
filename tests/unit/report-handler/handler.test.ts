import 'aws-sdk-client-mock-vitest/extend';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReportEventError } from '../../../functions/report/report-event.js';
import { shuangpaiReport } from '../report-render/park-report-fixture.js';
import { BUCKETS, fakeAws, TABLES } from './fake-aws.js';

const aws = fakeAws();
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:parkstats-bureau';
let handler: typeof import('../../../functions/report/handler.js')['handler'];

beforeAll(async () => {
  // The handler reads its configuration and builds its clients at import, as on a cold start.
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDTEST');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  vi.stubEnv('PARKSTATS_UPLOAD_BUCKET', BUCKETS.uploads);
  vi.stubEnv('PARKSTATS_REPORTS_BUCKET', BUCKETS.reports);
  vi.stubEnv('PARKSTATS_FACTS_TABLE', TABLES.facts);
  vi.stubEnv('PARKSTATS_TOTALS_TABLE', TABLES.totals);
  vi.stubEnv('PARKSTATS_RECOMPUTE_QUEUE_URL', 'http://127.0.0.1:1/000000000000/parkstats-recompute.fifo');
  vi.stubEnv('PARKSTATS_BUREAU_TOPIC_ARN', TOPIC);
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  ({ handler } = await import('../../../functions/report/handler.js'));
});

beforeEach(() => {
  aws.s3.resetHistory();
  aws.sns.resetHistory();
  aws.state.clear(BUCKETS.reports);
  aws.state.totals.clear();
  aws.state.totals.set('shuangpai#2017-11', shuangpaiReport());
});

describe('report handler', () => {
  it('publishes the previous month for every park when the Scheduler sends an empty event', async () => {
    vi.useFakeTimers({ now: new Date('2017-12-08T01:00:00Z'), toFake: ['Date'] });
    try {
      const result = await handler({});

      expect(result.period).toBe('2017-11');
      expect(result.publications).toMatchObject([{ status: 'published', park: 'shuangpai', revision: 1 }]);
      expect(aws.s3).toHaveReceivedCommandWith(PutObjectCommand, {
        Key: 'reports/shuangpai/2017-11/rev-001/report.xlsx',
      });
      expect(aws.sns).toHaveReceivedCommandWith(PublishCommand, { TopicArn: TOPIC });
    } finally {
      vi.useRealTimers();
    }
  });

  it('comes back unchanged on a second run: a retry is safe', async () => {
    await handler({ period: '2017-11' });
    aws.s3.resetHistory();

    const result = await handler({ period: '2017-11' });

    expect(result.publications).toMatchObject([{ status: 'unchanged', revision: 1 }]);
    expect(aws.s3).not.toHaveReceivedCommand(PutObjectCommand);
  });

  it('rejects an event it cannot act on before reading anything', async () => {
    aws.dynamo.resetHistory();

    await expect(handler({ parks: ['atlantis'] })).rejects.toBeInstanceOf(ReportEventError);
    expect(aws.dynamo).not.toHaveReceivedCommand(GetCommand);
  });

  it('fails the invocation when a park fails, so the Scheduler retries it', async () => {
    aws.dynamo.on(GetCommand, { TableName: TABLES.totals }).rejectsOnce(new Error('throttled'));

    await expect(handler({ period: '2017-11' })).rejects.toThrow(/2017-11 failed for: shuangpai/);
    expect(aws.s3).not.toHaveReceivedCommand(PutObjectCommand);
  });
});
