import type { Finding } from '../../schemas/finding.js';
import type { EnterpriseFileResult } from './read-enterprise-file.js';

const ENCODING_NAMES: Readonly<Record<string, string>> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8（带 BOM）',
  gb18030: 'GBK/GB18030',
};

function describe(item: Finding): string {
  const where = [
    item.row === null ? null : `第 ${item.row} 行`,
    item.column === null ? null : `“${item.column}”列`,
  ]
    .filter((part) => part !== null)
    .join(' ');
  const explained = item.note === undefined ? '' : `（已说明：${item.note.replace(/\s*[\r\n]+\s*/g, ' ')}）`;
  return `  · ${where === '' ? '' : `${where}：`}${item.message}${explained}`;
}

/**
 * The Chinese summary of a validation a statistician reads: the verdict first, then every
 * error (must fix) and warning (verify, explain in 情况说明) with its row and column. The CLI
 * prints it without --json; the pipeline writes it as the receipt's .txt.
 */
export function formatValidationSummary(result: EnterpriseFileResult, file: string): string {
  const lines = [`文件：${file}`];
  const facts = [
    `编码 ${result.encoding === null ? '未知' : (ENCODING_NAMES[result.encoding] ?? result.encoding)}`,
    `金额单位 ${result.unit ?? '未注明'}`,
    `数据 ${result.rows} 行`,
  ];
  if (result.periods.length > 0) facts.push(`统计期 ${result.periods.join('、')}`);
  lines.push(facts.join('，'));
  if (result.accepted) {
    lines.push(
      result.warnings.length === 0
        ? '结论：通过。全部数据可以入库。'
        : `结论：通过，但有 ${result.warnings.length} 条提示需要核实。数据可以入库；请核实下列情况，必要时在“情况说明”列写明原因后重新上传。`,
    );
  } else {
    lines.push(
      `结论：未通过。发现 ${result.errors.length} 个错误，整份文件都没有入库。请修改后重新上传同一文件。`,
    );
  }
  if (result.errors.length > 0) {
    lines.push('', '错误（必须修改）：', ...result.errors.map(describe));
  }
  if (result.warnings.length > 0) {
    lines.push('', '提示（请核实）：', ...result.warnings.map(describe));
  }
  return `${lines.join('\n')}\n`;
}
