/**
 * When the bureau report runs and which month it covers. EventBridge Scheduler runs it on AWS
 * (`cron(0 9 8 * ? *)` in Asia/Shanghai by default); `parkstats local` runs the same schedule
 * (local/report-schedule.ts). Pure: everything takes `now`.
 */

/** A monthly run: on `day` at `hour`:00 local time in `tz` (an IANA zone, e.g. Asia/Shanghai). */
export interface MonthlyCron {
  day: number;
  hour: number;
  tz: string;
}

export const DEFAULT_REPORT_CRON: MonthlyCron = { day: 8, hour: 9, tz: 'Asia/Shanghai' };

interface LocalParts {
  year: number;
  month: number;
}

function localParts(instant: Date, tz: string): LocalParts & { day: number; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
  };
}

/** Milliseconds the zone is ahead of UTC at `instant`. */
function zoneOffsetMs(instant: Date, tz: string): number {
  const p = localParts(instant, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(instant.getTime() / 60_000) * 60_000;
}

/** The instant of a local wall-clock time in `tz` (month is 1-based and may overflow into the next year). */
function zonedInstant(year: number, month: number, day: number, hour: number, tz: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour);
  const first = wall - zoneOffsetMs(new Date(wall), tz);
  // A second pass settles a zone whose offset differs between the guess and the answer (DST).
  return new Date(wall - zoneOffsetMs(new Date(first), tz));
}

/** The first run strictly after `now`. */
export function nextRun(cron: MonthlyCron, now: Date): Date {
  const { year, month } = localParts(now, cron.tz);
  const thisMonth = zonedInstant(year, month, cron.day, cron.hour, cron.tz);
  return thisMonth.getTime() > now.getTime()
    ? thisMonth
    : zonedInstant(year, month + 1, cron.day, cron.hour, cron.tz);
}

/** The period a run at `at` reports: the month before the run's month in `tz`, "YYYY-MM". */
export function reportedPeriod(at: Date, tz: string = DEFAULT_REPORT_CRON.tz): string {
  const { year, month } = localParts(at, tz);
  const previous = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  return `${previous.year}-${String(previous.month).padStart(2, '0')}`;
}

/** Node's timers hold at most 2^31 − 1 ms (about 24.8 days), less than a month. */
