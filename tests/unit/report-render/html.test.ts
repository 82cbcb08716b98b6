import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../../core/report-render/html.js';
import { indicator, renderInput, shuangpaiReport } from './park-report-fixture.js';

const HOSTILE = '<script>document.title="pwned"</script><img src=x onerror=alert(1)>';

describe('renderReportHtml', () => {
  it('is one self-contained page: inline style, no script, no link, no URL', () => {
    // Act
    const html = renderReportHtml(renderInput());

    // Assess
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('@media print');
    expect(html).not.toContain('class="revised"');
    expect(html).not.toMatch(/<script|<link|<iframe|@import|url\(|https?:|\/\/[a-z]/i);
  });

  it('shows the headline table, the headline sentence and four charts', () => {
    // Act
    const html = renderReportHtml(renderInput());

    // Assess
    expect(html).toContain('<h1>双牌工业集中区 2017年1–11月 主要经济指标</h1>');
    expect(html).toContain(
      '<tr><th scope="row"><span class="nb">规模工业总产值</span><span class="nb">(亿元)</span></th>' +
        '<td class="num">47300.0</td><td class="num">50.6</td><td class="num">45.2</td>' +
        '<td class="target"><span class="nb">55.0亿元</span>;<span class="nb">增长21%</span></td><td class="num">92.0</td></tr>',
    );
    expect(html).toContain('园区共完成规模工业总产值50.6亿元(指标值55.0亿元),同比增长45.2%(指标值21%)');
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).toContain('aria-label="工业集中度(1至当月累计,%)与指标值对比"');
    expect(html).toContain('指标值 80%');
  });

  it('draws this year up to the report month and all of last year', () => {
    // Act
    const html = renderReportHtml(renderInput());
    const outputChart = html.slice(html.indexOf('<svg '), html.indexOf('</svg>'));

    // Assess: 11 points of 2017 (history January–October plus the report), 12 of 2016.
    expect(outputChart.match(/<title>2017年 \d+月/g)).toHaveLength(11);
    expect(outputChart.match(/<title>2016年 \d+月/g)).toHaveLength(12);
    expect(outputChart).toContain('<title>2017年 11月 47300万元</title>');
  });

  it('escapes names, messages and notes from uploads', () => {
    // Arrange
    const input = renderInput({
      missing: [{ uscc: '91350100M000100Y43', name: HOSTILE }],
      openWarnings: [
        {
          uscc: '91431123MA4L5678Y1',
          name: 'A&B "厂"',
          period: '2017-11',
          rule: 'r',
          message: HOSTILE,
          note: HOSTILE,
        },
      ],
    });

    // Act
    const html = renderReportHtml(input);

    // Assess
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;');
    expect(html).toContain('A&amp;B &quot;厂&quot;');
  });

  it('marks a revised report and lists what changed and why', () => {
    // Arrange
    const input = renderInput({
      revision: {
        number: 3,
        publishedAt: '2017-12-10T00:00:00Z',
        changes: [{ field: 'tax_paid.growth', label: '实缴税金 同比增长(%)', before: '36.5', after: '-3.2' }],
        causes: ['uploads/shuangpai/_office/更正.csv'],
      },
    });

    // Act
    const html = renderReportHtml(input);

    // Assess
    expect(html).toContain(
      '<p class="meta"><span class="revised">修订</span> 第3版 · 发布时间 2017-12-10 08:00(北京时间)',
    );
    expect(html).toContain('<td>实缴税金 同比增长(%)</td><td>36.5</td><td>-3.2</td>');
    expect(html).toContain('<td>uploads/shuangpai/_office/更正.csv</td>');
  });

  it('marks a fall and says 下降 in the headline', () => {
    // Arrange
    const input = renderInput({
      report: shuangpaiReport({ tax_paid: indicator('1', '30000000', '100000000', '96800000') }),
    });

    // Act
    const html = renderReportHtml(input);

    // Assess
    expect(html).toContain('<td class="num neg">-3.2</td>');
    expect(html).toContain('实缴税金0.3亿元,同比下降3.2%');
  });

  it('says when there is nothing missing and no open warning, and marks an unexplained warning', () => {
    // Arrange
    const empty = renderInput({ missing: [], openWarnings: [] });
    const unexplained = renderInput({
      openWarnings: [
        { uscc: '91431123MA4L5678Y1', name: '某厂', period: '2017-11', rule: 'r', message: 'm', note: null },
      ],
    });

    // Act / Assess
    expect(renderReportHtml(empty)).toContain('无缺报企业。');
    expect(renderReportHtml(empty)).toContain('无待核实的提示。');
    expect(renderReportHtml(unexplained)).toContain('<p class="note missing-note">情况说明:未说明</p>');
  });
});
