/** Where a command writes: the process's stdout/stderr, or a recorder in tests. */
export interface CommandIo {
  out(data: string | Uint8Array): void;
  err(text: string): void;
}

export const processIo: CommandIo = {
  out: (data) => process.stdout.write(data),
  err: (text) => process.stderr.write(text),
};

/** A command that reaches AWS or `parkstats local` also takes the environment it resolves them from. */
export interface EnvCommandIo extends CommandIo {
  env: NodeJS.ProcessEnv;
}

export const processEnvIo: EnvCommandIo = { ...processIo, env: process.env };

/** The message of whatever was thrown, without a stack: what a user may see. */
export function messageOf(caught: unknown): string {
  return caught instanceof Error ? caught.message : String(caught);
}
