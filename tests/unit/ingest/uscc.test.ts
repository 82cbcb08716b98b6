import { describe, expect, it } from 'vitest';
import { isValidUscc, usccCheckChar } from '../../../core/ingest/uscc.js';
import { makeUscc, withWrongCheckChar } from '../../support/uscc.js';

describe('USCC check character (GB 32100-2015)', () => {
  it('accepts the example of DESIGN.md and computes its check character', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('rejects a wrong check character, a wrong length and letters outside the alphabet', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100M000100I43')).toBe(false);
    expect(isValidUscc('91350100m000100Y43')).toBe(false);
    expect(usccCheckChar('9135010OM000100Y4')).toBeNull();
  });

  it('agrees with an independent implementation on a thousand generated codes', () => {
    for (let seed = 0; seed < 1000; seed += 1) {
      const code = makeUscc(seed * 7919);
      expect(isValidUscc(code), code).toBe(true);
      expect(isValidUscc(withWrongCheckChar(code)), code).toBe(false);
    }
  });
});
