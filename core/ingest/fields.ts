import { normalizeNumberText } from './amounts.js';

/**
 * Parsers for the non-amount cells of an enterprise row. Each returns the normalized value or
 * null when the text cannot be understood; the caller turns null into a finding.
 */

const PERIOD_SEPARATED = /^(\d{4})(?:[-/年]|\.(?=\d{2}))(\d{1,2})月?(?:[-/.]\d{1,2}日?)?$/;
const PERIOD_COMPACT = /^(\d{4})(\d{2})$/;
const CANONICAL_PERIOD = /^20\d\d-(?:0[1-9]|1[0-2])$/;

/**
 * "2017-11", "2017/11", "201711", "2017年11月", "2017.11" → "2017-11". A date Excel made of a
 * period ("2017/11/1", "2017-11-01") keeps its month. "2017.1" is refused: Excel turns a typed
 * 2017.10 into the number 2017.1, so January and October cannot be told apart.
 */
export function parsePeriod(text: string): string | null {
  if (CANONICAL_PERIOD.test(text)) return text;
  const clean = normalizeNumberText(text);
  const match = PERIOD_SEPARATED.exec(clean) ?? PERIOD_COMPACT.exec(clean);
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (year < 2000 || year > 2100 || month < 1 || month > 12) return null;
  return `${match[1]}-${String(month).padStart(2, '0')}`;
}

/** The statistics period that `now` falls in, in China Standard Time (UTC+8, no daylight saving). */
export function currentPeriod(now: Date): string {
  const shanghai = new Date(now.getTime() + 8 * 3_600_000);
  return `${shanghai.getUTCFullYear()}-${String(shanghai.getUTCMonth() + 1).padStart(2, '0')}`;
}

const YES = new Set(['是', 'y', 'yes', '1', 'true', '√']);
const NO = new Set(['否', 'n', 'no', '0', 'false', '×']);

/** 是否规上: empty means yes (the file is a 规上 return unless it says otherwise). */
export function parseAboveScale(text: string): boolean | null {
  if (text === '是' || text === '') return true;
  if (text === '否') return false;
  const value = text.trim().toLowerCase();
  if (value === '' || YES.has(value)) return true;
  return NO.has(value) ? false : null;
}

/** GB/T 4754-2017 sections (门类) by their first and last two-digit division (大类). */
const SECTIONS: ReadonlyArray<readonly [string, number, number]> = [
  ['A', 1, 5],
  ['B', 6, 12],
  ['C', 13, 43],
  ['D', 44, 46],
  ['E', 47, 50],
  ['F', 51, 52],
  ['G', 53, 60],
  ['H', 61, 62],
  ['I', 63, 65],
  ['J', 66, 69],
  ['K', 70, 70],
  ['L', 71, 72],
  ['M', 73, 75],
  ['N', 76, 79],
  ['O', 80, 82],
  ['P', 83, 83],
  ['Q', 84, 85],
  ['R', 86, 90],
  ['S', 91, 96],
  ['T', 97, 97],
];

const INDUSTRY_CODE = /^[A-T]?\d{2,4}$/;
const SECTION_OF_DIVISION: ReadonlyArray<string | undefined> = Array.from(
  { length: 100 },
  (_, division) => SECTIONS.find(([, first, last]) => division >= first && division <= last)?.[0],
);

/** The GB/T 4754-2017 section letter of a two-digit division (大类), or undefined when none has it. */
export function sectionOfDivision(division: number): string | undefined {
  return SECTION_OF_DIVISION[division];
}

/**
 * "C2021", "c2021", "2021", "C20" → "C2021"/"C20": the section letter is derived from the
 * division when missing and must agree with it when given. Empty → undefined (not given).
 */
export function parseIndustryCode(text: string): string | null | undefined {
  if (text === '') return undefined;
  const value = normalizeNumberText(text).toUpperCase();
  if (!INDUSTRY_CODE.test(value)) return null;
  const lettered = value.charCodeAt(0) >= 65;
  const digitsFrom = lettered ? 1 : 0;
  const division = (value.charCodeAt(digitsFrom) - 48) * 10 + value.charCodeAt(digitsFrom + 1) - 48;
  const section = SECTION_OF_DIVISION[division];
  if (section === undefined || (lettered && value.charAt(0) !== section)) return null;
  return lettered ? value : section + value;
}

/**
 * A text cell starting with = + - @ is a formula to Excel (CSV injection: `=HYPERLINK(…)`,
 * DDE). The texts of this file reappear in receipts and in the bureau's CSV/XLSX reports,
 * so such a cell is a hard error rather than something silently neutralized: a formula in a
 * statistics return is never intended, and the statistician can remove it in a second.
 */
export function formulaPrefix(text: string): string | null {
  if (text === '-') return null;
  const first = text.charAt(0);
  return first === '=' || first === '+' || first === '-' || first === '@' ? first : null;
}
