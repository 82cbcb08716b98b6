import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FINDINGS_PER_SEVERITY } from '../../../core/ingest/findings.js';
import { EnterpriseRowSchema } from '../../../schemas/enterprise-row.js';
import { FindingSchema } from '../../../schemas/finding.js';
import { EXAMPLE_USCC, GOOD_DIR, goodFixtures } from '../../fixtures/good/make-good-fixtures.js';
import { makeUscc, withWrongCheckChar } from '../../support/uscc.js';
import { csvFile, read } from './helpers.js';

const good = (name: string) => new Uint8Array(readFileSync(join(GOOD_DIR, name)));
const OTHER = makeUscc(7);

describe('readEnterpriseFile on the good fixtures', () => {
  it('the committed fixtures are what make-good-fixtures.ts writes', () => {
    for (const [name, bytes] of goodFixtures()) expect(good(name), name).toEqual(bytes);
  });

  it('accepts the Excel GBK file: full-width brackets, quoted thousands separators, a multi-line note', async () => {
    const { result, rows } = await read(good('excel-gbk-wan.csv'));

    expect(result).toMatchObject({ accepted: true, rows: 2, encoding: 'gb18030', unit: '万元', errors: [] });
    expect(result.periods).toEqual(['2017-10', '2017-11']);
    expect(rows[0]).toEqual({
      row: 2,
      uscc: EXAMPLE_USCC,
      name: '双牌县示例机械制造有限公司',
      period: '2017-10',
      output: '12345000',
      value_added: '3456000',
      tax_paid: '456000',
      output_prev: '10500000',
      value_added_prev: '3002000',
      tax_paid_prev: '401000',
      above_scale: true,
      industry_code: 'C3411',
      note: null,
    });
    expect(rows[1]).toMatchObject({ row: 3, output: '24680000', tax_paid: '882500' });
    expect(rows[1]?.note).toBe('新生产线投产,产值翻番；\r\n详见11月情况报告');
  });

  it('lists the explained YoY warnings of the GBK file with the note attached', async () => {
    const { result } = await read(good('excel-gbk-wan.csv'));

    expect(result.warnings.map((w) => [w.rule, w.row, w.column])).toEqual([
      ['growth.yoy', 3, '工业总产值（万元）'],
      ['growth.yoy', 3, '工业增加值（万元）'],
      ['growth.yoy', 3, '实缴税金（万元）'],
    ]);
    expect(result.warnings[0]?.message).toContain('105.7%');
    expect(result.warnings[0]?.note).toContain('新生产线投产');
  });

  it('accepts the UTF-8 BOM file in 千元', async () => {
    const { result, rows } = await read(good('utf8-bom-qianyuan.csv'));

    expect(result).toMatchObject({ accepted: true, rows: 1, encoding: 'utf-8-bom', unit: '千元' });
    expect(rows[0]).toMatchObject({ output: '12345678', value_added: '3086400', tax_paid: '401500' });
  });

  it('accepts English aliases with a 单位 column, each row in its own unit', async () => {
    const { result, rows } = await read(good('english-alias-unit-column.csv'));

    expect(result.accepted).toBe(true);
    expect(result.unit).toBe('万元、元');
    expect(rows.map((r) => [r.output, r.tax_paid, r.above_scale, r.industry_code])).toEqual([
      ['8800000', '120000', true, 'C1491'],
      ['5600000', '98000.5', false, 'C3971'],
    ]);
  });

  it('accepts the office file with several enterprises and every period spelling', async () => {
    const { result, rows } = await read(good('office-multi.csv'), {
      key: 'uploads/shuangpai/_office/2017-11.csv',
    });

    expect(result).toMatchObject({ accepted: true, rows: 4 });
    expect(rows.map((r) => [r.uscc, r.period, r.output])).toEqual([
      [makeUscc(201), '2017-11', '12345000'],
      [makeUscc(201), '2017-10', '11000000'],
      [makeUscc(202), '2017-11', '9800000'],
      [makeUscc(203), '2017-11', '32100000'],
    ]);
  });

  it('emits only rows that satisfy EnterpriseRowSchema, and findings that satisfy FindingSchema', async () => {
    for (const name of goodFixtures().keys()) {
      const { result, rows } = await read(good(name));
      for (const row of rows)
        expect(EnterpriseRowSchema.safeParse(row).success, `${name} ${row.row}`).toBe(true);
      for (const item of result.warnings) expect(FindingSchema.safeParse(item).success).toBe(true);
    }
  });

  it('gives the same result whatever the chunk size', async () => {
    const whole = await read(good('excel-gbk-wan.csv'));
    for (const chunkSize of [1, 2, 3, 17]) {
      const cut = await read(good('excel-gbk-wan.csv'), { chunkSize });
      expect(cut.result, `chunks of ${chunkSize}`).toEqual(whole.result);
      expect(cut.rows).toEqual(whole.rows);
    }
  });
});

