/**
 * The fixed workload of the fault-injection suite and the state it leaves, compared with
 * that of a clean run. Year 2023 of a private stack: 12 enterprises × January–March, each
 * month its own file; two office files for four more enterprises; then one correction (a
 * new version of a file) and one deletion.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { receiptKeys } from '../../core/receipts/receipt-keys.js';
import type { CreatedResources } from '../../local/resources.js';
import { monthlyCsv } from './scenario-csv.js';
import { enterpriseKey, officeKey, type ScenarioDriver, type UploadFile } from './scenario-driver.js';
import { makeUscc } from './uscc.js';

export const WORKLOAD_YEAR = 2023;
const MONTHS = [1, 2, 3] as const;
const period = (month: number) => `${WORKLOAD_YEAR}-0${month}`;

const enterprises = Array.from({ length: 12 }, (_, index) => makeUscc(2023_15_00 + index));
const officeEnterprises = Array.from({ length: 4 }, (_, index) => makeUscc(2023_16_00 + index));

/** Amounts in 万元 with two decimals, so the sums are exact only in decimal arithmetic. */
function enterpriseFile(index: number, month: number, correction = 0): UploadFile {
  const uscc = enterprises[index] ?? '';
  return {
    key: enterpriseKey(uscc, `${WORKLOAD_YEAR}年${month}月报表`),
    body: monthlyCsv([
      {
        uscc,
        period: period(month),
        output: `${120 + 13 * index + month + correction}.${(index * 7 + month) % 100}`,
        valueAdded: `${30 + index}.0${month}`,
        taxPaid: `${4 + (index % 5)}.${month}5`,
      },
    ]),
  };
}

function officeFile(name: string, members: readonly string[]): UploadFile {
  return {
    key: officeKey(name),
    body: monthlyCsv(
      MONTHS.flatMap((month) =>
        members.map((uscc, index) => ({
          uscc,
          period: period(month),
          output: `${800 + 11 * index + month}.25`,
          valueAdded: `${90 + index}.5`,
          taxPaid: `${12 + month}.75`,
        })),
      ),
    ),
  };
}

export interface Workload {
  /** Uploaded together, in any order. */
  first: UploadFile[];
  /** After the first wave is done: a new version of one file and the deletion of another. */
  correction: UploadFile;
  deletion: string;
}

export function workload(): Workload {
  const first = [
    ...enterprises.flatMap((_, index) => MONTHS.map((month) => enterpriseFile(index, month))),
    officeFile(`${WORKLOAD_YEAR}年一季度园区汇总甲`, officeEnterprises.slice(0, 2)),
    officeFile(`${WORKLOAD_YEAR}年一季度园区汇总乙`, officeEnterprises.slice(2)),
  ];
  return {
    first,
    correction: enterpriseFile(0, 2, 50),
    deletion: enterpriseFile(1, 3).key,
  };
}

/** Every key the workload touches. */
export function workloadKeys(load: Workload): string[] {
  return [...new Set(load.first.map((file) => file.key))].sort();
}

/**
 * Runs the workload through S3: the first wave (four PUTs at a time) while `duringFirstWave`
 * runs, wait, then the correction and the deletion, wait. The driver's stack decides when
 * the pipeline is done.
 */
export async function runWorkload(
  driver: ScenarioDriver,
  load: Workload,
  options: { settleTimeoutMs: number; duringFirstWave?: Promise<unknown> },
): Promise<void> {
  const { settleTimeoutMs } = options;
  await Promise.all([driver.uploadAll(load.first, 4, settleTimeoutMs), options.duringFirstWave]);
  await driver.settle(settleTimeoutMs);
  await driver.put(load.correction);
  await driver.remove(load.deletion);
  await driver.settle(settleTimeoutMs);
}

export interface DeadLetter {
  queue: 'ingest' | 'recompute';
  /** The S3 key or the (park, year) the message was about. */
  about: string;
  /** Receives before it was moved to the dead-letter queue. */
  receives: number;
}

/** What a run leaves, with the fields that differ between equal runs (times, sequencers, revisions) removed. */
export interface Snapshot {
  facts: Record<string, unknown>[];
  totals: Record<string, unknown>[];
  receipts: Record<string, Record<string, unknown> | null>;
  deadLetters: DeadLetter[];
}

const VOLATILE = new Set([
  'source_sequencer',
  'source_version',
  'source_event_time',
  'source_seq_sort',
  'source_order',
  'ingested_at',
  'computed_at',
  'revision',
  'content_hash',
  'sequencer',
  'version_id',
  'processed_at',
]);

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name]) => !VOLATILE.has(name))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, inner]) => [name, stable(inner)]),
  );
}

