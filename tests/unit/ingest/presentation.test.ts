import { describe, expect, it } from 'vitest';
import { formatValidationSummary } from '../../../core/ingest/format-summary.js';
import { RULES } from '../../../core/ingest/rules.js';
import { templateCsv } from '../../../core/ingest/template.js';
import { makeUscc, withWrongCheckChar } from '../../support/uscc.js';
import { csvFile, read } from './helpers.js';

describe('the rule catalogue', () => {
  it('has a Chinese and an English message and a severity for every rule', () => {
    for (const [id, rule] of Object.entries(RULES)) {
      expect(id).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(rule.zh, id).toMatch(/\p{Script=Han}/u);
      expect(rule.en, id).toMatch(/[A-Za-z]{3}/);
      expect(['error', 'warning']).toContain(rule.severity);
    }
  });
});

describe('formatValidationSummary', () => {
  it('tells a rejected file apart, with each error by row and column in Chinese', async () => {
    const { result } = await read(csvFile([`${withWrongCheckChar(makeUscc(1))},甲公司,2017-11,100,30,3`]));

    const text = formatValidationSummary(result, '2017-11.csv');

    expect(text).toContain('文件：2017-11.csv');
    expect(text).toContain('结论：未通过');
    expect(text).toContain('第 2 行 “统一社会信用代码”列：');
    expect(text).toContain('校验位错误');
  });

  it('says an accepted file passed and lists its warnings', async () => {
    const { result } = await read(csvFile([`${makeUscc(1)},甲公司,2017-11,100,3,1`]));

    const text = formatValidationSummary(result, 'a.csv');

    expect(text).toContain('结论：通过，但有 1 条提示');
    expect(text).toContain('工业增加值率为 3.0%');
    expect(text).toContain('金额单位 万元');
  });
});

describe('templateCsv', () => {
  it('is UTF-8 with a BOM, Chinese headers with units, and one example row', () => {
    const bytes = templateCsv();
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const [header, example, rest] = text.split('\r\n');

    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(header).toContain('统一社会信用代码');
    expect(header).toContain('工业总产值(万元)');
    expect(header).toContain('情况说明');
    expect(example).toContain('91350100M000100Y43');
    expect(rest).toBe('');
  });

  it('is accepted by the validator as it is, without a single warning', async () => {
    const { result, rows } = await read(templateCsv());

    expect(result).toMatchObject({
      accepted: true,
      rows: 1,
      errors: [],
      warnings: [],
      encoding: 'utf-8-bom',
    });
    expect(rows[0]).toMatchObject({ output: '12345000', industry_code: 'C3411' });
  });
});
