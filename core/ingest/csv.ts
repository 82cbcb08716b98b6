import Papa from 'papaparse';
import type { Finding } from '../../schemas/finding.js';
import { DecodeError, TextDecoding, type TextEncodingName } from './decode.js';
import { RecordFields } from './record-fields.js';
import { finding } from './rules.js';

/** One CSV record and its spreadsheet row as Excel shows it (the first record is row 1). */
export interface CsvRecord {
  readonly row: number;
  readonly fields: string[];
}

/**
 * Receives each record with its spreadsheet row; returns false to stop reading. An object with
 * a method rather than a callback: the reader's loop then calls the same function for every
 * file, where a fresh closure per file would throw away its optimized code each time.
 */
export interface RecordSink {
  record(row: number, record: RecordFields): boolean;
  /**
   * Takes the file's first record instead of `record` when it is one line with no quote (see
   * `#visitFirst`), for a sink that reads it apart, as a header.
   */
  first?(row: number, record: RecordFields): boolean;
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
/** `#visitFirst`: the sink asked to stop. */
const HALTED = -1;

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

/** Where the record text between `start` and the line break at `end` ends, without the '\r' of a CRLF. */
function lineEnd(text: string, start: number, end: number): number {
  return text.charCodeAt(end - 1) === 13 && end > start ? end - 1 : end;
}

/**
 * Where the lines holding a quote that start at `from` end: the start of the first complete
 * line without one (a run of quoted records cannot reach past it), or -1 when the text ends first.
 */
function endOfQuotedLines(text: string, from: number, lineBreak: LineBreak): number {
  for (let at = from; ; ) {
    const end = text.indexOf(lineBreak, at);
    if (end === -1) return -1;
    const quote = text.indexOf('"', at);
    if (quote === -1 || quote > end) return at;
    at = end + 1;
  }
}

/** The next line break at or after `from`, or the text's length. */
function nextBreak(text: string, from: number, lineBreak: LineBreak): number {
  const at = text.indexOf(lineBreak, from);
  return at === -1 ? text.length : at;
}

/**
 * Streams a CSV file from bytes to records with bounded memory: detects the encoding
 * (decode.ts), fixes the line break, and carries only the unfinished last record from one
 * chunk to the next.
 *
 * A line with no quote character is split on commas — exactly papaparse's own fast path, but
 * taken line by line instead of only for whole quote-free chunks, which matters because one
 * quoted "1,234.5" in a chunk would otherwise send every row of it down the slow path. Runs
 * of one-line records whose quotes only enclose whole fields ("1,234.5" again) are split
 * here too; every other run of records holding quotes (line breaks, doubled quotes) is parsed
 * by papaparse; its quote errors, which it would otherwise skip over, and quotes in the middle
 * of a field stop the read with a 'csv.quote' finding. Field counts are left to the caller,
 * which knows the header. Records are handed out as positions in the decoded text
 * (`RecordFields`), not as arrays of strings, unless `batches()` or iteration asks for them.
 */
export class CsvReader implements AsyncIterable<CsvRecord> {
  readonly #decoding: TextDecoding;
  readonly #parsers = new Map<string, Papa.Parser>();
  readonly #record = new RecordFields();

  constructor(source: AsyncIterable<Uint8Array>, options: CsvReadOptions = {}) {
    this.#decoding = new TextDecoding(source, options.maxBytes);
  }

  get encoding(): TextEncodingName | null {
    return this.#decoding.encoding;
  }

  /**
   * Reads the whole input, handing each record to `sink` with its spreadsheet row; the sink
   * returns false to stop reading (nothing after it is read or reported). The record is
   * reused for the next one: copy out what must outlive the call. Throws `CsvFileError` for a
   * problem that stops the read, after visiting the records before it.
   */
  async read(sink: RecordSink): Promise<void> {
    for await (const _ of this.#run(sink)) {
      // Each step has visited one chunk's records.
    }
  }

  /** Records chunk by chunk as arrays of cells; throws `CsvFileError` for a problem that stops the read. */
  async *batches(): AsyncGenerator<CsvBatch> {
    let firstRow = 1;
    let records: string[][] = [];
    const collect: RecordSink = {
      record: (row, record) => {
        if (records.length === 0) firstRow = row;
        records.push(record.toArray());
        return true;
      },
    };
    for await (const _ of this.#run(collect)) {
      if (records.length === 0) continue;
      yield { firstRow, records };
      records = [];
    }
  }

