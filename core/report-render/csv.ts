import { buildBureauTable, rowLabel, targetText } from './bureau-table.js';
import {
  completenessText,
  MISSING_HEADERS,
  missingRows,
  REVISION_HEADERS,
  revisionRows,
  WARNING_HEADERS,
  warningRows,
} from './report-sections.js';
import type { ReportRenderInput } from './types.js';

const FORMULA_TRIGGER = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * Neutralizes a cell a spreadsheet would run as a formula (OWASP "CSV injection"): a leading
 * = + - @ tab or CR gets a leading apostrophe. A plain number such as a growth of -3.2 is left
 * alone: Excel reads it as the number it is and nothing in it can execute.
 */
export function neutralizeCell(cell: string): string {
  return FORMULA_TRIGGER.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

/** RFC 4180: a field with a quote, comma, CR, LF or edge space is quoted, inner quotes doubled. */
export function quoteCell(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function csvLine(cells: readonly (string | null)[]): string {
  return cells.map((c) => quoteCell(neutralizeCell(c ?? ''))).join(',');
}

/**
 * The bureau report as CSV: UTF-8 with BOM (Excel on Chinese Windows opens it without
 * mojibake), CRLF, Chinese headers, figures as published. Sections, separated by a blank line:
 * the headline table with its footnotes, missing enterprises, open soft warnings, revision notes.
 */
export function renderReportCsv(input: ReportRenderInput): Uint8Array {
  const table = buildBureauTable(input.report, input.parkName, input.concentrationBasis);
  const lines: string[] = [
    csvLine([table.title]),
    csvLine(table.headers),
    ...table.rows.map((r) =>
      csvLine([rowLabel(r), r.month, r.ytd, r.growthPct, targetText(r), r.completionPct]),
    ),
    ...table.notes.map((n) => csvLine([`注:${n}`])),
    '',
    csvLine([`缺报企业(${completenessText(input)})`]),
    csvLine(MISSING_HEADERS),
    ...missingRows(input).map(csvLine),
    '',
    csvLine([`核实性审核提示(${input.openWarnings.length} 条待核实)`]),
    csvLine(WARNING_HEADERS),
    ...warningRows(input).map(csvLine),
    '',
    csvLine([`修订说明(本版为第${input.revision.number}版)`]),
    csvLine(REVISION_HEADERS),
    ...revisionRows(input).map(csvLine),
  ];
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}
