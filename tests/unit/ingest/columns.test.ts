import { describe, expect, it } from 'vitest';
import { mapHeader, splitHeaderUnit } from '../../../core/ingest/columns.js';
import { ENTERPRISE_COLUMNS } from '../../../core/ingest/enterprise-columns.js';

describe('splitHeaderUnit', () => {
  it.each([
    ['工业总产值(万元)', '工业总产值', '万元'],
    ['工业总产值（万元）', '工业总产值', '万元'],
    [' 工业总产值 （ 千元 ） ', '工业总产值', '千元'],
    ['output [亿元]', 'output', '亿元'],
    ['工业总产值【元】', '工业总产值', '元'],
    ['企业名称', '企业名称', null],
  ])('%j → %s, %s', (header, name, unit) => {
    expect(splitHeaderUnit(header)).toEqual({ name, unit });
  });
});

describe('mapHeader with the enterprise columns', () => {
  it('maps Chinese names and English aliases with their units and positions', () => {
    const mapping = mapHeader(
      ['USCC', '企业名称', 'Period', 'output（万元）', '工业增加值(千元)', 'tax_paid [元]', '单位', ''],
      ENTERPRISE_COLUMNS,
    );

    expect(mapping.findings).toEqual([]);
    expect(mapping.columns.get('uscc')).toMatchObject({ index: 0, header: 'USCC', unit: null });
    expect(mapping.columns.get('output')).toMatchObject({ index: 3, header: 'output（万元）', unit: '万元' });
    expect(mapping.columns.get('value_added')?.unit).toBe('千元');
    expect(mapping.columns.get('tax_paid')?.unit).toBe('元');
    expect(mapping.columns.get('unit')?.index).toBe(6);
    expect(mapping.unnamed).toEqual([7]);
  });

  it('reports unknown, duplicate and missing columns and unknown units, naming the header as written', () => {
    const mapping = mapHeader(
      [
        '统一社会信用代码',
        '企业名称',
        '企业名称',
        '产值(万元)',
        '工业增加值(美元)',
        '实缴税金(万元)',
        '统计期(万元)',
      ],
      ENTERPRISE_COLUMNS,
    );
    const byRule = mapping.findings.map((f) => [f.rule, f.column, f.row]);

    expect(byRule).toEqual(
      expect.arrayContaining([
        ['column.duplicate', '企业名称', 1],
        ['column.unknown', '产值(万元)', 1],
        ['column.unit_unknown', '工业增加值(美元)', 1],
        ['column.unit_not_amount', '统计期(万元)', 1],
        ['column.missing', null, 1],
      ]),
    );
    expect(mapping.findings.find((f) => f.rule === 'column.missing')?.message).toContain('工业总产值');
  });
});
