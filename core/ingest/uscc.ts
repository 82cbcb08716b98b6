/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters of 0-9A-HJ-NPQRTUWXY, the last one a
 * check character over the first 17 with weights 3^(i-1) mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Value of each character code (−1 outside the alphabet): the check runs once per row, so no Map lookups. */
export const USCC_CHAR_VALUE = new Int8Array(128).fill(-1);
for (let value = 0; value < ALPHABET.length; value += 1) USCC_CHAR_VALUE[ALPHABET.charCodeAt(value)] = value;

/** The shape without the check: what a USCC may look like at all. */
export const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** The check character for the first 17 characters of `code`, or null when they hold a character outside the alphabet. */
export function usccCheckChar(code: string): string | null {
  if (code.length < 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = USCC_CHAR_VALUE[code.charCodeAt(i)] ?? -1;
    if (value < 0) return null;
    sum += value * (WEIGHTS[i] ?? 0);
  }
  return ALPHABET.charAt((31 - (sum % 31)) % 31);
}

const CHECK_CHAR_CODES = Array.from({ length: 31 }, (_, value) => ALPHABET.charCodeAt((31 - value) % 31));

/** What `readUsccAt` leaves: the first 8 and the next 9 characters as base-31 numbers (exact below 2^53). */
export class UsccKey {
  // NaN until read: a double from the start, like the values to come (past 2^31). A field
  // that starts as a small integer changes representation at the first USCC, and V8 then
  // throws away the optimized code that reads it, in every file.
  prefix = Number.NaN;
  organization = Number.NaN;
}

/**
 * Whether the 18 characters of `text` from `at` are a valid USCC (shape and check character),
 * read by character code: the same answer as `isValidUscc(text.slice(at, at + 18))` without
 * the substring. When valid, `key` holds the code as numbers, for the duplicate rule.
 */
export function readUsccAt(text: string, at: number, key: UsccKey): boolean {
  if (at + 18 > text.length) return false;
  let sum = 0;
  let prefix = 0;
  let organization = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = USCC_CHAR_VALUE[text.charCodeAt(at + i)] ?? -1;
    if (value < 0) return false;
    sum += value * (WEIGHTS[i] ?? 0);
    if (i < 8) prefix = prefix * 31 + value;
    else organization = organization * 31 + value;
  }
  if (text.charCodeAt(at + 17) !== CHECK_CHAR_CODES[sum % 31]) return false;
  key.prefix = prefix;
  key.organization = organization;
  return true;
}

/** The spelling the first contract draft used; kept so that code written against it compiles. */
export const uscCheckChar = usccCheckChar;

export function isValidUscc(code: string): boolean {
  return USCC_PATTERN.test(code) && usccCheckChar(code) === code.charAt(17);
}
