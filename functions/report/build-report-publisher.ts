import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createBureauNotifier } from '../adapters/bureau-notifier.js';
import { createObjectSource } from '../adapters/object-source.js';
import { createParkDataReader, StoredItemInvalidError } from '../adapters/park-data-reader.js';
import { createReceiptReader } from '../adapters/receipt-reader.js';
import { createReportStore } from '../adapters/report-store.js';
import { createTotalsRepository } from '../adapters/totals-repository.js';
import { createReportPublisher, type ReportPublisher } from './publish-service.js';

export interface ReportResources {
  uploadBucket: string;
  reportsBucket: string;
  factsTable: string;
  totalsTable: string;
  /** No topic: publications are written but nobody is notified. */
  bureauTopicArn: string | undefined;
}

/**
 * The publisher over real AWS clients. The Lambda passes its module-scope clients and config;
 * `parkstats report --publish` passes clients built from the CLI's environment.
 */
export function buildReportPublisher(
  clients: { s3: S3Client; dynamo: DynamoDBDocumentClient; sns: SNSClient },
  resources: ReportResources,
  now: () => Date = () => new Date(),
): ReportPublisher {
  const receipts = createReceiptReader(clients.s3, resources.uploadBucket);
  return createReportPublisher({
    totals: createTotalsRepository(clients.dynamo, resources.totalsTable),
    facts: createParkDataReader(clients.dynamo, resources.factsTable),
    store: createReportStore(clients.s3, resources.reportsBucket),
    warnings: {
      // A receipt that is not a valid receipt only costs the report that upload's warnings.
      receipts: {
        receipt: (key) =>
          receipts.receipt(key).catch((error: unknown) => {
            if (error instanceof StoredItemInvalidError) return null;
            throw error;
          }),
      },
      uploads: createObjectSource(clients.s3, resources.uploadBucket),
      now,
    },
    notifier: createBureauNotifier({
      s3: clients.s3,
      sns: clients.sns,
      reportsBucket: resources.reportsBucket,
      topicArn: resources.bureauTopicArn,
    }),
    now,
  });
}
