import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { templateCsv } from '../../core/ingest/template.js';
import { type CommandIo, messageOf, processIo } from '../io.js';

export const usage = `用法 Usage: parkstats template [--out FILE]

写出企业填报用的空白模板：UTF-8（带 BOM，Excel 可直接打开）、中文表头带单位（万元）、一行示例。
Writes the blank template an enterprise fills: UTF-8 with BOM (opens in Excel), Chinese
headers with units (万元), one example row. Without --out it goes to standard output.
`;

/** `parkstats template`: 0 written, 1 the file cannot be written, 2 usage error. */
export async function run(args: string[], io: CommandIo = processIo): Promise<number> {
  let values: { out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (caught) {
    io.err(`参数错误 Invalid arguments: ${messageOf(caught)}\n\n${usage}`);
    return 2;
  }
  if (values.help === true) {
    io.out(usage);
    return 0;
  }
  const bytes = templateCsv();
  if (values.out === undefined) {
    io.out(bytes);
    return 0;
  }
  try {
    await writeFile(values.out, bytes);
  } catch (caught) {
    io.err(`无法写出模板 Cannot write ${values.out}: ${messageOf(caught)}\n`);
    return 1;
  }
  io.err(`已写出模板 Template written: ${values.out}\n`);
  return 0;
}
