import { findPark, parks } from '../core/parks.js';
import { PeriodSchema } from '../schemas/money.js';
import type { Park } from '../schemas/park-config.js';
import type { CommandIo } from './io.js';

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** node:util parseArgs' own errors (unknown option, missing value): also usage errors. */
export function isParseArgsError(error: unknown): error is Error {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

/** `--park ID --period YYYY-MM`, both required: a configured park and a well-formed period. */
export function parkAndPeriod(values: { park?: string | undefined; period?: string | undefined }): {
  park: Park;
  period: string;
} {
  if (values.park === undefined || values.period === undefined) {
    throw new UsageError('缺少 --park 或 --period (both --park and --period are required)');
  }
  const park = findPark(values.park);
  if (park === undefined) {
    const known = parks.parks.map((p) => p.id).join(', ');
    throw new UsageError(`未知园区 "${values.park}", 已配置: ${known} (unknown park)`);
  }
  if (!PeriodSchema.safeParse(values.period).success) {
    throw new UsageError(`统计期 "${values.period}" 应为 YYYY-MM, 例如 2017-11 (period must be YYYY-MM)`);
  }
  return { park, period: values.period };
}

/**
 * The common start of a command: `--help` prints the usage (exit 0); a usage error prints
 * its message and the usage on stderr (exit 2); otherwise the parsed request.
 */
export async function commandRequest<T>(
  args: string[],
  usage: string,
  io: CommandIo,
  parse: (args: string[]) => T | Promise<T>,
  isInputError: (error: unknown) => boolean = (error) => error instanceof UsageError,
): Promise<{ request: T } | { exit: number }> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${usage}\n`);
    return { exit: 0 };
  }
  try {
    return { request: await parse(args) };
  } catch (error) {
    if (!(isInputError(error) || isParseArgsError(error)) || !(error instanceof Error)) throw error;
    io.err(`${error.message}\n\n${usage}\n`);
    return { exit: 2 };
  }
}
