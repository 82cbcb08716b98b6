import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * AWS clients, built once per process. Region, credentials and endpoints come from the
 * standard environment (AWS_REGION, AWS_ENDPOINT_URL_S3, …), which is how `parkstats local`
 * points the same code at the emulators.
 */
export const s3 = new S3Client({});
export const sqs = new SQSClient({});
export const sns = new SNSClient({});
/**
 * The ingest writes one conditional PutItem per row, up to 16 at a time for each of the 10
 * records of a batch: the SDK's default pool of 50 sockets would queue (and warn about) the rest.
 */
const DYNAMODB_MAX_SOCKETS = 160;

export const dynamo = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    requestHandler: {
      httpAgent: { maxSockets: DYNAMODB_MAX_SOCKETS },
      httpsAgent: { maxSockets: DYNAMODB_MAX_SOCKETS },
    },
  }),
  {
    marshallOptions: { removeUndefinedValues: true },
  },
);
