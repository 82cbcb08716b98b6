import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ReportRenderInput } from '../../../core/report-render/types.js';
import { renderReportXlsx } from '../../../core/report-render/xlsx.js';
import { indicator, renderInput, shuangpaiReport } from './park-report-fixture.js';

async function readBack(input: ReportRenderInput): Promise<ExcelJS.Workbook> {
  const bytes = await renderReportXlsx(input);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  return workbook;
}

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (found === undefined) throw new Error(`no sheet ${name}`);
  return found;
}

function texts(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.eachRow((row) => {
    row.eachCell((cell) => {
      out.push(String(cell.value));
    });
  });
  return out;
}

describe('renderReportXlsx', () => {
  it('writes the headline sheet with a merged title, a styled header and numbers formatted as published', async () => {
    // Act
    const workbook = await readBack(renderInput());

    // Assess
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['主要指标', '缺报与核实提示', '修订记录']);
    const ws = sheet(workbook, '主要指标');
    expect(ws.getCell('A1').value).toBe('双牌工业集中区 2017年1–11月 主要经济指标');
    expect(ws.getCell('A1').isMerged && ws.getCell('F1').isMerged).toBe(true);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getRow(3).values).toEqual([
      undefined,
      '指标',
      '本月(万元)',
      '1–11月累计',
      '同比增长(%)',
      '指标值',
      '完成率(%)',
    ]);
    expect(ws.getCell('B3').font?.bold).toBe(true);
    expect(ws.getCell('B3').fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(20);

    const output = ws.getRow(4);
    expect(output.getCell(1).value).toBe('规模工业总产值(亿元)');
    expect(output.getCell(3).value).toBe(50.6);
    expect(output.getCell(3).numFmt).toBe('0.0');
    expect(output.getCell(4).value).toBe(45.2);
    expect(output.getCell(4).numFmt).toBe('0.0');
    expect(output.getCell(5).value).toBe('55.0亿元;增长21%');
    expect(output.getCell(6).value).toBe(92);
    const concentration = ws.getRow(7);
    expect(concentration.getCell(1).value).toBe('工业集中度(%)');
    expect(concentration.getCell(3).value).toBe(69.81);
    expect(concentration.getCell(3).numFmt).toBe('0.00');
    expect(concentration.getCell(2).value).toBe('—');
  });

  it('stores a name that looks like a formula as plain text, never as a formula', async () => {
    // Arrange
    const input = renderInput({ missing: [{ uscc: '91350100M000100Y43', name: '=HYPERLINK("http://x")' }] });

    // Act
    const gaps = sheet(await readBack(input), '缺报与核实提示');

    // Assess
    const cell = gaps.getCell('B3');
    expect(cell.value).toBe('=HYPERLINK("http://x")');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
  });

  it('keeps a fall a negative number', async () => {
    // Arrange
    const input = renderInput({
      report: shuangpaiReport({ tax_paid: indicator('1', '30000000', '100000000', '96800000') }),
    });

    // Act
    const ws = sheet(await readBack(input), '主要指标');

    // Assess
    expect(ws.getRow(6).getCell(4).value).toBe(-3.2);
  });

  it('lists missing enterprises and open warnings on sheet 2 and the revision history on sheet 3', async () => {
    // Arrange
    const input = renderInput({
      revision: {
        number: 2,
        publishedAt: '2017-12-08T02:00:00Z',
        changes: [
          { field: 'output.ytd', label: '规模工业总产值(亿元) 1–11月累计', before: '50.5', after: '50.6' },
        ],
        causes: ['uploads/shuangpai/_office/late.csv'],
      },
      earlierRevisions: [{ number: 1, publishedAt: '2017-12-05T01:30:00Z', changes: [], causes: [] }],
    });

    // Act
    const workbook = await readBack(input);

    // Assess
    const gaps = texts(sheet(workbook, '缺报与核实提示'));
    expect(gaps).toContain('永州市某某木业有限公司');
    expect(gaps).toContain('yoy_over_50');
    expect(gaps).toContain('新生产线10月投产');
    const history = texts(sheet(workbook, '修订记录'));
    expect(history).toContain('首次发布');
    expect(history).toContain('规模工业总产值(亿元) 1–11月累计');
    expect(history).toContain('uploads/shuangpai/_office/late.csv');
    expect(history.filter((t) => t === '第2版')).toHaveLength(2);
    expect(workbook.created.toISOString()).toBe('2017-12-08T02:00:00.000Z');
  });
});
