import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type RowOwners, readRowOwners } from '../../core/ingest/row-owners.js';
import { compareSequencers } from '../../core/ingest/upload-key.js';
import { createEnterpriseStatusReader } from '../../functions/adapters/enterprise-status-reader.js';
import { createObjectSource } from '../../functions/adapters/object-source.js';
import { createReceiptReader } from '../../functions/adapters/receipt-reader.js';
import type { FactItem, RegisterItem } from '../../schemas/facts.js';
import type { Finding } from '../../schemas/finding.js';
import type { Park } from '../../schemas/park-config.js';
import type { Receipt } from '../../schemas/receipt.js';
import { commandRequest, parkAndPeriod } from '../args.js';
import { type EnvCommandIo, processEnvIo } from '../io.js';
import { awsClientConfig, type CliEnv, resolveCliEnv } from '../local-env.js';

export const usage = `用法 Usage: parkstats status --park <园区ID> --period <YYYY-MM> [--json]

园区某统计期的填报情况: 应报企业 (企业名录), 已报, 缺报, 以及尚未说明的核实性提示.
(A park's reporting status for one period: expected, reporting and missing enterprises, open soft warnings.)
  --park     园区ID, config/parks.json 中的 id (park id), 例如 shuangpai
  --period   统计期 (period), 例如 2017-11
  --json     输出 JSON (machine-readable)

提示写了"情况说明"即为已说明, 不再算待核实 (a warning answered by a 情况说明 is explained, not open).
未设置 AWS_ENDPOINT_URL_* 或 PARKSTATS_* 环境变量时, 读取本机 parkstats local.
(Without AWS_ENDPOINT_URL_* or PARKSTATS_* variables it reads a running \`parkstats local\`.)`;

export interface Enterprise {
  uscc: string;
  name: string;
}

/** A soft warning of a reporting enterprise's row of the period, from the receipt of the upload its fact came from. */
export interface EnterpriseWarning extends Enterprise {
  source_key: string;
  row: number;
  column: string | null;
  rule: string;
  message: string;
  message_en: string;
  /** The 情况说明 that explains it; absent when the warning is open. */
  note?: string;
}

/** Warnings of an upload that could not be tied to one enterprise of the period, and why. */
export interface UnattributedWarnings {
  source_key: string;
  reason: string;
  reason_en: string;
  warnings: Finding[];
}

/** What `parkstats status --json` prints. */
export interface ParkStatus {
  park: string;
  park_name: string;
  period: string;
  /** Enterprises in the register; null when no register was uploaded. */
  expected: number | null;
  reporting: (Enterprise & { source_key: string })[];
  missing: Enterprise[];
  open_warnings: EnterpriseWarning[];
  explained_warnings: EnterpriseWarning[];
  unattributed: UnattributedWarnings[];
  summary: string;
}

/** Spreadsheet row → the enterprise and period of that row in an uploaded file. */

/** Where the status reads from beyond the facts: receipts, and the uploaded files for their row numbers. */
export interface StatusSources {
  facts: FactItem[];
  register: RegisterItem | null;
  receipt(uploadKey: string): Promise<Receipt | null>;
  /** Row owners of an uploaded enterprise file, or null when the object is gone. */
  rowOwners(uploadKey: string, versionId: string | null): Promise<RowOwners | null>;
}

export type StatusIo = EnvCommandIo;

/** `parkstats status`: 0 printed, 1 the table or bucket cannot be read, 2 usage error. */
export async function run(args: string[], io: StatusIo = processEnvIo): Promise<number> {
  const parsed = await commandRequest(args, usage, io, parseRequest);
  if ('exit' in parsed) return parsed.exit;
  const request = parsed.request;
  const { park, period } = request;
  const cli = resolveCliEnv(io.env);
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient(awsClientConfig(cli, 'DYNAMODB')));
  const s3 = new S3Client(awsClientConfig(cli, 'S3'));
  let status: ParkStatus;
  try {
    status = await parkStatus(park, period, await awsSources(cli, dynamo, s3, park.id, period));
  } catch (error) {
    io.err(`${readFailure(error, cli)}\n`);
    return 1;
  } finally {
    dynamo.destroy();
    s3.destroy();
  }
  io.out(request.json ? `${JSON.stringify(status, null, 2)}\n` : renderStatus(status));
  return 0;
}

