import { describe, expect, it } from 'vitest';
import {
  currentPeriod,
  formulaPrefix,
  parseAboveScale,
  parseIndustryCode,
  parsePeriod,
} from '../../../core/ingest/fields.js';

describe('parsePeriod', () => {
  it.each([
    ['2017-11', '2017-11'],
    ['2017/11', '2017-11'],
    ['201711', '2017-11'],
    ['2017年11月', '2017-11'],
    ['2017.11', '2017-11'],
    ['2017-1', '2017-01'],
    ['2017/11/1', '2017-11'],
    ['2017-11-01', '2017-11'],
    ['２０１７－１１', '2017-11'],
  ])('%s → %s', (text, period) => {
    expect(parsePeriod(text)).toBe(period);
  });

  it.each(['2017-13', '2017-00', '17-11', '2017.1', 'Nov-17', '', '1999-12', '2017-11-x'])(
    'refuses %j',
    (text) => {
      expect(parsePeriod(text)).toBeNull();
    },
  );
});

describe('currentPeriod', () => {
  it('uses China Standard Time: 16:30 UTC on 31 October is already November in 双牌', () => {
    expect(currentPeriod(new Date('2017-10-31T16:30:00Z'))).toBe('2017-11');
    expect(currentPeriod(new Date('2017-10-31T15:30:00Z'))).toBe('2017-10');
  });
});

describe('parseAboveScale', () => {
  it.each([
    ['是', true],
    ['', true],
    ['Y', true],
    ['true', true],
    ['1', true],
    ['否', false],
    ['n', false],
    ['0', false],
    ['FALSE', false],
    ['maybe', null],
  ])('%j → %s', (text, value) => {
    expect(parseAboveScale(text)).toBe(value);
  });
});

describe('parseIndustryCode', () => {
  it.each([
    ['C2021', 'C2021'],
    ['c2021', 'C2021'],
    ['2021', 'C2021'],
    ['1491', 'C1491'],
    ['0511', 'A0511'],
    ['C20', 'C20'],
    ['4411', 'D4411'],
  ])('%s → %s', (text, code) => {
    expect(parseIndustryCode(text)).toBe(code);
  });

  it('refuses a letter that contradicts the division, and codes that are not GB/T 4754', () => {
    expect(parseIndustryCode('A2021')).toBeNull();
    expect(parseIndustryCode('9921')).toBeNull();
    expect(parseIndustryCode('C2')).toBeNull();
    expect(parseIndustryCode('C20211')).toBeNull();
  });

  it('treats an empty cell as not given', () => {
    expect(parseIndustryCode('')).toBeUndefined();
  });
});

describe('formulaPrefix', () => {
  it('flags what Excel would run as a formula, and nothing else', () => {
    expect(formulaPrefix('=HYPERLINK("http://x","y")')).toBe('=');
    expect(formulaPrefix('+cmd')).toBe('+');
    expect(formulaPrefix('@SUM(A1)')).toBe('@');
    expect(formulaPrefix('-2+3')).toBe('-');
    expect(formulaPrefix('-')).toBeNull();
    expect(formulaPrefix('双牌县示例有限公司')).toBeNull();
  });
});
