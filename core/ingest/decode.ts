/**
 * Streaming text decoding with the encoding detected, not configured: a UTF-8 BOM → utf-8-bom;
 * otherwise UTF-8 until a byte sequence proves it is not, then GB18030 (a superset of GBK, what
 * Excel on Chinese Windows writes). The decision is made on the first non-ASCII text, so a file
 * whose first rows are ASCII and later rows GBK is still read right; a file that is UTF-8 at
 * first and something else later is refused rather than decoded into garbage.
 */
import { TextDecoder } from 'node:util';

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'gb18030';

export type DecodeProblem = 'file.too_large' | 'file.binary' | 'file.encoding' | 'file.mixed_encoding';

/** A file-level problem found while decoding; `linesBefore` locates it within the failing chunk. */
export class DecodeError extends Error {
  constructor(
    readonly problem: DecodeProblem,
    readonly linesBefore: number,
    readonly detail: Readonly<Record<string, string | number>> = {},
  ) {
    super(problem);
    this.name = 'DecodeError';
  }
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
const PREFIX_BYTES = 4096;

const SIGNATURES: ReadonlyArray<readonly [number[], string, string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'Excel 工作簿（.xlsx）或压缩包', 'an Excel workbook (.xlsx) or a zip archive'],
  [[0xd0, 0xcf, 0x11, 0xe0], '旧版 Excel 工作簿（.xls）', 'a legacy Excel workbook (.xls)'],
  [[0xff, 0xfe], 'UTF-16 的“Unicode 文本”', 'UTF-16 "Unicode text"'],
  [[0xfe, 0xff], 'UTF-16 的“Unicode 文本”', 'UTF-16 "Unicode text"'],
  [[0x25, 0x50, 0x44, 0x46], 'PDF 文件', 'a PDF file'],
  [[0x89, 0x50, 0x4e, 0x47], 'PNG 图片', 'a PNG image'],
];
const NON_ASCII = /[\u0080-\uffff]/;

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines += 1;
  return lines;
}

/** The last bytes of `chunk` from its final run of non-ASCII bytes (at most 3: a partial UTF-8 character). */
function trailingNonAscii(chunk: Uint8Array): Uint8Array {
  let start = chunk.byteLength;
  while (start > 0 && start > chunk.byteLength - 3 && (chunk[start - 1] ?? 0) >= 0x80) start -= 1;
  return chunk.slice(start);
}

/**
 * For a chunk that is not valid UTF-8 as a whole: the lines before its first bad byte when
 * those hold at least one complete line of non-ASCII UTF-8 text — a file that was UTF-8 and
 * turns into something else — else null. A line, not a character: two GBK characters can
 * pass for UTF-8 by chance, a whole line of them cannot.
 */
function utf8LinesBeforeBadByte(chunk: Uint8Array): number | null {
  const lenient = new TextDecoder('utf-8').decode(chunk);
  const valid = lenient.slice(0, lenient.indexOf('\ufffd'));
  const firstNonAscii = valid.search(NON_ASCII);
  if (firstNonAscii === -1 || valid.indexOf('\n', firstNonAscii) === -1) return null;
  return countLines(valid);
}

/** Lines before the first undecodable byte of `chunk`, found by decoding it leniently. */
function linesBeforeBadByte(chunk: Uint8Array, encoding: string): number {
  const lenient = new TextDecoder(encoding).decode(chunk);
  const bad = lenient.indexOf('\ufffd');
  return countLines(bad === -1 ? lenient : lenient.slice(0, bad));
}

