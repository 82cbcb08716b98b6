import { describe, expect, it } from 'vitest';
import { parseCountyTotalsFile, parseRegisterFile } from '../../../core/ingest/reference-files.js';
import { makeUscc, withWrongCheckChar } from '../../support/uscc.js';

async function* bytes(text: string): AsyncIterable<Uint8Array> {
  yield new TextEncoder().encode(text);
}

const A = makeUscc(1);
const B = makeUscc(2);
const NOW = new Date('2017-12-15T00:00:00Z');
const rules = (findings: { rule: string }[]) => findings.map((f) => f.rule);

describe('parseRegisterFile', () => {
  it('reads entries with Chinese headers, optional columns and defaults', async () => {
    // Arrange
    const csv = `统一社会信用代码,企业名称,行业代码,是否规上\r\n${A},永州某化工有限公司,2614,是\r\n${B},双牌竹木制品厂,,否\r\n\r\n`;

    // Act
    const result = await parseRegisterFile(bytes(csv));

    // Assess
    expect(result.errors).toEqual([]);
    expect(result.accepted).toBe(true);
    expect(result.rows).toBe(2);
    expect(result.data).toEqual([
      { uscc: A, name: '永州某化工有限公司', industry_code: 'C2614', above_scale: true },
      { uscc: B, name: '双牌竹木制品厂', industry_code: null, above_scale: false },
    ]);
  });

  it('accepts English aliases and defaults 是否规上 to yes when the column is absent', async () => {
    const result = await parseRegisterFile(bytes(`uscc,name\n${A},Acme\n`));

    expect(result.accepted).toBe(true);
    expect(result.data).toEqual([{ uscc: A, name: 'Acme', industry_code: null, above_scale: true }]);
  });

  it('rejects the whole file with row and column for each bad entry', async () => {
    const csv = [
      '统一社会信用代码,企业名称,行业代码,是否规上',
      `${withWrongCheckChar(A)},甲,C2021,是`,
      `${B},,C2021,是`,
      `${B},乙,X99,也许`,
      'ABC,丙,,是',
    ].join('\n');

    const result = await parseRegisterFile(bytes(csv));

    expect(result.accepted).toBe(false);
    expect(result.data).toBeNull();
    expect(result.errors.map((f) => [f.rule, f.row, f.column])).toEqual([
      ['uscc.check_char', 2, '统一社会信用代码'],
      ['name.required', 3, '企业名称'],
      ['row.duplicate', 4, '统一社会信用代码'],
      ['industry_code.invalid', 4, '行业代码'],
      ['above_scale.invalid', 4, '是否规上'],
      ['uscc.format', 5, '统一社会信用代码'],
    ]);
    expect(result.errors.every((f) => f.message.length > 0 && f.message_en.length > 0)).toBe(true);
  });

  it('rejects a missing required column, a wrong field count and a formula', async () => {
    const missing = await parseRegisterFile(bytes(`统一社会信用代码\n${A}\n`));
    const ragged = await parseRegisterFile(bytes(`统一社会信用代码,企业名称\n${A},甲,多余\n`));
    const formula = await parseRegisterFile(bytes(`统一社会信用代码,企业名称\n${A},=SUM(A1:A9)\n`));

    expect(rules(missing.errors)).toEqual(['column.missing']);
    expect(rules(ragged.errors)).toEqual(['csv.field_count']);
    expect(rules(formula.errors)).toEqual(['text.formula']);
  });

  it('reports an empty file and a header without rows instead of throwing', async () => {
    expect(rules((await parseRegisterFile(bytes(''))).errors)).toEqual(['file.empty']);
    expect(rules((await parseRegisterFile(bytes('统一社会信用代码,企业名称\n'))).errors)).toEqual([
      'file.no_rows',
    ]);
  });

  it('reads a GB18030 file as Excel on Chinese Windows saves it', async () => {
    const gbk = Buffer.concat([
      Buffer.from('uscc,name\r\n'),
      Buffer.from(`${A},`),
      Buffer.from([0xcb, 0xab, 0xc5, 0xc6]), // 双牌 in GBK
      Buffer.from('\r\n'),
    ]);
    async function* source() {
      yield new Uint8Array(gbk);
    }

    const result = await parseRegisterFile(source());

    expect(result.encoding).toBe('gb18030');
    expect(result.data?.[0]?.name).toBe('双牌');
  });

  it('reports a file of binary data as a finding', async () => {
    async function* xlsx() {
      yield new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
    }
    const result = await parseRegisterFile(xlsx());
    expect(result.accepted).toBe(false);
    expect(rules(result.errors)).toEqual(['file.binary']);
  });
});

describe('parseCountyTotalsFile', () => {
  it('converts year-to-date totals in the header unit to exact 元 per period', async () => {
    const csv =
      '统计期,全县规模工业总产值（万元）,全县规模工业增加值（万元）\n2017-10,"720,345.6",201234.5\n2017年11月,801234.56,225678\n';

    const result = await parseCountyTotalsFile(bytes(csv), { now: NOW });

    expect(result.errors).toEqual([]);
    expect(result.accepted).toBe(true);
    expect(result.periods).toEqual(['2017-10', '2017-11']);
    expect(result.data).toEqual({
      '2017-10': { output_ytd: '7203456000', value_added_ytd: '2012345000' },
      '2017-11': { output_ytd: '8012345600', value_added_ytd: '2256780000' },
    });
  });

  it('takes the unit from a 单位 column', async () => {
    const csv = '统计期,全县规模工业总产值,全县规模工业增加值,单位\n2017-11,80.1,22.5,亿元\n';

    const result = await parseCountyTotalsFile(bytes(csv), { now: NOW });

    expect(result.data).toEqual({ '2017-11': { output_ytd: '8010000000', value_added_ytd: '2250000000' } });
  });

  it('rejects a file without a unit', async () => {
    const result = await parseCountyTotalsFile(
      bytes('统计期,全县规模工业总产值,全县规模工业增加值\n2017-11,1,1\n'),
      {
        now: NOW,
      },
    );
    expect(result.accepted).toBe(false);
    expect(rules(result.errors)).toEqual(['file.no_unit']);
  });

  it('rejects bad periods, amounts, duplicates and value added above output', async () => {
    const csv = [
      '统计期,全县规模工业总产值(元),全县规模工业增加值(元)',
      '2017-13,1,1',
      '2018-01,1,1',
      '2017-11,-5,1',
      '2017-10,10,20',
      '2017-09,1.2E+07,1',
      '2017-08,100,50',
      '2017/08,100,50',
    ].join('\n');

    const result = await parseCountyTotalsFile(bytes(csv), { now: NOW });

    expect(result.accepted).toBe(false);
    expect(result.periods).toEqual([]);
    expect(result.errors.map((f) => [f.rule, f.row])).toEqual([
      ['period.malformed', 2],
      ['period.future', 3],
      ['amount.negative', 4],
      ['value_added.exceeds_output', 5],
      ['amount.scientific', 6],
      ['row.duplicate', 8],
    ]);
  });

  it('rejects a header unit that disagrees with the 单位 column', async () => {
    const csv = '统计期,全县规模工业总产值(万元),全县规模工业增加值(万元),单位\n2017-11,1,1,元\n';
    const result = await parseCountyTotalsFile(bytes(csv), { now: NOW });
    expect(rules(result.errors)).toEqual(['unit.conflict', 'unit.conflict']);
  });
});
