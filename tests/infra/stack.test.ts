import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import parksJson from '../../config/parks.json' with { type: 'json' };
import type { ParkstatsStack } from '../../infra/parkstats-stack.js';
import { logicalId, synthApp } from './support/synth-app.js';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** A synth with cdk-nag takes several seconds; more on a busy CI runner. */
const SYNTH_TIMEOUT = 120_000;
const PROD_CONTEXT = {
  stage: 'prod',
  bureauEmails: 'tjj@county.example.cn,chief@county.example.cn',
  alarmEmail: 'ops@park.example.cn',
};

/** The statements of the inline default policy attached to a function's role. */
function roleStatements(
  template: Template,
  stack: ParkstatsStack,
  roleConstruct: { node: { defaultChild?: unknown } },
) {
  const roleId = logicalId(stack, roleConstruct);
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
  const attached = policies.filter(
    (p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
  );
  return attached.flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actionsOn = (statements: Statement[], resourceId: string) =>
  statements
    .filter((s) => JSON.stringify(s.Resource).includes(`"${resourceId}"`))
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

describe('ParkstatsStack (dev)', () => {
  let stack: ParkstatsStack;
  let template: Template;
  let resources: Record<string, Resource>;

  beforeAll(() => {
    // Arrange
    ({ stack, template } = synthApp({ stage: 'dev' }));
    resources = template.toJSON().Resources;
  }, SYNTH_TIMEOUT);

  describe('buckets', () => {
    it('uploads: public access blocked, SSE, versioned, old versions expire, access logs', () => {
      // Assess
      expect(resources[logicalId(stack, stack.uploads)]?.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [
            expect.objectContaining({
              NoncurrentVersionExpiration: { NoncurrentDays: 365 },
              Status: 'Enabled',
            }),
          ],
        },
        LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogs/) } },
      });
    });

    it('every bucket denies plain HTTP and TLS below 1.2', () => {
      const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')) as Resource[];
      expect(policies).toHaveLength(3);
      for (const policy of policies) {
        const denies = (
          policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }
        ).Statement.filter((s) => s.Effect === 'Deny');
        expect(denies.map((s) => s.Condition)).toEqual(
          expect.arrayContaining([
            { Bool: { 'aws:SecureTransport': 'false' } },
            { NumericLessThan: { 's3:TlsVersion': 1.2 } },
          ]),
        );
      }
    });

    it('reports bucket is versioned and logged too', () => {
      expect(resources[logicalId(stack, stack.reports)]?.Properties).toMatchObject({
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogs/) } },
      });
    });

    it('dev buckets are emptied and deleted with the stack', () => {
      template.resourceCountIs('Custom::S3AutoDeleteObjects', 3);
      expect(resources[logicalId(stack, stack.uploads)]?.DeletionPolicy).toBe('Delete');
    });

    it('sends uploads/ created+removed and reference/ created events to the ingest queue', () => {
      const queueArn = { 'Fn::GetAtt': [logicalId(stack, stack.ingestQueues.queue), 'Arn'] };
      template.hasResourceProperties('Custom::S3BucketNotifications', {
        BucketName: { Ref: logicalId(stack, stack.uploads) },
        NotificationConfiguration: {
          QueueConfigurations: Match.arrayEquals([
            {
              Events: ['s3:ObjectCreated:*'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
              QueueArn: queueArn,
            },
            {
              Events: ['s3:ObjectRemoved:*'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
              QueueArn: queueArn,
            },
            {
              Events: ['s3:ObjectCreated:*'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'reference/' }] } },
              QueueArn: queueArn,
            },
          ]),
        },
      });
    });
  });

  describe('queues', () => {
    it('ingest queue: DLQ after 3 receives, visibility = 6 × the ingest timeout', () => {
      const ingestFn = resources[logicalId(stack, stack.ingest.fn)];
      expect(resources[logicalId(stack, stack.ingestQueues.queue)]?.Properties).toMatchObject({
        RedrivePolicy: {
          deadLetterTargetArn: {
            'Fn::GetAtt': [logicalId(stack, stack.ingestQueues.deadLetterQueue), 'Arn'],
          },
          maxReceiveCount: 3,
        },
        VisibilityTimeout: 6 * (ingestFn?.Properties.Timeout as number),
      });
    });

    it('recompute queue and its DLQ are FIFO', () => {
      expect(resources[logicalId(stack, stack.recomputeQueues.queue)]?.Properties).toMatchObject({
        FifoQueue: true,
        ContentBasedDeduplication: true,
        RedrivePolicy: { maxReceiveCount: 3 },
      });
      expect(resources[logicalId(stack, stack.recomputeQueues.deadLetterQueue)]?.Properties).toMatchObject({
        FifoQueue: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
    });

    it('all four queues are encrypted and refuse non-TLS access', () => {
      const queues = Object.values(template.findResources('AWS::SQS::Queue')) as Resource[];
      expect(queues).toHaveLength(4);
      for (const q of queues) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
      const tlsDenies = Object.values(template.findResources('AWS::SQS::QueuePolicy')).filter((p) =>
        JSON.stringify(p).includes('"aws:SecureTransport":"false"'),
      );
      expect(tlsDenies).toHaveLength(4);
    });
  });

  describe('tables', () => {
    it('facts and totals: pk/sk strings, on-demand, point-in-time recovery', () => {
      for (const table of [stack.facts, stack.totals]) {
        expect(resources[logicalId(stack, table)]?.Properties).toMatchObject({
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        });
      }
    });

    it('dev tables can be deleted', () => {
      const facts = resources[logicalId(stack, stack.facts)];
      expect(facts?.DeletionPolicy).toBe('Delete');
      expect(facts?.Properties.DeletionProtectionEnabled).toBeFalsy();
    });
  });

  describe('functions', () => {
    it('Node 24 on arm64 with source maps, Powertools settings and the pipeline environment', () => {
      for (const fn of [stack.ingest, stack.aggregate, stack.report]) {
        expect(resources[logicalId(stack, fn.fn)]?.Properties).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logicalId(stack, fn.logGroup) } },
          Environment: {
            Variables: {
              NODE_OPTIONS: '--enable-source-maps',
              POWERTOOLS_SERVICE_NAME: 'parkstats',
              POWERTOOLS_METRICS_NAMESPACE: 'Parkstats',
              PARKSTATS_UPLOAD_BUCKET: { Ref: logicalId(stack, stack.uploads) },
              PARKSTATS_REPORTS_BUCKET: { Ref: logicalId(stack, stack.reports) },
              PARKSTATS_FACTS_TABLE: { Ref: logicalId(stack, stack.facts) },
              PARKSTATS_TOTALS_TABLE: { Ref: logicalId(stack, stack.totals) },
              PARKSTATS_RECOMPUTE_QUEUE_URL: { Ref: logicalId(stack, stack.recomputeQueues.queue) },
              PARKSTATS_BUREAU_TOPIC_ARN: { Ref: logicalId(stack, stack.bureauTopic) },
            },
          },
        });
        expect(resources[logicalId(stack, fn.logGroup)]?.Properties.RetentionInDays).toBe(30);
      }
    });

    it('SQS event sources report partial batch failures and cap concurrency', () => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [logicalId(stack, stack.ingestQueues.queue), 'Arn'] },
        FunctionName: { Ref: logicalId(stack, stack.ingest.fn) },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 20 },
      });
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [logicalId(stack, stack.recomputeQueues.queue), 'Arn'] },
        FunctionName: { Ref: logicalId(stack, stack.aggregate.fn) },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 2 },
      });
    });

    it('the roles carry no AWS managed policy', () => {
      for (const fn of [stack.ingest, stack.aggregate, stack.report]) {
        expect(resources[logicalId(stack, fn.role)]?.Properties.ManagedPolicyArns).toBeUndefined();
      }
    });
  });

  describe('least privilege', () => {
    it('no IAM statement anywhere allows every action or every resource', () => {
      const documents = [
        ...Object.values(template.findResources('AWS::IAM::Policy')).map(
          (p) => (p as Resource).Properties.PolicyDocument,
        ),
        ...Object.values(template.findResources('AWS::IAM::Role')).flatMap((r) =>
          (((r as Resource).Properties.Policies ?? []) as { PolicyDocument: unknown }[]).map(
            (p) => p.PolicyDocument,
          ),
        ),
      ] as { Statement: Statement[] }[];
      const all = documents.flatMap((d) => d.Statement);
      expect(all.length).toBeGreaterThan(10);
      for (const s of all) {
        expect([s.Action].flat()).not.toContain('*');
        expect([s.Resource].flat()).not.toContain('*');
      }
    });

    it('ingest: reads uploads/ and reference/, writes and deletes receipts/ only, facts table, sends recompute', () => {
      const st = roleStatements(template, stack, stack.ingest.role);
      const uploadsId = logicalId(stack, stack.uploads);
      const objectResources = st
        .filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')))
        .map((s) => JSON.stringify(s.Resource));
      expect(objectResources.join()).toContain('/uploads/*');
      expect(objectResources.join()).toContain('/reference/*');
      const put = st.find((s) => [s.Action].flat().includes('s3:PutObject'));
      expect(JSON.stringify(put?.Resource)).toBe(
        JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [uploadsId, 'Arn'] }, '/receipts/*']] }),
      );
      const del = st.find((s) => [s.Action].flat().includes('s3:DeleteObject*'));
      expect(JSON.stringify(del?.Resource)).toBe(
        JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [uploadsId, 'Arn'] }, '/receipts/*']] }),
      );
      expect(actionsOn(st, logicalId(stack, stack.facts))).toContain('dynamodb:PutItem');
      expect(actionsOn(st, logicalId(stack, stack.totals))).toEqual([]);
      expect(actionsOn(st, logicalId(stack, stack.recomputeQueues.queue))).toContain('sqs:SendMessage');
      expect(actionsOn(st, logicalId(stack, stack.reports))).toEqual([]);
      expect(st.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('sns:'))).toEqual([]);
    });

    it('aggregate: reads facts, writes totals, touches no bucket and no topic', () => {
      const st = roleStatements(template, stack, stack.aggregate.role);
      const onFacts = actionsOn(st, logicalId(stack, stack.facts));
      expect(onFacts).toContain('dynamodb:Query');
      expect(onFacts).not.toContain('dynamodb:PutItem');
      expect(actionsOn(st, logicalId(stack, stack.totals))).toContain('dynamodb:PutItem');
      expect(
        st.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('s3:') || a.startsWith('sns:')),
      ).toEqual([]);
    });

    it('report: reads tables, receipts and uploads, writes reports/ only, publishes to the bureau topic only', () => {
      const st = roleStatements(template, stack, stack.report.role);
      expect(actionsOn(st, logicalId(stack, stack.facts))).not.toContain('dynamodb:PutItem');
      expect(actionsOn(st, logicalId(stack, stack.totals))).not.toContain('dynamodb:PutItem');
      const uploadsStatements = st.filter((s) =>
        JSON.stringify(s.Resource).includes(logicalId(stack, stack.uploads)),
      );
      expect(uploadsStatements.flatMap((s) => [s.Action].flat())).not.toContain('s3:PutObject');
      expect(JSON.stringify(uploadsStatements)).toContain('/receipts/*');
      const put = st.find((s) => [s.Action].flat().includes('s3:PutObject'));
      expect(JSON.stringify(put?.Resource)).toContain(logicalId(stack, stack.reports));
      expect(JSON.stringify(put?.Resource)).toContain('/reports/*');
      const publish = st.find((s) => [s.Action].flat().includes('sns:Publish'));
      expect(publish?.Resource).toEqual({ Ref: logicalId(stack, stack.bureauTopic) });
      expect(st.flatMap((s) => [s.Action].flat())).not.toContain('s3:DeleteObject*');
    });
  });

  describe('schedule, topics, alarms, dashboard', () => {
    it('one report schedule per configured park, cron in Asia/Shanghai', () => {
      const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')) as Resource[];
      expect(schedules).toHaveLength(parksJson.parks.length);
      for (const park of parksJson.parks) {
        template.hasResourceProperties('AWS::Scheduler::Schedule', {
          ScheduleExpression: 'cron(0 9 8 * ? *)',
          ScheduleExpressionTimezone: 'Asia/Shanghai',
          Target: {
            Arn: { 'Fn::GetAtt': [logicalId(stack, stack.report.fn), 'Arn'] },
            Input: JSON.stringify({ parks: [park.id] }),
          },
        });
      }
    });

    it('both topics are KMS-encrypted and TLS-only; CloudWatch may use the key', () => {
      for (const topic of [stack.bureauTopic, stack.opsTopic]) {
        expect(resources[logicalId(stack, topic)]?.Properties.KmsMasterKeyId).toBeDefined();
      }
      expect(
        Object.values(template.findResources('AWS::SNS::TopicPolicy')).filter((p) =>
          JSON.stringify(p).includes('"aws:SecureTransport":"false"'),
        ),
      ).toHaveLength(2);
      template.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Effect: 'Allow' }),
          ]),
        },
      });
    });

    it('alarms on DLQ depth > 0, errors, throttles and message age, all to the ops topic', () => {
      const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
      const opsRef = { Ref: logicalId(stack, stack.opsTopic) };
      for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([opsRef]);
      const byMetric = (name: string) => alarms.filter((a) => a.Properties.MetricName === name);
      const dlqAlarms = byMetric('ApproximateNumberOfMessagesVisible');
      expect(dlqAlarms.map((a) => a.Properties.Threshold)).toEqual([0, 0]);
      expect(dlqAlarms.map((a) => a.Properties.ComparisonOperator)).toEqual([
        'GreaterThanThreshold',
        'GreaterThanThreshold',
      ]);
      expect(byMetric('Errors')).toHaveLength(3);
      expect(byMetric('Throttles')).toHaveLength(3);
      expect(byMetric('ApproximateAgeOfOldestMessage')).toHaveLength(2);
    });

    it('has a dashboard with the business metrics', () => {
      const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
      expect(dashboards).toHaveLength(1);
      const body = JSON.stringify(dashboards[0]);
      for (const metric of [
        'FilesAccepted',
        'FilesRejected',
        'RowsIngested',
        'RecomputeDuration',
        'UnexpectedFailures',
      ]) {
        expect(body).toContain(metric);
      }
    });

    it('no e-mail subscriptions unless configured', () => {
      template.resourceCountIs('AWS::SNS::Subscription', 0);
    });

    it('outputs the names an operator needs', () => {
      const outputs = Object.keys(template.toJSON().Outputs);
      expect(outputs).toEqual(
        expect.arrayContaining([
          'UploadBucketName',
          'ReportsBucketName',
          'BureauTopicArn',
          'OpsTopicArn',
          'IngestDlqArn',
          'RecomputeDlqArn',
        ]),
      );
    });
  });
});

