import { describe, expect, it } from 'vitest';
import { formatExportLines, localEnv } from '../../../local/local-env.js';

describe('formatExportLines', () => {
  it('prints one export line per variable, quoting only values that need it', () => {
    const lines = formatExportLines({
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569',
      PARKSTATS_BUREAU_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:parkstats-bureau',
      ODD: "it's here",
      EMPTY: '',
    });

    expect(lines).toEqual([
      'export AWS_ENDPOINT_URL_S3=http://127.0.0.1:4569',
      'export PARKSTATS_BUREAU_TOPIC_ARN=arn:aws:sns:us-east-1:000000000000:parkstats-bureau',
      `export ODD='it'\\''s here'`,
      "export EMPTY=''",
    ]);
  });
});

describe('localEnv', () => {
  it('returns a copy that callers may change without touching the stack', () => {
    const stack = { env: { AWS_REGION: 'us-east-1' } };

    const env = localEnv(stack);
    env.AWS_REGION = 'eu-west-1';

    expect(stack.env.AWS_REGION).toBe('us-east-1');
  });
});
