const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * An ISO instant as the bureau reads it: Beijing time (UTC+8, no daylight saving), "2017-12-05 09:30".
 * Computed by offset rather than Intl so the output does not depend on the runtime's time zone data.
 */
export function formatBeijingTime(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return new Date(instant.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
