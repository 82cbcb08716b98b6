import Papa from 'papaparse';
import type { Finding } from '../../schemas/finding.js';
import { DecodeError, TextDecoding, type TextEncodingName } from './decode.js';
import { finding } from './rules.js';

/** One CSV record and its spreadsheet row as Excel shows it (the first record is row 1). */
export interface CsvRecord {
  readonly row: number;
  readonly fields: string[];
}

/** The records parsed from one decoded chunk: record i is spreadsheet row `firstRow + i`. */
export interface CsvBatch {
  readonly firstRow: number;
  readonly records: string[][];
}

/** A problem that stops reading the file; its finding says where and why. */
export class CsvFileError extends Error {
  constructor(readonly finding: Finding) {
    super(finding.message_en);
    this.name = 'CsvFileError';
  }
}

export interface CsvReadOptions {
  /** Default 20 MiB; a larger file stops with 'file.too_large'. */
  maxBytes?: number;
}

/** No honest record is this long; past it the reader reports an unclosed quote or a missing line break. */
export const MAX_RECORD_CHARS = 1_000_000;

/**
 * Records end at '\n' (a '\r' before it is dropped, so CRLF, LF and a mix of both — rows
 * appended in another editor — all read right), or at '\r' in a file that has no '\n' at
 * all (old Mac text). Decided on the first line break rather than left to papaparse, which
 * guesses from its first chunk only: a tiny first chunk of a CRLF file would leave a '\r'
 * in every last field.
 */
type LineBreak = '\n' | '\r';

function detectLineBreak(text: string): LineBreak | null {
  if (text.indexOf('\n') !== -1) return '\n';
  const cr = text.indexOf('\r');
  return cr !== -1 && cr < text.length - 1 ? '\r' : null;
}

function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines += 1;
  return lines;
}

/** `recordEnd` found a quote in the middle of an unquoted field (`双牌县"华盛"公司`): not CSV Excel writes. */
const STRAY_QUOTE = -2;
/** `recordEnd` needs more text. */
const INCOMPLETE = -1;

/**
 * Where the record starting at `start` ends: the first line break outside quotes. A quote
 * opens a field only at its start; a doubled quote ("") inside a quoted field is a quote
 * character. Returns INCOMPLETE when the text ends first, STRAY_QUOTE for a quote elsewhere —
 * papaparse would take that one literally and carry on, and a hand-edited file would then be
 * read differently from what its author sees.
 */
function recordEnd(text: string, start: number, lineBreak: LineBreak): number {
  let at = start;
  for (;;) {
    const end = text.indexOf(lineBreak, at);
    const quote = text.indexOf('"', at);
    if (quote === -1 || (end !== -1 && end < quote)) return end === -1 ? INCOMPLETE : end;
    const before = quote === start ? ',' : text.charAt(quote - 1);
    if (before !== ',' && before !== '\n' && before !== '\r') return STRAY_QUOTE;
    let closing = text.indexOf('"', quote + 1);
    while (closing !== -1 && text.charCodeAt(closing + 1) === 34) closing = text.indexOf('"', closing + 2);
    if (closing === -1) return INCOMPLETE;
    at = closing + 1;
  }
}

/** The record text between `start` and the line break at `end`, without the '\r' of a CRLF. */
function lineText(text: string, start: number, end: number): string {
  return text.charCodeAt(end - 1) === 13 && end > start ? text.slice(start, end - 1) : text.slice(start, end);
}

/**
 * Streams a CSV file from bytes to records with bounded memory: detects the encoding
 * (decode.ts), fixes the line break, and carries only the unfinished last record from one
 * chunk to the next.
 *
 * A line with no quote character is split on commas — exactly papaparse's own fast path, but
 * taken line by line instead of only for whole quote-free chunks, which matters because one
 * quoted "1,234.5" in a chunk would otherwise send every row of it down the slow path. Every
 * run of records holding quotes (embedded commas, line breaks, doubled quotes) is parsed by
 * papaparse; its quote errors, which it would otherwise skip over, and quotes in the middle
 * of a field stop the read with a 'csv.quote' finding. Field counts are left to the caller,
 * which knows the header.
 */
export class CsvReader implements AsyncIterable<CsvRecord> {
  readonly #decoding: TextDecoding;
  readonly #parsers = new Map<string, Papa.Parser>();

  constructor(source: AsyncIterable<Uint8Array>, options: CsvReadOptions = {}) {
    this.#decoding = new TextDecoding(source, options.maxBytes);
  }

  get encoding(): TextEncodingName | null {
    return this.#decoding.encoding;
  }

