import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { readEnterpriseFile } from '../../../core/ingest/read-enterprise-file.js';
import { RecordFields } from '../../../core/ingest/record-fields.js';
import { RowKeySet } from '../../../core/ingest/row-key-set.js';
import { readUsccAt, UsccKey } from '../../../core/ingest/uscc.js';
import { EnterpriseRowSchema } from '../../../schemas/enterprise-row.js';
import { makeUscc, withWrongCheckChar } from '../../support/uscc.js';
import { csvFile, HEADER_WAN, NOW, read, streamOf, utf8 } from './helpers.js';

/**
 * Rows in canonical form take the plain path (plain-row.ts), everything else the full check.
 * These tests hold the two to the same answers.
 */
const HEADER =
  '统一社会信用代码,企业名称,统计期,工业总产值（万元）,工业增加值（万元）,实缴税金（万元）,' +
  '上年同期工业总产值（万元）,上年同期工业增加值（万元）,上年同期实缴税金（万元）,是否规上,行业代码,情况说明';

const MIXED = [
  `${makeUscc(1)},双牌机械,2017-03,1234.56,300,30,1100,280,28,是,C3411,`,
  `${makeUscc(1)},双牌机械,2017-04,"1,234.56","300.5",30,,,,否,,正常`,
  // Soft warnings: ratio below 5 %, tax above value added, YoY beyond ±50 %, and the exact thresholds.
  `${makeUscc(2)},永州木业,2017-03,1000,40,3,1000,40,3,是,C2021,`,
  `${makeUscc(3)},潇湘食品,2017-03,100,10,12,,,,,,`,
  `${makeUscc(4)},阳明电子,2017-03,150,30,1,100,30,1,,,`,
  `${makeUscc(5)},江村建材,2017-03,150.0001,30,1,100,30,1,,,`,
  `${makeUscc(6)},五里牌纺织,2017-03,100,60,1,100,60,1,,,`,
  `${makeUscc(7)},茶林竹业,2017-03,100,5,1,0,0,0,,,新厂投产`,
  // Spelled otherwise: the full check reads these.
  `${makeUscc(8)}, 理家坪新材料 ,2017/3,１２３４,300 ,30,,,,y,3411,`,
  `${makeUscc(9)},双牌五金,2017年3月,0012.50,5.0,0,,,,,c20,-`,
  // Hard errors.
  `${withWrongCheckChar(makeUscc(10))},错码公司,2017-03,100,30,3,,,,,,`,
  `${makeUscc(1)},双牌机械,2017-03,100,30,3,,,,,,`,
  `${makeUscc(11)},未来公司,2018-02,100,30,3,,,,,,`,
  `${makeUscc(12)},倒挂公司,2017-03,100,300,3,,,,,,`,
  `${makeUscc(13)},=1+1,2017-03,100,30,3,,,,,,`,
  `${makeUscc(14)},缺值公司,2017-03,,30,3,,,,,,`,
  `${makeUscc(15)},科学计数,2017-03,1.2E+07,30,3,,,,,,`,
  `${makeUscc(16)},行业错,2017-03,100,30,3,,,,,A20,`,
  `${makeUscc(17)},多列,2017-03,100,30,3,,,,,,,多余`,
];

async function readWithoutRows(text: string) {
  return readEnterpriseFile(streamOf(utf8(text)), { now: NOW });
}

describe('the plain path of the enterprise file check', () => {
  it('gives the same findings, counts and periods whether or not the caller takes the rows', async () => {
    const file = csvFile(MIXED, HEADER);
    const withRows = await read(file);
    const withoutRows = await readWithoutRows(file);

    expect(withoutRows).toEqual(withRows.result);
    expect(withRows.result.warnings.map((w) => [w.rule, w.row])).toEqual([
      ['ratio.value_added', 4],
      ['tax.exceeds_value_added', 5],
      ['growth.yoy', 7],
    ]);
    expect(withRows.result.errors.map((e) => [e.rule, e.row])).toEqual([
      ['uscc.check_char', 12],
      ['row.duplicate', 13],
      ['period.future', 14],
      ['value_added.exceeds_output', 15],
      ['text.formula', 16],
      ['amount.required', 17],
      ['amount.scientific', 18],
      ['industry_code.invalid', 19],
      ['csv.field_count', 20],
    ]);
  });

  it('makes the same rows as the full check of the same values spelled otherwise', async () => {
    const plain = await read(
      csvFile(
        [
          `${makeUscc(1)},双牌机械,2017-03,1234.56,300,30,1100,280,28,是,C3411,说明`,
          `${makeUscc(2)},永州木业,2017-04,"1,234.5",300,0,,,,否,,`,
        ],
        HEADER,
      ),
    );
    const full = await read(
      csvFile(
        [
          `${makeUscc(1)}, 双牌机械,2017/3,１２３４.５６,300 ,30,1100,280,28,是,3411, 说明`,
          `${makeUscc(2)},永州木业,201704,"1,234.50",300.00,0.0,,,,否,,-`,
        ],
        HEADER,
      ),
    );

    expect(plain.result.accepted).toBe(true);
    expect(plain.rows).toEqual(full.rows);
    expect(plain.rows[0]).toEqual({
      row: 2,
      uscc: makeUscc(1),
      name: '双牌机械',
      period: '2017-03',
      output: '12345600',
      value_added: '3000000',
      tax_paid: '300000',
      output_prev: '11000000',
      value_added_prev: '2800000',
      tax_paid_prev: '280000',
      above_scale: true,
      industry_code: 'C3411',
      note: '说明',
    });
    for (const row of plain.rows) expect(EnterpriseRowSchema.safeParse(row).success).toBe(true);
  });

  it('binds rows to the USCC of an enterprise key on the plain path too', async () => {
    const file = csvFile([`${makeUscc(1)},甲,2017-03,100,30,3`, `${makeUscc(2)},乙,2017-03,100,30,3`]);
    const result = await readEnterpriseFile(streamOf(utf8(file)), {
      now: NOW,
      key: `uploads/shuangpai/${makeUscc(1)}/2017-03.csv`,
    });

    expect(result.errors.map((e) => [e.rule, e.row])).toEqual([['uscc.key_mismatch', 3]]);
  });

  it('reports a NUL byte as binary data on the row it is in', async () => {
    const bytes = utf8(csvFile([`${makeUscc(1)},甲,2017-03,100,30,3`, `${makeUscc(2)},乙,2017-03,100,30,3`]));
    const at = bytes.lastIndexOf(0x2c);
    const damaged = Uint8Array.from(bytes);
    damaged[at] = 0;
    const result = await readEnterpriseFile(Readable.from([damaged]), { now: NOW });

    expect(result.errors.map((e) => [e.rule, e.row])).toEqual([['file.binary', 3]]);
  });
});