describe('readEnterpriseFile hard errors', () => {
  it('rejects a wrong USCC check character naming the spreadsheet row and the column as written', async () => {
    const wrong = withWrongCheckChar(OTHER);
    const { result, rows } = await read(
      csvFile([`${OTHER},甲公司,2017-11,100,30,3`, `${wrong},乙公司,2017-11,100,30,3`]),
    );

    expect(result.accepted).toBe(false);
    expect(result.errors).toEqual([
      expect.objectContaining({
        rule: 'uscc.check_char',
        row: 3,
        column: '统一社会信用代码',
        severity: 'error',
      }),
    ]);
    expect(result.errors[0]?.message).toContain(wrong);
    expect(result.errors[0]?.message_en).toContain('check character');
    expect(rows.map((r) => r.row)).toEqual([2]);
  });

  it('binds an enterprise key to its own USCC', async () => {
    const file = csvFile([`${EXAMPLE_USCC},甲公司,2017-11,100,30,3`, `${OTHER},乙公司,2017-11,100,30,3`]);

    const bound = await read(file, { key: `uploads/shuangpai/${EXAMPLE_USCC}/2017-11.csv` });
    const office = await read(file, { key: 'uploads/shuangpai/_office/2017-11.csv' });

    expect(bound.result.errors).toEqual([
      expect.objectContaining({ rule: 'uscc.key_mismatch', row: 3, column: '统一社会信用代码' }),
    ]);
    expect(office.result.accepted).toBe(true);
  });

  it('reports an invalid upload key as a file-level error', async () => {
    const { result } = await read(csvFile([`${OTHER},甲公司,2017-11,100,30,3`]), {
      key: 'uploads/shuangpai/not-a-uscc/2017-11.csv',
    });

    expect(result.errors.map((e) => e.rule)).toEqual(['key.uscc']);
  });

  it('rejects a file without a unit', async () => {
    const header = '统一社会信用代码,企业名称,统计期,工业总产值,工业增加值,实缴税金';
    const { result } = await read(csvFile([`${OTHER},甲公司,2017-11,100,30,3`], header));

    expect(result.accepted).toBe(false);
    expect(result.unit).toBeNull();
    expect(result.errors.map((e) => [e.rule, e.row])).toEqual([['file.no_unit', 1]]);
  });

  it('reports every row problem with its row and column and keeps reading', async () => {
    const { result } = await read(
      csvFile([
        `${OTHER},甲公司,2017-11,100,130,3`,
        `${makeUscc(8)},,2017-13,1.2E+07,-5,abc`,
        `${makeUscc(9)},=1+cmd|' /C calc'!A0,2018-02,100,30,3`,
        `${OTHER},甲公司,2017/11,100,30,3`,
        `${makeUscc(10)},丙公司,2017-11,100,30`,
      ]),
    );
    const found = result.errors.map((e) => [e.rule, e.row, e.column]);

    expect(found).toEqual([
      ['value_added.exceeds_output', 2, '工业增加值(万元)'],
      ['name.required', 3, '企业名称'],
      ['period.malformed', 3, '统计期'],
      ['amount.scientific', 3, '工业总产值(万元)'],
      ['amount.negative', 3, '工业增加值(万元)'],
      ['amount.unparsable', 3, '实缴税金(万元)'],
      ['text.formula', 4, '企业名称'],
      ['period.future', 4, '统计期'],
      ['row.duplicate', 5, '统一社会信用代码'],
      ['csv.field_count', 6, null],
    ]);
    expect(result.errors.find((e) => e.rule === 'row.duplicate')?.message).toContain('第 2 行');
    expect(result.rows).toBe(5);
  });

  it('rejects missing and unknown columns', async () => {
    const { result } = await read(
      csvFile([`${OTHER},甲公司,2017-11`], '统一社会信用代码,企业名称,统计期,备注'),
    );

    expect(result.errors.map((e) => [e.rule, e.column])).toEqual(
      expect.arrayContaining([
        ['column.unknown', '备注'],
        ['column.missing', null],
      ]),
    );
  });

  it('rejects an empty file and a header without rows', async () => {
    expect((await read('')).result.errors.map((e) => e.rule)).toEqual(['file.empty']);
    expect((await read('\r\n\r\n')).result.errors.map((e) => e.rule)).toEqual(['file.empty']);
    expect((await read(csvFile([]))).result.errors.map((e) => e.rule)).toEqual(['file.no_rows']);
  });

  it('skips blank lines and Excel-style empty rows without counting them', async () => {
    const { result } = await read(csvFile(['', `${OTHER},甲公司,2017-11,100,30,3`, ',,,,,', ' \t ', '']));

    expect(result).toMatchObject({ accepted: true, rows: 1 });
  });

  it(`lists at most ${MAX_FINDINGS_PER_SEVERITY} errors and counts the rest`, async () => {
    const lines = Array.from({ length: 500 }, (_, i) => `${makeUscc(i)},公司,2017-11,x,30,3`);

    const { result } = await read(csvFile(lines));

    expect(result.errors).toHaveLength(MAX_FINDINGS_PER_SEVERITY + 1);
    expect(result.errors.at(-1)).toMatchObject({ rule: 'findings.truncated', row: null });
    expect(result.errors.at(-1)?.message).toContain('300');
    expect(result.rows).toBe(500);
  });
});

