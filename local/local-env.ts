import type { LocalStack } from './start-local-stack.js';

/** The environment of a running local stack, for tools that spawn or configure AWS clients. */
export function localEnv(stack: Pick<LocalStack, 'env'>): Record<string, string> {
  return { ...stack.env };
}

/** POSIX-shell `export NAME=VALUE` lines; values are single-quoted when they need it. */
export function formatExportLines(env: Record<string, string>): string[] {
  return Object.entries(env).map(([name, value]) => `export ${name}=${shellQuote(value)}`);
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]*$/.test(value) && value !== '' ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
