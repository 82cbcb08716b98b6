import { BUCKETS, BUREAU_TOPIC, LOCAL_REGION, TABLES } from '../local/resources.js';

/**
 * How CLI commands find their AWS environment. When the shell names no endpoint and no
 * parkstats resource, a command talks to `parkstats local` at its default ports, so
 * `parkstats report` just works against a local stack started in another terminal.
 * Otherwise the environment is used as given (the AWS SDK reads AWS_ENDPOINT_URL_*,
 * AWS_REGION and credentials itself), with the standard resource names filling gaps.
 *
 * The ports and key pair are copies of local/start-local-stack.ts DEFAULT_PORTS and
 * local/emulators.ts S3RVER_CREDENTIALS (a unit test keeps them equal): importing those
 * modules would load the emulators on every CLI command.
 */
export const LOCAL_PORTS = { sqs: 4566, dynamodb: 4567, s3: 4569 } as const;
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

const RESOURCE_DEFAULTS = {
  PARKSTATS_UPLOAD_BUCKET: BUCKETS.uploads,
  PARKSTATS_REPORTS_BUCKET: BUCKETS.reports,
  PARKSTATS_FACTS_TABLE: TABLES.facts,
  PARKSTATS_TOTALS_TABLE: TABLES.totals,
};

/** The environment `parkstats local` prints when it runs on its default ports. */
export function defaultLocalEnv(): Record<string, string> {
  const at = (port: number) => `http://127.0.0.1:${port}`;
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: at(LOCAL_PORTS.s3),
    AWS_ENDPOINT_URL_DYNAMODB: at(LOCAL_PORTS.dynamodb),
    AWS_ENDPOINT_URL_SQS: at(LOCAL_PORTS.sqs),
    AWS_ENDPOINT_URL_SNS: at(LOCAL_PORTS.sqs),
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    ...RESOURCE_DEFAULTS,
    // fauxqs's fixed account id: `report --publish` from another terminal notifies too.
    PARKSTATS_BUREAU_TOPIC_ARN: `arn:aws:sns:${LOCAL_REGION}:000000000000:${BUREAU_TOPIC}`,
  };
}

export interface CliEnv {
  env: Record<string, string | undefined>;
  /** 'local-defaults' when nothing was configured and the local stack's defaults are used. */
  source: 'environment' | 'local-defaults';
}

export function resolveCliEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  const configured = Object.keys(env).some(
    (name) => name.startsWith('AWS_ENDPOINT_URL') || name.startsWith('PARKSTATS_'),
  );
  if (!configured) return { env: { ...env, ...defaultLocalEnv() }, source: 'local-defaults' };
  return { env: { ...RESOURCE_DEFAULTS, ...env }, source: 'environment' };
}

export type AwsService = 'DYNAMODB' | 'S3' | 'SQS' | 'SNS';

/**
 * Client configuration for one service from a resolved environment. Explicit values
 * rather than process.env, so a command never changes the environment of its process.
 */
export function awsClientConfig(cli: CliEnv, service: AwsService) {
  const { env } = cli;
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
  const credentials =
    env.AWS_ACCESS_KEY_ID !== undefined && env.AWS_SECRET_ACCESS_KEY !== undefined
      ? {
          accessKeyId: env.AWS_ACCESS_KEY_ID,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
          ...(env.AWS_SESSION_TOKEN === undefined ? {} : { sessionToken: env.AWS_SESSION_TOKEN }),
        }
      : undefined;
  return {
    ...(env.AWS_REGION === undefined ? {} : { region: env.AWS_REGION }),
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(credentials === undefined ? {} : { credentials }),
    ...(service === 'S3' ? s3ChecksumConfig(env) : {}),
  };
}

type ChecksumMode = 'WHEN_REQUIRED' | 'WHEN_SUPPORTED';
const isChecksumMode = (value: string | undefined): value is ChecksumMode =>
  value === 'WHEN_REQUIRED' || value === 'WHEN_SUPPORTED';

/** s3rver rejects the SDK's default checksum trailers; the local env turns them off (docs/architecture.md). */
function s3ChecksumConfig(env: CliEnv['env']) {
  const request = env.AWS_REQUEST_CHECKSUM_CALCULATION;
  const response = env.AWS_RESPONSE_CHECKSUM_VALIDATION;
  return {
    ...(isChecksumMode(request) ? { requestChecksumCalculation: request } : {}),
    ...(isChecksumMode(response) ? { responseChecksumValidation: response } : {}),
  };
}
