import { describe, expect, it } from 'vitest';
import { classifyKey } from '../../../core/ingest/upload-key.js';
import { makeUscc } from '../../support/uscc.js';
import { csvFile, read } from '../ingest/helpers.js';

/**
 * The enterprise-key binding as a denial: under `uploads/{park}/{uscc}/` no row of another
 * enterprise gets in, whatever the key or the rows are dressed as, and the office key is the
 * only one that carries many. tests/unit/ingest/read-enterprise-file.test.ts has the basic
 * mixed file (own row + one other); these are the attempts around it.
 */

const OWNER = makeUscc(960_001);
const OTHER = makeUscc(960_002);
const row = (uscc: string, name = '甲公司', period = '2017-11') => `${uscc},${name},${period},100,30,3`;
const keyOf = (segment: string) => `uploads/shuangpai/${segment}/2017-11.csv`;

/** OWNER with its first '0' replaced by Cyrillic 'О' (U+041E). */
const CYRILLIC_O_OWNER = OWNER.replace('0', '\u041e');

describe('an enterprise key refuses other enterprises’ rows', () => {
  it('rejects a file made only of another enterprise’s rows, every row named', async () => {
    // Act
    const { result } = await read(csvFile([row(OTHER), row(OTHER, '乙公司', '2017-10')]), {
      key: keyOf(OWNER),
    });

    // Assess
    expect(result.accepted).toBe(false);
    expect(result.errors.map((e) => [e.rule, e.row])).toEqual([
      ['uscc.key_mismatch', 2],
      ['uscc.key_mismatch', 3],
    ]);
    expect(result.errors[0]?.message).toContain(OWNER);
  });

  it('rejects the whole file when one row in 13 is another enterprise’s', async () => {
    // Arrange
    const own = Array.from({ length: 12 }, (_, i) =>
      row(OWNER, '甲公司', `2016-${String(i + 1).padStart(2, '0')}`),
    );

    // Act
    const { result } = await read(csvFile([...own, row(OTHER)]), { key: keyOf(OWNER) });

    // Assess
    expect(result.accepted).toBe(false);
    expect(result.errors.map((e) => [e.rule, e.row])).toEqual([['uscc.key_mismatch', 14]]);
  });

  it('rejects a row whose USCC is the owner’s with a Cyrillic О for 0', async () => {
    const { result } = await read(csvFile([row(CYRILLIC_O_OWNER)]), { key: keyOf(OWNER) });

    expect(result.accepted).toBe(false);
    expect(result.errors.map((e) => e.rule)).toContain('uscc.format');
  });

  it.each([
    ['a Cyrillic О in the key’s USCC', keyOf(CYRILLIC_O_OWNER), 'key.uscc'],
    ['an office key in another case', keyOf('_Office'), 'key.uscc'],
    ['an office key with a trailing space', keyOf('_office '), 'key.uscc'],
    [
      'a climb from the enterprise folder into the office folder',
      `uploads/shuangpai/${OWNER}/../_office/x.csv`,
      'key.shape',
    ],
    ['a URL-encoded climb', keyOf(`%2e%2e%2f_office`), 'key.uscc'],
  ])('refuses %s even when the rows are the owner’s', async (_name, key, rule) => {
    const { result } = await read(csvFile([row(OWNER)]), { key });

    expect(result.accepted).toBe(false);
    expect(result.errors.map((e) => e.rule)).toEqual([rule]);
  });

  it('accepts the owner’s own rows (the denials above are not a blanket refusal)', async () => {
    const { result, rows } = await read(csvFile([row(OWNER), row(OWNER, '甲公司', '2017-10')]), {
      key: keyOf(OWNER),
    });

    expect(result.accepted).toBe(true);
    expect(rows.map((r) => r.uscc)).toEqual([OWNER, OWNER]);
  });
});

describe('the park office key', () => {
  it('carries the rows of many enterprises', async () => {
    // Arrange
    const usccs = Array.from({ length: 40 }, (_, i) => makeUscc(960_100 + i));

    // Act
    const { result, rows } = await read(csvFile(usccs.map((uscc) => row(uscc))), { key: keyOf('_office') });

    // Assess
    expect(result.accepted).toBe(true);
    expect(rows.map((r) => r.uscc)).toEqual(usccs);
  });

  it('is recognised only under its exact name', () => {
    expect(classifyKey(keyOf('_office'))).toMatchObject({
      kind: 'enterprise-monthly',
      enterprise: '_office',
    });
    for (const lookAlike of ['_OFFICE', 'office', '_оffice', '_office_', '％office'])
      expect(classifyKey(keyOf(lookAlike)).kind).toBe('invalid');
  });
});
