import type { Decimal } from '../../core/money.js';
import type { DemoRow } from './calibration.js';
import type { DemoEnterprise } from './enterprises.js';
import { encodeGbk } from './gbk.js';

/**
 * Renders demo rows in the formats real senders use (DESIGN.md "The enterprise monthly
 * file"): Excel on Chinese Windows (GBK, CRLF, 万元, quoted thousands separators), a
 * finance system's export (UTF-8 with BOM, 千元, full-width brackets), the park office's
 * consolidated files (a 单位 column; English aliases in 元 for last year's quarters).
 */

export type Encoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

export interface DemoFile {
  /** The S3 key, and the path under demo/shuangpai/data/. */
  key: string;
  kind: 'register' | 'county-totals' | 'enterprise-monthly';
  encoding: Encoding;
  bytes: Uint8Array;
  periods: string[];
}

const BOM = '\uFEFF';

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvText(lines: readonly (readonly string[])[], newline: '\r\n' | '\n'): string {
  return lines.map((cells) => cells.map(csvCell).join(',')).join(newline) + newline;
}

export function encodeText(text: string, encoding: Encoding): Uint8Array {
  if (encoding === 'gb18030') return encodeGbk(text);
  return new TextEncoder().encode(encoding === 'utf-8-bom' ? BOM + text : text);
}

