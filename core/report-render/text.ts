import { type BureauTable, rowLabel, targetText } from './bureau-table.js';
import { headlineSentence } from './headline.js';

/** East Asian wide and full-width characters take two terminal columns. */
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

function pad(text: string, width: number, alignRight: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return alignRight ? fill + text : text + fill;
}

/**
 * The bureau table for a terminal (`parkstats report`): title, headline sentence, the table
 * with columns aligned by display width (a Chinese character is two columns), footnotes.
 */
export function renderBureauText(table: BureauTable): string {
  const cells = [
    [...table.headers],
    ...table.rows.map((r) => [
      rowLabel(r),
      r.month ?? '—',
      r.ytd ?? '—',
      r.growthPct ?? '—',
      targetText(r) ?? '—',
      r.completionPct ?? '—',
    ]),
  ];
  const widths = table.headers.map((_, c) => Math.max(...cells.map((row) => displayWidth(row[c] ?? ''))));
  const lines = cells.map((row, i) =>
    row.map((cell, c) => pad(cell, widths[c] ?? 0, i > 0 && c > 0 && c !== 4)).join('  '),
  );
  return [
    table.title,
    headlineSentence(table),
    '',
    ...lines,
    '',
    ...table.notes.map((n) => `注:${n}`),
    '',
  ].join('\n');
}
