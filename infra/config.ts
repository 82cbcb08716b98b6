import * as z from 'zod';
import { type ParksConfig, ParksConfigSchema } from '../schemas/park-config.js';

/**
 * Deployment settings, read from CDK context (`cdk.json` or `-c key=value`) and validated
 * at synth time, so a typo fails `cdk synth` with a message naming the key instead of
 * deploying a stack that cannot work.
 */

/** `-c bureauEmails=a@x.cn,b@y.cn` arrives as one string; cdk.json may hold a real array. */
const emailList = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0)
      : value,
  z.array(z.email({ message: 'each entry must be an e-mail address' })),
);

/**
 * An EventBridge Scheduler cron expression: six fields, the day-of-month or day-of-week
 * being `?`. The default is 09:00 on the 8th of every month, when the enterprises' monthly
 * statistics are due (报送截止日).
 */
const schedulerCron = z
  .string()
  .regex(/^cron\((\S+ ){5}\S+\)$/, { message: 'must look like cron(0 9 8 * ? *) — six fields' })
  .refine(
    (expr) => {
      const fields = expr.slice(5, -1).split(' ');
      return fields[2] === '?' || fields[4] === '?';
    },
    {
      message: 'day-of-month or day-of-week must be ? (EventBridge Scheduler rule)',
    },
  );

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const StackContextSchema = z.object({
  stage: z.enum(['dev', 'prod'], { message: 'must be dev or prod (-c stage=prod)' }),
  bureauEmails: emailList.default([]),
  alarmEmail: z.email({ message: 'must be an e-mail address' }).optional(),
  reportSchedule: schedulerCron.default('cron(0 9 8 * ? *)'),
  /** IANA zone the schedule is read in; the bureau works on Beijing time. */
  reportTimeZone: z
    .string()
    .refine(isTimeZone, { message: 'must be an IANA time zone such as Asia/Shanghai' })
    .default('Asia/Shanghai'),
});
export type StackContext = z.infer<typeof StackContextSchema>;

export interface StackConfig extends StackContext {
  readonly parks: ParksConfig;
}

export class StackConfigError extends Error {}

export const CONTEXT_KEYS = [
  'stage',
  'bureauEmails',
  'alarmEmail',
  'reportSchedule',
  'reportTimeZone',
] as const;

/**
 * Validates the context values and the park list. `lookup` is `node.tryGetContext`;
 * an empty string counts as absent so `-c alarmEmail=` clears a cdk.json value.
 */
export function readStackConfig(lookup: (key: string) => unknown, parksJson: unknown): StackConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONTEXT_KEYS) {
    const value = lookup(key);
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = StackContextSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `-c ${i.path.join('.') || '(context)'}: ${i.message}`);
    throw new StackConfigError(`parkstats: invalid CDK context\n  ${problems.join('\n  ')}`);
  }
  const parks = ParksConfigSchema.safeParse(parksJson);
  if (!parks.success) {
    const problems = parks.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new StackConfigError(`parkstats: config/parks.json is invalid\n  ${problems.join('\n  ')}`);
  }
  return { ...parsed.data, parks: parks.data };
}