function parseRequest(args: string[]): { park: Park; period: string; json: boolean } {
  const { values } = parseArgs({
    args,
    options: {
      park: { type: 'string' },
      period: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const { park, period } = parkAndPeriod(values);
  return { park, period, json: values.json === true };
}

async function awsSources(
  cli: CliEnv,
  dynamo: DynamoDBDocumentClient,
  s3: S3Client,
  park: string,
  period: string,
): Promise<StatusSources> {
  const bucket = cli.env.PARKSTATS_UPLOAD_BUCKET ?? '';
  const reader = createEnterpriseStatusReader(dynamo, cli.env.PARKSTATS_FACTS_TABLE ?? '');
  const receipts = createReceiptReader(s3, bucket);
  const objects = createObjectSource(s3, bucket);
  const [facts, register] = await Promise.all([reader.factsOfPeriod(park, period), reader.register(park)]);
  return {
    facts,
    register,
    receipt: (key) => receipts.receipt(key),
    async rowOwners(key, versionId) {
      const body = await objects.open(key, versionId);
      return body === null ? null : readRowOwners(body, { key });
    },
  };
}

/**
 * Who has reported for the period, who is missing against the register, and the soft
 * warnings of the reporting rows. A fact names the upload it came from; that upload's
 * receipt lists warnings by row number. An enterprise's own file of one period needs nothing
 * more; any other file (the office's, or several periods) is read again to learn whose row each is.
 */
export async function parkStatus(park: Park, period: string, sources: StatusSources): Promise<ParkStatus> {
  const reporting = [...sources.facts]
    .sort((a, b) => a.uscc.localeCompare(b.uscc))
    .map((fact) => ({ uscc: fact.uscc, name: fact.name, source_key: fact.source_key }));
  const reportingUscc = new Set(reporting.map((e) => e.uscc));
  const missing = (sources.register?.entries ?? [])
    .filter((entry) => !reportingUscc.has(entry.uscc))
    .map((entry) => ({ uscc: entry.uscc, name: entry.name }))
    .sort((a, b) => a.uscc.localeCompare(b.uscc));

  const warnings: EnterpriseWarning[] = [];
  const unattributed: UnattributedWarnings[] = [];
  for (const [key, facts] of groupBy(sources.facts, (fact) => fact.source_key)) {
    const found = await warningsOfUpload(key, facts, period, sources);
    warnings.push(...found.warnings);
    if (found.unattributed !== null) unattributed.push(found.unattributed);
  }
  warnings.sort((a, b) => a.uscc.localeCompare(b.uscc) || a.row - b.row);

  const expected = sources.register === null ? null : sources.register.entries.length;
  return {
    park: park.id,
    park_name: park.name,
    period,
    expected,
    reporting,
    missing,
    open_warnings: warnings.filter((w) => w.note === undefined),
    explained_warnings: warnings.filter((w) => w.note !== undefined),
    unattributed,
    summary:
      expected === null
        ? `已报 ${reporting.length} 家（未上传企业名录，无法核对缺报）`
        : `应报 ${expected} 家，已报 ${reporting.length} 家，缺报 ${missing.length} 家`,
  };
}

async function warningsOfUpload(
  key: string,
  facts: FactItem[],
  period: string,
  sources: StatusSources,
): Promise<{ warnings: EnterpriseWarning[]; unattributed: UnattributedWarnings | null }> {
  const none = { warnings: [], unattributed: null };
  const receipt = await sources.receipt(key);
  if (receipt === null) {
    return {
      warnings: [],
      unattributed: unattributedOf(
        key,
        '回执缺失，无法列出提示',
        'the receipt is missing; warnings unknown',
        [],
      ),
    };
  }
  // A later upload of the same name may have been rejected, or held only some of these rows:
  // the receipt speaks only for the facts that came from the upload it is for.
  const current = facts.filter((fact) => compareSequencers(fact.source_sequencer, receipt.sequencer) === 0);
  const first = current[0];
  if (first === undefined) {
    return {
      warnings: [],
      unattributed: unattributedOf(
        key,
        '回执属于同名文件的另一次上传，无法列出已入库数据的提示',
        'the receipt is of another upload of this name; the stored rows’ warnings are unknown',
        [],
      ),
    };
  }
  if (receipt.warnings.length === 0) return none;

  const byUscc = new Map(current.map((fact) => [fact.uscc, fact]));
  const fileLevel = receipt.warnings.filter((w) => w.row === null);
  const rowWarnings = receipt.warnings.filter((w) => w.row !== null);
  const singleEnterprise =
    receipt.enterprise !== null && receipt.enterprise !== '_office' && receipt.periods.length === 1;
  const owners: RowOwners | null = singleEnterprise
    ? null
    : await sources.rowOwners(key, first.source_version);
  if (!singleEnterprise && owners === null) {
    return {
      warnings: [],
      unattributed: unattributedOf(
        key,
        '上传文件已不存在，无法把提示的行号对应到企业',
        'the uploaded file is gone; row numbers cannot be tied to enterprises',
        receipt.warnings,
      ),
    };
  }
  const warnings: EnterpriseWarning[] = [];
  for (const warning of rowWarnings) {
    const owner =
      owners === null
        ? { uscc: receipt.enterprise ?? '', period: receipt.periods[0] }
        : owners.get(warning.row ?? 0);
    if (owner?.period !== period) continue;
    const fact = byUscc.get(owner.uscc);
    if (fact === undefined) continue;
    warnings.push({
      uscc: fact.uscc,
      name: fact.name,
      source_key: key,
      row: warning.row ?? 0,
      column: warning.column,
      rule: warning.rule,
      message: warning.message,
      message_en: warning.message_en,
      ...(warning.note === undefined ? {} : { note: warning.note }),
    });
  }
  return {
    warnings,
    unattributed:
      fileLevel.length === 0
        ? null
        : unattributedOf(key, '针对整个文件的提示', 'warnings about the whole file', fileLevel),
  };
}

const unattributedOf = (
  source_key: string,
  reason: string,
  reason_en: string,
  warnings: Finding[],
): UnattributedWarnings => ({ source_key, reason, reason_en, warnings });

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

/** The Chinese view for the park office: the one-line summary first, then the lists. */
export function renderStatus(status: ParkStatus): string {
  const lines = [
    `${status.park_name} (${status.park}) ${status.period} 填报情况 (reporting status)`,
    status.summary,
  ];
  if (status.expected !== null) {
    lines.push('', `缺报企业 (missing): ${status.missing.length} 家`);
    lines.push(...status.missing.map((e) => `  ${e.uscc}  ${e.name}`));
  } else {
    lines.push(
      `请上传企业名录 reference/${status.park}/enterprises.csv (upload the register to see who is missing)`,
    );
  }
  lines.push('', `已报企业 (reporting): ${status.reporting.length} 家`);
  lines.push(...status.reporting.map((e) => `  ${e.uscc}  ${e.name}  ← ${e.source_key}`));
  lines.push('', `待核实提示 (open soft warnings): ${status.open_warnings.length} 条`);
  lines.push(...status.open_warnings.map(describeWarning));
  if (status.explained_warnings.length > 0) {
    lines.push('', `已说明的提示 (explained by 情况说明): ${status.explained_warnings.length} 条`);
    lines.push(...status.explained_warnings.map((w) => `${describeWarning(w)}（已说明：${w.note ?? ''}）`));
  }
  for (const group of status.unattributed) {
    lines.push(
      '',
      `未能对应到企业 (not attributed) ${group.source_key}: ${group.reason} (${group.reason_en})`,
    );
    lines.push(...group.warnings.map((w) => `  ${w.row === null ? '' : `第 ${w.row} 行 `}${w.message}`));
  }
  return `${lines.join('\n')}\n`;
}

function describeWarning(w: EnterpriseWarning): string {
  const column = w.column === null ? '' : ` “${w.column}”列`;
  return `  ${w.uscc}  ${w.name}  第 ${w.row} 行${column}：${w.message}`;
}

function readFailure(error: unknown, cli: CliEnv): string {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const hint =
    cli.source === 'local-defaults'
      ? '请先在另一个终端运行 parkstats local, 或设置 parkstats local 打印的环境变量.\n' +
        'Start `parkstats local` in another terminal, or export the variables it prints.'
      : '请检查 AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_S3, PARKSTATS_FACTS_TABLE, PARKSTATS_UPLOAD_BUCKET 与 AWS 凭证.\n' +
        'Check the endpoints, PARKSTATS_FACTS_TABLE, PARKSTATS_UPLOAD_BUCKET and the AWS credentials.';
  return `无法读取填报情况: ${reason}\nCannot read the reporting status.\n${hint}`;
}