  /** Records chunk by chunk (the fast path); throws `CsvFileError` for a problem that stops the read. */
  async *batches(): AsyncGenerator<CsvBatch> {
    let lineBreak: LineBreak | null = null;
    let pending = '';
    let nextRow = 1;
    try {
      for await (const text of this.#decoding.chunks()) {
        pending += text;
        lineBreak ??= detectLineBreak(pending);
        if (lineBreak === null) {
          this.#checkLength(pending, nextRow);
          continue;
        }
        const { records, consumed, stop } = this.#splitRecords(pending, lineBreak, nextRow);
        pending = pending.slice(consumed);
        if (records.length > 0) {
          yield { firstRow: nextRow, records };
          nextRow += records.length;
        }
        // The records before a quote problem go out first: a file whose header is wrong should say so.
        if (stop !== null) throw stop;
        this.#checkLength(pending, nextRow);
      }
      if (pending !== '') {
        const last = lineText(pending, 0, pending.length);
        const records: string[][] = [];
        if (!last.includes('"')) records.push(last.split(','));
        else if (recordEnd(`${last}\n`, 0, '\n') === STRAY_QUOTE) throw this.#quoteError(nextRow);
        else this.#parseQuoted(last, nextRow, records);
        yield { firstRow: nextRow, records };
      }
    } catch (caught) {
      if (!(caught instanceof DecodeError)) throw caught;
      const row =
        caught.problem === 'file.too_large' ? null : nextRow + countLines(pending) + caught.linesBefore;
      throw new CsvFileError(finding(caught.problem, row, null, { ...caught.detail, row: row ?? '' }));
    }
  }

  /**
   * The complete records of `text`, how many characters they took, and the quote problem that
   * stopped the split early, if any (the records before it are still returned).
   */
  #splitRecords(
    text: string,
    lineBreak: LineBreak,
    firstRow: number,
  ): { records: string[][]; consumed: number; stop: CsvFileError | null } {
    const records: string[][] = [];
    let start = 0;
    // The next quote at or after `start`, searched again only once passed: a quote-free
    // chunk is then scanned once, not once per line.
    let quote = text.indexOf('"');
    try {
      for (;;) {
        const end = text.indexOf(lineBreak, start);
        if (end === -1) break;
        if (quote !== -1 && quote < start) quote = text.indexOf('"', start);
        if (quote === -1 || quote > end) {
          records.push(lineText(text, start, end).split(','));
          start = end + 1;
          continue;
        }
        // Quoted records come in runs (Excel quotes a column or nothing): papaparse takes the whole run at once.
        let runEnd = recordEnd(text, start, lineBreak);
        if (runEnd === STRAY_QUOTE) throw this.#quoteError(firstRow + records.length);
        if (runEnd === INCOMPLETE) break;
        for (;;) {
          const next = runEnd + 1;
          const nextEnd = text.indexOf(lineBreak, next);
          quote = text.indexOf('"', next);
          if (nextEnd === -1 || quote === -1 || quote > nextEnd) break;
          const end = recordEnd(text, next, lineBreak);
          if (end < 0) break;
          runEnd = end;
        }
        this.#parseQuoted(lineText(text, start, runEnd), firstRow + records.length, records);
        start = runEnd + 1;
      }
    } catch (caught) {
      if (!(caught instanceof CsvFileError)) throw caught;
      return { records, consumed: start, stop: caught };
    }
    return { records, consumed: start, stop: null };
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<CsvRecord> {
    for await (const batch of this.batches()) {
      for (let i = 0; i < batch.records.length; i += 1) {
        yield { row: batch.firstRow + i, fields: batch.records[i] ?? [] };
      }
    }
  }

  /** Parses a run of records holding quotes into `into`; `firstRow` is the run's first spreadsheet row. */
  #parseQuoted(text: string, firstRow: number, into: string[][]): void {
    const newline = text.includes('\r\n') ? '\r\n' : text.includes('\n') ? '\n' : '\r';
    let parser = this.#parsers.get(newline);
    if (parser === undefined) {
      parser = new Papa.Parser({ delimiter: ',', newline, quoteChar: '"' });
      this.#parsers.set(newline, parser);
    }
    const result = parser.parse(text, 0, false) as Papa.ParseResult<string[]>;
    const quoteError = result.errors.find((e) => e.type === 'Quotes');
    if (quoteError !== undefined) throw this.#quoteError(firstRow + (quoteError.row ?? 0));
    for (const record of result.data) into.push(record);
  }

  #quoteError(row: number): CsvFileError {
    return new CsvFileError(finding('csv.quote', row, null, { row }));
  }

  #checkLength(pending: string, row: number): void {
    if (pending.length <= MAX_RECORD_CHARS) return;
    if (pending.includes('"')) throw this.#quoteError(row);
    throw new CsvFileError(finding('csv.record_too_long', row, null, { row, limit: MAX_RECORD_CHARS }));
  }
}

/** Reads a CSV byte stream as records with their Excel row numbers; see `CsvReader`. */
export function readCsvRecords(source: AsyncIterable<Uint8Array>, options: CsvReadOptions = {}): CsvReader {
  return new CsvReader(source, options);
}
