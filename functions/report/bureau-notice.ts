import { formatBeijingTime } from '../../core/report-render/beijing-time.js';
import { buildBureauTable, type ConcentrationBasis } from '../../core/report-render/bureau-table.js';
import { headlineSentence } from '../../core/report-render/headline.js';
import type { RevisionRecord } from '../../core/revisions/revision-record.js';
import type { ParkReport } from '../../schemas/report.js';
import type { SignedLinks } from '../adapters/bureau-notifier.js';

/** SNS refuses a subject of 100 characters or more. */
const MAX_SUBJECT_CHARS = 99;

export interface BureauNotice {
  subject: string;
  message: string;
}

export interface NoticeInput {
  report: ParkReport;
  parkName: string;
  concentrationBasis: ConcentrationBasis;
  revision: RevisionRecord;
  links: SignedLinks;
}

function periodText(period: string): string {
  return `${period.slice(0, 4)}年${Number(period.slice(5))}月`;
}

function fileName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/**
 * The bureau's notice of one publication, in Chinese: subject "双牌工业集中区 2017年11月 主要经济指标
 * 第2版(修订)", then the headline sentence, the completeness line, what changed and which uploads
 * caused it (revisions after the first), and the presigned links to the four files.
 */
export function composeBureauNotice(input: NoticeInput): BureauNotice {
  const { report, revision } = input;
  const revised = revision.number > 1;
  const subject = `${input.parkName} ${periodText(report.period)} 主要经济指标 第${revision.number}版${revised ? '(修订)' : ''}`;
  const table = buildBureauTable(report, input.parkName, input.concentrationBasis);
  const { reporting, expected, missing } = report.enterprises;
  const lines = [
    `${table.title} 第${revision.number}版${revised ? '(修订版, 此前各版保留)' : '(首次发布)'}`,
    '',
    headlineSentence(table),
    '',
    expected === null
      ? `填报情况: 已报 ${reporting} 家(未上传企业名录)`
      : `填报情况: 应报 ${expected} 家, 已报 ${reporting} 家, 缺报 ${missing.length} 家`,
  ];
  if (revised) {
    lines.push('', `本版变动 (${revision.changes.length} 项):`);
    for (const c of revision.changes) lines.push(`  ${c.label}: ${c.before ?? '—'} → ${c.after ?? '—'}`);
    lines.push(`变动原因 (上传文件 ${revision.causes.length} 个):`);
    for (const cause of revision.causes) lines.push(`  ${cause}`);
  }
  lines.push('', `报表文件 (链接有效至北京时间 ${formatBeijingTime(input.links.expiresAt.toISOString())}):`);
  for (const link of input.links.links) lines.push(`${fileName(link.key)}:`, link.url);
  return { subject: [...subject].slice(0, MAX_SUBJECT_CHARS).join(''), message: `${lines.join('\n')}\n` };
}
