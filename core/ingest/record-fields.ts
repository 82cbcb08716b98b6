/**
 * One CSV record as positions into the text it was read from, reused from record to record:
 * the reader finds the field boundaries and the checks read cells by character code, so a
 * valid row costs no string per cell (a million rows would otherwise make twelve million).
 * Field i is `text.slice(start(i), end(i))`; `toArray()` gives the cells as strings for code
 * that wants them.
 */
export class RecordFields {
  text = '';
  count = 0;
  #starts = new Int32Array(32);
  #ends = new Int32Array(32);

  start(index: number): number {
    return this.#starts[index] ?? 0;
  }

  end(index: number): number {
    return this.#ends[index] ?? 0;
  }

  /** Field `index` as a string; '' for a field the record does not have (as `fields[i] ?? ''`). */
  field(index: number): string {
    return index < 0 || index >= this.count ? '' : this.text.slice(this.start(index), this.end(index));
  }

  toArray(): string[] {
    const fields: string[] = new Array(this.count);
    for (let i = 0; i < this.count; i += 1) fields[i] = this.text.slice(this.start(i), this.end(i));
    return fields;
  }

  /** The record `text[from, to)` split on every comma (a line with no quote in it). */
  splitPlain(text: string, from: number, to: number): void {
    this.text = text;
    this.count = 0;
    let start = from;
    // indexOf rather than a loop over character codes: names are long and commas few.
    for (let at = text.indexOf(',', from); at !== -1 && at < to; at = text.indexOf(',', start)) {
      this.#push(start, at);
      start = at + 1;
    }
    this.#push(start, to);
  }

  /**
   * Whether the record `text[from, to)` is one line (no '\r' or '\n' at all) whose quotes
   * all enclose whole fields: opened at a field's start, closed before a comma or the end, no
   * doubled quote. Then `splitQuoted` reads it exactly as papaparse would.
   */
  static isPlainQuoted(text: string, from: number, to: number): boolean {
    let quoted = false;
    for (let at = from; at < to; at += 1) {
      const code = text.charCodeAt(at);
      if (code === 10 || code === 13) return false;
      if (code !== 34) continue;
      if (quoted) {
        if (at + 1 !== to && text.charCodeAt(at + 1) !== 44) return false;
      } else if (at !== from && text.charCodeAt(at - 1) !== 44) {
        return false;
      }
      quoted = !quoted;
    }
    return !quoted;
  }

  /** The one-line record `text[from, to)`, which `isPlainQuoted` accepted, split into its fields. */
  splitQuoted(text: string, from: number, to: number): void {
    this.text = text;
    this.count = 0;
    let at = from;
    for (;;) {
      if (at < to && text.charCodeAt(at) === 34) {
        const close = text.indexOf('"', at + 1);
        this.#push(at + 1, close);
        if (close + 1 >= to) return;
        at = close + 2;
        continue;
      }
      let end = text.indexOf(',', at);
      if (end === -1 || end > to) end = to;
      this.#push(at, end);
      if (end === to) return;
      at = end + 1;
    }
  }

  /** The record as parsed cells (papaparse's output for the rare hard cases). */
  setCells(cells: readonly string[]): void {
    this.text = cells.join('');
    this.count = 0;
    let at = 0;
    for (const cell of cells) {
      this.#push(at, at + cell.length);
      at += cell.length;
    }
  }

  #push(start: number, end: number): void {
    if (this.count === this.#starts.length) {
      const starts = new Int32Array(this.count * 2);
      const ends = new Int32Array(this.count * 2);
      starts.set(this.#starts);
      ends.set(this.#ends);
      this.#starts = starts;
      this.#ends = ends;
    }
    this.#starts[this.count] = start;
    this.#ends[this.count] = end;
    this.count += 1;
  }
}
