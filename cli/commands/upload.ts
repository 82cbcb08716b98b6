import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { TextEncodingName } from '../../core/ingest/decode.js';
import { isValidUscc } from '../../core/ingest/uscc.js';
import { findPark, parks } from '../../core/parks.js';
import { renderReceiptText } from '../../core/receipts/render-receipt-text.js';
import { createReceiptReader, type ReceiptReader } from '../../functions/adapters/receipt-reader.js';
import type { Receipt } from '../../schemas/receipt.js';
import { commandRequest, UsageError } from '../args.js';
import { type EnvCommandIo, messageOf, processEnvIo } from '../io.js';
import { awsClientConfig, type CliEnv, resolveCliEnv } from '../local-env.js';

export const usage = `用法 Usage: parkstats upload FILE --park <园区ID> (--enterprise <统一社会信用代码> | --office) [--timeout 30] [--json]

上传一份月报 CSV 文件, 等待流水线的回执并打印 (uploads a monthly CSV file, waits for its receipt and prints it).
  --park        园区ID, config/parks.json 中的 id (park id), 例如 shuangpai
  --enterprise  本企业的统一社会信用代码: 文件中每一行都必须是本企业 (the enterprise's USCC)
  --office      园区统计上传的汇总文件, 可含园区内任何企业 (the park office's consolidated file)
  --timeout     等待回执的秒数 (seconds to wait for the receipt), 默认 30
  --json        打印回执 JSON (print the receipt JSON)

上传位置 (key): uploads/<园区ID>/<统一社会信用代码 或 _office>/<文件名>.
同名文件再次上传即为更正 (uploading the same name again corrects the earlier file).
未设置 AWS_ENDPOINT_URL_* 或 PARKSTATS_* 环境变量时, 上传到本机 parkstats local.
(Without AWS_ENDPOINT_URL_* or PARKSTATS_* variables it uploads to a running \`parkstats local\`.)

退出码 Exit code: 0 已接收 accepted (可有提示 warnings allowed), 1 已拒收 rejected,
                  2 用法错误 usage error, 3 未收到回执 no receipt (上传失败或超时 upload failed or timed out)`;

/** How often the receipt is looked for: well below the pipeline's seconds, cheap for S3. */
const POLL_INTERVAL_MS = 200;
const DEFAULT_TIMEOUT_SECONDS = 30;

export type UploadIo = EnvCommandIo;

interface UploadRequest {
  body: Buffer;
  key: string;
  timeoutMs: number;
  json: boolean;
}

/** `parkstats upload`: 0 accepted, 1 rejected, 2 usage error, 3 no receipt (upload failed or timed out). */
export async function run(args: string[], io: UploadIo = processEnvIo): Promise<number> {
  const parsed = await commandRequest(args, usage, io, parseRequest);
  if ('exit' in parsed) return parsed.exit;
  const request = parsed.request;

  const cli = resolveCliEnv(io.env);
  const bucket = cli.env.PARKSTATS_UPLOAD_BUCKET ?? '';
  const client = new S3Client(awsClientConfig(cli, 'S3'));
  try {
    // Taken before the PUT: a receipt processed earlier than this belongs to an earlier upload of the same name.
    const uploadedAt = new Date();
    let versionId: string | undefined;
    try {
      const put = await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: request.key,
          Body: request.body,
          ContentType: 'text/csv',
        }),
      );
      versionId = put.VersionId;
    } catch (error) {
      io.err(
        `无法上传到 ${bucket}/${request.key}: ${describeError(error)}\nCannot upload the file.\n${hint(cli)}\n`,
      );
      return 3;
    }
    io.err(`已上传 (uploaded) ${request.key}, 等待回执 (waiting for the receipt)…\n`);

    const reader = createReceiptReader(client, bucket);
    const isThisUpload = (receipt: Receipt) =>
      versionId !== undefined && receipt.version_id !== null
        ? receipt.version_id === versionId
        : Date.parse(receipt.processed_at) >= uploadedAt.getTime();
    const outcome = await awaitReceipt(reader, request.key, isThisUpload, request.timeoutMs);
    if (outcome.receipt === null) {
      const seconds = request.timeoutMs / 1000;
      const last =
        outcome.lastError === null ? '' : `\n最后一次读取错误 (last read error): ${outcome.lastError}`;
      io.err(
        `${seconds} 秒内没有收到 ${request.key} 的回执. 文件已上传, 流水线可能没有运行.` +
          `\nNo receipt within ${seconds} s. The file was uploaded; is the pipeline running?${last}\n${hint(cli)}\n`,
      );
      return 3;
    }
    const { receipt } = outcome;
    if (request.json) io.out(`${JSON.stringify(receipt, null, 2)}\n`);
    else io.out(await receiptText(reader, receipt));
    return receipt.accepted ? 0 : 1;
  } finally {
    client.destroy();
  }
}

