import { describe, expect, it } from 'vitest';
import { decideRevision, reportContentHash } from '../../../core/revisions/decide-revision.js';
import { revisionObjectKeys } from '../../../core/revisions/revision-object-keys.js';
import { RevisionRecordSchema } from '../../../core/revisions/revision-record.js';
import { indicator, shuangpaiReport } from '../report-render/park-report-fixture.js';

const CONTEXT = {
  causes: [],
  publishedAt: '2017-12-05T01:30:00Z',
  concentrationBasis: 'value_added' as const,
};

describe('reportContentHash', () => {
  it('ignores the bookkeeping fields and the key order, and sees any exact change', () => {
    // Arrange
    const report = shuangpaiReport();
    const reordered = Object.fromEntries(Object.entries(report).reverse()) as typeof report;

    // Act / Assess
    expect(reportContentHash(shuangpaiReport({ revision: 7, computed_at: 'later' }))).toBe(
      reportContentHash(report),
    );
    expect(reportContentHash(reordered)).toBe(reportContentHash(report));
    expect(reportContentHash(shuangpaiReport({ leading_industry_output_ytd: '4392080001' }))).not.toBe(
      reportContentHash(report),
    );
    expect(reportContentHash(report)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('decideRevision', () => {
  it('publishes revision 1 when nothing was published', () => {
    // Act
    const decision = decideRevision(null, shuangpaiReport(), {
      ...CONTEXT,
      causes: ['uploads/shuangpai/_office/11.csv'],
    });

    // Assess
    expect(decision).toEqual({
      kind: 'publish',
      contentHash: reportContentHash(shuangpaiReport()),
      record: {
        number: 1,
        publishedAt: '2017-12-05T01:30:00Z',
        changes: [],
        causes: ['uploads/shuangpai/_office/11.csv'],
      },
    });
    if (decision.kind === 'publish')
      expect(RevisionRecordSchema.parse(decision.record)).toEqual(decision.record);
  });

  it('publishes nothing when a later run reproduces the same content', () => {
    // Arrange
    const first = shuangpaiReport();
    const previous = { revision: 2, contentHash: reportContentHash(first), report: first };

    // Act
    const decision = decideRevision(
      previous,
      shuangpaiReport({ computed_at: '2017-12-06T00:00:00Z' }),
      CONTEXT,
    );

    // Assess
    expect(decision).toEqual({ kind: 'unchanged', revision: 2 });
  });

  it('publishes the next revision with what changed and the uploads that caused it', () => {
    // Arrange
    const first = shuangpaiReport();
    const previous = { revision: 1, contentHash: reportContentHash(first), report: first };
    const corrected = shuangpaiReport({ value_added: indicator('131000000', '1460000000', '1298342541') });
    const causes = ['uploads/shuangpai/91431123MA4L5678Y1/更正-2017-11.csv'];

    // Act
    const decision = decideRevision(previous, corrected, {
      ...CONTEXT,
      causes,
      publishedAt: '2017-12-08T02:00:00Z',
    });

    // Assess
    expect(decision.kind).toBe('publish');
    if (decision.kind !== 'publish') return;
    expect(decision.record.number).toBe(2);
    expect(decision.record.causes).toEqual(causes);
    expect(decision.contentHash).toBe(reportContentHash(corrected));
    expect(decision.contentHash).not.toBe(previous.contentHash);
    expect(decision.record.changes.map((c) => [c.field, c.before, c.after])).toEqual([
      ['value_added.ytd', '14.1', '14.6'],
      ['value_added.growth', '8.6', '12.5'],
      ['concentration.ytd', '69.81', '72.29'],
      ['concentration.completion', '87.3', '90.4'],
    ]);
  });
});

describe('revisionObjectKeys', () => {
  it('gives each revision its own zero-padded prefix under the period', () => {
    // Act
    const second = revisionObjectKeys('shuangpai', '2017-11', 2);
    const tenth = revisionObjectKeys('shuangpai', '2017-11', 10);

    // Assess
    expect(second).toEqual({
      prefix: 'reports/shuangpai/2017-11/rev-002/',
      json: 'reports/shuangpai/2017-11/rev-002/report.json',
      csv: 'reports/shuangpai/2017-11/rev-002/report.csv',
      xlsx: 'reports/shuangpai/2017-11/rev-002/report.xlsx',
      html: 'reports/shuangpai/2017-11/rev-002/report.html',
    });
    expect([tenth.prefix, second.prefix].sort()).toEqual([second.prefix, tenth.prefix]);
  });
});
