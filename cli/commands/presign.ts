import { parseArgs } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { findPark, parks } from '../../core/parks.js';
import { formatBeijingTime } from '../../core/report-render/beijing-time.js';
import { escapeHtml } from '../../core/report-render/html-escape.js';
import {
  type EnterpriseUploadForm,
  MAX_UPLOAD_BYTES,
  PresignInputError,
  parseExpires,
  presignEnterpriseUpload,
} from '../../functions/adapters/presign.js';
import { commandRequest } from '../args.js';
import { type CommandIo, processIo } from '../io.js';
import { awsClientConfig, resolveCliEnv } from '../local-env.js';

export const usage = `用法 Usage: parkstats presign --park <园区ID> --enterprise <统一社会信用代码> [--expires 7d] [--format text|json|html]

为一家企业生成预签名上传表单: 只能把 text/csv 文件 (不超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB) 上传到
uploads/<园区ID>/<统一社会信用代码>/, 不能写入其他位置.
(Creates a presigned POST form for one enterprise: text/csv only, at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB,
only under uploads/<park>/<uscc>/.)
  --park        园区ID, config/parks.json 中的 id (park id), 例如 shuangpai
  --enterprise  企业的统一社会信用代码 (the enterprise's USCC), 18 位
  --expires     有效期 (validity): 7d, 12h, 30m, 3600s; 最长 7 天 (at most 7 days); 默认 7d
  --format      text: 说明和 curl 命令 (default); json: {url, fields}; html: 可直接发给企业的上传网页

签名使用当前 AWS 凭证, 上传桶取自 PARKSTATS_UPLOAD_BUCKET (部署输出 UploadBucketName).
临时凭证 (SSO, 角色) 过期后表单即失效, 7 天有效期需长期凭证.
(Signed with the current AWS credentials; the bucket is PARKSTATS_UPLOAD_BUCKET, the stack
output UploadBucketName. A form signed with temporary credentials stops working when they expire.)`;

const FORMATS = ['text', 'json', 'html'] as const;
type Format = (typeof FORMATS)[number];

export interface PresignIo extends CommandIo {
  env: NodeJS.ProcessEnv;
}

const presignProcessIo: PresignIo = { ...processIo, env: process.env };

interface PresignCommand {
  park: { id: string; name: string };
  uscc: string;
  expiresSeconds: number;
  format: Format;
}

/** `parkstats presign`: 0 printed, 1 could not sign (no credentials), 2 usage error. */
export async function run(args: string[], io: PresignIo = presignProcessIo): Promise<number> {
  const parsed = await commandRequest(
    args,
    usage,
    io,
    parseCommand,
    (error) => error instanceof PresignInputError,
  );
  if ('exit' in parsed) return parsed.exit;
  const command = parsed.request;

  const cli = resolveCliEnv(io.env);
  const bucket = cli.env.PARKSTATS_UPLOAD_BUCKET ?? '';
  let form: EnterpriseUploadForm;
  try {
    form = await presignEnterpriseUpload(new S3Client(awsClientConfig(cli, 'S3')), {
      bucket,
      park: command.park.id,
      uscc: command.uscc,
      expiresSeconds: command.expiresSeconds,
    });
  } catch (error) {
    if (error instanceof PresignInputError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.err(
      `无法签名上传表单: ${reason}\n请检查 AWS 凭证与 AWS_REGION.\n` +
        `Cannot sign the upload form. Check the AWS credentials and AWS_REGION.\n`,
    );
    return 1;
  }

  if (command.format === 'json') {
    io.out(
      `${JSON.stringify({ url: form.url, fields: form.fields, prefix: form.prefix, expiresAt: form.expiresAt }, null, 2)}\n`,
    );
  } else if (command.format === 'html') {
    io.out(renderHtmlForm(form, command));
  } else {
    io.out(renderText(form, command));
  }
  return 0;
}

function parseCommand(args: string[]): PresignCommand {
  const { values } = parseArgs({
    args,
    options: {
      park: { type: 'string' },
      enterprise: { type: 'string' },
      expires: { type: 'string', default: '7d' },
      format: { type: 'string', default: 'text' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.park === undefined || values.enterprise === undefined) {
    throw new PresignInputError('缺少 --park 或 --enterprise (both --park and --enterprise are required)');
  }
  const park = findPark(values.park);
  if (park === undefined) {
    const known = parks.parks.map((p) => p.id).join(', ');
    throw new PresignInputError(`未知园区 "${values.park}", 已配置: ${known} (unknown park)`);
  }
  const format = FORMATS.find((f) => f === values.format);
  if (format === undefined) {
    throw new PresignInputError(`未知格式 "${values.format}", 可选 text, json, html (unknown format)`);
  }
  return {
    park,
    // USCCs are upper case; accept what a person types.
    uscc: values.enterprise.trim().toUpperCase(),
    expiresSeconds: parseExpires(values.expires),
    format,
  };
}

/** Single-quotes a value for a POSIX shell. */
const shellQuote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;

function renderText(form: EnterpriseUploadForm, command: PresignCommand): string {
  const until = formatBeijingTime(form.expiresAt.toISOString());
  const curlFields = Object.entries(form.fields).map(
    ([name, value]) => `  -F ${shellQuote(`${name}=${value}`)} \\`,
  );
  return [
    `已为 ${command.park.name} (${command.park.id}) 企业 ${command.uscc} 生成上传表单, 有效至 ${until} (北京时间).`,
    `Upload form for enterprise ${command.uscc} of ${command.park.id}, valid until ${form.expiresAt.toISOString()}.`,
    `只能上传 text/csv 文件到 ${form.prefix} (Only text/csv files, only under ${form.prefix}).`,
    '',
    '用 curl 上传 (upload with curl; file must be the last field):',
    `curl --fail-with-body -X POST \\`,
    ...curlFields,
    `  -F 'file=@2017-11.csv' \\`,
    `  ${shellQuote(form.url)}`,
    '',
  ].join('\n');
}

/** A page the park office can send to the enterprise: pick the file, press the button. */
function renderHtmlForm(form: EnterpriseUploadForm, command: PresignCommand): string {
  const hidden = Object.entries(form.fields)
    .map(
      ([name, value]) => `    <input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n');
  const until = formatBeijingTime(form.expiresAt.toISOString());
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${escapeHtml(command.park.name)} 统计数据上传</title></head>
<body>
  <h1>${escapeHtml(command.park.name)} 企业月度统计数据上传</h1>
  <p>统一社会信用代码 ${escapeHtml(command.uscc)}. 请选择 CSV 文件 (有效至 ${escapeHtml(until)} 北京时间).</p>
  <form action="${escapeHtml(form.url)}" method="post" enctype="multipart/form-data">
${hidden}
    <input type="file" name="file" accept=".csv,text/csv" required>
    <button type="submit">上传 Upload</button>
  </form>
</body>
</html>
`;
}
