import { renderReportCsv } from './csv.js';
import { renderReportHtml } from './html.js';
import type { ReportRenderInput } from './types.js';
import { renderReportXlsx } from './xlsx.js';

export interface ReportFile {
  /** File name under the revision's prefix (see `revisionObjectKeys`). */
  name: 'report.json' | 'report.csv' | 'report.xlsx' | 'report.html';
  contentType: string;
  body: Uint8Array;
}

/**
 * The four files of one publication, ready for the report handler to put under
 * `reports/{parkId}/{period}/rev-NNN/`. report.json is the ParkReport itself, the same fields
 * as `parkstats report --format json`.
 */
export async function renderReportFiles(input: ReportRenderInput): Promise<ReportFile[]> {
  const utf8 = new TextEncoder();
  return [
    {
      name: 'report.json',
      contentType: 'application/json; charset=utf-8',
      body: utf8.encode(`${JSON.stringify(input.report, null, 2)}\n`),
    },
    { name: 'report.csv', contentType: 'text/csv; charset=utf-8', body: renderReportCsv(input) },
    {
      name: 'report.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body: await renderReportXlsx(input),
    },
    {
      name: 'report.html',
      contentType: 'text/html; charset=utf-8',
      body: utf8.encode(renderReportHtml(input)),
    },
  ];
}