/** Decodes a byte stream into text chunks; `encoding` is known once the first non-ASCII text is seen. */
export class TextDecoding {
  #encoding: TextEncodingName | null = null;
  #bytes = 0;
  #utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  #gb18030: TextDecoder | null = null;
  /** While undecided: the non-ASCII bytes the UTF-8 decoder holds back at the end of the last chunk. */
  #heldBack: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly source: AsyncIterable<Uint8Array>,
    private readonly maxBytes = DEFAULT_MAX_BYTES,
  ) {}

  /** The detected encoding: null while only ASCII has been seen (an all-ASCII file ends as 'utf-8'). */
  get encoding(): TextEncodingName | null {
    return this.#encoding;
  }

  /** Text chunks in order; throws `DecodeError` for a file-level problem. */
  async *chunks(): AsyncGenerator<string> {
    let head: Uint8Array | null = new Uint8Array(0);
    for await (const piece of this.source) {
      this.#bytes += piece.byteLength;
      if (this.#bytes > this.maxBytes) {
        throw new DecodeError('file.too_large', 0, { limit: Math.round(this.maxBytes / 1024 / 1024) });
      }
      let chunk = piece;
      if (head !== null) {
        // Signatures and the encoding are judged on a prefix of PREFIX_BYTES, whatever size the
        // first chunks have: a few GBK bytes can pass for UTF-8 by chance, a few hundred cannot.
        const joined: Uint8Array = new Uint8Array(head.byteLength + piece.byteLength);
        joined.set(head);
        joined.set(piece, head.byteLength);
        if (joined.byteLength < PREFIX_BYTES) {
          head = joined;
          continue;
        }
        head = null;
        chunk = this.#inspectStart(joined);
      }
      yield this.#decode(chunk, false);
    }
    if (head !== null && head.byteLength > 0) yield this.#decode(this.#inspectStart(head), false);
    yield this.#decode(new Uint8Array(0), true);
    this.#encoding ??= 'utf-8';
  }

  #inspectStart(bytes: Uint8Array): Uint8Array {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      this.#encoding = 'utf-8-bom';
      return bytes.subarray(3);
    }
    for (const [signature, what, whatEn] of SIGNATURES) {
      if (startsWith(bytes, signature)) throw new DecodeError('file.binary', 0, { what, what_en: whatEn });
    }
    return bytes;
  }

  #decode(chunk: Uint8Array, last: boolean): string {
    const text = this.#gb18030 === null ? this.#decodeUtf8(chunk, last) : this.#decodeGb18030(chunk, last);
    // A NUL character comes only from a 0 byte (in UTF-8 and GB18030 alike, which never hold
    // one back): searching the bytes is several times cheaper than searching the text.
    if (chunk.indexOf(0) !== -1 && text.includes('\0')) {
      throw new DecodeError('file.binary', countLines(text.slice(0, text.indexOf('\0'))), {
        what: '二进制数据',
        what_en: 'binary data',
      });
    }
    return text;
  }

  #decodeUtf8(chunk: Uint8Array, last: boolean): string {
    try {
      const text = this.#utf8.decode(chunk, { stream: !last });
      if (this.#encoding === null) {
        if (NON_ASCII.test(text)) this.#encoding = 'utf-8';
        else this.#heldBack = trailingNonAscii(chunk);
      }
      return text;
    } catch {
      if (this.#encoding !== null) {
        throw new DecodeError('file.mixed_encoding', linesBeforeBadByte(chunk, 'utf-8'));
      }
      const validUtf8Lines = utf8LinesBeforeBadByte(chunk);
      if (validUtf8Lines !== null) throw new DecodeError('file.mixed_encoding', validUtf8Lines);
      // All text so far was ASCII: start over in GB18030 with the bytes UTF-8 was holding back.
      this.#encoding = 'gb18030';
      this.#gb18030 = new TextDecoder('gb18030', { fatal: true });
      const resumed = new Uint8Array(this.#heldBack.byteLength + chunk.byteLength);
      resumed.set(this.#heldBack);
      resumed.set(chunk, this.#heldBack.byteLength);
      return this.#decodeGb18030(resumed, last);
    }
  }

  #decodeGb18030(chunk: Uint8Array, last: boolean): string {
    try {
      return (this.#gb18030 as TextDecoder).decode(chunk, { stream: !last });
    } catch {
      throw new DecodeError('file.encoding', linesBeforeBadByte(chunk, 'gb18030'), {
        encoding: 'GBK/GB18030',
      });
    }
  }
}
