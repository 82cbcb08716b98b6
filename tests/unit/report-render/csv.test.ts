import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { neutralizeCell, quoteCell, renderReportCsv } from '../../../core/report-render/csv.js';
import { indicator, renderInput, shuangpaiReport } from './park-report-fixture.js';

function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

function parse(text: string): string[][] {
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { newline: '\r\n' });
  expect(result.errors).toEqual([]);
  return result.data;
}

describe('renderReportCsv', () => {
  it('is UTF-8 with a BOM and CRLF line ends only', () => {
    // Act
    const bytes = renderReportCsv(renderInput());

    // Assess
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = decode(bytes);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('writes the headline table with Chinese headers and figures as published', () => {
    // Act
    const rows = parse(decode(renderReportCsv(renderInput())));

    // Assess
    expect(rows[0]).toEqual(['双牌工业集中区 2017年1–11月 主要经济指标']);
    expect(rows[1]).toEqual(['指标', '本月(万元)', '1–11月累计', '同比增长(%)', '指标值', '完成率(%)']);
    expect(rows[2]).toEqual(['规模工业总产值(亿元)', '47300.0', '50.6', '45.2', '55.0亿元;增长21%', '92.0']);
    expect(rows[5]).toEqual(['工业集中度(%)', '', '69.81', '', '80%', '87.3']);
    expect(rows[6]).toEqual(['主导产业占比(%)', '', '86.8', '', '', '']);
  });

  it('keeps a negative growth a number, unquoted and without an apostrophe', () => {
    // Arrange
    const input = renderInput({
      report: shuangpaiReport({ value_added: indicator('1', '1410000000', '100000000', '96800000') }),
    });

    // Act
    const text = decode(renderReportCsv(input));

    // Assess
    expect(text).toContain('\r\n规模工业增加值(亿元),0.0,14.1,-3.2,增长8%,\r\n');
  });

  it('lists missing enterprises, open warnings with their 情况说明, and the revision notes', () => {
    // Arrange
    const input = renderInput({
      revision: {
        number: 2,
        publishedAt: '2017-12-08T02:00:00Z',
        changes: [
          { field: 'output.ytd', label: '规模工业总产值(亿元) 1–11月累计', before: '50.5', after: '50.6' },
        ],
        causes: ['uploads/shuangpai/91431123MA4L5678Y1/2017-11.csv'],
      },
      earlierRevisions: [{ number: 1, publishedAt: '2017-12-05T01:30:00Z', changes: [], causes: [] }],
    });

    // Act
    const rows = parse(decode(renderReportCsv(input)));

    // Assess
    expect(rows).toContainEqual(['缺报企业(应报 26 家,已报 24 家,缺报 2 家)']);
    expect(rows).toContainEqual(['91350100M000100Y43', '永州市某某木业有限公司']);
    expect(rows).toContainEqual([
      '91431123MA4L5678Y1',
      '湖南某某新材料有限公司',
      '2017-11',
      'yoy_over_50',
      '工业总产值同比增长 212.0%,超过 ±50%',
      '新生产线10月投产',
    ]);
    expect(rows).toContainEqual(['第1版', '2017-12-05 09:30', '首次发布', '', '', '']);
    expect(rows).toContainEqual([
      '第2版',
      '2017-12-08 10:00',
      '变动',
      '规模工业总产值(亿元) 1–11月累计',
      '50.5',
      '50.6',
    ]);
    expect(rows).toContainEqual([
      '第2版',
      '2017-12-08 10:00',
      '原因(上传文件)',
      'uploads/shuangpai/91431123MA4L5678Y1/2017-11.csv',
      '',
      '',
    ]);
  });

  it('neutralizes formulas in enterprise names and quotes commas, quotes and line breaks', () => {
    // Arrange
    const input = renderInput({
      missing: [
        { uscc: '91350100M000100Y43', name: '=HYPERLINK("http://x","点我")' },
        { uscc: '91431123MA4L1234X0', name: '@SUM(A1:A9)' },
      ],
      openWarnings: [
        {
          uscc: '91431123MA4L5678Y1',
          name: '-1+2',
          period: '2017-11',
          rule: 'va_ratio',
          message: '+增加值率 3%',
          note: '第一行\n第二行,含逗号',
        },
      ],
    });

    // Act
    const rows = parse(decode(renderReportCsv(input)));

    // Assess
    expect(rows).toContainEqual(['91350100M000100Y43', `'=HYPERLINK("http://x","点我")`]);
    expect(rows).toContainEqual(['91431123MA4L1234X0', "'@SUM(A1:A9)"]);
    expect(rows).toContainEqual([
      '91431123MA4L5678Y1',
      "'-1+2",
      '2017-11',
      'va_ratio',
      "'+增加值率 3%",
      '第一行\n第二行,含逗号',
    ]);
  });
});

describe('neutralizeCell and quoteCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+86 138', "'+86 138"],
    ['-cmd', "'-cmd"],
    ['@x', "'@x"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['-3.2', '-3.2'],
    ['-12', '-12'],
    ['3.2', '3.2'],
    ['双牌', '双牌'],
  ])('neutralizes %j as %j', (cell, expected) => {
    expect(neutralizeCell(cell)).toBe(expected);
  });

  it.each([
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['a\r\nb', '"a\r\nb"'],
    [' lead', '" lead"'],
    ['plain', 'plain'],
  ])('quotes %j as %j', (cell, expected) => {
    expect(quoteCell(cell)).toBe(expected);
  });
});
