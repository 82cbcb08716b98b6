import * as z from 'zod';

/**
 * The handlers' configuration, read from the environment once at cold start.
 * A missing or malformed variable fails the cold start with a message naming it.
 * Endpoints are not configured here: the AWS SDK reads AWS_ENDPOINT_URL_* itself,
 * so the same code runs on AWS and against the local emulators.
 */
const EnvSchema = z.object({
  PARKSTATS_UPLOAD_BUCKET: z.string().min(3),
  PARKSTATS_REPORTS_BUCKET: z.string().min(3),
  PARKSTATS_FACTS_TABLE: z.string().min(3),
  PARKSTATS_TOTALS_TABLE: z.string().min(3),
  PARKSTATS_RECOMPUTE_QUEUE_URL: z.url(),
  PARKSTATS_BUREAU_TOPIC_ARN: z.string().optional(),
});
export type HandlerConfig = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): HandlerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new ConfigError(`parkstats: missing or invalid environment variables: ${names}`);
  }
  return parsed.data;
}
