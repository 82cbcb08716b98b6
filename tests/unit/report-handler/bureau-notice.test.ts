import { describe, expect, it } from 'vitest';
import { composeBureauNotice } from '../../../functions/report/bureau-notice.js';
import { shuangpaiReport } from '../report-render/park-report-fixture.js';

const revision = { number: 1, publishedAt: '2017-12-08T01:00:00Z', changes: [], causes: [] };

describe('composeBureauNotice', () => {
  it('keeps the subject under SNS’s 100-character limit for a long park name', () => {
    const notice = composeBureauNotice({
      report: shuangpaiReport(),
      parkName: '很长的园区名称'.repeat(20),
      concentrationBasis: 'value_added',
      revision,
      links: { links: [], expiresAt: new Date('2017-12-15T01:00:00Z') },
    });

    expect([...notice.subject]).toHaveLength(99);
    expect(notice.subject.startsWith('很长的园区名称')).toBe(true);
  });

  it('says when no register was uploaded instead of counting missing enterprises', () => {
    const notice = composeBureauNotice({
      report: shuangpaiReport({ enterprises: { reporting: 5, expected: null, missing: [] } }),
      parkName: '双牌工业集中区',
      concentrationBasis: 'value_added',
      revision,
      links: {
        links: [{ key: 'reports/shuangpai/2017-11/rev-001/report.csv', url: 'https://example.invalid/x' }],
        expiresAt: new Date('2017-12-15T01:00:00Z'),
      },
    });

    expect(notice.message).toContain('填报情况: 已报 5 家(未上传企业名录)');
    expect(notice.message).toContain(
      '报表文件 (链接有效至北京时间 2017-12-15 09:00):\nreport.csv:\nhttps://example.invalid/x\n',
    );
    expect(notice.message).not.toContain('本版变动');
  });
});
