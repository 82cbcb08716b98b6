import { describe, expect, it } from 'vitest';
import parksJson from '../../config/parks.json' with { type: 'json' };
import { readStackConfig, StackConfigError } from '../../infra/config.js';

const lookupFrom = (context: Record<string, unknown>) => (key: string) => context[key];

describe('readStackConfig', () => {
  it('applies the defaults: no e-mails, 09:00 on the 8th, Asia/Shanghai', () => {
    const config = readStackConfig(lookupFrom({ stage: 'dev' }), parksJson);

    expect(config).toMatchObject({
      stage: 'dev',
      bureauEmails: [],
      reportSchedule: 'cron(0 9 8 * ? *)',
      reportTimeZone: 'Asia/Shanghai',
    });
    expect(config.alarmEmail).toBeUndefined();
    expect(config.parks.parks.map((p) => p.id)).toEqual(parksJson.parks.map((p) => p.id));
  });

  it('splits a comma-separated -c bureauEmails value and accepts a cdk.json array', () => {
    const fromCli = readStackConfig(
      lookupFrom({ stage: 'prod', bureauEmails: ' a@tjj.example.cn, b@tjj.example.cn ' }),
      parksJson,
    );
    const fromJson = readStackConfig(
      lookupFrom({ stage: 'prod', bureauEmails: ['a@tjj.example.cn'] }),
      parksJson,
    );

    expect(fromCli.bureauEmails).toEqual(['a@tjj.example.cn', 'b@tjj.example.cn']);
    expect(fromJson.bureauEmails).toEqual(['a@tjj.example.cn']);
  });

  it('treats an empty -c value as absent', () => {
    expect(
      readStackConfig(lookupFrom({ stage: 'dev', alarmEmail: '' }), parksJson).alarmEmail,
    ).toBeUndefined();
  });

  it.each([
    [{ stage: 'staging' }, /-c stage: must be dev or prod/],
    [{}, /-c stage: must be dev or prod/],
    [
      { stage: 'dev', bureauEmails: 'a@tjj.example.cn,not-an-email' },
      /-c bureauEmails\.1: each entry must be an e-mail/,
    ],
    [{ stage: 'dev', alarmEmail: 'ops' }, /-c alarmEmail: must be an e-mail/],
    [{ stage: 'dev', reportSchedule: '0 9 8 * *' }, /-c reportSchedule: must look like cron/],
    [
      { stage: 'dev', reportSchedule: 'cron(0 9 8 * 1 *)' },
      /-c reportSchedule: day-of-month or day-of-week must be \?/,
    ],
    [{ stage: 'dev', reportTimeZone: 'Beijing' }, /-c reportTimeZone: must be an IANA time zone/],
  ])('rejects %j with a message naming the key', (context, message) => {
    expect(() => readStackConfig(lookupFrom(context), parksJson)).toThrow(StackConfigError);
    expect(() => readStackConfig(lookupFrom(context), parksJson)).toThrow(message);
  });

  it('rejects an invalid park list with the offending field', () => {
    const broken = { parks: [{ ...parksJson.parks[0], id: 'Bad Id' }] };

    expect(() => readStackConfig(lookupFrom({ stage: 'dev' }), broken)).toThrow(
      /config\/parks\.json is invalid\n {2}parks\.0\.id/,
    );
  });
});
