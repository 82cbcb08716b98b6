/**
 * Valid 统一社会信用代码 for tests, computed with the GB 32100-2015 check character so that a
 * fixture fails only for the reason it was written for.
 */

/** The 31 characters a USCC may use, in value order (no I, O, S, V, Z). */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights of positions 1..17: 3^(i-1) mod 31. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

function charValue(char: string): number {
  const value = USCC_ALPHABET.indexOf(char);
  if (value < 0) throw new RangeError(`"${char}" is not a USCC character`);
  return value;
}

function charOf(value: number): string {
  const char = USCC_ALPHABET[value];
  if (char === undefined) throw new RangeError(`${value} is not a USCC character value`);
  return char;
}

/** The check character (18th) for the first 17 characters of a USCC. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`expected 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += charValue(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  return charOf((31 - (sum % 31)) % 31);
}

/**
 * A valid USCC of an enterprise registered in 双牌县 (division code 431123), distinct for
 * each `seed`: "91" (enterprise, company) + "431123" + a 9-character organization code + check.
 */
export function makeUscc(seed: number): string {
  let rest = Math.abs(Math.trunc(seed));
  let organization = '';
  for (let i = 0; i < 9; i += 1) {
    organization = charOf(rest % 31) + organization;
    rest = Math.floor(rest / 31);
  }
  const first17 = `91431123${organization}`;
  return first17 + usccCheckChar(first17);
}

/** The same first 17 characters with a check character that is guaranteed wrong. */
export function withWrongCheckChar(uscc: string): string {
  const first17 = uscc.slice(0, 17);
  const right = charValue(usccCheckChar(first17));
  return first17 + charOf((right + 1) % 31);
}