describe('ParkstatsStack (prod)', () => {
  let stack: ParkstatsStack;
  let template: Template;
  let resources: Record<string, Resource>;

  beforeAll(() => {
    ({ stack, template } = synthApp(PROD_CONTEXT));
    resources = template.toJSON().Resources;
  }, SYNTH_TIMEOUT);

  it('is named after the stage', () => {
    expect(stack.stackName).toBe('Parkstats-prod');
  });

  it('tables are retained and deletion-protected', () => {
    for (const table of [stack.facts, stack.totals]) {
      const resource = resources[logicalId(stack, table)];
      expect(resource?.DeletionPolicy).toBe('Retain');
      expect(resource?.Properties.DeletionProtectionEnabled).toBe(true);
    }
  });

  it('buckets are retained and never auto-emptied', () => {
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    for (const bucket of [stack.uploads, stack.reports]) {
      expect(resources[logicalId(stack, bucket)]?.DeletionPolicy).toBe('Retain');
    }
  });

  it('logs are kept a year', () => {
    expect(resources[logicalId(stack, stack.ingest.logGroup)]?.Properties.RetentionInDays).toBe(365);
  });

  it('subscribes the bureau and the ops e-mails from context', () => {
    const subs = Object.values(template.findResources('AWS::SNS::Subscription')) as Resource[];
    const byTopic = (topic: { node: { defaultChild?: unknown } }) =>
      subs
        .filter(
          (s) => JSON.stringify(s.Properties.TopicArn) === JSON.stringify({ Ref: logicalId(stack, topic) }),
        )
        .map((s) => [s.Properties.Protocol, s.Properties.Endpoint]);
    expect(byTopic(stack.bureauTopic)).toEqual([
      ['email', 'tjj@county.example.cn'],
      ['email', 'chief@county.example.cn'],
    ]);
    expect(byTopic(stack.opsTopic)).toEqual([['email', 'ops@park.example.cn']]);
  });
});
