/**
 * Enterprise monthly files for the integration scenarios, written the way a statistician's
 * spreadsheet writes them: Chinese headers with the unit in the header, amounts as typed
 * text in that unit, CRLF line ends.
 */

export type FileUnit = '元' | '千元' | '万元' | '亿元';

/** One row; amounts are text in the file's unit, exactly as they appear in the cell. */
export interface MonthlyRow {
  uscc: string;
  /** 企业名称; a fixed test name when absent. */
  name?: string;
  period: string;
  output: string;
  valueAdded: string;
  taxPaid: string;
  /** 上年同期 values, only written when the file has the base columns; absent = empty cell (no base). */
  outputPrev?: string;
  valueAddedPrev?: string;
  taxPaidPrev?: string;
  /** 是否规上, only written when the file has that column. */
  aboveScale?: '是' | '否';
}

export interface MonthlyFileOptions {
  /** Unit named in every amount header; default 万元. */
  unit?: FileUnit;
  /** Adds the three 上年同期 columns. */
  withBase?: boolean;
  /** Adds the 是否规上 column. */
  withScale?: boolean;
  /** Header brackets: ASCII `()` or the full-width `（）` Excel users type; default ASCII. */
  fullWidthBrackets?: boolean;
}

const DEFAULT_NAME = '双牌场景测试企业';

export function monthlyCsv(rows: readonly MonthlyRow[], options: MonthlyFileOptions = {}): string {
  const unit = options.unit ?? '万元';
  const [open, close] = options.fullWidthBrackets ? ['（', '）'] : ['(', ')'];
  const amount = (name: string) => `${name}${open}${unit}${close}`;
  const header = [
    '统一社会信用代码',
    '企业名称',
    '统计期',
    amount('工业总产值'),
    amount('工业增加值'),
    amount('实缴税金'),
    ...(options.withBase
      ? [amount('上年同期工业总产值'), amount('上年同期工业增加值'), amount('上年同期实缴税金')]
      : []),
    ...(options.withScale ? ['是否规上'] : []),
  ];
  const lines = rows.map((row) =>
    [
      row.uscc,
      row.name ?? DEFAULT_NAME,
      row.period,
      csvCell(row.output),
      csvCell(row.valueAdded),
      csvCell(row.taxPaid),
      ...(options.withBase
        ? [row.outputPrev ?? '', row.valueAddedPrev ?? '', row.taxPaidPrev ?? ''].map(csvCell)
        : []),
      ...(options.withScale ? [row.aboveScale ?? '是'] : []),
    ].join(','),
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

/** Quotes a cell that holds a comma (a thousands separator), as Excel does. */
function csvCell(text: string): string {
  return text.includes(',') ? `"${text}"` : text;
}
