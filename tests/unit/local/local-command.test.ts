import { afterEach, describe, expect, it, vi } from 'vitest';
import { run, usage } from '../../../cli/commands/local.js';

function captureOutput() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  return { out: () => out.join(''), err: () => err.join('') };
}

describe('parkstats local arguments', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints the usage for --help and exits 0 without starting anything', async () => {
    const output = captureOutput();

    const code = await run(['--help']);

    expect(code).toBe(0);
    expect(output.out()).toBe(`${usage}\n`);
  });

  it.each([
    [['--s3-port', 'abc'], '--s3-port'],
    [['--sqs-port', '70000'], '--sqs-port'],
    [['--dynamodb-port', '-1'], 'dynamodb-port'],
    [['--bogus'], '--bogus'],
    [['extra'], 'extra'],
  ])('rejects %j with exit code 2 and a bilingual message naming the problem', async (args, named) => {
    const output = captureOutput();

    const code = await run(args);

    expect(code).toBe(2);
    expect(output.err()).toContain(named);
    expect(output.err()).toMatch(/[\u4e00-\u9fff]/);
    expect(output.err()).toContain(usage);
    expect(output.out()).toBe('');
  });
});
