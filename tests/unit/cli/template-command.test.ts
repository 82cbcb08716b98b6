import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../cli/commands/template.js';
import type { CommandIo } from '../../../cli/io.js';
import { templateCsv } from '../../../core/ingest/template.js';
import { runCli } from '../../support/run-cli.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parkstats-template-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function recorder() {
  const out: (string | Uint8Array)[] = [];
  const err: string[] = [];
  const io: CommandIo = { out: (data) => out.push(data), err: (text) => err.push(text) };
  return { io, out, err };
}

describe('parkstats template', () => {
  it('writes the template bytes to --out', async () => {
    const file = join(dir, 'template.csv');
    const { io, err } = recorder();

    expect(await run(['--out', file], io)).toBe(0);
    expect(new Uint8Array(await readFile(file))).toEqual(templateCsv());
    expect(err.join('')).toContain(file);
  });

  it('writes to standard output without --out', async () => {
    const { io, out } = recorder();

    expect(await run([], io)).toBe(0);
    expect(out).toEqual([templateCsv()]);
  });

  it('exits 1 when the file cannot be written and 2 on a bad option', async () => {
    const { io, err } = recorder();

    expect(await run(['--out', join(dir, 'missing-folder', 't.csv')], io)).toBe(1);
    expect(err.join('')).toContain('无法写出模板');
    expect(await run(['--outt', 'x'], recorder().io)).toBe(2);
  });
});

describe('parkstats (bin/parkstats.js)', () => {
  it('prints the usage and exits 2 for --help and for an unknown command', async () => {
    const help = await runCli(['--help']);
    const unknown = await runCli(['frobnicate']);

    expect(help.code).toBe(2);
    expect(help.stdout).toContain('validate');
    expect(help.stdout).toContain('template');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('frobnicate');
  });

  it('runs a command end to end: validate the template it wrote', async () => {
    const file = join(dir, 'from-cli.csv');

    const written = await runCli(['template', '--out', file]);
    const checked = await runCli(['validate', file, '--json']);

    expect(written.code).toBe(0);
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.stdout)).toMatchObject({ accepted: true, rows: 1 });
  });
});