  /** Visits the records of one decoded chunk per step; a quote problem is thrown after the step. */
  async *#run(sink: RecordSink): AsyncGenerator<void> {
    let lineBreak: LineBreak | null = null;
    let pending = '';
    let nextRow = 1;
    try {
      for await (const text of this.#decoding.chunks()) {
        let work = text;
        let from = 0;
        let visited = 0;
        let stop: CsvFileError | null = null;
        if (lineBreak === null) {
          pending += text;
          lineBreak = detectLineBreak(pending);
          if (lineBreak === null) {
            this.#checkLength(pending, nextRow);
            continue;
          }
          work = pending;
        } else if (pending !== '') {
          // Only the record that straddles two chunks is joined: the rest is split in the
          // decoder's own string, which is flat and reads about twice as fast by character
          // code as a joined (cons) or sliced one.
          const firstBreak = text.indexOf(lineBreak);
          if (firstBreak === -1) {
            pending += text;
            this.#checkLength(pending, nextRow);
            continue;
          }
          // A run of quoted records is read as a whole (see `#visitQuoted`): when the joined
          // record holds a quote, the quoted lines after it are joined too.
          const quoted = pending.includes('"') || text.lastIndexOf('"', firstBreak) !== -1;
          const headEnd = quoted ? endOfQuotedLines(text, firstBreak + 1, lineBreak) : firstBreak + 1;
          if (headEnd === -1) {
            work = pending + text;
          } else {
            const head = pending + text.slice(0, headEnd);
            const split = this.#splitRecords(head, 0, lineBreak, nextRow, sink);
            visited = split.visited;
            if (split.halted) return;
            stop = split.stop;
            if (stop !== null) {
              work = head;
              from = split.consumed;
            } else if (split.consumed === head.length) {
              from = headEnd;
            } else {
              // A record with line breaks in quotes goes on: read on from it, joined.
              work = head.slice(split.consumed) + text.slice(headEnd);
            }
          }
        }
        if (stop === null && nextRow + visited === 1) {
          const first = this.#visitFirst(work, from, lineBreak, sink);
          if (first === HALTED) return;
          if (first !== from) {
            visited = 1;
            from = first;
          }
        }
        if (stop === null) {
          const split = this.#splitRecords(work, from, lineBreak, nextRow + visited, sink);
          visited += split.visited;
          if (split.halted) return;
          stop = split.stop;
          from = split.consumed;
        }
        pending = work.slice(from);
        nextRow += visited;
        if (visited > 0) yield;
        // The records before a quote problem go out first: a file whose header is wrong should say so.
        if (stop !== null) throw stop;
        this.#checkLength(pending, nextRow);
      }
      if (pending !== '') {
        const end = lineEnd(pending, 0, pending.length);
        if (!pending.includes('"')) {
          this.#record.splitPlain(pending, 0, end);
          sink.record(nextRow, this.#record);
        } else if (recordEnd(`${pending.slice(0, end)}\n`, 0, '\n') === STRAY_QUOTE) {
          throw this.#quoteError(nextRow);
        } else {
          const plain = RecordFields.isPlainQuoted(pending, 0, end);
          this.#visitQuoted(pending, 0, pending.length, plain, lineBreak ?? '\n', nextRow, sink);
        }
        yield;
      }
    } catch (caught) {
      if (!(caught instanceof DecodeError)) throw caught;
      const row =
        caught.problem === 'file.too_large' ? null : nextRow + countLines(pending) + caught.linesBefore;
      throw new CsvFileError(finding(caught.problem, row, null, { ...caught.detail, row: row ?? '' }));
    }
  }

  /**
   * Visits the file's first record when it is a whole line with no quote, and says where the
   * next one starts (`from` when it left the record to `#splitRecords`), or HALTED when the
   * sink asked to stop. The first record (the header, as a rule) takes a branch of the sink no
   * other record takes; taken inside optimized code (the loop of `#splitRecords`, or the
   * sink's `record`), that branch would have V8 throw the code away for lack of type feedback,
   * and every file after the first would start on unoptimized code. Visited from here, and
   * handed to the sink's `first` when it has one, it leaves that code alone.
   */
  #visitFirst(text: string, from: number, lineBreak: LineBreak, sink: RecordSink): number {
    const end = text.indexOf(lineBreak, from);
    if (end === -1 || text.lastIndexOf('"', end) >= from) return from;
    this.#record.splitPlain(text, from, lineEnd(text, from, end));
    const go = sink.first === undefined ? sink.record(1, this.#record) : sink.first(1, this.#record);
    return go ? end + 1 : HALTED;
  }