describe('quoted runs across chunk boundaries', () => {
  it('reads a run of quoted records as a whole when a chunk ends inside it: a quote error skips the whole run', async () => {
    const filler = Array.from({ length: 200 }, (_, i) => `${makeUscc(100 + i)},乙,2017-03,100,30,3`);
    const first = `${makeUscc(1)},甲,2017-03,"1,234",300,30`;
    const file = csvFile([...filler, first, `${makeUscc(2)},"ab"c,2017-03,"1,234",300,30`], HEADER_WAN);
    const firstStart = utf8(file.slice(0, file.indexOf(first))).byteLength;
    const outcomes = new Set<string>();
    // Every cut inside the first record of the run: the second chunk starts there.
    for (let chunkSize = firstStart + 1; chunkSize < firstStart + utf8(first).byteLength; chunkSize += 1) {
      const { result } = await read(file, { chunkSize });
      outcomes.add(JSON.stringify([result.rows, result.errors.map((e) => [e.rule, e.row])]));
    }

    expect([...outcomes]).toEqual([JSON.stringify([200, [['csv.quote', 203]]])]);
  });
});

describe('RecordFields.splitQuoted', () => {
  const lines = [
    '1,"x, y",3',
    '"1,234.5","",c',
    '"a",',
    ',"b"',
    'a,"say ""hi""",c',
    '"a" ,b',
    'a,"b"c,d',
    'a"b,c',
    '"open,b',
  ];

  it('splits exactly as papaparse every line it calls plain, and calls the tricky ones not plain', () => {
    const record = new RecordFields();
    const plain: string[] = [];
    for (const line of lines) {
      if (!RecordFields.isPlainQuoted(line, 0, line.length)) continue;
      plain.push(line);
      record.splitQuoted(line, 0, line.length);
      const parsed = Papa.parse<string[]>(line, { delimiter: ',', newline: '\n' });
      expect(record.toArray(), line).toEqual(parsed.data[0]);
    }

    expect(plain).toEqual(['1,"x, y",3', '"1,234.5","",c', '"a",', ',"b"']);
  });
});

describe('RowKeySet.addOrGetKey', () => {
  it('finds every repeat among 12 months of 8,000 enterprises, through the growth of the table', () => {
    const set = new RowKeySet();
    const keys = Array.from({ length: 8000 }, (_, seed) => {
      const key = new UsccKey();
      expect(readUsccAt(makeUscc(seed), 0, key)).toBe(true);
      return key;
    });
    let row = 2;
    let repeats = 0;
    for (let enterprise = 0; enterprise < 8000; enterprise += 1) {
      for (let month = 0; month < 12; month += 1) {
        const key = keys[enterprise] ?? new UsccKey();
        if (set.addOrGetKey(key.prefix, key.organization, 204 + month, row) !== undefined) repeats += 1;
        row += 1;
      }
    }

    expect(repeats).toBe(0);
    expect(set.size).toBe(96_000);
    expect(set.addOrGetKey(keys[0]?.prefix ?? 0, keys[0]?.organization ?? 0, 204, 1_000_000)).toBe(2);
    expect(set.addOrGet(makeUscc(7999), '2017-12', 1_000_000)).toBe(96_001);
    expect(set.addOrGet(makeUscc(7999), '2018-01', 1_000_000)).toBeUndefined();
  });
});

describe('amounts on the plain path', () => {
  it('reads every spelling of an amount as the full check does (a unit column sends rows there)', async () => {
    const amounts = [
      '1234.',
      '5.',
      '0.5',
      '007.5',
      '12.3456',
      '12.34567',
      '99999999999.9999',
      '9999999999.9999',
      '1..2',
      '12a',
    ];
    const lines = amounts.map((amount, i) => `${makeUscc(i)},甲,2017-03,${amount},0,0`);
    const plain = await read(csvFile(lines));
    const full = await read(
      csvFile(
        lines.map((line) => `${line},万元`),
        '统一社会信用代码,企业名称,统计期,工业总产值,工业增加值,实缴税金,单位',
      ),
    );

    expect(plain.rows.map((row) => row.output)).toEqual(full.rows.map((row) => row.output));
    expect(plain.result.errors.map((e) => [e.rule, e.row])).toEqual(
      full.result.errors.map((e) => [e.rule, e.row]),
    );
    expect(plain.rows.map((row) => row.output)).toEqual([
      '12340000',
      '50000',
      '5000',
      '75000',
      '123456',
      '123456.7',
      '999999999999999',
      '99999999999999',
    ]);
    expect(plain.result.errors.map((e) => e.row)).toEqual([10, 11]);
  });
});
