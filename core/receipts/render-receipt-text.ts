import type { Receipt } from '../../schemas/receipt.js';
import type { TextEncodingName } from '../ingest/decode.js';
import { formatValidationSummary } from '../ingest/format-summary.js';
import { findPark } from '../parks.js';

const KIND_LABEL: Record<Receipt['kind'], string> = {
  'enterprise-monthly': '企业月度报表 (enterprise monthly file)',
  register: '园区企业名录 (enterprise register)',
  'county-totals': '全县规上工业累计数 (county totals)',
};

/**
 * The receipt as the statistician reads it (receipts/{key}.txt): what was received and what
 * became of it, then the summary `parkstats validate` prints (file, encoding, unit, rows,
 * verdict, and every finding with its row, column and reason). `read` is what the reader
 * found that the receipt JSON does not carry. Everything else comes from the receipt alone,
 * so `parkstats upload` rendering a stored JSON receipt says the same as the .txt.
 */
export function renderReceiptText(
  receipt: Receipt,
  read: { encoding: TextEncodingName | null; unit: string | null },
): string {
  const lines = [
    `上传回执 (upload receipt) — ${receipt.accepted ? '已接收 (accepted)' : '已拒收 (rejected)'}`,
    `类型 (kind): ${KIND_LABEL[receipt.kind]}`,
    `园区 (park): ${parkLabel(receipt.park)}`,
  ];
  if (receipt.accepted && receipt.kind === 'enterprise-monthly') {
    lines.push(
      `写入 (stored): ${receipt.facts_written} 条；已有更新的上传、未覆盖 (kept, a newer upload holds them): ${receipt.facts_superseded} 条`,
    );
  }
  lines.push(`处理时间 (processed at): ${beijingTime(receipt.processed_at)}（北京时间 UTC+8）`, '');
  if (!receipt.accepted) lines.push(unchangedNotice(receipt.kept_version?.event_time ?? null), '');
  const summary = formatValidationSummary(
    { ...receipt, encoding: read.encoding, unit: read.unit, columns: {} },
    receipt.key,
  );
  return `${lines.join('\n')}\n${summary}`;
}

/**
 * A rejected upload changes nothing; the statistician must not fear that her earlier
 * figures for this file are gone, so the receipt says plainly which ones still count.
 */
function unchangedNotice(keptUploadedAt: string | null): string {
  const nothing = '本次上传未入库，没有改动任何数据，园区汇总不变。';
  if (keptUploadedAt === null) return nothing;
  return `${nothing}此前已接收的同名文件（北京时间 ${beijingTime(keptUploadedAt)} 上传的版本）的数据继续有效。`;
}

function parkLabel(park: string | null): string {
  if (park === null) return '—';
  const configured = findPark(park);
  return configured === undefined ? `${park}（未配置 / not configured）` : `${configured.name} (${park})`;
}

/** "2017-12-05 10:03:04": statisticians read times in China Standard Time. */
function beijingTime(iso: string): string {
  const shifted = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return shifted.toISOString().slice(0, 19).replace('T', ' ');
}
