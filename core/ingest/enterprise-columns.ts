import type { ColumnSpec } from './columns.js';

/** The columns of the enterprise monthly file (DESIGN.md), in template order. */
export const ENTERPRISE_COLUMNS = [
  { field: 'uscc', zh: '统一社会信用代码', alias: 'uscc', required: true, amount: false },
  { field: 'name', zh: '企业名称', alias: 'name', required: true, amount: false },
  { field: 'period', zh: '统计期', alias: 'period', required: true, amount: false },
  { field: 'output', zh: '工业总产值', alias: 'output', required: true, amount: true },
  { field: 'value_added', zh: '工业增加值', alias: 'value_added', required: true, amount: true },
  { field: 'tax_paid', zh: '实缴税金', alias: 'tax_paid', required: true, amount: true },
  { field: 'output_prev', zh: '上年同期工业总产值', alias: 'output_prev', required: false, amount: true },
  {
    field: 'value_added_prev',
    zh: '上年同期工业增加值',
    alias: 'value_added_prev',
    required: false,
    amount: true,
  },
  { field: 'tax_paid_prev', zh: '上年同期实缴税金', alias: 'tax_paid_prev', required: false, amount: true },
  { field: 'above_scale', zh: '是否规上', alias: 'above_scale', required: false, amount: false },
  { field: 'industry_code', zh: '行业代码', alias: 'industry_code', required: false, amount: false },
  { field: 'note', zh: '情况说明', alias: 'note', required: false, amount: false },
  { field: 'unit', zh: '单位', alias: 'unit', required: false, amount: false },
] as const satisfies readonly ColumnSpec[];

export type EnterpriseField = (typeof ENTERPRISE_COLUMNS)[number]['field'];
export type AmountField =
  | 'output'
  | 'value_added'
  | 'tax_paid'
  | 'output_prev'
  | 'value_added_prev'
  | 'tax_paid_prev';
export const AMOUNT_FIELDS: readonly AmountField[] = [
  'output',
  'value_added',
  'tax_paid',
  'output_prev',
  'value_added_prev',
  'tax_paid_prev',
];

/** The three measures and their prior-year columns, with their names for messages. */
export const MEASURES = [
  { field: 'output', prev: 'output_prev', zh: '工业总产值', en: 'Gross output' },
  { field: 'value_added', prev: 'value_added_prev', zh: '工业增加值', en: 'Value added' },
  { field: 'tax_paid', prev: 'tax_paid_prev', zh: '实缴税金', en: 'Tax paid' },
] as const;
