/** Where a command writes: the process's stdout/stderr, or a recorder in tests. */
export interface CommandIo {
  out(data: string | Uint8Array): void;
  err(text: string): void;
}

export const processIo: CommandIo = {
  out: (data) => process.stdout.write(data),
  err: (text) => process.stderr.write(text),
};

/** The message of whatever was thrown, without a stack: what a user may see. */
export function messageOf(caught: unknown): string {
  return caught instanceof Error ? caught.message : String(caught);
}
