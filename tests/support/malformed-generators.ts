/**
 * The malformed inputs too big to commit, written at test time. Every generator streams
 * its file to disk chunk by chunk: the 50 MiB single line or the 256 MiB deflate bomb is
 * never held in memory, neither here nor (when read back with `createReadStream`) in the test.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDeflateRaw } from 'node:zlib';
import { encodeGbk } from '../../demo/shuangpai/gbk.js';
import { makeUscc, withWrongCheckChar } from './uscc.js';

export const GENERATED_CASE_IDS = [
  'single-line-50mb',
  'columns-10000',
  'rows-100k-all-bad',
  'rows-over-20mib',
  'long-row-4mb',
  'mixed-encodings-late',
  'deflate-bomb-zip',
] as const;
export type GeneratedCaseId = (typeof GENERATED_CASE_IDS)[number];

/** The canonical header every generated table starts with (units in the header, 万元). */
const VALID_HEADER = [
  '统一社会信用代码',
  '企业名称',
  '统计期',
  '工业总产值(万元)',
  '工业增加值(万元)',
  '实缴税金(万元)',
] as const;

const MiB = 1024 * 1024;

function validRow(seed: number, name = `双牌县第${seed}机械有限公司`): string {
  return `${makeUscc(seed)},${name},2017-11,1200.5,310.25,18\r\n`;
}

/** 50 MiB of comma-separated digits and no line break at all. */
async function* singleLine50Mb(): AsyncGenerator<Buffer> {
  const chunk = Buffer.from('1234567890,'.repeat(Math.ceil(MiB / 11)).slice(0, MiB));
  for (let i = 0; i < 50; i += 1) yield chunk;
}

/** The six required columns plus 9,994 unknown ones, and two data rows of 10,000 fields. */
async function* columns10000(): AsyncGenerator<Buffer> {
  const extra = Array.from(
    { length: 10_000 - VALID_HEADER.length },
    (_, i) => `列${i + VALID_HEADER.length + 1}`,
  );
  yield Buffer.from(`${[...VALID_HEADER, ...extra].join(',')}\r\n`);
  const filler = ',0'.repeat(extra.length);
  for (const seed of [1, 2]) yield Buffer.from(`${validRow(seed).trimEnd()}${filler}\r\n`);
}

/** 100,000 data rows, every one with a wrong USCC check character: the findings must be capped. */
async function* rows100kAllBad(): AsyncGenerator<Buffer> {
  yield Buffer.from(`${VALID_HEADER.join(',')}\r\n`);
  const batch: string[] = [];
  for (let seed = 1; seed <= 100_000; seed += 1) {
    batch.push(
      `${withWrongCheckChar(makeUscc(seed))},双牌县第${seed}机械有限公司,2017-11,1200.5,310.25,18\r\n`,
    );
    if (batch.length === 5_000) yield Buffer.from(batch.splice(0).join(''));
  }
  if (batch.length > 0) yield Buffer.from(batch.join(''));
}

/** Well-formed rows, about 300,000 of them, past the 20 MiB a file may have. */
async function* rowsOver20Mib(): AsyncGenerator<Buffer> {
  yield Buffer.from(`${VALID_HEADER.join(',')}\r\n`);
  let bytes = 0;
  for (let seed = 1; bytes < 24 * MiB; seed += 5_000) {
    const chunk = Buffer.from(Array.from({ length: 5_000 }, (_, i) => validRow(seed + i)).join(''));
    bytes += chunk.length;
    yield chunk;
  }
}

/** A valid row 3 around a row 2 whose 企业名称 is 4 MiB long. */
async function* longRow4Mb(): AsyncGenerator<Buffer> {
  yield Buffer.from(`${VALID_HEADER.join(',')}\r\n${makeUscc(1)},双牌县`);
  const chunk = Buffer.from('华'.repeat(Math.floor(MiB / 3)));
  for (let i = 0; i < 4; i += 1) yield chunk;
  yield Buffer.from(`有限公司,2017-11,1200.5,310.25,18\r\n${validRow(2)}`);
}

/**
 * 2,000 UTF-8 rows (rows 2-2001, well past the first chunk a reader sees) followed by 10 rows
 * in GBK from row 2002 on: two exports in different encodings pasted together.
 */
async function* mixedEncodingsLate(): AsyncGenerator<Buffer> {
  const utf8Rows = Array.from({ length: 2_000 }, (_, i) => validRow(i + 1));
  yield Buffer.from(`${VALID_HEADER.join(',')}\r\n${utf8Rows.join('')}`);
  yield Buffer.from(encodeGbk(Array.from({ length: 10 }, (_, i) => validRow(2_001 + i)).join('')));
}

async function* zeros(bytes: number): AsyncGenerator<Buffer> {
  const chunk = Buffer.alloc(MiB);
  for (let written = 0; written < bytes; written += MiB) yield chunk;
}

/**
 * A ZIP local file entry "月报.csv" holding 256 MiB of zeros deflated to a few hundred KiB,
 * renamed .csv. Sizes and CRC are deferred to a data descriptor (flag bit 3), which is what
 * lets the deflate stream go straight to disk.
 */
async function* deflateBombZip(): AsyncGenerator<Buffer> {
  const name = Buffer.from('月报.csv');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0); // local file header signature
  header.writeUInt16LE(20, 4); // version needed
  header.writeUInt16LE(0x0808, 6); // bit 3: data descriptor; bit 11: UTF-8 name
  header.writeUInt16LE(8, 8); // deflate
  header.writeUInt16LE(name.length, 26);
  yield Buffer.concat([header, name]);
  yield* Readable.from(zeros(256 * MiB)).pipe(createDeflateRaw({ level: 9 }));
}

const GENERATORS: Record<GeneratedCaseId, () => AsyncGenerator<Buffer>> = {
  'single-line-50mb': singleLine50Mb,
  'columns-10000': columns10000,
  'rows-100k-all-bad': rows100kAllBad,
  'rows-over-20mib': rowsOver20Mib,
  'long-row-4mb': longRow4Mb,
  'mixed-encodings-late': mixedEncodingsLate,
  'deflate-bomb-zip': deflateBombZip,
};

/** Writes the generated case `id` as `{dir}/{id}.csv` and returns its path. */
export async function generateMalformedFile(id: GeneratedCaseId, dir: string): Promise<string> {
  const path = join(dir, `${id}.csv`);
  await pipeline(Readable.from(GENERATORS[id]()), createWriteStream(path));
  return path;
}

/**
 * Physical lines of a file (CRLF, LF and lone CR each end one), counted while streaming:
 * no finding may point at a row beyond it.
 */
export async function countPhysicalLines(path: string): Promise<number> {
  let lines = 1;
  let previousWasCr = false;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (const byte of chunk) {
      if (byte === 0x0d) lines += 1;
      else if (byte === 0x0a && !previousWasCr) lines += 1;
      previousWasCr = byte === 0x0d;
    }
  }
  return lines;
}
