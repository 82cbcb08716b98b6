import type { Yuan } from '../../schemas/money.js';

/** The units an amount may be given in, and the power of ten that turns them into 元. */
export const UNIT_SCALES = { 元: 0, 千元: 3, 万元: 4, 亿元: 8 } as const;
export type UnitName = keyof typeof UNIT_SCALES;

/** The unit named by a header suffix or a 单位 cell ("万元", " 万元 "), or null. */
export function parseUnit(text: string): UnitName | null {
  const unit = text.trim();
  return Object.hasOwn(UNIT_SCALES, unit) ? (unit as UnitName) : null;
}

export type AmountProblem = 'empty' | 'unparsable' | 'scientific' | 'negative' | 'too_large';
export type AmountResult = { ok: true; yuan: Yuan } | { ok: false; problem: AmountProblem };

/** DynamoDB keeps 38 significant digits; 30 integer digits of 元 leave room for decimals and sums. */
const MAX_INTEGER_DIGITS = 30;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const EXPONENT = /^[+-]?(?:\d+\.?\d*|\.\d+)e[+-]?\d+$/i;
const NEEDS_NORMALIZING = /[^\x21-\x7e]/;
const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000'];

/**
 * Full-width digits and punctuation (what a Chinese IME types: "１２３，４５６．７") become
 * ASCII; every kind of space goes, including the ideographic space U+3000.
 */
export function normalizeNumberText(text: string): string {
  if (!NEEDS_NORMALIZING.test(text)) return text;
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (!/\s/.test(char)) out += char;
  }
  return out;
}

/**
 * Where the decimal point of a plain "123" / "123.45" / "123." is (the length when there is
 * none), or -1 when the text is anything else. Read by character code: this runs for every
 * amount of every row.
 */
function plainPoint(text: string): number {
  const length = text.length;
  if (length === 0) return -1;
  let point = length;
  for (let i = 0; i < length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) continue;
    if (code !== 46 || point !== length || i === 0) return -1;
    point = i;
  }
  return point;
}

/**
 * Parses an amount as written in a cell and returns it in exact decimal 元: the decimal point
 * is shifted by string manipulation (万元 → four places), so no binary floating point ever
 * touches the value. Accepts thousands separators in groups of three ("1,234.5"), full-width
 * digits and spaces.
 *
 * Scientific notation ("1.2E+07") is rejected on purpose: Excel writes it only when the cell
 * is too narrow or formatted "General", and the CSV then holds the *displayed* digits, so the
 * value is already rounded; accepting it would store a silently wrong figure.
 */
export function parseAmount(text: string, unitScale: number): AmountResult {
  const yuan = plainAmountToYuan(text, unitScale);
  return yuan === null ? parseUnusualAmount(text, unitScale) : { ok: true, yuan };
}

/**
 * The fast path of `parseAmount` for what nearly every cell holds, "1234" or "1234.5": its 元
 * value, or null for anything else (then `parseAmount` says what is wrong). No object per call.
 */
export function plainAmountToYuan(text: string, unitScale: number): Yuan | null {
  const point = plainPoint(text);
  if (point === -1) return null;
  const yuan = shiftDecimal(text, point, unitScale);
  return integerDigits(yuan) > MAX_INTEGER_DIGITS ? null : yuan;
}

function integerDigits(yuan: Yuan): number {
  const dot = yuan.indexOf('.');
  return dot === -1 ? yuan.length : dot;
}

function parseUnusualAmount(text: string, unitScale: number): AmountResult {
  if (GROUPED.test(text)) {
    // "1,234.5" as Excel writes a cell formatted with separators: common enough for its own path.
    const digits = text.replaceAll(',', '');
    const yuan = shiftDecimal(digits, plainPoint(digits), unitScale);
    return integerDigits(yuan) > MAX_INTEGER_DIGITS
      ? { ok: false, problem: 'too_large' }
      : { ok: true, yuan };
  }
  let clean = normalizeNumberText(text);
  if (clean === '' || clean === '-' || clean === '—' || clean === '--')
    return { ok: false, problem: 'empty' };
  if (EXPONENT.test(clean)) return { ok: false, problem: 'scientific' };
  let negative = false;
  if (clean.startsWith('-') || (clean.startsWith('(') && clean.endsWith(')'))) {
    negative = true;
    clean = clean.startsWith('-') ? clean.slice(1) : clean.slice(1, -1);
  } else if (clean.startsWith('+')) {
    clean = clean.slice(1);
  }
  if (clean.startsWith('.')) clean = `0${clean}`;
  if (GROUPED.test(clean)) clean = clean.replaceAll(',', '');
  const point = plainPoint(clean);
  if (point === -1) return { ok: false, problem: 'unparsable' };
  if (negative && /[1-9]/.test(clean)) return { ok: false, problem: 'negative' };
  const yuan = shiftDecimal(clean, point, unitScale);
  if (integerDigits(yuan) > MAX_INTEGER_DIGITS) return { ok: false, problem: 'too_large' };
  return { ok: true, yuan };
}

/** `digits × 10^scale` (the point at `point`) as a canonical 元 string: no leading zeros, no trailing fractional zeros. */
function shiftDecimal(digits: string, point: number, scale: number): Yuan {
  const integer = digits.slice(0, point);
  const fraction = point < digits.length ? digits.slice(point + 1) : '';
  let whole: string;
  let rest: string;
  if (fraction.length <= scale) {
    whole = integer + fraction + (ZEROS[scale - fraction.length] ?? '0'.repeat(scale - fraction.length));
    rest = '';
  } else {
    whole = integer + fraction.slice(0, scale);
    rest = fraction.slice(scale);
    let end = rest.length;
    while (end > 0 && rest.charCodeAt(end - 1) === 48) end -= 1;
    if (end < rest.length) rest = rest.slice(0, end);
  }
  if (whole.length > 1 && whole.charCodeAt(0) === 48) {
    let start = 1;
    while (start < whole.length - 1 && whole.charCodeAt(start) === 48) start += 1;
    whole = whole.slice(start);
  }
  return rest === '' ? whole : `${whole}.${rest}`;
}

/**
 * Exact comparison of two canonical 元 strings (as `parseAmount` returns them) without
 * building decimals: fewer integer digits is smaller, then digit by digit. -1, 0 or 1.
 */
export function compareCanonicalYuan(a: Yuan, b: Yuan): number {
  const pointA = a.indexOf('.');
  const pointB = b.indexOf('.');
  const intA = pointA === -1 ? a.length : pointA;
  const intB = pointB === -1 ? b.length : pointB;
  if (intA !== intB) return intA < intB ? -1 : 1;
  const fracA = pointA === -1 ? '' : a.slice(pointA + 1);
  const fracB = pointB === -1 ? '' : b.slice(pointB + 1);
  const width = Math.max(fracA.length, fracB.length);
  const left = a.slice(0, intA) + fracA.padEnd(width, '0');
  const right = b.slice(0, intB) + fracB.padEnd(width, '0');
  return left === right ? 0 : left < right ? -1 : 1;
}
