import { describe, expect, it } from 'vitest';
import { CsvFileError, type CsvRecord, MAX_RECORD_CHARS, readCsvRecords } from '../../../core/ingest/csv.js';
import { encodeGbk } from '../../fixtures/good/encode-gbk.js';
import { streamOf, utf8 } from './helpers.js';

async function records(bytes: Uint8Array, chunkSize?: number, maxBytes?: number) {
  const reader = readCsvRecords(streamOf(bytes, chunkSize), { maxBytes });
  const all: CsvRecord[] = [];
  for await (const record of reader) all.push(record);
  return { all, encoding: reader.encoding };
}

async function failure(bytes: Uint8Array, chunkSize?: number, maxBytes?: number) {
  try {
    await records(bytes, chunkSize, maxBytes);
  } catch (caught) {
    if (caught instanceof CsvFileError) return caught.finding;
    throw caught;
  }
  throw new Error('expected the read to stop');
}

const TRICKY = 'a,b,c\r\n1,"x, y",3\r\n2,"line one\r\nline two",4\r\n3,"say ""hi""",5\r\n\r\n4,,\r\n';

describe('readCsvRecords', () => {
  it('parses quotes, embedded commas, line breaks and doubled quotes, with Excel row numbers', async () => {
    const { all } = await records(utf8(TRICKY));

    expect(all).toEqual([
      { row: 1, fields: ['a', 'b', 'c'] },
      { row: 2, fields: ['1', 'x, y', '3'] },
      { row: 3, fields: ['2', 'line one\r\nline two', '4'] },
      { row: 4, fields: ['3', 'say "hi"', '5'] },
      { row: 5, fields: [''] },
      { row: 6, fields: ['4', '', ''] },
    ]);
  });

  it('gives the same records whatever the chunk size, even one byte at a time (no stray \\r)', async () => {
    const whole = await records(utf8(TRICKY));
    for (const size of [1, 2, 3, 5, 7, 16]) {
      expect((await records(utf8(TRICKY), size)).all, `chunks of ${size}`).toEqual(whole.all);
    }
  });

  it('reads LF and CR-only line endings and a last line without a line break', async () => {
    expect((await records(utf8('a,b\n1,2\n3,4'))).all.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect((await records(utf8('a,b\r1,2\r'))).all.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads CRLF with a stray LF-only line (rows appended in another editor) without merging rows', async () => {
    expect((await records(utf8('a,b\r\n1,2\n3,"x\r\ny"\r\n5,6\r\n'), 4)).all).toEqual([
      { row: 1, fields: ['a', 'b'] },
      { row: 2, fields: ['1', '2'] },
      { row: 3, fields: ['3', 'x\r\ny'] },
      { row: 4, fields: ['5', '6'] },
    ]);
  });

  it('stops at a quote in the middle of an unquoted field, after handing out the rows before it', async () => {
    const reader = readCsvRecords(streamOf(utf8('a,b\r\n1,2\r\n3,双牌县"华盛"公司\r\n4,5\r\n')));
    const seen: number[] = [];
    let stopped: unknown;
    try {
      for await (const record of reader) seen.push(record.row);
    } catch (caught) {
      stopped = caught;
    }

    expect(seen).toEqual([1, 2]);
    expect(stopped).toBeInstanceOf(CsvFileError);
    expect((stopped as CsvFileError).finding).toMatchObject({ rule: 'csv.quote', row: 3 });
  });

  it('detects UTF-8, UTF-8 with BOM (dropping the BOM) and GBK', async () => {
    const text = '企业名称,统计期\r\n双牌县示例有限公司,2017-11\r\n';

    const plain = await records(utf8(text));
    const bom = await records(utf8(`\ufeff${text}`));
    const gbk = await records(encodeGbk(text), 3);

    expect(plain.encoding).toBe('utf-8');
    expect(bom.encoding).toBe('utf-8-bom');
    expect(bom.all[0]?.fields[0]).toBe('企业名称');
    expect(gbk.encoding).toBe('gb18030');
    expect(gbk.all).toEqual(plain.all);
  });

  it('switches to GBK when the first non-ASCII bytes come after a long ASCII start', async () => {
    const ascii = `uscc,name\r\n${'91350100M000100Y43,abc\r\n'.repeat(400)}`;
    const bytes = new Uint8Array([...utf8(ascii), ...encodeGbk('91350100M000100Y43,双牌县示例有限公司\r\n')]);

    const { all, encoding } = await records(bytes, 1000);

    expect(encoding).toBe('gb18030');
    expect(all.at(-1)).toEqual({ row: 402, fields: ['91350100M000100Y43', '双牌县示例有限公司'] });
  });

  it('refuses a file that is UTF-8 first and GBK later, naming the row', async () => {
    const head = `企业名称,统计期\r\n${'双牌县示例有限公司,2017-11\r\n'.repeat(300)}`;
    const bytes = new Uint8Array([...utf8(head), ...encodeGbk('双牌县第二有限公司,2017-11\r\n')]);

    const finding = await failure(bytes);

    expect(finding).toMatchObject({ rule: 'file.mixed_encoding', row: 302, severity: 'error' });
  });

  it('refuses bytes that are not GBK either, naming the row', async () => {
    const bytes = new Uint8Array([...encodeGbk('企业名称,统计期\r\n双牌,2017-11\r\n'), 0xff, 0x0d, 0x0a]);

    expect(await failure(bytes)).toMatchObject({ rule: 'file.encoding', row: 3 });
  });

  it('recognizes an Excel workbook, UTF-16 text and NUL bytes as not CSV', async () => {
    expect(await failure(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toMatchObject({
      rule: 'file.binary',
      row: 1,
    });
    expect((await failure(new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).message).toContain('xlsx');
    expect(await failure(new Uint8Array([0xff, 0xfe, 0x41, 0x00]))).toMatchObject({ rule: 'file.binary' });
    expect(await failure(utf8('a,b\r\n1,2\r\n3\u0000,4\r\n'))).toMatchObject({ rule: 'file.binary', row: 3 });
  });

  it('stops at an unterminated quote with the row where it opened', async () => {
    const finding = await failure(utf8('a,b\r\n1,2\r\n3,"open\r\n4,5\r\n'));

    expect(finding).toMatchObject({ rule: 'csv.quote', row: 3 });
  });

  it('stops a file larger than maxBytes without reading on', async () => {
    const finding = await failure(utf8('a,b\r\n'.repeat(1000)), 100, 1000);

    expect(finding).toMatchObject({ rule: 'file.too_large', row: null });
  });

  it('stops a record that never ends instead of buffering it whole', async () => {
    const finding = await failure(utf8(`a,b\r\n1,${'9'.repeat(MAX_RECORD_CHARS + 10)}`));

    expect(finding).toMatchObject({ rule: 'csv.record_too_long', row: 2 });
  });
});

describe('CsvReader.read', () => {
  it('visits nothing after the record on which the sink says stop, the first one included', async () => {
    const text = 'h1,h2\r\n1,2\r\n"3",4\r\n5,6\r\n';
    for (const stopAt of [1, 2, 3]) {
      for (const chunkSize of [1, 5, 64]) {
        const seen: string[][] = [];
        await readCsvRecords(streamOf(utf8(text), chunkSize)).read({
          record: (row, record) => {
            seen.push([String(row), ...record.toArray()]);
            return row < stopAt;
          },
        });

        expect(seen).toEqual(
          [
            ['1', 'h1', 'h2'],
            ['2', '1', '2'],
            ['3', '3', '4'],
          ].slice(0, stopAt),
        );
      }
    }
  });

  it('reads a first line holding quotes, and blank lines before the header, as any other', async () => {
    const seen: string[][] = [];
    await readCsvRecords(streamOf(utf8('\r\n"a,b",c\r\n1,2\r\n'))).read({
      record: (row, record) => {
        seen.push([String(row), ...record.toArray()]);
        return true;
      },
    });

    expect(seen).toEqual([
      ['1', ''],
      ['2', 'a,b', 'c'],
      ['3', '1', '2'],
    ]);
  });
});

describe('RecordSink.first', () => {
  it('takes the first record when it is one line with no quote, and `record` takes every other', async () => {
    const calls = async (text: string, chunkSize: number) => {
      const seen: string[] = [];
      await readCsvRecords(streamOf(utf8(text), chunkSize)).read({
        first: (row, record) => {
          seen.push(`first ${row} ${record.toArray().join('|')}`);
          return true;
        },
        record: (row, record) => {
          seen.push(`record ${row} ${record.toArray().join('|')}`);
          return true;
        },
      });
      return seen;
    };

    for (const chunkSize of [1, 3, 64]) {
      expect(await calls('a,b\r\n1,2\r\n', chunkSize)).toEqual(['first 1 a|b', 'record 2 1|2']);
      expect(await calls('"a",b\r\n1,2\r\n', chunkSize)).toEqual(['record 1 a|b', 'record 2 1|2']);
    }
  });
});
