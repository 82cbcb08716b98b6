import type { CountyTotalsItem, FactItem, RegisterEntry, RegisterItem } from '../../schemas/facts.js';
import type { Park, ParkTargets } from '../../schemas/park-config.js';
import type { Indicator, ParkReport, TargetCompletion } from '../../schemas/report.js';
import { Decimal, decimal, percent, toYuan } from '../money.js';
import { concentration } from './concentration.js';
import { SameCaliberGrowth } from './same-caliber-growth.js';

/** A period's totals as computed; the totals repository adds the revision. */
export type ComputedParkReport = Omit<ParkReport, 'revision'>;

export interface RecomputeParkYearInput {
  park: Park;
  year: number;
  /** The park's facts of `year`. */
  facts: FactItem[];
  /** The park's facts of `year − 1`: the stored same-period base when a fact carries no 上年同期 value. */
  priorFacts: FactItem[];
  register: RegisterItem | null;
  countyTotals: CountyTotalsItem | null;
  computedAt: string;
}

const AMOUNTS = ['output', 'value_added', 'tax_paid'] as const;
type Amount = (typeof AMOUNTS)[number];
const REPORTED_BASE = {
  output: 'output_prev',
  value_added: 'value_added_prev',
  tax_paid: 'tax_paid_prev',
} as const;

/** One value per amount indicator, each from its own `make()`. */
function perAmount<T>(make: () => T): Record<Amount, T> {
  return { output: make(), value_added: make(), tax_paid: make() };
}

/**
 * The park's indicators for every month of `year` from January to the last month that
 * has any fact (DESIGN.md "Indicators"). Pure and linear in the number of facts: facts
 * are bucketed by month once, prior-year facts are looked up in a map keyed by
 * month and USCC, and year-to-date sums run forward month by month.
 */
export function recomputeParkYear(input: RecomputeParkYearInput): ComputedParkReport[] {
  const { park, year } = input;
  const byMonth = factsByMonth(input.facts, year);
  const lastMonth = byMonth.findLastIndex((facts) => facts.length > 0);
  if (lastMonth < 1) return [];

  const priorByMonthAndUscc = new Map<string, FactItem>();
  for (const fact of input.priorFacts) priorByMonthAndUscc.set(monthKey(fact.period, fact.uscc), fact);
  const registered = new Map<string, RegisterEntry>(input.register?.entries.map((e) => [e.uscc, e]));
  const targets = park.targets[String(year)];

  const ytdSum = perAmount(() => new Decimal(0));
  const ytdGrowth = perAmount(() => new SameCaliberGrowth());
  let leadingYtd = new Decimal(0);
  const reports: ComputedParkReport[] = [];

  for (let month = 1; month <= lastMonth; month++) {
    const period = `${year}-${String(month).padStart(2, '0')}`;
    const monthSum = perAmount(() => new Decimal(0));
    const monthGrowth = perAmount(() => new SameCaliberGrowth());
    const reporting = new Set<string>();

    for (const fact of byMonth[month] ?? []) {
      reporting.add(fact.uscc);
      // The register is the office's word on scale and industry; the file's own columns
      // count for enterprises it does not list, and for an industry code it leaves empty.
      const entry = registered.get(fact.uscc);
      if (!(entry ? entry.above_scale : fact.above_scale)) continue;
      const prior = priorByMonthAndUscc.get(monthKey(fact.period, fact.uscc));
      for (const amount of AMOUNTS) {
        // Parsed once: big.js would re-parse a string operand in every sum it joins.
        const current = new Decimal(fact[amount]);
        const reportedOrStoredBase = fact[REPORTED_BASE[amount]] ?? prior?.[amount] ?? null;
        const base = reportedOrStoredBase === null ? null : new Decimal(reportedOrStoredBase);
        monthSum[amount] = monthSum[amount].plus(current);
        monthGrowth[amount].add(fact.uscc, current, base);
      }
      const industry = entry?.industry_code ?? fact.industry_code;
      if (industry !== null && park.leading_industries.some((prefix) => industry.startsWith(prefix))) {
        leadingYtd = leadingYtd.plus(fact.output);
      }
    }

    for (const amount of AMOUNTS) {
      ytdSum[amount] = ytdSum[amount].plus(monthSum[amount]);
      ytdGrowth[amount].absorb(monthGrowth[amount]);
    }
    const indicator = (amount: Amount): Indicator => ({
      month: toYuan(monthSum[amount]),
      ytd: toYuan(ytdSum[amount]),
      month_yoy_pct: monthGrowth[amount].percent(),
      ytd_yoy_pct: ytdGrowth[amount].percent(),
      growth_coverage: { month: monthGrowth[amount].coverage(), ytd: ytdGrowth[amount].coverage() },
    });
    const concentrationFigure = concentration({
      park,
      period,
      parkYtd: park.concentration_basis === 'output' ? ytdSum.output : ytdSum.value_added,
      countyTotals: input.countyTotals,
    });

    reports.push({
      park: park.id,
      park_name: park.name,
      period,
      output: indicator('output'),
      value_added: indicator('value_added'),
      tax_paid: indicator('tax_paid'),
      concentration_pct: concentrationFigure.pct,
      concentration_note: concentrationFigure.note,
      county_ytd: concentrationFigure.countyYtd,
      leading_industry_share_pct: percent(leadingYtd, ytdSum.output),
      leading_industry_output_ytd: toYuan(leadingYtd),
      enterprises: completeness(reporting, input.register),
      targets: targets ? targetCompletion(targets, ytdSum.output) : null,
      computed_at: input.computedAt,
    });
  }
  return reports;
}

/** Index 1..12 hold the facts of that month of `year`; facts of other years are ignored. */
function factsByMonth(facts: FactItem[], year: number): FactItem[][] {
  const byMonth: FactItem[][] = Array.from({ length: 13 }, () => []);
  const prefix = `${year}-`;
  for (const fact of facts) {
    if (fact.period.startsWith(prefix)) byMonth[Number(fact.period.slice(5, 7))]?.push(fact);
  }
  return byMonth;
}

/** Same month in any year + enterprise: how a fact finds its own fact of a year earlier. */
function monthKey(period: string, uscc: string): string {
  return `${period.slice(5, 7)}#${uscc}`;
}

function completeness(reporting: Set<string>, register: RegisterItem | null): ParkReport['enterprises'] {
  if (register === null) return { reporting: reporting.size, expected: null, missing: [] };
  const expected = new Set(register.entries.map((e) => e.uscc));
  return {
    reporting: reporting.size,
    expected: expected.size,
    missing: [...expected].filter((uscc) => !reporting.has(uscc)).sort(),
  };
}

function targetCompletion(targets: ParkTargets, outputYtd: Decimal): TargetCompletion {
  return { ...targets, output_completion_pct: percent(outputYtd, decimal(targets.output_yuan)) };
}
