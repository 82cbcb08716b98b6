import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { buildReportPublisher } from '../functions/report/build-report-publisher.js';
import type { PublicationResult } from '../functions/report/publish-service.js';
import type { Park } from '../schemas/park-config.js';
import type { CommandIo } from './io.js';
import { awsClientConfig, type CliEnv } from './local-env.js';

/**
 * `parkstats report --publish`: the report function's publication, run in this process against
 * the resolved environment (a local stack or AWS). Prints the revision and its object keys.
 * 0 published or unchanged, 1 no totals or a failure (explained, no stack trace).
 */
export async function publishReport(cli: CliEnv, park: Park, period: string, io: CommandIo): Promise<number> {
  const { env } = cli;
  const publisher = buildReportPublisher(
    {
      s3: new S3Client(awsClientConfig(cli, 'S3')),
      dynamo: DynamoDBDocumentClient.from(new DynamoDBClient(awsClientConfig(cli, 'DYNAMODB'))),
      sns: new SNSClient(awsClientConfig(cli, 'SNS')),
    },
    {
      uploadBucket: env.PARKSTATS_UPLOAD_BUCKET ?? '',
      reportsBucket: env.PARKSTATS_REPORTS_BUCKET ?? '',
      factsTable: env.PARKSTATS_FACTS_TABLE ?? '',
      totalsTable: env.PARKSTATS_TOTALS_TABLE ?? '',
      bureauTopicArn: env.PARKSTATS_BUREAU_TOPIC_ARN,
    },
  );
  let result: PublicationResult;
  try {
    result = await publisher.publish(park, period);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.err(`发布失败 (publication failed): ${reason}\n`);
    return 1;
  }
  io.out(publicationText(result, env.PARKSTATS_REPORTS_BUCKET ?? ''));
  return result.status === 'no-totals' ? 1 : 0;
}

export function publicationText(result: PublicationResult, bucket: string): string {
  if (result.status === 'no-totals') {
    return `没有 ${result.park} ${result.period} 的汇总数据, 未发布.\nNo totals for ${result.park} ${result.period}; nothing published.\n`;
  }
  const { keys } = result;
  const files = [keys.json, keys.csv, keys.xlsx, keys.html].map((key) => `  s3://${bucket}/${key}`);
  if (result.status === 'unchanged') {
    return [
      `数据未变, 第 ${result.revision} 版仍为最新 (unchanged, revision ${result.revision}):`,
      ...files,
      ...(result.notified ? ['已补发该版通知 (the notice an earlier run failed to send was sent).'] : []),
      '',
    ].join('\n');
  }
  const lines = [`已发布第 ${result.revision} 版 (published revision ${result.revision}):`, ...files];
  if (result.revision > 1) {
    lines.push(`变动 ${result.changes.length} 项 (changes):`);
    for (const c of result.changes) lines.push(`  ${c.label}: ${c.before ?? '—'} → ${c.after ?? '—'}`);
    lines.push('原因 (causes):', ...result.causes.map((cause) => `  ${cause}`));
  }
  lines.push(
    result.notified
      ? '已通知统计局 (bureau notified).'
      : '未设置 PARKSTATS_BUREAU_TOPIC_ARN, 未发送通知 (no bureau topic configured; no notice sent).',
    '',
  );
  return lines.join('\n');
}
