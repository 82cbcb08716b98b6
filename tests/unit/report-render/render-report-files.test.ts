import { describe, expect, it } from 'vitest';
import { renderReportFiles } from '../../../core/report-render/render-report-files.js';
import { ParkReportSchema } from '../../../schemas/report.js';
import { renderInput } from './park-report-fixture.js';

describe('renderReportFiles', () => {
  it('renders the four files with their content types, report.json being the ParkReport', async () => {
    // Arrange
    const input = renderInput();

    // Act
    const files = await renderReportFiles(input);

    // Assess
    expect(files.map((f) => [f.name, f.contentType])).toEqual([
      ['report.json', 'application/json; charset=utf-8'],
      ['report.csv', 'text/csv; charset=utf-8'],
      ['report.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['report.html', 'text/html; charset=utf-8'],
    ]);
    const [json, csv, xlsx, html] = files.map((f) => f.body);
    expect(ParkReportSchema.parse(JSON.parse(new TextDecoder().decode(json)))).toEqual(input.report);
    expect(csv?.[0]).toBe(0xef);
    // An .xlsx is a zip: "PK\x03\x04".
    expect([...(xlsx ?? new Uint8Array()).slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(new TextDecoder().decode(html)).toContain('<td class="num">50.6</td>');
  });
});
