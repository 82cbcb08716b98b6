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
export const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
