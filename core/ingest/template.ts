import { ENTERPRISE_COLUMNS } from './enterprise-columns.js';

/** The example row: a real-looking return that passes every hard check and every soft warning. */
const EXAMPLE: Readonly<Record<string, string>> = {
  uscc: '91350100M000100Y43',
  name: '示例机械制造有限公司',
  period: '2017-11',
  output: '1234.5',
  value_added: '345.6',
  tax_paid: '45.6',
  output_prev: '1050',
  value_added_prev: '300.2',
  tax_paid_prev: '40.1',
  above_scale: '是',
  industry_code: 'C3411',
  note: '',
};

/**
 * The blank template an enterprise fills: UTF-8 with a BOM (so Excel opens it with the right
 * characters), CRLF, Chinese headers with the unit in the header (万元), one example row. The
 * 单位 column is left out: the unit is in the headers, and one place for it is clearer.
 */
export function templateCsv(): Uint8Array {
  const columns = ENTERPRISE_COLUMNS.filter((column) => column.field !== 'unit');
  const header = columns.map((column) => (column.amount ? `${column.zh}(万元)` : column.zh));
  const example = columns.map((column) => EXAMPLE[column.field] ?? '');
  const text = `\ufeff${header.join(',')}\r\n${example.join(',')}\r\n`;
  return new TextEncoder().encode(text);
}