async function parseRequest(args: string[]): Promise<UploadRequest> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      park: { type: 'string' },
      enterprise: { type: 'string' },
      office: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) {
    throw new UsageError('请给出一个要上传的文件 (give exactly one file to upload)');
  }
  if (values.park === undefined) throw new UsageError('缺少 --park (--park is required)');
  const park = findPark(values.park);
  if (park === undefined) {
    const known = parks.parks.map((p) => p.id).join(', ');
    throw new UsageError(`未知园区 "${values.park}", 已配置: ${known} (unknown park)`);
  }
  if ((values.enterprise === undefined) === (values.office !== true)) {
    throw new UsageError(
      '请给出 --enterprise <统一社会信用代码> 或 --office, 二者选一 (give either --enterprise or --office)',
    );
  }
  // USCCs are upper case; accept what a person types.
  const uscc = values.enterprise?.trim().toUpperCase();
  if (uscc !== undefined && !isValidUscc(uscc)) {
    throw new UsageError(
      `统一社会信用代码 "${values.enterprise}" 无效: 应为 18 位且校验码正确 (GB 32100-2015) (invalid USCC or check character)`,
    );
  }
  if (extname(file).toLowerCase() !== '.csv') {
    throw new UsageError(`只能上传 .csv 文件, "${basename(file)}" 不是 (only .csv files can be uploaded)`);
  }
  return {
    body: await readLocalFile(file),
    key: `uploads/${park.id}/${uscc ?? '_office'}/${basename(file)}`,
    timeoutMs: parseTimeout(values.timeout) * 1000,
    json: values.json === true,
  };
}

async function readLocalFile(file: string): Promise<Buffer> {
  const fileStat = await stat(file).catch(() => null);
  if (fileStat === null || !fileStat.isFile()) throw new UsageError(`找不到文件 "${file}" (file not found)`);
  try {
    return await readFile(file);
  } catch (error) {
    throw new UsageError(`无法读取文件 "${file}": ${messageOf(error)} (cannot read the file)`);
  }
}

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TIMEOUT_SECONDS;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--timeout "${text}" 应为正数秒 (must be a positive number of seconds)`);
  }
  return seconds;
}

/** Polls for the receipt of this upload until it appears or the time is up; a failed read is retried. */
async function awaitReceipt(
  reader: ReceiptReader,
  key: string,
  isThisUpload: (receipt: Receipt) => boolean,
  timeoutMs: number,
): Promise<{ receipt: Receipt; lastError: null } | { receipt: null; lastError: string | null }> {
  const deadline = Date.now() + timeoutMs;
  let lastError: string | null = null;
  for (;;) {
    try {
      const receipt = await reader.receipt(key);
      if (receipt !== null && isThisUpload(receipt)) return { receipt, lastError: null };
    } catch (error) {
      lastError = describeError(error);
    }
    const left = deadline - Date.now();
    if (left <= 0) return { receipt: null, lastError };
    await sleep(Math.min(POLL_INTERVAL_MS, left));
  }
}

/**
 * The pipeline's own Chinese text (receipts/{key}.txt), so the terminal shows exactly what the
 * statistician finds next to the upload; rendered from the JSON only if the text is missing.
 */
async function receiptText(reader: ReceiptReader, receipt: Receipt): Promise<string> {
  const text = await reader.text(receipt.key).catch(() => null);
  if (text !== null && text !== '') return text.endsWith('\n') ? text : `${text}\n`;
  return renderReceiptText(receipt, { encoding: textEncoding(receipt.encoding), unit: null });
}

const ENCODINGS: readonly TextEncodingName[] = ['utf-8', 'utf-8-bom', 'gb18030'];
const textEncoding = (name: string | null): TextEncodingName | null =>
  ENCODINGS.find((encoding) => encoding === name) ?? null;

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : messageOf(error);
}

function hint(cli: CliEnv): string {
  return cli.source === 'local-defaults'
    ? '请先在另一个终端运行 parkstats local, 或设置 parkstats local 打印的环境变量.\n' +
        'Start `parkstats local` in another terminal, or export the variables it prints.'
    : '请检查 AWS_ENDPOINT_URL_S3, PARKSTATS_UPLOAD_BUCKET 与 AWS 凭证; 部署时请检查 ingest 函数与其队列.\n' +
        'Check AWS_ENDPOINT_URL_S3, PARKSTATS_UPLOAD_BUCKET and the credentials; when deployed, the ingest function and its queue.';
}