  /**
   * Visits the complete records of `text` from `from`; says how many, where they end (`consumed`),
   * whether the sink asked to stop, and the quote problem that stopped the split early, if any
   * (the records before it have been visited).
   */
  #splitRecords(
    text: string,
    from: number,
    lineBreak: LineBreak,
    firstRow: number,
    sink: RecordSink,
  ): { visited: number; consumed: number; halted: boolean; stop: CsvFileError | null } {
    const record = this.#record;
    let visited = 0;
    let start = from;
    // The next quote at or after `start`, searched again only once passed: a quote-free
    // chunk is then scanned once, not once per line.
    let quote = text.indexOf('"', from);
    try {
      for (;;) {
        const end = text.indexOf(lineBreak, start);
        if (end === -1) break;
        if (quote !== -1 && quote < start) quote = text.indexOf('"', start);
        if (quote === -1 || quote > end) {
          record.splitPlain(text, start, lineEnd(text, start, end));
          start = end + 1;
          visited += 1;
          if (!sink.record(firstRow + visited - 1, record))
            return { visited, consumed: start, halted: true, stop: null };
          continue;
        }
        // Quoted records come in runs (Excel quotes a column or nothing): they are read as a whole.
        // A line of plain quoted fields is one record (what `recordEnd` would find, cheaper).
        // The run is split here when all its lines are, in a '\n' file, and the line breaks
        // between them are alike: papaparse takes the run with one kind of line break (see
        // `#parseQuoted`), so anything else is left to it to read as it always has.
        let plain = lineBreak === '\n' && RecordFields.isPlainQuoted(text, start, lineEnd(text, start, end));
        let runEnd = plain ? end : recordEnd(text, start, lineBreak);
        if (runEnd === STRAY_QUOTE) throw this.#quoteError(firstRow + visited);
        if (runEnd === INCOMPLETE) break;
        const crlf = text.charCodeAt(runEnd - 1) === 13;
        for (;;) {
          const next = runEnd + 1;
          const nextEnd = text.indexOf(lineBreak, next);
          quote = text.indexOf('"', next);
          if (nextEnd === -1 || quote === -1 || quote > nextEnd) break;
          const nextPlain = plain && RecordFields.isPlainQuoted(text, next, lineEnd(text, next, nextEnd));
          const recordEnds = nextPlain ? nextEnd : recordEnd(text, next, lineBreak);
          if (recordEnds < 0) break;
          plain = nextPlain && (text.charCodeAt(runEnd - 1) === 13) === crlf;
          runEnd = recordEnds;
        }
        const run = this.#visitQuoted(text, start, runEnd, plain, lineBreak, firstRow + visited, sink);
        start = runEnd + 1;
        visited += Math.abs(run);
        if (run < 0) return { visited, consumed: start, halted: true, stop: null };
      }
    } catch (caught) {
      if (!(caught instanceof CsvFileError)) throw caught;
      return { visited, consumed: start, halted: false, stop: caught };
    }
    return { visited, consumed: start, halted: false, stop: null };
  }

  /**
   * Visits the run of records holding quotes in `text[from, to)` (`to` at the line break that
   * ends it); `firstRow` is the run's first spreadsheet row. Returns how many records it
   * visited, negated when the sink asked to stop. When every record of the run is one line of
   * plain quoted fields (`plain`) they are split here; otherwise papaparse parses the whole run, and
   * its quote errors, which it would otherwise skip over, stop the read before any record
   * of the run is visited.
   */
  #visitQuoted(
    text: string,
    from: number,
    to: number,
    plain: boolean,
    lineBreak: LineBreak,
    firstRow: number,
    sink: RecordSink,
  ): number {
    const record = this.#record;
    let visited = 0;
    if (plain) {
      for (let start = from; start <= to; ) {
        const end = Math.min(nextBreak(text, start, lineBreak), to);
        record.splitQuoted(text, start, lineEnd(text, start, end));
        start = end + 1;
        visited += 1;
        if (!sink.record(firstRow + visited - 1, record)) return -visited;
      }
      return visited;
    }
    for (const cells of this.#parseQuoted(text.slice(from, lineEnd(text, from, to)), firstRow)) {
      record.setCells(cells);
      visited += 1;
      if (!sink.record(firstRow + visited - 1, record)) return -visited;
    }
    return visited;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<CsvRecord> {
    for await (const batch of this.batches()) {
      for (let i = 0; i < batch.records.length; i += 1) {
        yield { row: batch.firstRow + i, fields: batch.records[i] ?? [] };
      }
    }
  }

  /** Parses a run of records holding quotes; `firstRow` is the run's first spreadsheet row. */
  #parseQuoted(text: string, firstRow: number): string[][] {
    const newline = text.includes('\r\n') ? '\r\n' : text.includes('\n') ? '\n' : '\r';
    let parser = this.#parsers.get(newline);
    if (parser === undefined) {
      parser = new Papa.Parser({ delimiter: ',', newline, quoteChar: '"' });
      this.#parsers.set(newline, parser);
    }
    const result = parser.parse(text, 0, false) as Papa.ParseResult<string[]>;
    const quoteError = result.errors.find((e) => e.type === 'Quotes');
    if (quoteError !== undefined) throw this.#quoteError(firstRow + (quoteError.row ?? 0));
    return result.data;
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
