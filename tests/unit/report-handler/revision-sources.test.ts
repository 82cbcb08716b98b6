import { describe, expect, it } from 'vitest';
import { revisionCauses, revisionSources } from '../../../functions/report/revision-sources.js';
import { A, B, C, fact, register } from '../indicators/builders.js';

const nov = 'uploads/testpark/_office/nov.csv';
const fix = `uploads/testpark/${A}/fix.csv`;

describe('revisionSources', () => {
  it('keeps the facts of months 1..m of the year and the year before, and the references', () => {
    const sources = revisionSources(
      '2017-11',
      [
        fact({ uscc: A, period: '2017-11', source_key: nov, source_sequencer: '0A' }),
        fact({ uscc: A, period: '2017-03', source_key: nov, source_sequencer: '0A' }),
        fact({ uscc: A, period: '2017-12', source_key: nov, source_sequencer: '0A' }),
        fact({
          uscc: B,
          period: '2016-11',
          source_key: 'uploads/testpark/_office/2016.csv',
          source_sequencer: '01',
        }),
        fact({
          uscc: B,
          period: '2016-12',
          source_key: 'uploads/testpark/_office/2016.csv',
          source_sequencer: '01',
        }),
        fact({
          uscc: B,
          period: '2015-11',
          source_key: 'uploads/testpark/_office/2015.csv',
          source_sequencer: '01',
        }),
      ],
      { register: register([]), countyTotals: null },
    );
    expect(sources).toEqual({
      [`2017-11#${A}`]: `${nov}@0A`,
      [`2017-03#${A}`]: `${nov}@0A`,
      [`2016-11#${B}`]: 'uploads/testpark/_office/2016.csv@01',
      'reference#enterprises': 'uploads/testpark/_office/2017.csv@0A',
    });
  });
});

describe('revisionCauses', () => {
  const before = { [`2017-11#${A}`]: `${nov}@0A`, [`2017-11#${B}`]: `${nov}@0A` };

  it('names no cause for a first publication: it revises nothing', () => {
    expect(revisionCauses(null, before)).toEqual([]);
  });

  it('names the upload that replaced a fact (a correction), not the untouched ones', () => {
    expect(revisionCauses(before, { ...before, [`2017-11#${A}`]: `${fix}@0B` })).toEqual([fix]);
  });

  it('names a re-upload of the same key (a newer sequencer) and a late upload of a new enterprise', () => {
    const late = 'uploads/testpark/_office/late.csv';
    const next = {
      [`2017-11#${A}`]: `${nov}@0C`,
      [`2017-11#${B}`]: `${nov}@0A`,
      [`2017-11#${C}`]: `${late}@01`,
    };
    expect(revisionCauses(before, next)).toEqual([late, nov]);
  });

  it('names the former source of a retracted fact', () => {
    const gone = { [`2017-11#${A}`]: `${fix}@0B`, [`2017-11#${B}`]: `${nov}@0A` };
    expect(revisionCauses(gone, { [`2017-11#${B}`]: `${nov}@0A` })).toEqual([fix]);
  });

  it('is empty when nothing changed', () => {
    expect(revisionCauses(before, { ...before })).toEqual([]);
  });
});
