import { describe, expect, it } from 'vitest';
import { buildBureauTable } from '../../../core/report-render/bureau-table.js';
import { displayWidth, renderBureauText } from '../../../core/report-render/text.js';
import { ReportRenderInputSchema } from '../../../core/report-render/types.js';
import { renderInput, shuangpaiReport } from './park-report-fixture.js';

describe('renderBureauText', () => {
  it('aligns the table by display width with figures right-aligned', () => {
    // Arrange
    const table = buildBureauTable(shuangpaiReport(), '双牌工业集中区', 'value_added');

    // Act
    const lines = renderBureauText(table).split('\n');

    // Assess
    expect(lines[0]).toBe('双牌工业集中区 2017年1–11月 主要经济指标');
    const tableLines = lines.slice(3, 9);
    expect(new Set(tableLines.map(displayWidth)).size).toBe(1);
    expect(tableLines[1]).toMatch(
      /^规模工业总产值\(亿元\)\s+47300\.0\s+50\.6\s+45\.2\s+55\.0亿元;增长21%\s+92\.0$/,
    );
    expect(tableLines[4]).toMatch(/^工业集中度\(%\)\s+—\s+69\.81\s+—\s+80%\s+87\.3$/);
  });

  it('counts Chinese and full-width characters as two columns', () => {
    expect(displayWidth('双牌')).toBe(4);
    expect(displayWidth('（%）')).toBe(5);
    expect(displayWidth('50.6')).toBe(4);
  });
});

describe('ReportRenderInputSchema', () => {
  it('accepts a complete input and rejects a malformed warning period', () => {
    // Arrange
    const input = renderInput();
    const bad = { ...input, openWarnings: [{ ...input.openWarnings[0], period: '2017/11' }] };

    // Act / Assess
    expect(ReportRenderInputSchema.parse(input)).toEqual(input);
    expect(ReportRenderInputSchema.safeParse(bad).success).toBe(false);
  });
});
