import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, TimeZone } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { StackConfig } from './config.js';
import { PipelineFunction } from './constructs/pipeline-function.js';
import { PipelineMonitoring } from './constructs/pipeline-monitoring.js';
import { QueueWithDlq } from './constructs/queue-with-dlq.js';
import { SecureBucket } from './constructs/secure-bucket.js';
import { acknowledgeNag, nagArn } from './nag.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ParkstatsStackProps extends StackProps {
  readonly config: StackConfig;
}

/** The read actions `bucket.grantRead` adds; acknowledged for each role that reads a prefix. */
/** Reads by key and Query: no handler ever Scans (docs/data-model.md). */
const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'] as const;
/** The ingest's facts access: history reads by key, conditional puts, the upload-index claim, retractions. */
const FACTS_WRITER_ACTIONS = [
  ...TABLE_READ_ACTIONS,
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;

const S3_READ_ACTIONS = {
  'IAM5[Action::s3:GetObject*]':
    'grantRead: GetObject and GetObjectVersion (the bucket is versioned), on the prefixes named below only.',
  'IAM5[Action::s3:GetBucket*]':
    'grantRead: bucket-level reads such as GetBucketLocation on this one bucket.',
  'IAM5[Action::s3:List*]':
    'grantRead: ListBucket on this one bucket, so a missing key reads as 404, not 403.',
};
/** `bucket.grantPut` adds AbortMultipartUpload alongside PutObject. */
const S3_PUT_ACTIONS = {
  'IAM5[Action::s3:Abort*]':
    'grantPut: AbortMultipartUpload so the SDK can clean up a failed upload on that prefix.',
};

/**
 * `addEventNotification` adds a CDK-owned singleton Lambda that writes the bucket's
 * notification configuration at deploy time; its role uses the AWS managed basic
 * execution policy, which cannot be changed from outside the construct.
 */
function acknowledgeCdkNotificationHandler(stack: Stack): void {
  for (const child of stack.node.children) {
    if (child.node.id.startsWith('BucketNotificationsHandler')) {
      acknowledgeNag(child, {
        'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
          'CDK-owned deploy-time helper (BucketNotificationsHandler); its role is not configurable.',
      });
    }
  }
}

/** Handler timeouts; each queue's visibility timeout is six times its consumer's (AWS guidance). */
const INGEST_TIMEOUT = Duration.minutes(2);
const AGGREGATE_TIMEOUT = Duration.minutes(1);

/**
 * The whole pipeline in one stack: S3 uploads → SQS → ingest λ → DynamoDB facts →
 * FIFO recompute queue → aggregate λ → totals; EventBridge Scheduler → report λ →
 * reports bucket + SNS. See docs/architecture.md for the flow and the names.
 */
export class ParkstatsStack extends Stack {
  readonly uploads: s3.Bucket;
  readonly reports: s3.Bucket;
  readonly facts: dynamodb.Table;
  readonly totals: dynamodb.Table;
  readonly ingestQueues: QueueWithDlq;
  readonly recomputeQueues: QueueWithDlq;
  readonly bureauTopic: sns.Topic;
  readonly opsTopic: sns.Topic;
  readonly ingest: PipelineFunction;
  readonly aggregate: PipelineFunction;
  readonly report: PipelineFunction;

  constructor(scope: Construct, id: string, props: ParkstatsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const prod = config.stage === 'prod';
    const removalPolicy = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = prod ? logs.RetentionDays.ONE_YEAR : logs.RetentionDays.ONE_MONTH;

    // Storage -------------------------------------------------------------------------
    const accessLogs = new SecureBucket(this, 'AccessLogs', {
      versioned: false,
      expireAfterDays: 365,
      retain: prod,
    }).bucket;
    this.uploads = new SecureBucket(this, 'Uploads', {
      accessLogs,
      expireAfterDays: 365,
      retain: prod,
    }).bucket;
    this.reports = new SecureBucket(this, 'Reports', {
      accessLogs,
      expireAfterDays: 3 * 365,
      retain: prod,
    }).bucket;

    const table = (tableId: string) =>
      new dynamodb.Table(this, tableId, {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: prod,
        removalPolicy,
      });
    this.facts = table('Facts');
    this.totals = table('Totals');

    // Queues and topics ---------------------------------------------------------------
    this.ingestQueues = new QueueWithDlq(this, 'Ingest', {
      visibilityTimeout: Duration.seconds(INGEST_TIMEOUT.toSeconds() * 6),
    });
    this.recomputeQueues = new QueueWithDlq(this, 'Recompute', {
      fifo: true,
      visibilityTimeout: Duration.seconds(AGGREGATE_TIMEOUT.toSeconds() * 6),
    });

    // One customer-managed key for both topics: CloudWatch alarms can only publish to an
    // encrypted topic whose key policy lets cloudwatch.amazonaws.com use the key, which the
    // AWS-managed aws/sns key does not.
    const topicKey = new kms.Key(this, 'TopicKey', {
      description: 'parkstats SNS topics (bureau notices, ops alarms)',
      enableKeyRotation: true,
      removalPolicy,
    });
    topicKey.grant(
      new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey',
    );
    this.bureauTopic = new sns.Topic(this, 'BureauTopic', {
      displayName: 'parkstats 园区统计月报',
      masterKey: topicKey,
      enforceSSL: true,
    });
    this.opsTopic = new sns.Topic(this, 'OpsTopic', {
      displayName: 'parkstats alarms',
      masterKey: topicKey,
      enforceSSL: true,
    });
    for (const email of config.bureauEmails) {
      this.bureauTopic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    if (config.alarmEmail)
      this.opsTopic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));

    // Functions -----------------------------------------------------------------------
    const environment = {
      PARKSTATS_UPLOAD_BUCKET: this.uploads.bucketName,
      PARKSTATS_REPORTS_BUCKET: this.reports.bucketName,
      PARKSTATS_FACTS_TABLE: this.facts.tableName,
      PARKSTATS_TOTALS_TABLE: this.totals.tableName,
      PARKSTATS_RECOMPUTE_QUEUE_URL: this.recomputeQueues.queue.queueUrl,
      PARKSTATS_BUREAU_TOPIC_ARN: this.bureauTopic.topicArn,
    };
    const fnDefaults = { environment, logRetention, removalPolicy };
    this.ingest = new PipelineFunction(this, 'IngestFn', {
      ...fnDefaults,
      entry: path.join(repoRoot, 'functions/ingest/handler.ts'),
      description:
        'parkstats ingest: validate an uploaded CSV, write facts, request recompute, write receipt',
      timeout: INGEST_TIMEOUT,
      memorySize: 1024,
    });
    this.aggregate = new PipelineFunction(this, 'AggregateFn', {
      ...fnDefaults,
      entry: path.join(repoRoot, 'functions/aggregate/handler.ts'),
      description: 'parkstats aggregate: recompute park indicators for a park and year',
      timeout: AGGREGATE_TIMEOUT,
    });
    this.report = new PipelineFunction(this, 'ReportFn', {
      ...fnDefaults,
      entry: path.join(repoRoot, 'functions/report/handler.ts'),
      description: 'parkstats report: render the monthly park report and notify the bureau',
      timeout: Duration.minutes(5),
      memorySize: 1024,
    });

    // Least privilege: each function gets exactly what it calls, objects scoped by prefix.
    // S3 object permissions can only be narrowed by key prefix, and the grant* helpers
    // use action families (s3:GetObject* = GetObject + GetObjectVersion + …): both show up
    // as wildcards in cdk-nag and are acknowledged right here with the reason.
    this.uploads.grantRead(this.ingest.fn, 'uploads/*');
    this.uploads.grantRead(this.ingest.fn, 'reference/*');
    this.uploads.grantPut(this.ingest.fn, 'receipts/*');
    // A deleted upload takes its receipts with it (DeleteObjects on the .json and .txt).
    this.uploads.grantDelete(this.ingest.fn, 'receipts/*');
    // Exact DynamoDB actions rather than grantReadWriteData, which adds Scan, BatchWriteItem
    // and the Streams reads that no handler calls.
    this.facts.grant(this.ingest.fn, ...FACTS_WRITER_ACTIONS);
    this.recomputeQueues.queue.grantSendMessages(this.ingest.fn);
    const uploadsArn = nagArn(this.uploads);
    acknowledgeNag(this.ingest.role, {
      ...S3_READ_ACTIONS,
      ...S3_PUT_ACTIONS,
      [`IAM5[Resource::${uploadsArn}/uploads/*]`]:
        'Reads the uploaded files: every enterprise key under uploads/.',
      [`IAM5[Resource::${uploadsArn}/reference/*]`]:
        'Reads the park register and county totals under reference/.',
      [`IAM5[Resource::${uploadsArn}/receipts/*]`]:
        'Writes (and, for a deleted upload, deletes) the receipts under receipts/, nowhere else.',
      'IAM5[Action::s3:DeleteObject*]': 'grantDelete: DeleteObject and its version form, on receipts/* only.',
    });

    this.facts.grant(this.aggregate.fn, ...TABLE_READ_ACTIONS);
    this.totals.grant(this.aggregate.fn, ...TABLE_READ_ACTIONS, 'dynamodb:PutItem', 'dynamodb:DeleteItem');

    this.facts.grant(this.report.fn, ...TABLE_READ_ACTIONS);
    this.totals.grant(this.report.fn, ...TABLE_READ_ACTIONS);
    // Open soft warnings: the report reads the receipts and the uploaded rows they point at.
    this.uploads.grantRead(this.report.fn, 'uploads/*');
    this.uploads.grantRead(this.report.fn, 'receipts/*');
    this.reports.grantRead(this.report.fn, 'reports/*');
    this.reports.grantPut(this.report.fn, 'reports/*');
    this.bureauTopic.grantPublish(this.report.fn);
    acknowledgeNag(this.report.role, {
      ...S3_READ_ACTIONS,
      ...S3_PUT_ACTIONS,
      [`IAM5[Resource::${nagArn(this.reports)}/reports/*]`]:
        'Reads the previous revision and writes the new one under reports/{park}/{period}/.',
      [`IAM5[Resource::${uploadsArn}/uploads/*]`]:
        'Reads the uploaded rows behind the open soft warnings listed in the report.',
      [`IAM5[Resource::${uploadsArn}/receipts/*]`]: 'Reads the receipts to list the open soft warnings.',
      'IAM5[Action::kms:GenerateDataKey*]':
        'Publishing to the KMS-encrypted bureau topic needs a data key; granted on the topic key only.',
    });

    // Events --------------------------------------------------------------------------
    const toIngest = new s3n.SqsDestination(this.ingestQueues.queue);
    this.uploads.addEventNotification(s3.EventType.OBJECT_CREATED, toIngest, { prefix: 'uploads/' });
    // A deleted upload retracts the facts that still come from it.
    this.uploads.addEventNotification(s3.EventType.OBJECT_REMOVED, toIngest, { prefix: 'uploads/' });
    this.uploads.addEventNotification(s3.EventType.OBJECT_CREATED, toIngest, { prefix: 'reference/' });

    acknowledgeCdkNotificationHandler(this);

    // maxConcurrency caps parallel ingests at what a new on-demand table absorbs without
    // throttling (about 4,000 writes/s), without reserving account concurrency.
    this.ingest.fn.addEventSource(
      new SqsEventSource(this.ingestQueues.queue, {
        batchSize: 10,
        maxConcurrency: 20,
        reportBatchItemFailures: true,
      }),
    );
    // FIFO: one message group per park is processed in order; two parallel pollers suffice
    // and keep totals writes serialized per park.
    this.aggregate.fn.addEventSource(
      new SqsEventSource(this.recomputeQueues.queue, {
        batchSize: 10,
        maxConcurrency: 2,
        reportBatchItemFailures: true,
      }),
    );

    // One schedule per configured park, in the bureau's time zone, sharing one role; a park
    // that fails is retried on its own. The input is functions/report/report-event.ts's
    // ReportEvent: no period means the month before the run.
    const scheduleRole = new iam.Role(this, 'ReportScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'EventBridge Scheduler: invoke the parkstats report function',
    });
    acknowledgeNag(scheduleRole, {
      [`IAM5[Resource::${nagArn(this.report.fn)}:*]`]:
        'LambdaInvoke grants the report function and its versions/aliases (ARN:*); this one function only.',
    });
    for (const park of config.parks.parks) {
      new scheduler.Schedule(this, `ReportSchedule-${park.id}`, {
        description: `parkstats monthly report for ${park.id} (${park.name})`,
        schedule: scheduler.ScheduleExpression.expression(
          config.reportSchedule,
          TimeZone.of(config.reportTimeZone),
        ),
        target: new targets.LambdaInvoke(this.report.fn, {
          input: scheduler.ScheduleTargetInput.fromObject({ parks: [park.id] }),
          retryAttempts: 3,
          role: scheduleRole,
        }),
      });
    }

    // Observability -------------------------------------------------------------------
    new PipelineMonitoring(this, 'Monitoring', {
      dashboardName: `parkstats-${config.stage}`,
      alarmTopic: this.opsTopic,
      functions: { Ingest: this.ingest.fn, Aggregate: this.aggregate.fn, Report: this.report.fn },
      queues: [
        { label: 'Ingest', queues: this.ingestQueues, maxMessageAge: Duration.minutes(15) },
        { label: 'Recompute', queues: this.recomputeQueues, maxMessageAge: Duration.minutes(15) },
      ],
    });

    // Outputs -------------------------------------------------------------------------
    const output = (outputId: string, value: string, description: string) =>
      new CfnOutput(this, outputId, { value, description });
    output('UploadBucketName', this.uploads.bucketName, 'uploads/, reference/ and receipts/');
    output('ReportsBucketName', this.reports.bucketName, 'reports/{park}/{period}/');
    output('FactsTableName', this.facts.tableName, 'PARKSTATS_FACTS_TABLE for the CLI');
    output('TotalsTableName', this.totals.tableName, 'PARKSTATS_TOTALS_TABLE for the CLI');
    output('BureauTopicArn', this.bureauTopic.topicArn, 'subscribe the county bureau here');
    output('OpsTopicArn', this.opsTopic.topicArn, 'alarm notifications');
    output(
      'IngestDlqArn',
      this.ingestQueues.deadLetterQueue.queueArn,
      'redrive source (start-message-move-task)',
    );
    output(
      'RecomputeDlqArn',
      this.recomputeQueues.deadLetterQueue.queueArn,
      'redrive source (start-message-move-task)',
    );
  }
}
