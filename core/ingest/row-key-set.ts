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
const INITIAL_SLOTS = 1 << 17;
const PERIOD_BASE_YEAR = 2000;
const MAX_PREFIXES = 1 << 16;
const MAX_ROW = (1 << 24) - 1;
const TWO_16 = 1 << 16;
const TWO_32 = 2 ** 32;
/** `#sorted` entries: prefix value, organization, month · 2^32 + row. */
const SORTED_WORDS = 3;
const INITIAL_SORTED = 1 << 14;

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

/** A "YYYY-MM" period (2000–2100) as months since January 2000, the form `addOrGetKey` takes. */
export function periodMonth(period: string): number {
  return (digitsAt(period, 0, 4) - PERIOD_BASE_YEAR) * 12 + digitsAt(period, 5, 7) - 1;
}

function hash(a: number, b: number, c: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * Where the probe for a key starts: the enterprise's hash plus the month, so that the months
 * of one enterprise sit side by side. A big table (a year of a park's rows) no longer fits in
 * the CPU caches, and rows come enterprise by enterprise or month by month: the next row's
 * slot is then usually in a cache line already loaded, not a random one.
 */
function homeSlot(a: number, b: number, month: number, mask: number): number {
  return (hash(a, b >>> 3, 0) + month) & mask;
}

export class RowKeySet {
  /**
   * While every key has been greater than the one before (a file sorted by USCC, then period,
   * as Excel sorts it), no key can repeat one already seen: the keys are only appended here,
   * in order, and the hash table is not built at all. The first key out of order moves them
   * all into the table, which takes every key from then on.
   */
  #sorted: Float64Array | null = new Float64Array(INITIAL_SORTED * SORTED_WORDS);
  #sortedCount = 0;
  // Below every key; and doubles from the start, like the values to come (see `UsccKey`).
  #lastPrefixValue = Number.NEGATIVE_INFINITY;
  #lastOrganization = Number.NEGATIVE_INFINITY;
  #lastMonth = 0;
  /**
   * Slot i: words 3i, 3i+1 and the top 8 bits of 3i+2 hold the key, the low 24 bits the row
   * (0 = empty). 128k slots (1.5 MB) to start with: most files never grow the table, and a big
   * one grows a few times, not a dozen.
   */
  #slots = new Uint32Array(INITIAL_SLOTS * WORDS);
  #used = 0;
  readonly #prefixes = new Map<number, number>();
  readonly #overflow = new Map<string, number>();
  #lastPrefix = -1;
  #lastPrefixId = 0;

  get size(): number {
    return this.#sortedCount + this.#used + this.#overflow.size;
  }

  /**
   * Records the pair for `row` (≥ 1); returns the row that already holds it, or undefined when
   * new. `uscc` must be a valid USCC and `period` a "YYYY-MM" between 2000 and 2100.
   */
  addOrGet(uscc: string, period: string, row: number): number | undefined {
    return this.addOrGetKey(base31(uscc, 0, 8), base31(uscc, 8, 17), periodMonth(period), row);
  }

  /**
   * `addOrGet` for a USCC given as the base-31 numbers of its first 8 and next 9 characters
   * (what `readUsccAt` gives) and a period as `periodMonth` gives it: a row read by character
   * code then needs no substring, and its USCC is read once.
   */
  addOrGetKey(prefixValue: number, organization: number, month: number, row: number): number | undefined {
    if (this.#sorted !== null) {
      if (this.#follows(prefixValue, organization, month)) {
        this.#appendSorted(prefixValue, organization, month, row);
        return undefined;
      }
      this.#leaveSorted();
    }
    return this.#addToTable(prefixValue, organization, month, row);
  }

  /** Whether the key is greater than the last one appended (any key is, after none). */
  #follows(prefixValue: number, organization: number, month: number): boolean {
    // One expression whose every comparison runs on nearly every row: a comparison first made
    // by optimized code (the first row of the next file) would have V8 throw that code away.
    const lastPrefix = this.#lastPrefixValue;
    const lastOrganization = this.#lastOrganization;
    return (
      prefixValue > lastPrefix ||
      (prefixValue === lastPrefix &&
        (organization > lastOrganization || (organization === lastOrganization && month > this.#lastMonth)))
    );
  }

  #appendSorted(prefixValue: number, organization: number, month: number, row: number): void {
    let sorted = this.#sorted as Float64Array;
    const at = this.#sortedCount * SORTED_WORDS;
    if (at === sorted.length) {
      const bigger = new Float64Array(sorted.length * 2);
      bigger.set(sorted);
      sorted = bigger;
      this.#sorted = bigger;
    }
    sorted[at] = prefixValue;
    sorted[at + 1] = organization;
    sorted[at + 2] = month * TWO_32 + row;
    this.#sortedCount += 1;
    this.#lastPrefixValue = prefixValue;
    this.#lastOrganization = organization;
    this.#lastMonth = month;
  }

  /** Moves the keys appended in order into the table, in the order they came. */
  #leaveSorted(): void {
    const sorted = this.#sorted as Float64Array;
    const count = this.#sortedCount;
    this.#sorted = null;
    this.#sortedCount = 0;
    for (let at = 0; at < count * SORTED_WORDS; at += SORTED_WORDS) {
      const packed = sorted[at + 2] ?? 0;
      const month = Math.floor(packed / TWO_32);
      this.#addToTable(sorted[at] ?? 0, sorted[at + 1] ?? 0, month, packed - month * TWO_32);
    }
  }

  #addToTable(prefixValue: number, organization: number, month: number, row: number): number | undefined {
    const prefix = this.#prefixId(prefixValue);
    if (prefix === undefined || row > MAX_ROW)
      return this.#addToOverflow(prefixValue, organization, month, row);
    const a = prefix * TWO_16 + (organization % TWO_16);
    const b = Math.floor(organization / TWO_16) * 8 + (month & 7);
    const high = (month >> 3) * (MAX_ROW + 1);
    const slots = this.#slots;
    const mask = slots.length / WORDS - 1;
    for (let slot = homeSlot(a, b, month, mask); ; slot = (slot + 1) & mask) {
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

  #prefixId(prefixValue: number): number | undefined {
    // The prefix of the row before is nearly always this one's: no map lookup then.
    if (prefixValue === this.#lastPrefix) return this.#lastPrefixId;
    let known = this.#prefixes.get(prefixValue);
    if (known === undefined) {
      if (this.#prefixes.size >= MAX_PREFIXES) return undefined;
      known = this.#prefixes.size;
      this.#prefixes.set(prefixValue, known);
    }
    this.#lastPrefix = prefixValue;
    this.#lastPrefixId = known;
    return known;
  }

  #addToOverflow(prefixValue: number, organization: number, month: number, row: number): number | undefined {
    const key = `${prefixValue}:${organization}:${month}`;
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
      let slot = homeSlot(a, b, Math.floor(c / (MAX_ROW + 1)) * 8 + (b & 7), mask);
      while ((slots[slot * WORDS + 2] ?? 0) !== 0) slot = (slot + 1) & mask;
      const to = slot * WORDS;
      slots[to] = a;
      slots[to + 1] = b;
      slots[to + 2] = c;
    }
    this.#slots = slots;
  }
}
