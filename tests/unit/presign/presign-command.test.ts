import { describe, expect, it } from 'vitest';
import { run } from '../../../cli/commands/presign.js';

const USCC = '91350100M000100Y43';

/** An environment pointing at AWS with fake static credentials: signing needs no network. */
const awsEnv = {
  AWS_REGION: 'cn-north-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  PARKSTATS_UPLOAD_BUCKET: 'parkstats-prod-uploads',
};

function captureIo(env: NodeJS.ProcessEnv = awsEnv) {
  const io = { out: '', err: '' };
  return {
    io,
    cliIo: {
      out: (text: string) => {
        io.out += text;
      },
      err: (text: string) => {
        io.err += text;
      },
      env,
    },
  };
}

describe('parkstats presign', () => {
  it('prints a curl command restricted to the enterprise prefix', async () => {
    // Arrange
    const { io, cliIo } = captureIo();

    // Act
    const code = await run(
      ['--park', 'shuangpai', '--enterprise', USCC.toLowerCase(), '--expires', '12h'],
      cliIo,
    );

    // Assess
    expect(code).toBe(0);
    expect(io.err).toBe('');
    expect(io.out).toContain(`只能上传 text/csv 文件到 uploads/shuangpai/${USCC}/`);
    expect(io.out).toContain(`-F 'key=uploads/shuangpai/${USCC}/\${filename}'`);
    expect(io.out).toContain("-F 'Content-Type=text/csv'");
    expect(io.out).toMatch(/-F 'Policy=[A-Za-z0-9+/=]+'/);
    expect(io.out).toContain('parkstats-prod-uploads');
  });

  it('json: url and fields for a program', async () => {
    const { io, cliIo } = captureIo();

    const code = await run(['--park', 'shuangpai', '--enterprise', USCC, '--format', 'json'], cliIo);

    expect(code).toBe(0);
    const printed = JSON.parse(io.out) as {
      url: string;
      fields: Record<string, string>;
      prefix: string;
      expiresAt: string;
    };
    expect(printed.fields.key).toBe(`uploads/shuangpai/${USCC}/\${filename}`);
    expect(printed.prefix).toBe(`uploads/shuangpai/${USCC}/`);
    // Default validity is 7 days.
    expect(Date.parse(printed.expiresAt) - Date.now()).toBeGreaterThan(7 * 86400_000 - 60_000);
  });

  it('html: a form with every signed field hidden and a file input last', async () => {
    const { io, cliIo } = captureIo();

    const code = await run(['--park', 'shuangpai', '--enterprise', USCC, '--format', 'html'], cliIo);

    expect(code).toBe(0);
    expect(io.out).toContain('enctype="multipart/form-data"');
    expect(io.out).toContain(`name="key" value="uploads/shuangpai/${USCC}/\${filename}"`);
    expect(io.out.indexOf('name="Policy"')).toBeLessThan(io.out.indexOf('type="file"'));
  });

  it.each([
    [['--park', 'nowhere', '--enterprise', USCC], /未知园区 "nowhere".*unknown park/],
    [
      ['--park', 'shuangpai', '--enterprise', '91350100M000100Y44'],
      /统一社会信用代码 "91350100M000100Y44" 无效/,
    ],
    [['--park', 'shuangpai', '--enterprise', USCC, '--expires', '30d'], /须在 1 秒到 7 天之间/],
    [['--park', 'shuangpai'], /缺少 --park 或 --enterprise/],
    [['--park', 'shuangpai', '--enterprise', USCC, '--bucket', 'x'], /Unknown option '--bucket'/],
  ])('usage error %j exits 2 with a message and no stack trace', async (args, message) => {
    const { io, cliIo } = captureIo();

    const code = await run(args, cliIo);

    expect(code).toBe(2);
    expect(io.err).toMatch(message);
    expect(io.err).not.toMatch(/\n\s+at /);
    expect(io.out).toBe('');
  });

  it('--help prints the usage', async () => {
    const { io, cliIo } = captureIo();

    expect(await run(['--help'], cliIo)).toBe(0);
    expect(io.out).toContain('parkstats presign --park');
  });
});
