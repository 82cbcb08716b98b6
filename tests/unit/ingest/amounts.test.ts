import BigJs from 'big.js';
import { describe, expect, it } from 'vitest';
import { compareCanonicalYuan, parseAmount, UNIT_SCALES } from '../../../core/ingest/amounts.js';
import { YuanSchema } from '../../../schemas/money.js';

describe('parseAmount', () => {
  it.each([
    ['1234.5', '万元', '12345000'],
    ['1234.5', '元', '1234.5'],
    ['12345.678', '千元', '12345678'],
    ['0.0000001', '亿元', '10'],
    ['1.5', '亿元', '150000000'],
    ['1,234.50', '万元', '12345000'],
    ['1,234,567', '元', '1234567'],
    ['１２３４．５', '万元', '12345000'],
    ['１，２３４', '元', '1234'],
    [' 12 ', '元', '12'],
    ['3 210', '元', '3210'],
    ['\u300012\u3000', '元', '12'],
    ['007.50', '元', '7.5'],
    ['.5', '万元', '5000'],
    ['5.', '元', '5'],
    ['0', '万元', '0'],
    ['-0', '万元', '0'],
    ['0.001', '元', '0.001'],
    ['12.3456789', '万元', '123456.789'],
  ] as const)('%s %s → %s 元', (text, unit, yuan) => {
    const result = parseAmount(text, UNIT_SCALES[unit]);

    expect(result).toEqual({ ok: true, yuan });
    expect(YuanSchema.safeParse(yuan).success).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['-', 'empty'],
    ['  ', 'empty'],
    ['1.2E+07', 'scientific'],
    ['9.13501E+17', 'scientific'],
    ['-12', 'negative'],
    ['(12)', 'negative'],
    ['1,23', 'unparsable'],
    ['12,3456', 'unparsable'],
    ['1.2.3', 'unparsable'],
    ['12%', 'unparsable'],
    ['abc', 'unparsable'],
    ['1'.repeat(31), 'too_large'],
    [`1${',000'.repeat(10)}`, 'too_large'],
  ] as const)('rejects %j as %s', (text, problem) => {
    expect(parseAmount(text, 4)).toEqual({ ok: false, problem });
  });

  it('is exact where binary floating point is not: 0.1 + 0.2 style values keep every digit', () => {
    // 1234567890.123456789 万元 has more digits than a double holds.
    expect(parseAmount('1234567890.123456789', 4)).toEqual({ ok: true, yuan: '12345678901234.56789' });
  });

  it('equals big.js arithmetic on generated values for every unit', () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 500; i += 1) {
      const text = `${next() % 100_000}.${String(next() % 10_000).padStart(4, '0')}`;
      for (const scale of Object.values(UNIT_SCALES)) {
        const expected = new BigJs(text).times(new BigJs(10).pow(scale));
        const result = parseAmount(text, scale);
        if (!result.ok) throw new Error(`rejected ${text}`);
        expect(new BigJs(result.yuan).eq(expected), `${text} × 10^${scale}`).toBe(true);
        expect(YuanSchema.safeParse(result.yuan).success).toBe(true);
      }
    }
  });
});

describe('compareCanonicalYuan', () => {
  it.each([
    ['10', '9', 1],
    ['9', '10', -1],
    ['10.5', '10.05', 1],
    ['0.5', '0.50001', -1],
    ['123', '123', 0],
    ['123.1', '123', 1],
  ] as const)('%s vs %s → %i', (a, b, expected) => {
    expect(compareCanonicalYuan(a, b)).toBe(expected);
  });
});
