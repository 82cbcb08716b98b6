import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DEMO_DATA_DIR, readManifest } from './manifest.js';

/** What the demo needs from a running stack (`parkstats local` provides it). */
export interface DemoStack {
  /** The environment `parkstats local` prints: endpoints, credentials, bucket names. */
  env: Record<string, string>;
  /** Resolves once the pipeline has processed everything uploaded so far; rejects after `timeoutMs`. */
  waitForIdle(timeoutMs?: number): Promise<void>;
}

export interface RunDemoOptions {
  /** Where the data set lives; the committed one by default. */
  dataDir?: string;
  /** An S3 client to use instead of one built from `stack.env` (tests). */
  s3?: S3Client;
  /** Progress lines; stderr by default. */
  log?: (line: string) => void;
}

/** 81 files take about 25 s on a laptop; a slow CI machine gets room before the demo gives up. */
const IDLE_TIMEOUT_MS = 180_000;

export interface DemoRun {
  park: string;
  period: string;
  uploaded: number;
}

/**
 * Built from the stack's env object rather than process.env, so the demo can drive a
 * stack started in the same process without touching the handlers' environment.
 */
function s3FromEnv(env: Record<string, string>): S3Client {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  return new S3Client({
    region: env.AWS_REGION ?? 'us-east-1',
    ...(env.AWS_ENDPOINT_URL_S3 ? { endpoint: env.AWS_ENDPOINT_URL_S3 } : {}),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
    ...(env.AWS_REQUEST_CHECKSUM_CALCULATION === 'WHEN_REQUIRED'
      ? { requestChecksumCalculation: 'WHEN_REQUIRED' as const }
      : {}),
  });
}

/**
 * Loads the 双牌 demo into a running stack: uploads every file in manifest order
 * (reference files, 2016, then 2017 month by month, the rejected June file before its
 * correction), one at a time so that S3 event times follow that order, then waits until
 * the pipeline is idle. The report for the manifest's period is then ready to read.
 */
export async function runDemo(stack: DemoStack, options: RunDemoOptions = {}): Promise<DemoRun> {
  const dataDir = options.dataDir ?? DEMO_DATA_DIR;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const bucket = stack.env.PARKSTATS_UPLOAD_BUCKET;
  if (!bucket) throw new Error('PARKSTATS_UPLOAD_BUCKET is not set in the stack environment');
  const s3 = options.s3 ?? s3FromEnv(stack.env);
  const manifest = await readManifest(dataDir);

  const total = manifest.uploads.length;
  log(`双牌演示数据 / 双牌 demo: 上传 ${total} 个文件 / uploading ${total} files to s3://${bucket}`);
  for (const [index, upload] of manifest.uploads.entries()) {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: upload.key,
        Body: await readFile(join(dataDir, upload.key)),
        ContentType: 'text/csv',
      }),
    );
    const expectation =
      upload.expect === 'rejected' ? `  (应被拒收 / expected rejected: ${upload.rule})` : '';
    log(`  [${String(index + 1).padStart(String(total).length)}/${total}] ${upload.key}${expectation}`);
  }
  log('等待处理完成 / waiting for the pipeline to finish …');
  await stack.waitForIdle(IDLE_TIMEOUT_MS);
  log(`完成 / done: 园区 ${manifest.park} 统计期 ${manifest.period} 的报表已就绪 / report ready`);
  return { park: manifest.park, period: manifest.period, uploaded: total };
}
