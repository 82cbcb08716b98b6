import { formatBeijingTime } from './beijing-time.js';
import {
  AMOUNT_INDICATORS,
  type BureauTable,
  buildBureauTable,
  periodParts,
  targetText,
} from './bureau-table.js';
import { headlineSentence } from './headline.js';
import { escapeHtml } from './html-escape.js';
import {
  completenessText,
  MISSING_HEADERS,
  missingRows,
  REVISION_HEADERS,
  revisionRows,
} from './report-sections.js';
import { trendChartSvg } from './trend-chart.js';
import { amountTrend, concentrationTrend } from './trend-data.js';
import type { ReportRenderInput } from './types.js';

const THIS_YEAR_COLOR = '#c0392b';
const LAST_YEAR_COLOR = '#7f8c8d';
const TARGET_COLOR = '#1f6fb2';

/** Only local fonts: the report is opened offline and printed; nothing is fetched. */
const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f5f7; color: #1d2329;
  font: 15px/1.6 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif; }
main { max-width: 960px; margin: 0 auto; padding: 16px 14px 32px; background: #fff; }
header { border-bottom: 3px solid ${THIS_YEAR_COLOR}; padding-bottom: 8px; margin-bottom: 12px; }
h1 { font-size: 1.35rem; margin: 0 0 4px; line-height: 1.35; }
h2 { font-size: 1.08rem; margin: 22px 0 8px; padding-left: 8px; border-left: 4px solid ${THIS_YEAR_COLOR}; }
.meta { color: #5b6570; font-size: 0.85rem; margin: 0; }
.revised { display: inline-block; background: #fdecea; color: ${THIS_YEAR_COLOR}; border-radius: 3px;
  padding: 0 6px; font-weight: 600; }
.headline { background: #fbf7ef; border: 1px solid #eadfc7; border-radius: 6px; padding: 10px 12px; margin: 0; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #c9d0d8; padding: 6px 6px; }
thead th { background: #e8eef5; font-weight: 600; text-align: center; }
tbody th { text-align: left; font-weight: 600; }
.nb { display: inline-block; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.empty { text-align: center; color: #9aa3ad; }
td.target { text-align: center; }
.neg { color: #117a3d; }
.notes { color: #5b6570; font-size: 0.8rem; padding-left: 18px; margin: 6px 0 0; }
.charts { display: grid; grid-template-columns: 1fr; gap: 12px; }
@media (min-width: 640px) { .charts { grid-template-columns: 1fr 1fr; } }
figure { margin: 0; border: 1px solid #e3e6ea; border-radius: 6px; padding: 8px; }
figcaption { font-weight: 600; font-size: 0.92rem; margin-bottom: 4px; }
svg { display: block; width: 100%; height: auto; }
svg .tick { font-size: 10px; fill: #5b6570; }
svg .legend { font-size: 11px; fill: #1d2329; }
.none { color: #5b6570; }
table.wide { min-width: 600px; }
.cards { list-style: none; padding: 0; margin: 0; display: grid; gap: 8px; }
.card { border: 1px solid #eadfc7; border-left: 4px solid #d68910; border-radius: 6px; padding: 8px 10px; }
.card p { margin: 0; }
.uscc { color: #5b6570; font-size: 0.8rem; font-variant-numeric: tabular-nums; }
.rule { display: inline-block; background: #fdf2e0; border-radius: 3px; padding: 0 5px; font-size: 0.8rem; }
.what { font-size: 0.9rem; }
.note { font-size: 0.9rem; color: #1e6b3a; }
.missing-note { color: #b03a2e; }
footer { margin-top: 24px; color: #9aa3ad; font-size: 0.75rem; }
@media (max-width: 480px) {
  body { font-size: 14px; }
  main { padding: 12px 8px 24px; }
  table { font-size: 0.8rem; }
  th, td { padding: 4px 3px; }
}
@media print {
  @page { size: A4; margin: 12mm; }
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .charts { grid-template-columns: 1fr 1fr; }
  figure, table, .headline, .card { break-inside: avoid; }
  table.wide { min-width: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

function figureTd(figure: string | null): string {
  if (figure === null) return '<td class="empty">—</td>';
  const cls = figure.startsWith('-') ? 'num neg' : 'num';
  return `<td class="${cls}">${escapeHtml(figure)}</td>`;
}

function headlineTable(table: BureauTable): string {
  const head = table.headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = table.rows
    .map((r) => {
      const target = targetText(r);
      return `<tr><th scope="row"><span class="nb">${escapeHtml(r.name)}</span><span class="nb">(${escapeHtml(r.unit)})</span></th>${figureTd(r.month)}${figureTd(r.ytd)}${figureTd(r.growthPct)}${
        target === null
          ? '<td class="empty">—</td>'
          : `<td class="target">${target
              .split(';')
              .map((part) => `<span class="nb">${escapeHtml(part)}</span>`)
              .join(';')}</td>`
      }${figureTd(r.completionPct)}</tr>`;
    })
    .join('');
  const notes = table.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('');
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div><ul class="notes">${notes}</ul>`;
}

/** A plain table; `wide` ones keep a minimum width and scroll sideways on a phone rather than squash. */
function textTable(headers: readonly string[], rows: string[][], emptyText: string, wide: boolean): string {
  if (rows.length === 0) return `<p class="none">${escapeHtml(emptyText)}</p>`;
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  return `<div class="table-wrap"><table${wide ? ' class="wide"' : ''}><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** Open warnings as cards, one per enterprise finding: six columns would not fit a phone. */
function warningCards(input: ReportRenderInput): string {
  if (input.openWarnings.length === 0) return '<p class="none">无待核实的提示。</p>';
  const cards = input.openWarnings.map((w) => {
    const note =
      w.note === null
        ? '<p class="note missing-note">情况说明:未说明</p>'
        : `<p class="note">情况说明:${escapeHtml(w.note)}</p>`;
    return `<li class="card"><p class="who"><strong>${escapeHtml(w.name)}</strong> <span class="uscc">${escapeHtml(w.uscc)}</span></p><p class="what"><span class="rule">${escapeHtml(w.rule)}</span> ${escapeHtml(w.period)} · ${escapeHtml(w.message)}</p>${note}</li>`;
  });
  return `<ul class="cards">${cards.join('')}</ul>`;
}

function charts(input: ReportRenderInput): string {
  const { year } = periodParts(input.report.period);
  const figures = AMOUNT_INDICATORS.map(({ key, name }) => {
    const trend = amountTrend(input.report, input.history, key);
    const svg = trendChartSvg({
      description: `${name}月度走势,${year}年与${year - 1}年对比(万元)`,
      unit: '万元',
      series: [
        { label: `${year}年`, color: THIS_YEAR_COLOR, dashed: false, values: trend.thisYear },
        { label: `${year - 1}年`, color: LAST_YEAR_COLOR, dashed: true, values: trend.lastYear },
      ],
    });
    return `<figure><figcaption>${escapeHtml(name)} 当月值(万元)</figcaption>${svg}</figure>`;
  });
  const concentration = concentrationTrend(input.report, input.history, input.concentrationBasis);
  const target = input.report.targets?.concentration_pct;
  const concentrationSvg = trendChartSvg({
    description: `工业集中度(1至当月累计,%)与指标值对比`,
    unit: '%',
    series: [
      { label: `${year}年`, color: THIS_YEAR_COLOR, dashed: false, values: concentration.thisYear },
      { label: `${year - 1}年`, color: LAST_YEAR_COLOR, dashed: true, values: concentration.lastYear },
    ],
    ...(target === undefined
      ? {}
      : { target: { value: target, label: `指标值 ${target}%`, color: TARGET_COLOR } }),
  });
  figures.push(`<figure><figcaption>工业集中度 累计(%)与指标值</figcaption>${concentrationSvg}</figure>`);
  return `<div class="charts">${figures.join('')}</div>`;
}

/**
 * The bureau report as one self-contained HTML page: inline CSS and inline SVG charts drawn
 * from the data, no scripts, fonts or URLs (it is opened offline and printed). Readable on a
 * 390 px phone (the table scrolls sideways if it must, charts scale with their viewBox), with
 * print CSS for A4. Every interpolated string is HTML-escaped: enterprise names come from uploads.
 */
export function renderReportHtml(input: ReportRenderInput): string {
  const table = buildBureauTable(input.report, input.parkName, input.concentrationBasis);
  const { revision } = input;
  const revisedBadge = revision.number > 1 ? '<span class="revised">修订</span> ' : '';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(table.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(table.title)}</h1>
<p class="meta">${revisedBadge}第${revision.number}版 · 发布时间 ${escapeHtml(formatBeijingTime(revision.publishedAt))}(北京时间) · ${escapeHtml(completenessText(input))}</p>
</header>
<p class="headline">${escapeHtml(headlineSentence(table))}</p>
<section><h2>主要指标</h2>${headlineTable(table)}</section>
<section><h2>月度走势</h2>${charts(input)}</section>
<section><h2>缺报企业</h2><p class="meta">${escapeHtml(completenessText(input))}</p>${textTable(MISSING_HEADERS, missingRows(input), '无缺报企业。', false)}</section>
<section><h2>核实性审核提示(${input.openWarnings.length} 条待核实)</h2>${warningCards(input)}</section>
<section><h2>修订说明</h2>${textTable(REVISION_HEADERS, revisionRows(input), '无。', true)}</section>
<footer>parkstats 自动生成 · 园区 ${escapeHtml(input.report.park)} · 统计期 ${escapeHtml(input.report.period)}</footer>
</main>
</body>
</html>
`;
}
