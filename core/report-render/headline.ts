import type { BureauRow, BureauTable } from './bureau-table.js';

function growthPhrase(growthPct: string): string {
  return growthPct.startsWith('-') ? `同比下降${growthPct.slice(1)}%` : `同比增长${growthPct}%`;
}

function rowPhrase(row: BureauRow): string {
  if (row.ytd === null) return `${row.name}暂无数据`;
  let phrase = `${row.name}${row.ytd}${row.unit}`;
  if (row.target?.level) phrase += `(指标值${row.target.level}${row.unit})`;
  if (row.growthPct !== null) {
    phrase += `,${growthPhrase(row.growthPct)}`;
    if (row.target?.growthPct) phrase += `(指标值${row.target.growthPct}%)`;
  }
  return phrase;
}

/**
 * The bureau's headline sentence, in the words of the park's work summary:
 * "1–11月,园区共完成规模工业总产值50.6亿元(指标值55.0亿元),同比增长45.2%(指标值21%);…".
 * A fall is written 同比下降, as Chinese statistical releases do.
 */
export function headlineSentence(table: BureauTable): string {
  return `${table.span},园区共完成${table.rows.map(rowPhrase).join(';')}。`;
}
