import { inject } from 'vitest';
import type { LocalStackStats } from '../../local/start-local-stack.js';

/** What tests/integration/global-setup.ts provides to every integration test file. */
export interface ProvidedLocalStack {
  /** The environment `parkstats local` would print for this stack. */
  env: Record<string, string>;
  /** local/control-server.ts: `/idle` and `/stats` of the stack running in the main process. */
  controlUrl: string;
  /** Which handler module each polled queue runs; a queue missing here is not polled. */
  handlers: { ingest?: string; aggregate?: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    localStack: ProvidedLocalStack;
  }
}

/**
 * Points this test file's AWS SDK clients at the integration stack: sets process.env from
 * the provided environment and returns it. Call it before creating any client (the SDK
 * reads the environment when a client is built), e.g. at the top of the test file.
 */
export function useLocalStackEnv(): Record<string, string> {
  const { env } = inject('localStack');
  Object.assign(process.env, env);
  return env;
}

/** Waits until the stack's bridge, queues and handlers have nothing left to do. */
export async function waitForLocalStackIdle(timeoutMs = 30_000): Promise<void> {
  const response = await fetch(`${inject('localStack').controlUrl}/idle?timeoutMs=${timeoutMs}`);
  if (response.status !== 204) throw new Error(`local stack not idle: ${await response.text()}`);
}

export async function localStackStats(): Promise<LocalStackStats> {
  const response = await fetch(`${inject('localStack').controlUrl}/stats`);
  return (await response.json()) as LocalStackStats;
}
