import { USCC_CHAR_VALUE } from './uscc.js';

/**
 * The set of (enterprise, period) pairs seen in a file, for the duplicate-row rule, in one flat
 * Uint32Array of three words a slot: a million rows take 24 MB here where a `Set` of string keys
 * takes well over 100 MB (and keeps every parsed chunk alive through sliced strings).
 *
 * The key is held exactly, so a hash collision can never report a false duplicate: the first 8
 * USCC characters (registration authority, type, region — a handful of distinct values in one
 * park) become a small number, the next 9 a base-31 number below 2^45, the period a month index
 * below 2^11; packed with the row number they fill 96 bits. A file with more than 65,536
 * distinct prefixes or more than 2^24 rows keeps its extra keys in an ordinary Map.
 */
const WORDS = 3;
const PERIOD_BASE_YEAR = 2000;
const MAX_PREFIXES = 1 << 16;
const MAX_ROW = (1 << 24) - 1;
const TWO_16 = 1 << 16;

function base31(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i += 1) value = value * 31 + (USCC_CHAR_VALUE[text.charCodeAt(i)] ?? 0);
  return value;
}

/** Digits of a "YYYY-MM" period as a number, read by character code (no substrings per row). */
function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i += 1) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

function hash(a: number, b: number, c: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}

export class RowKeySet {
  /** Slot i: words 3i, 3i+1 and the top 8 bits of 3i+2 hold the key, the low 24 bits the row (0 = empty). */
  #slots = new Uint32Array(1024 * WORDS);
  #used = 0;
  readonly #prefixes = new Map<string, number>();
  readonly #overflow = new Map<string, number>();

  get size(): number {
    return this.#used + this.#overflow.size;
  }

  /**
   * Records the pair for `row` (≥ 1); returns the row that already holds it, or undefined when
   * new. `uscc` must be a valid USCC and `period` a "YYYY-MM" between 2000 and 2100.
   */
  addOrGet(uscc: string, period: string, row: number): number | undefined {
    const month = (digitsAt(period, 0, 4) - PERIOD_BASE_YEAR) * 12 + digitsAt(period, 5, 7) - 1;
    const prefix = this.#prefixId(uscc);
    if (prefix === undefined || row > MAX_ROW) return this.#addToOverflow(uscc, period, row);
    const organization = base31(uscc, 8, 17);
    const a = prefix * TWO_16 + (organization % TWO_16);
    const b = Math.floor(organization / TWO_16) * 8 + (month & 7);
    const high = (month >> 3) * (MAX_ROW + 1);
    const slots = this.#slots;
    const mask = slots.length / WORDS - 1;
    for (let slot = hash(a, b, high) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * WORDS;
      const stored = slots[at + 2] ?? 0;
      if (stored === 0) {
        slots[at] = a;
        slots[at + 1] = b;
        slots[at + 2] = high + row;
        break;
      }
      if (slots[at] === a && slots[at + 1] === b && stored - (stored % (MAX_ROW + 1)) === high) {
        return stored % (MAX_ROW + 1);
      }
    }
    this.#used += 1;
    if (this.#used * 2 > mask + 1) this.#grow();
    return undefined;
  }

  #prefixId(uscc: string): number | undefined {
    // A copy, not a slice: the key must not keep the parsed chunk the USCC came from alive.
    const prefix = uscc.slice(0, 8);
    const known = this.#prefixes.get(prefix);
    if (known !== undefined || this.#prefixes.size >= MAX_PREFIXES) return known;
    this.#prefixes.set(prefix, this.#prefixes.size);
    return this.#prefixes.size - 1;
  }

  #addToOverflow(uscc: string, period: string, row: number): number | undefined {
    const key = `${uscc.slice(0, 9)}${uscc.slice(9, 17)}${period}`;
    const first = this.#overflow.get(key);
    if (first === undefined) this.#overflow.set(key, row);
    return first;
  }

  #grow(): void {
    const old = this.#slots;
    const slots = new Uint32Array(old.length * 2);
    const mask = slots.length / WORDS - 1;
    for (let from = 0; from < old.length; from += WORDS) {
      const c = old[from + 2] ?? 0;
      if (c === 0) continue;
      const a = old[from] ?? 0;
      const b = old[from + 1] ?? 0;
      let slot = hash(a, b, c - (c % (MAX_ROW + 1))) & mask;
      while ((slots[slot * WORDS + 2] ?? 0) !== 0) slot = (slot + 1) & mask;
      const to = slot * WORDS;
      slots[to] = a;
      slots[to + 1] = b;
      slots[to + 2] = c;
    }
    this.#slots = slots;
  }
}
