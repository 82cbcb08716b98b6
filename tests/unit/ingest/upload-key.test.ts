import { describe, expect, it } from 'vitest';
import { classifyKey, compareSequencers } from '../../../core/ingest/upload-key.js';

describe('classifyKey', () => {
  it.each([
    [
      'uploads/shuangpai/91350100M000100Y43/2017-11.csv',
      { kind: 'enterprise-monthly', park: 'shuangpai', enterprise: '91350100M000100Y43' },
    ],
    ['uploads/shuangpai/_office/全园区 2017-11.CSV', { kind: 'enterprise-monthly', enterprise: '_office' }],
    ['reference/shuangpai/enterprises.csv', { kind: 'register', park: 'shuangpai' }],
    ['reference/shuangpai/county-totals.csv', { kind: 'county-totals', park: 'shuangpai' }],
  ])('%s', (key, expected) => {
    expect(classifyKey(key)).toMatchObject({ ...expected, key });
  });

  it.each([
    'receipts/uploads/shuangpai/91350100M000100Y43/2017-11.csv.json',
    'receipts/uploads/shuangpai/91350100M000100Y43/2017-11.csv',
    'other/shuangpai/x.csv',
    'uploads/shuangpai/91350100M000100Y43/2017-11.xlsx',
    'uploads/shuangpai/91350100M000100Y43/',
  ])('ignores %s', (key) => {
    expect(classifyKey(key).kind).toBe('ignored');
  });

  it.each([
    ['uploads/shuangpai/2017-11.csv', 'key.shape'],
    ['uploads/shuangpai/91350100M000100Y43/sub/2017-11.csv', 'key.shape'],
    ['uploads/shuangpai/../x/2017-11.csv', 'key.shape'],
    ['uploads//91350100M000100Y43/2017-11.csv', 'key.shape'],
    ['uploads/Shuang Pai/91350100M000100Y43/2017-11.csv', 'key.shape'],
    ['uploads/shuangpai/91350100M000100Y44/2017-11.csv', 'key.uscc'],
    ['reference/shuangpai/other.csv', 'key.shape'],
  ])('refuses %s (%s) with a finding', (key, rule) => {
    const classified = classifyKey(key);

    expect(classified.kind).toBe('invalid');
    if (classified.kind === 'invalid')
      expect(classified.finding).toMatchObject({ rule, row: null, severity: 'error' });
  });
});

describe('compareSequencers', () => {
  it('compares hex of different lengths by right-padding with zeros, as AWS documents', () => {
    expect(compareSequencers('0055AED6DCD90281E5', '0055AED6DCD90281E6')).toBe(-1);
    expect(compareSequencers('0055AED6DCD90281E5', '0055AED6DCD90281E5')).toBe(0);
    expect(compareSequencers('0055AED6DCD90281E5', '0055AED6DCD90281E500')).toBe(0);
    expect(compareSequencers('0055AED6DCD90281E6', '0055AED6DCD90281E5FF')).toBe(1);
    expect(compareSequencers('0055aed6dcd90281e6', '0055AED6DCD90281E5')).toBe(1);
  });
});
