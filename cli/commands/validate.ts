import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatValidationSummary } from '../../core/ingest/format-summary.js';
import { readEnterpriseFile } from '../../core/ingest/read-enterprise-file.js';
import type { ValidationResult } from '../../schemas/validation-result.js';
import { type CommandIo, messageOf, processIo } from '../io.js';

export const usage = `用法 Usage: parkstats validate FILE [--key S3KEY] [--json]

检查一份企业月报 CSV 文件，与上传后流水线的审核完全相同（不上传、不入库）。
Checks an enterprise monthly CSV exactly as the pipeline will (nothing is uploaded).
  --key    上传路径，如 uploads/shuangpai/91350100M000100Y43/2017-11.csv：
           企业路径下只能有本企业的数据 (the upload key; an enterprise key binds the rows)
  --json   输出 JSON: {"accepted","rows","errors","warnings"} (machine-readable)

退出码 Exit code: 0 通过 accepted（可有提示 warnings allowed），1 未通过 rejected，2 用法错误 usage error
`;

/** `parkstats validate`: 0 accepted (warnings allowed), 1 rejected, 2 usage error. */
export async function run(args: string[], io: CommandIo = processIo): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args);
  } catch (caught) {
    io.err(`参数错误 Invalid arguments: ${messageOf(caught)}\n\n${usage}`);
    return 2;
  }
  if (parsed.values.help === true) {
    io.out(usage);
    return 0;
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) {
    io.err(`请给出一个要检查的文件 Give exactly one file to check.\n\n${usage}`);
    return 2;
  }
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
  } catch {
    io.err(`找不到文件或不是普通文件 No such file: ${file}\n`);
    return 2;
  }

  let result: Awaited<ReturnType<typeof readEnterpriseFile>>;
  try {
    result = await readEnterpriseFile(createReadStream(file), { key: parsed.values.key });
  } catch (caught) {
    // Only the file system can fail here (the reader turns every problem of the content into a finding).
    io.err(`无法读取文件 Cannot read ${file}: ${messageOf(caught)}\n`);
    return 2;
  }
  if (parsed.values.json === true) {
    const output: ValidationResult = {
      accepted: result.accepted,
      rows: result.rows,
      errors: result.errors,
      warnings: result.warnings,
    };
    io.out(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    io.out(formatValidationSummary(result, file));
  }
  return result.accepted ? 0 : 1;
}

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      key: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
