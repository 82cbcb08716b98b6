import { describe, expect, it } from 'vitest';
import { RowKeySet } from '../../../core/ingest/row-key-set.js';
import { makeUscc } from '../../support/uscc.js';

describe('RowKeySet', () => {
  it('returns the first row of a repeated (USCC, period) and nothing for new pairs, across growth', () => {
    const set = new RowKeySet();
    const periods = ['2000-01', '2017-11', '2017-12', '2100-12'];
    let row = 2;
    for (let seed = 0; seed < 5000; seed += 1) {
      for (const period of periods) expect(set.addOrGet(makeUscc(seed), period, row++)).toBeUndefined();
    }

    expect(set.size).toBe(20_000);
    expect(set.addOrGet(makeUscc(0), '2000-01', 99_999)).toBe(2);
    expect(set.addOrGet(makeUscc(4999), '2100-12', 99_999)).toBe(20_001);
  });

  it('tells apart codes that differ only in the first or the last of their 17 characters', () => {
    const set = new RowKeySet();

    expect(set.addOrGet('91350100M000100Y43', '2017-11', 2)).toBeUndefined();
    expect(set.addOrGet('11350100M000100Y43', '2017-11', 3)).toBeUndefined();
    expect(set.addOrGet('91350100M000100Y53', '2017-11', 4)).toBeUndefined();
    expect(set.addOrGet('91350100M000100Y43', '2017-10', 5)).toBeUndefined();
    expect(set.addOrGet('91350100M000100Y43', '2017-11', 6)).toBe(2);
  });
});

describe('RowKeySet beyond its packed range', () => {
  it('still finds duplicates of rows numbered past 2^24', () => {
    const set = new RowKeySet();
    const big = 2 ** 24 + 5;

    expect(set.addOrGet('91350100M000100Y43', '2017-11', big)).toBeUndefined();
    expect(set.addOrGet('91350100M000100Y43', '2017-11', big + 1)).toBe(big);
    expect(set.addOrGet('91350100M000100Y43', '2017-12', 3)).toBeUndefined();
    expect(set.addOrGet('91350100M000100Y43', '2017-12', 4)).toBe(3);
  });

  it('still finds duplicates when a file holds more than 65,536 distinct USCC prefixes', () => {
    const set = new RowKeySet();
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const prefixOf = (i: number) =>
      `9${alphabet[i % 31]}${alphabet[Math.floor(i / 31) % 31]}${alphabet[Math.floor(i / 961) % 31]}${alphabet[Math.floor(i / 29_791) % 31]}100`;
    const codes = Array.from({ length: 70_000 }, (_, i) => `${prefixOf(i)}M000100Y4`);
    codes.forEach((code, i) => {
      expect(set.addOrGet(code, '2017-11', i + 2)).toBeUndefined();
    });

    expect(set.size).toBe(70_000);
    expect(set.addOrGet(codes[0] ?? '', '2017-11', 99)).toBe(2);
    expect(set.addOrGet(codes[69_999] ?? '', '2017-11', 99)).toBe(70_001);
  });
});

describe('RowKeySet on keys that come in order', () => {
  it('finds a repeat of the row just before, and of any earlier row once the order breaks', () => {
    const set = new RowKeySet();

    expect(set.addOrGet(makeUscc(1), '2017-01', 2)).toBeUndefined();
    expect(set.addOrGet(makeUscc(1), '2017-02', 3)).toBeUndefined();
    expect(set.addOrGet(makeUscc(2), '2016-12', 4)).toBeUndefined();
    expect(set.addOrGet(makeUscc(2), '2016-12', 5)).toBe(4);
    expect(set.addOrGet(makeUscc(3), '2017-01', 6)).toBeUndefined();
    expect(set.addOrGet(makeUscc(1), '2017-02', 7)).toBe(3);
    expect(set.addOrGet(makeUscc(0), '2017-01', 8)).toBeUndefined();
    expect(set.addOrGet(makeUscc(3), '2017-01', 9)).toBe(6);
    expect(set.size).toBe(5);
  });

  it('gives the same answers for a sorted file as for the same rows shuffled', () => {
    const pairs = Array.from({ length: 3000 }, (_, i) => ({
      uscc: makeUscc(Math.floor(i / 7)),
      period: `2017-${String((i % 7) + 1).padStart(2, '0')}`,
    }));
    const sorted = [...pairs, pairs[1234], pairs[0]];
    const shuffled = [pairs[1500], ...pairs, pairs[1234], pairs[0]];
    const answers = (rows: readonly ((typeof pairs)[number] | undefined)[]) => {
      const set = new RowKeySet();
      return rows.map((pair, i) => set.addOrGet(pair?.uscc ?? '', pair?.period ?? '', i + 2));
    };

    expect(answers(sorted).filter((first) => first !== undefined)).toEqual([1236, 2]);
    expect(answers(shuffled).filter((first) => first !== undefined)).toEqual([2, 1237, 3]);
  });
});
