import type { Finding, Severity } from '../../schemas/finding.js';

/**
 * The catalogue of validation rules: a stable id → severity and the Chinese and English
 * message templates. Ids are part of the public contract (receipts, `--json`, tests): add
 * new ones, never rename. `{name}` placeholders are filled from the finding's parameters.
 */
interface RuleDefinition {
  readonly severity: Severity;
  readonly zh: string;
  readonly en: string;
}

const error = (zh: string, en: string): RuleDefinition => ({ severity: 'error', zh, en });
const warning = (zh: string, en: string): RuleDefinition => ({ severity: 'warning', zh, en });

export const RULES = {
  // File level: the bytes cannot be read as a CSV table.
  'file.too_large': error(
    '文件超过 {limit} MB 的上限，已停止读取。请按月或按企业拆分后分别上传。',
    'The file exceeds the {limit} MB limit; reading stopped. Split it by month or enterprise.',
  ),
  'file.binary': error(
    '这不是 CSV 文本文件（看起来是{what}）。请在 Excel 中用“另存为 → CSV”保存后上传。',
    'This is not a CSV text file (it looks like {what_en}). Save it from Excel with "Save As → CSV".',
  ),
  'file.encoding': error(
    '第 {row} 行附近有无法按 {encoding} 识别的字节，文件可能已损坏。请用 Excel 重新另存为 CSV。',
    'Bytes near row {row} cannot be decoded as {encoding}; the file may be damaged. Save it again as CSV.',
  ),
  'file.mixed_encoding': error(
    '文件前面是 UTF-8 编码，第 {row} 行附近却是另一种编码（如 GBK），可能是把两个文件拼在了一起。请统一编码后重新保存。',
    'The file starts as UTF-8 but near row {row} switches to another encoding (e.g. GBK). Save it again in one encoding.',
  ),
  'file.empty': error('文件是空的，没有表头行。', 'The file is empty: there is no header row.'),
  'file.no_rows': error('文件只有表头，没有数据行。', 'The file has a header but no data rows.'),
  'file.no_unit': error(
    '文件没有注明金额单位：请在表头写明，如“工业总产值(万元)”，或增加“单位”列（元、千元、万元、亿元）。',
    'The file gives no unit for amounts: write it in the header, e.g. "工业总产值(万元)", or add a 单位 column (元, 千元, 万元, 亿元).',
  ),
  'csv.quote': error(
    '第 {row} 行的引号没有正确配对，之后的内容无法分列。',
    'Row {row} has an unmatched quote; the rest cannot be split into columns.',
  ),
  'csv.field_count': error(
    '本行有 {actual} 列，表头有 {expected} 列。请检查是否多了或少了逗号。',
    'This row has {actual} fields but the header has {expected}. Check for a missing or extra comma.',
  ),
  'csv.record_too_long': error(
    '第 {row} 行超过 {limit} 个字符仍未结束，可能缺少换行或引号没有闭合。',
    'Row {row} runs past {limit} characters without ending: a missing line break or an unclosed quote.',
  ),
  'column.missing': error('缺少必填列“{column}”。', 'The required column "{column_en}" is missing.'),
  'column.unknown': error(
    '无法识别的列“{column}”。可用的列见模板（parkstats template）。',
    'Unknown column "{column}". See the template (parkstats template) for the columns.',
  ),
  'column.duplicate': error('列“{column}”出现了不止一次。', 'The column "{column}" appears more than once.'),
  'column.unit_unknown': error(
    '列“{column}”的单位“{unit}”无法识别，应为 元、千元、万元 或 亿元。',
    'The unit "{unit}" of column "{column}" is not one of 元, 千元, 万元, 亿元.',
  ),
  'column.unit_not_amount': error(
    '列“{column}”不是金额列，不应写单位。',
    'The column "{column}" is not an amount and takes no unit.',
  ),
  'column.unnamed_value': error(
    '第 {index} 列没有列名，却填了内容“{value}”。',
    'Column {index} has no header but holds "{value}".',
  ),
  'unit.invalid': error(
    '单位“{value}”无法识别，应为 元、千元、万元 或 亿元。',
    'The unit "{value}" is not one of 元, 千元, 万元, 亿元.',
  ),
  'unit.conflict': error(
    '表头已注明单位“{header_unit}”，但“单位”列写的是“{value}”，无法确定以哪个为准。',
    'The header says "{header_unit}" but the 单位 column says "{value}"; the unit is ambiguous.',
  ),
  'uscc.format': error(
    '统一社会信用代码“{value}”格式不对：应为 18 位数字或大写字母（不含 I、O、S、V、Z）。',
    'USCC "{value}" is malformed: 18 digits or capital letters (no I, O, S, V, Z).',
  ),
  'uscc.check_char': error(
    '统一社会信用代码“{value}”的校验位错误（按 GB 32100-2015 应为“{expected}”），请核对是否抄错。',
    'USCC "{value}" has a wrong check character (GB 32100-2015 gives "{expected}"); check for a typo.',
  ),
  'uscc.key_mismatch': error(
    '本文件上传在企业 {expected} 的目录下，却含有企业 {value} 的数据。企业只能上传本企业的数据。',
    'This file was uploaded under enterprise {expected} but holds a row of {value}. An enterprise uploads only its own rows.',
  ),
  'name.required': error('企业名称不能为空。', 'The enterprise name is empty.'),
  'text.formula': error(
    '内容以“{first}”开头，会被 Excel 当作公式执行，统计文件中不允许。请删除开头的符号。',
    'The text starts with "{first}", which Excel runs as a formula; not allowed in a statistics file.',
  ),
  'period.malformed': error(
    '统计期“{value}”无法识别，应写成 2017-11、2017/11、201711 或 2017年11月。',
    'The period "{value}" is not understood; write 2017-11, 2017/11, 201711 or 2017年11月.',
  ),
  'period.future': error(
    '统计期 {value} 还没有到（当前为 {current}）。',
    'The period {value} is in the future (current period {current}).',
  ),
  'amount.required': error('必填金额为空。', 'A required amount is empty.'),
  'amount.unparsable': error('“{value}”不是有效的数字。', '"{value}" is not a valid number.'),
  'amount.scientific': error(
    '“{value}”是科学计数法，Excel 已经把末几位数字丢掉了。请把单元格设为“数值”格式后重新另存为 CSV。',
    '"{value}" is in scientific notation, so Excel has already dropped the last digits. Format the cells as numbers and save again.',
  ),
  'amount.negative': error('金额不能为负数：“{value}”。', 'An amount cannot be negative: "{value}".'),
  'amount.too_large': error(
    '“{value}”超出了可以精确保存的位数。',
    '"{value}" has more digits than can be stored exactly.',
  ),
  'above_scale.invalid': error(
    '是否规上“{value}”无法识别，应填 是 或 否。',
    'The above-scale flag "{value}" is not understood; write 是 or 否.',
  ),
  'industry_code.invalid': error(
    '行业代码“{value}”不是有效的 GB/T 4754-2017 代码（如 C2021 或 2021）。',
    'The industry code "{value}" is not a GB/T 4754-2017 code (e.g. C2021 or 2021).',
  ),
  'value_added.exceeds_output': error(
    '工业增加值（{value_added} 元）大于工业总产值（{output} 元）。',
    'Value added ({value_added} yuan) exceeds gross output ({output} yuan).',
  ),
  'row.duplicate': error(
    '与第 {first} 行重复：同一企业同一统计期只能有一行。',
    'Duplicate of row {first}: one row per enterprise and period.',
  ),
  'key.shape': error(
    '上传路径“{key}”不符合约定，应为 uploads/园区代码/统一社会信用代码/文件名.csv。',
    'The upload key "{key}" does not follow uploads/{park}/{uscc}/{name}.csv.',
  ),
  'key.uscc': error(
    '上传路径中的统一社会信用代码“{value}”无效。',
    'The USCC "{value}" in the upload key is not valid.',
  ),
  // {园区代码} and {parkId} are not placeholders: no parameter of that name is ever passed, so
  // fill() leaves them as written, the way the path pattern reads.
  'key.unknown_park': error(
    '园区“{park}”未配置，请检查上传路径 uploads/{园区代码}/…，或联系园区统计人员',
    'park "{park}" is not configured; check the upload path uploads/{parkId}/… or ask the park statistics office',
  ),
  'findings.truncated': error(
    '另有 {count} 个问题未逐条列出，请先修改以上问题。',
    '{count} more problems are not listed; fix the ones above first.',
  ),
  // Soft warnings (核实性审核): the row is accepted and the finding listed until explained.
  'growth.yoy': warning(
    '{measure}同比{direction} {pct}%，超过 ±50%，请核实，并在“情况说明”中写明原因。',
    '{measure_en} changed {pct_signed}% year on year, beyond ±50 %; verify it and explain in 情况说明.',
  ),
  'growth.mom': warning(
    '{measure}是上月的 {ratio} 倍，环比波动超过 3 倍，请核实。',
    '{measure_en} is {ratio}× last month, a swing beyond 3×; verify it.',
  ),
  'growth.no_base': warning(
    '缺少上年同期数（{measures}），该企业暂不计入同比增速。',
    'No prior-year figure ({measures_en}); the enterprise is left out of growth.',
  ),
  'ratio.value_added': warning(
    '工业增加值率为 {pct}%，不在通常的 5%–60% 之间，请核实。',
    'Value added is {pct}% of output, outside the usual 5–60 %; verify it.',
  ),
  'tax.exceeds_value_added': warning(
    '实缴税金大于工业增加值，请核实。',
    'Tax paid exceeds value added; verify it.',
  ),
  'findings.truncated_warnings': warning(
    '另有 {count} 条提示未逐条列出。',
    '{count} more warnings are not listed.',
  ),
} as const satisfies Record<string, RuleDefinition>;

export type RuleId = keyof typeof RULES;
export type FindingParams = Readonly<Record<string, string | number>>;

function fill(template: string, params: FindingParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** Builds a finding of a catalogued rule. `row` is the spreadsheet row (header = 1), `column` the header as written. */
export function finding(
  rule: RuleId,
  row: number | null,
  column: string | null,
  params: FindingParams = {},
): Finding {
  const definition: RuleDefinition = RULES[rule];
  return {
    row,
    column,
    rule,
    severity: definition.severity,
    message: fill(definition.zh, params),
    message_en: fill(definition.en, params),
  };
}
