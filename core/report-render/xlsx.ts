import ExcelJS from 'exceljs';
import { formatBeijingTime } from './beijing-time.js';
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

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FF808080' } };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = 'SimSun';

/** A published figure as a number cell whose format shows exactly its published decimals ("50.6" → 0.0). */
function figureCell(cell: ExcelJS.Cell, figure: string | null): void {
  if (figure === null) {
    cell.value = '—';
    cell.alignment = { horizontal: 'center' };
    return;
  }
  const decimals = figure.split('.')[1]?.length ?? 0;
  cell.value = Number(figure);
  cell.numFmt = decimals === 0 ? '0' : `0.${'0'.repeat(decimals)}`;
}

function styleHeader(row: ExcelJS.Row): void {
  row.eachCell((cell) => {
    cell.font = { name: FONT, bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BOX;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
}

function mergedLine(
  sheet: ExcelJS.Worksheet,
  text: string,
  width: number,
  font: Partial<ExcelJS.Font>,
): void {
  const row = sheet.addRow([text]);
  sheet.mergeCells(row.number, 1, row.number, width);
  row.getCell(1).font = { name: FONT, ...font };
  row.getCell(1).alignment = { wrapText: true, vertical: 'middle' };
}

/** A titled table of text rows, or a single 无 line when there are none. */
function textTable(
  sheet: ExcelJS.Worksheet,
  title: string,
  headers: readonly string[],
  rows: string[][],
): void {
  mergedLine(sheet, title, headers.length, { bold: true, size: 12 });
  styleHeader(sheet.addRow([...headers]));
  if (rows.length === 0) sheet.addRow(['无']);
  for (const values of rows) {
    const row = sheet.addRow(values);
    row.eachCell((cell) => {
      cell.border = BOX;
      cell.font = { name: FONT };
      cell.alignment = { wrapText: true, vertical: 'top' };
    });
  }
}

function headlineSheet(workbook: ExcelJS.Workbook, input: ReportRenderInput): void {
  const table = buildBureauTable(input.report, input.parkName, input.concentrationBasis);
  const sheet = workbook.addWorksheet('主要指标', {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = [{ width: 26 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 22 }, { width: 12 }];
  const width = table.headers.length;
  mergedLine(sheet, table.title, width, { bold: true, size: 16 });
  sheet.getRow(1).height = 28;
  sheet.getCell('A1').alignment = { horizontal: 'center', vertical: 'middle' };
  mergedLine(
    sheet,
    `第${input.revision.number}版 发布时间 ${formatBeijingTime(input.revision.publishedAt)}(北京时间) ${completenessText(input)}`,
    width,
    { size: 10, color: { argb: 'FF555555' } },
  );
  styleHeader(sheet.addRow([...table.headers]));
  for (const r of table.rows) {
    const row = sheet.addRow([rowLabel(r)]);
    figureCell(row.getCell(2), r.month);
    figureCell(row.getCell(3), r.ytd);
    figureCell(row.getCell(4), r.growthPct);
    row.getCell(5).value = targetText(r) ?? '—';
    row.getCell(5).alignment = { horizontal: 'center' };
    figureCell(row.getCell(6), r.completionPct);
    row.eachCell((cell) => {
      cell.border = BOX;
      cell.font = { name: FONT };
    });
  }
  for (const note of table.notes) mergedLine(sheet, `注:${note}`, width, { size: 9 });
}

/**
 * The bureau report as an Excel workbook: sheet 1 the headline table (title row, styled header,
 * numbers as numbers formatted to their published decimals), sheet 2 missing enterprises and
 * open soft warnings, sheet 3 the revision history.
 */
export async function renderReportXlsx(input: ReportRenderInput): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'parkstats';
  // The document's dates are the publication's, not the clock of whichever machine rendered it.
  workbook.created = new Date(input.revision.publishedAt);
  workbook.modified = workbook.created;

  headlineSheet(workbook, input);

  const gaps = workbook.addWorksheet('缺报与核实提示');
  gaps.columns = [{ width: 22 }, { width: 28 }, { width: 10 }, { width: 18 }, { width: 40 }, { width: 36 }];
  textTable(gaps, `缺报企业(${completenessText(input)})`, MISSING_HEADERS, missingRows(input));
  gaps.addRow([]);
  textTable(
    gaps,
    `核实性审核提示(${input.openWarnings.length} 条待核实)`,
    WARNING_HEADERS,
    warningRows(input),
  );

  const history = workbook.addWorksheet('修订记录');
  history.columns = [{ width: 8 }, { width: 20 }, { width: 16 }, { width: 44 }, { width: 16 }, { width: 16 }];
  textTable(history, `修订记录(本版为第${input.revision.number}版)`, REVISION_HEADERS, revisionRows(input));

  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