describe('readEnterpriseFile soft warnings', () => {
  it('warns about the value-added ratio and tax above value added, and accepts the file', async () => {
    const { result } = await read(
      csvFile([`${makeUscc(1)},甲公司,2017-11,1000,40,3`, `${makeUscc(2)},乙公司,2017-11,100,10,12`]),
    );

    expect(result.accepted).toBe(true);
    expect(result.warnings.map((w) => [w.rule, w.row])).toEqual([
      ['ratio.value_added', 2],
      ['tax.exceeds_value_added', 3],
    ]);
    expect(result.warnings[0]?.message).toContain('4.0%');
  });

  it('decides the thresholds exactly: 5 % and 60 % and +50 % are still fine, a hair beyond is not', async () => {
    const header = `${HEADER_WITH_PREV}`;
    const { result } = await read(
      csvFile(
        [
          `${makeUscc(1)},甲,2017-11,100,5,1,100,5,1`,
          `${makeUscc(2)},乙,2017-11,100,60,1,100,60,1`,
          `${makeUscc(3)},丙,2017-11,150,30,1,100,30,1`,
          `${makeUscc(4)},丁,2017-11,150.0001,30,1,100,30,1`,
          `${makeUscc(5)},戊,2017-11,100,4.9999,1,100,4.9999,1`,
        ],
        header,
      ),
    );

    expect(result.warnings.map((w) => [w.rule, w.row])).toEqual([
      ['growth.yoy', 5],
      ['ratio.value_added', 6],
    ]);
  });

  it('adds the history warnings itself when given a history, naming the columns as written', async () => {
    const history = {
      priorYear: () => ({ output: '1000000', value_added: '300000', tax_paid: '30000' }),
      previousMonth: () => undefined,
    };

    const { result } = await read(csvFile([`${makeUscc(1)},甲,2017-11,200,60,6`]), { history });

    expect(result.warnings.map((w) => [w.rule, w.column])).toEqual([
      ['growth.yoy', '工业总产值(万元)'],
      ['growth.yoy', '工业增加值(万元)'],
      ['growth.yoy', '实缴税金(万元)'],
    ]);
    expect(result.columns.output).toBe('工业总产值(万元)');
  });

  it('takes an explicit 0 prior-year figure as a new plant, not as a YoY warning', async () => {
    const { result } = await read(csvFile([`${makeUscc(1)},甲,2017-11,100,30,3,0,0,0`], HEADER_WITH_PREV));

    expect(result.warnings).toEqual([]);
  });
});

const HEADER_WITH_PREV =
  '统一社会信用代码,企业名称,统计期,工业总产值(万元),工业增加值(万元),实缴税金(万元),上年同期工业总产值(万元),上年同期工业增加值(万元),上年同期实缴税金(万元)';
