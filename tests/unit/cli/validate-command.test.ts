import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../cli/commands/validate.js';
import type { CommandIo } from '../../../cli/io.js';
import { ValidationResultSchema } from '../../../schemas/validation-result.js';
import { encodeGbk } from '../../fixtures/good/encode-gbk.js';
import { GOOD_DIR } from '../../fixtures/good/make-good-fixtures.js';
import { makeUscc, withWrongCheckChar } from '../../support/uscc.js';

function recorder() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    out: (data) => out.push(typeof data === 'string' ? data : new TextDecoder().decode(data)),
    err: (text) => err.push(text),
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

let dir: string;
let wrongCheck: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parkstats-validate-'));
  wrongCheck = join(dir, 'wrong-check.csv');
  // What Excel on Chinese Windows saves, with the third data row's USCC mistyped.
  await writeFile(
    wrongCheck,
    encodeGbk(
      '统一社会信用代码,企业名称,统计期,工业总产值（万元）,工业增加值（万元）,实缴税金（万元）\r\n' +
        `${makeUscc(1)},甲公司,2017-11,"1,200.5",310,18\r\n` +
        `${makeUscc(2)},乙公司,2017-11,880,210,12\r\n` +
        `${withWrongCheckChar(makeUscc(3))},丙公司,2017-11,"2,000",500,40\r\n`,
    ),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parkstats validate', () => {
  it('accepts the Excel GBK file with full-width brackets and thousands separators: exit 0', async () => {
    const { io, out } = recorder();

    const code = await run([join(GOOD_DIR, 'excel-gbk-wan.csv')], io);

    expect(code).toBe(0);
    expect(out()).toContain('结论：通过');
    expect(out()).toContain('GBK/GB18030');
  });

  it('rejects a wrong USCC check character naming row 4 and the column: exit 1', async () => {
    const { io, out } = recorder();

    const code = await run([wrongCheck], io);

    expect(code).toBe(1);
    expect(out()).toContain('结论：未通过');
    expect(out()).toContain('第 4 行 “统一社会信用代码”列');
  });

  it('prints the --json contract: accepted, rows, errors, warnings and nothing else', async () => {
    const { io, out } = recorder();

    const code = await run([wrongCheck, '--json'], io);
    const printed = JSON.parse(out());

    expect(code).toBe(1);
    expect(Object.keys(printed).sort()).toEqual(['accepted', 'errors', 'rows', 'warnings']);
    expect(ValidationResultSchema.parse(printed)).toMatchObject({ accepted: false, rows: 3 });
    expect(printed.errors).toEqual([
      {
        row: 4,
        column: '统一社会信用代码',
        rule: 'uscc.check_char',
        severity: 'error',
        message: expect.stringContaining('校验位'),
        message_en: expect.stringContaining('check character'),
      },
    ]);
  });

  it('applies the enterprise binding of --key', async () => {
    const { io, out } = recorder();

    const code = await run(
      [join(GOOD_DIR, 'office-multi.csv'), '--json', '--key', `uploads/shuangpai/${makeUscc(201)}/a.csv`],
      io,
    );

    expect(code).toBe(1);
    expect(JSON.parse(out()).errors.map((e: { rule: string }) => e.rule)).toContain('uscc.key_mismatch');
  });

  it.each([[[]], [['a.csv', 'b.csv']], [['--bogus', 'a.csv']], [['--key']]])(
    'is a usage error for %j: exit 2 with the usage',
    async (args) => {
      const { io, err } = recorder();

      expect(await run(args, io)).toBe(2);
      expect(err()).toContain('parkstats validate FILE');
    },
  );

  it('is a usage error for a missing file, without a stack trace', async () => {
    const { io, err } = recorder();

    expect(await run([join(dir, 'nope.csv')], io)).toBe(2);
    expect(err()).toContain('找不到文件');
    expect(err()).not.toMatch(/\bat\s.+:\d+/);
  });
});
