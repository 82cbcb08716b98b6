import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { localStackStats } from './local-stack-env.js';
import type { ScenarioDriver } from './scenario-driver.js';

/**
 * Shared helpers of the hostile-input integration tests: well-formed file bodies (so that a
 * rejection can only come from the key or the one flaw a case adds), the pipeline counters
 * that tell a crash or a dead-lettered record, and reads of the uploads bucket.
 */

export const HOSTILE_HEADER =
  '统一社会信用代码,企业名称,统计期,工业总产值(万元),工业增加值(万元),实缴税金(万元)';

/** A file every rule accepts, with one row per USCC for `period`. */
export function validMonthlyCsv(usccs: readonly string[], period: string): string {
  const rows = usccs.map((uscc, i) => `${uscc},双牌县第${i + 1}测试有限公司,${period},1200.5,310.25,18`);
  return `${HOSTILE_HEADER}\r\n${rows.join('\r\n')}\r\n`;
}

/** The counters of the stack that a crash, a retry or a dead-lettered record would move. */
export interface FailureCounters {
  ingestRecordsFailed: number;
  ingestDeadLetterMoves: number;
  recomputeDeadLetterMoves: number;
}

export async function failureCounters(): Promise<FailureCounters> {
  const stats = await localStackStats();
  return {
    ingestRecordsFailed: stats.pollers.ingest?.recordsFailed ?? 0,
    ingestDeadLetterMoves: stats.deadLetterMoves.ingest,
    recomputeDeadLetterMoves: stats.deadLetterMoves.recompute,
  };
}

/**
 * Every key of the uploads bucket under `prefix`, as S3 lists it. s3rver lists by walking its
 * directory tree (readdir, then stat each entry), which fails the whole listing with an
 * InternalError when a file changes under it; one run in several saw that, so a listing is
 * retried a few times before it counts as a failure.
 */
export async function listKeys(prefix: string, attempts = 6): Promise<string[]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await listKeysOnce(prefix);
    } catch (error) {
      if (attempt >= attempts || !(error instanceof Error) || error.name !== 'InternalError') throw error;
      // s3rver walks its directories and reads each object's metadata; a file that changes
      // under the walk (a receipt written or removed meanwhile) fails the whole listing.
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

async function listKeysOnce(prefix: string): Promise<string[]> {
  const s3 = new S3Client({});
  try {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket: process.env.PARKSTATS_UPLOAD_BUCKET,
          Prefix: prefix,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
      token = page.NextContinuationToken;
    } while (token !== undefined);
    return keys;
  } finally {
    s3.destroy();
  }
}

/** The totals items of `periods`, as stored: compared before and after hostile uploads. */
export async function totalsSnapshot(driver: ScenarioDriver, periods: readonly string[]) {
  return Promise.all(periods.map(async (period) => [period, await driver.totals(period)] as const));
}

/** The 12 periods of a year, `YYYY-MM`. */
export function periodsOf(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

/** An object of the uploads bucket as text, or null when there is none. */
export async function readText(key: string): Promise<string | null> {
  const s3 = new S3Client({});
  try {
    const object = await s3.send(
      new GetObjectCommand({ Bucket: process.env.PARKSTATS_UPLOAD_BUCKET, Key: key }),
    );
    return (await object.Body?.transformToString('utf-8')) ?? null;
  } catch (error) {
    if (error instanceof NoSuchKey) return null;
    throw error;
  } finally {
    s3.destroy();
  }
}
