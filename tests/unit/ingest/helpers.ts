import { Readable } from 'node:stream';
import {
  type EnterpriseFileResult,
  type ReadEnterpriseFileOptions,
  readEnterpriseFile,
} from '../../../core/ingest/read-enterprise-file.js';
import type { EnterpriseRow } from '../../../schemas/enterprise-row.js';

/** A fixed clock well after the fixtures' periods (2017), so "future" means what the test says. */
export const NOW = new Date('2018-01-15T00:00:00+08:00');

export const HEADER_WAN = '统一社会信用代码,企业名称,统计期,工业总产值(万元),工业增加值(万元),实缴税金(万元)';

/** The bytes as a stream cut into chunks of `chunkSize` bytes (tiny chunks exercise every boundary). */
export function streamOf(bytes: Uint8Array, chunkSize = 64 * 1024): Readable {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.byteLength; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
  return Readable.from(chunks);
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Reads `bytes` with the fixed clock and collects the accepted rows. */
export async function read(
  bytes: Uint8Array | string,
  options: ReadEnterpriseFileOptions & { chunkSize?: number } = {},
): Promise<{ result: EnterpriseFileResult; rows: EnterpriseRow[] }> {
  const rows: EnterpriseRow[] = [];
  const data = typeof bytes === 'string' ? utf8(bytes) : bytes;
  const result = await readEnterpriseFile(streamOf(data, options.chunkSize), {
    now: NOW,
    ...options,
    onRow: (row) => rows.push(row),
  });
  return { result, rows };
}

/** A file of the canonical header (万元) and the given data lines, CRLF. */
export function csvFile(lines: readonly string[], header = HEADER_WAN): string {
  return `${[header, ...lines].join('\r\n')}\r\n`;
}
