import { formatBeijingTime } from './beijing-time.js';
import type { ReportRenderInput } from './types.js';

/** The 填报情况 line: "应报 12 家,已报 10 家,缺报 2 家" (or without 应报 when no register was uploaded). */
export function completenessText(input: ReportRenderInput): string {
  const { reporting, expected } = input.report.enterprises;
  if (expected === null) return `已报 ${reporting} 家(未上传企业名录,无法核对缺报)`;
  return `应报 ${expected} 家,已报 ${reporting} 家,缺报 ${input.missing.length} 家`;
}

export const MISSING_HEADERS = ['统一社会信用代码', '企业名称'] as const;
export const WARNING_HEADERS = [
  '统一社会信用代码',
  '企业名称',
  '统计期',
  '审核规则',
  '提示',
  '情况说明',
] as const;
export const REVISION_HEADERS = ['版本', '发布时间(北京时间)', '类别', '项目', '修订前', '修订后'] as const;

export function missingRows(input: ReportRenderInput): string[][] {
  return input.missing.map((m) => [m.uscc, m.name]);
}

export function warningRows(input: ReportRenderInput): string[][] {
  return input.openWarnings.map((w) => [w.uscc, w.name, w.period, w.rule, w.message, w.note ?? '(未说明)']);
}

/**
 * The revision log, oldest first, flattened to rows: a 首次发布 row for revision 1, then for each
 * later revision one 变动 row per changed figure and one 原因 row per upload that caused it.
 */
export function revisionRows(input: ReportRenderInput): string[][] {
  const rows: string[][] = [];
  for (const r of [...input.earlierRevisions, input.revision]) {
    const head = [`第${r.number}版`, formatBeijingTime(r.publishedAt)];
    if (r.number === 1) rows.push([...head, '首次发布', '', '', '']);
    for (const c of r.changes) rows.push([...head, '变动', c.label, c.before ?? '—', c.after ?? '—']);
    for (const cause of r.causes) rows.push([...head, '原因(上传文件)', cause, '', '']);
  }
  return rows;
}
