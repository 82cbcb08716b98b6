import { type CountyTotalsItem, type FactItem, factKey, type RegisterItem } from '../../../schemas/facts.js';
import type { Park } from '../../../schemas/park-config.js';

/** USCC-shaped ids (18 characters of the allowed alphabet) for readable tests. */
export const A = '91431123000000000A';
export const B = '91431123000000000B';
export const C = '91431123000000000C';
export const D = '91431123000000000D';
export const E = '91431123000000000E';

const source = {
  source_key: 'uploads/testpark/_office/2017.csv',
  source_sequencer: '0A',
  source_version: null,
  source_event_time: '2017-12-05T01:00:00.000Z',
  ingested_at: '2017-12-05T01:00:01.000Z',
};

export const testPark: Park = {
  id: 'testpark',
  name: '测试园区',
  county_code: '431123',
  concentration_basis: 'value_added',
  leading_industries: ['C20', 'C33'],
  targets: {
    '2017': {
      output_yuan: '2000',
      output_growth_pct: 21,
      value_added_growth_pct: 8,
      tax_growth_pct: 20,
      concentration_pct: 80,
    },
  },
};

/** A fact of `testPark`: 100 / 30 / 5 元 above scale, no reported base, unless overridden. */
export function fact(overrides: Partial<FactItem> & Pick<FactItem, 'uscc' | 'period'>): FactItem {
  return {
    ...factKey('testpark', overrides.period, overrides.uscc),
    park: 'testpark',
    name: `企业${overrides.uscc.slice(-1)}`,
    output: '100',
    value_added: '30',
    tax_paid: '5',
    output_prev: null,
    value_added_prev: null,
    tax_paid_prev: null,
    above_scale: true,
    industry_code: null,
    note: null,
    ...source,
    ...overrides,
  };
}

export function register(entries: RegisterItem['entries']): RegisterItem {
  return { pk: 'REF#testpark', sk: 'enterprises', park: 'testpark', entries, ...source };
}

export function countyTotals(periods: CountyTotalsItem['periods']): CountyTotalsItem {
  return { pk: 'REF#testpark', sk: 'county-totals', park: 'testpark', periods, ...source };
}