/** 元 → a unit with `dp` decimals; every demo amount is whole 元, so this is exact. */
function inUnit(yuan: Decimal, divisor: number, dp: number, thousands = false): string {
  const fixed = yuan.div(divisor).toFixed(dp);
  if (!thousands) return fixed;
  const [whole = '', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

const AMOUNT_HEADERS = ['工业总产值', '工业增加值', '实缴税金'];
const PREV_HEADERS = ['上年同期工业总产值', '上年同期工业增加值', '上年同期实缴税金'];

function amounts(row: DemoRow, format: (yuan: Decimal) => string, withPrev: boolean): string[] {
  const current = [row.current.output, row.current.valueAdded, row.current.tax].map(format);
  if (!withPrev) return current;
  const prev = row.prev ? [row.prev.output, row.prev.valueAdded, row.prev.tax].map(format) : ['', '', ''];
  return [...current, ...prev];
}

function aboveScale(e: DemoEnterprise): string {
  return e.aboveScale ? '是' : '否';
}

/** An enterprise's own file saved by Excel: GBK, CRLF, 万元 in the headers, "12,345.6789". */
export function excelGbkFile(row: DemoRow, name: string): DemoFile {
  const e = row.enterprise;
  const unit = (h: string) => `${h}(万元)`;
  const month = Number(row.period.slice(5));
  const header = [
    '统一社会信用代码',
    '企业名称',
    '统计期',
    ...[...AMOUNT_HEADERS, ...PREV_HEADERS].map(unit),
    '是否规上',
    '行业代码',
    '情况说明',
  ];
  const cells = [
    e.uscc,
    e.name,
    `${row.period.slice(0, 4)}年${month}月`,
    ...amounts(row, (y) => inUnit(y, 10_000, 4, true), true),
    aboveScale(e),
    e.industry,
    e.note ?? '',
  ];
  return {
    key: `uploads/shuangpai/${e.uscc}/${name}`,
    kind: 'enterprise-monthly',
    encoding: 'gb18030',
    bytes: encodeText(csvText([header, cells], '\r\n'), 'gb18030'),
    periods: [row.period],
  };
}

/** An enterprise's finance-system export: UTF-8 with BOM, （千元）, industry code without its letter. */
export function financeExportFile(row: DemoRow): DemoFile {
  const e = row.enterprise;
  const withPrev = row.prev !== null;
  const unit = (h: string) => `${h}（千元）`;
  const header = [
    '统一社会信用代码',
    '企业名称',
    '统计期',
    ...(withPrev ? [...AMOUNT_HEADERS, ...PREV_HEADERS] : AMOUNT_HEADERS).map(unit),
    '行业代码',
    '情况说明',
  ];
  const cells = [
    e.uscc,
    e.name,
    row.period,
    ...amounts(row, (y) => inUnit(y, 1_000, 3), withPrev),
    e.industry.slice(1),
    e.note ?? '',
  ];
  return {
    key: `uploads/shuangpai/${e.uscc}/${e.uscc}_${row.period.replace('-', '')}.csv`,
    kind: 'enterprise-monthly',
    encoding: 'utf-8-bom',
    bytes: encodeText(csvText([header, cells], '\n'), 'utf-8-bom'),
    periods: [row.period],
  };
}

/** The park office's consolidated monthly file: UTF-8, a 单位 column, 上年同期 where the enterprise gave it. */
export function officeMonthFile(rows: readonly DemoRow[], period: string): DemoFile {
  const header = [
    '统一社会信用代码',
    '企业名称',
    '统计期',
    '单位',
    ...AMOUNT_HEADERS,
    ...PREV_HEADERS,
    '是否规上',
    '行业代码',
    '情况说明',
  ];
  const lines = rows.map((row) => [
    row.enterprise.uscc,
    row.enterprise.name,
    row.period.replace('-', '/'),
    '万元',
    ...amounts(row, (y) => inUnit(y, 10_000, 4), true),
    aboveScale(row.enterprise),
    row.enterprise.industry,
    row.enterprise.note ?? '',
  ]);
  return {
    key: `uploads/shuangpai/_office/${period}园区汇总.csv`,
    kind: 'enterprise-monthly',
    encoding: 'utf-8',
    bytes: encodeText(csvText([header, ...lines], '\n'), 'utf-8'),
    periods: [...new Set(rows.map((r) => r.period))].sort(),
  };
}

/** Last year's quarters as the office keyed them in: English aliases, 元 in the headers, "201603". */
export function officeQuarterFile(rows: readonly DemoRow[], year: number, quarter: number): DemoFile {
  const unit = (h: string) => `${h}(元)`;
  const header = [
    'uscc',
    'name',
    'period',
    ...['output', 'value_added', 'tax_paid', 'output_prev', 'value_added_prev', 'tax_paid_prev'].map(unit),
    'above_scale',
    'industry_code',
  ];
  const lines = rows.map((row) => [
    row.enterprise.uscc,
    row.enterprise.name,
    row.period.replace('-', ''),
    ...amounts(row, (y) => inUnit(y, 1, 0), true),
    'Y',
    row.enterprise.industry,
  ]);
  return {
    key: `uploads/shuangpai/_office/${year}年第${quarter}季度汇总.csv`,
    kind: 'enterprise-monthly',
    encoding: 'utf-8-bom',
    bytes: encodeText(csvText([header, ...lines], '\r\n'), 'utf-8-bom'),
    periods: [...new Set(rows.map((r) => r.period))].sort(),
  };
}

/** reference/shuangpai/enterprises.csv: who is expected to report, their industry and 规上 flag. */
export function registerFile(enterprises: readonly DemoEnterprise[]): DemoFile {
  const lines = enterprises.map((e) => [e.uscc, e.name, e.industry, aboveScale(e)]);
  return {
    key: 'reference/shuangpai/enterprises.csv',
    kind: 'register',
    encoding: 'utf-8-bom',
    bytes: encodeText(
      csvText([['统一社会信用代码', '企业名称', '行业代码', '是否规上'], ...lines], '\r\n'),
      'utf-8-bom',
    ),
    periods: [],
  };
}

export interface CountyYtd {
  period: string;
  output: Decimal;
  valueAdded: Decimal;
}

/** reference/shuangpai/county-totals.csv: the bureau's county 规上 year-to-date figures, 万元. */
export function countyTotalsFile(rows: readonly CountyYtd[]): DemoFile {
  const lines = rows.map((r) => [r.period, inUnit(r.output, 10_000, 2), inUnit(r.valueAdded, 10_000, 2)]);
  return {
    key: 'reference/shuangpai/county-totals.csv',
    kind: 'county-totals',
    encoding: 'utf-8-bom',
    bytes: encodeText(
      csvText([['统计期', '全县规模工业总产值(万元)', '全县规模工业增加值(万元)'], ...lines], '\r\n'),
      'utf-8-bom',
    ),
    periods: rows.map((r) => r.period),
  };
}