/** Reads facts, totals, receipts and both dead-letter queues (draining them). */
export async function takeSnapshot(resources: CreatedResources, keys: readonly string[]): Promise<Snapshot> {
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const s3 = new S3Client({});
  const sqs = new SQSClient({});
  try {
    const scan = async (table: string) => {
      const items: Record<string, unknown>[] = [];
      for await (const page of paginateScan({ client: dynamo }, { TableName: table, ConsistentRead: true }))
        for (const item of page.Items ?? []) items.push(stable(item) as Record<string, unknown>);
      return items.sort((a, b) => `${a.pk}/${a.sk}`.localeCompare(`${b.pk}/${b.sk}`));
    };
    const facts = (await scan(requiredEnv('PARKSTATS_FACTS_TABLE'))).filter((item) =>
      String(item.pk).startsWith('FACT#'),
    );
    const totals = await scan(requiredEnv('PARKSTATS_TOTALS_TABLE'));
    const receipts: Snapshot['receipts'] = {};
    for (const key of keys) receipts[key] = await readReceipt(s3, key);
    const deadLetters = [
      ...(await drain(sqs, resources.queues.ingest.deadLetterUrl, 'ingest')),
      ...(await drain(sqs, resources.queues.recompute.deadLetterUrl, 'recompute')),
    ];
    return { facts, totals, receipts, deadLetters };
  } finally {
    dynamo.destroy();
    s3.destroy();
    sqs.destroy();
  }
}

async function readReceipt(s3: S3Client, key: string): Promise<Record<string, unknown> | null> {
  try {
    const object = await s3.send(
      new GetObjectCommand({ Bucket: requiredEnv('PARKSTATS_UPLOAD_BUCKET'), Key: receiptKeys(key).json }),
    );
    return stable(JSON.parse((await object.Body?.transformToString()) ?? '')) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof NoSuchKey) return null;
    throw error;
  }
}

async function drain(sqs: SQSClient, queueUrl: string, queue: DeadLetter['queue']): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    if (Messages.length === 0) return letters;
    for (const message of Messages) {
      letters.push({
        queue,
        about: describeMessage(message.Body ?? ''),
        // Less this drain's own receive.
        receives: Number(message.Attributes?.ApproximateReceiveCount ?? 1) - 1,
      });
    }
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
  }
}

function describeMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as {
      Records?: Array<{ eventName?: string; s3?: { object?: { key?: string } } }>;
      park?: string;
      year?: number;
    };
    if (parsed.Records) {
      return parsed.Records.map(
        (record) => `${record.eventName} ${decodeURIComponent(record.s3?.object?.key ?? '')}`,
      ).join(', ');
    }
    return `recompute ${parsed.park} ${parsed.year}`;
  } catch {
    return body.slice(0, 200);
  }
}

/**
 * What differs between a clean run and a faulted one, one line per difference (empty when
 * equal): facts by (pk, sk), totals by period, receipts by key, and every dead letter.
 */
export function differences(clean: Snapshot, run: Snapshot): string[] {
  const lines: string[] = [];
  const byKey = (items: Record<string, unknown>[]) =>
    new Map(items.map((item) => [`${item.pk}/${item.sk}`, item]));
  const compare = (what: string, expected: Map<string, unknown>, actual: Map<string, unknown>) => {
    for (const [key, value] of expected) {
      if (!actual.has(key)) lines.push(`${what} ${key}: missing`);
      else {
        const changed = changedFields(value, actual.get(key));
        if (changed.length > 0) lines.push(`${what} ${key}: ${changed.join(', ')}`);
      }
    }
    for (const key of actual.keys()) if (!expected.has(key)) lines.push(`${what} ${key}: extra`);
  };
  compare('fact', byKey(clean.facts), byKey(run.facts));
  compare('totals', byKey(clean.totals), byKey(run.totals));
  compare('receipt', new Map(Object.entries(clean.receipts)), new Map(Object.entries(run.receipts)));
  for (const letter of run.deadLetters) {
    lines.push(`dead letter (${letter.queue}, ${letter.receives} receives): ${letter.about}`);
  }
  return lines;
}

/** `path: actual (clean: expected)` for every leaf that differs. */
function changedFields(expected: unknown, actual: unknown, path = ''): string[] {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null;
  if (isObject(expected) && isObject(actual) && !Array.isArray(expected) && !Array.isArray(actual)) {
    const names = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...names].flatMap((name) =>
      changedFields(expected[name], actual[name], path ? `${path}.${name}` : name),
    );
  }
  const [want, got] = [JSON.stringify(expected), JSON.stringify(actual)];
  return want === got ? [] : [`${path || 'value'}: ${got} (clean: ${want})`];
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`faults: the local stack env has no ${name}`);
  return value;
}
