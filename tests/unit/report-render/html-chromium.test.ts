import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../../core/report-render/html.js';
import { findChromium, renderInChromium } from '../../support/chromium.js';
import { renderInput } from './park-report-fixture.js';

interface PixelStats {
  inkShare: number;
  distinctColors: number;
  reddish: number;
}

/** Share of pixels that are not near-white, distinct colours at 4 bits per channel, and pixels of the chart red. */
function pixelStats(png: PNG): PixelStats {
  let ink = 0;
  let reddish = 0;
  const colors = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const r = png.data[i] ?? 0;
    const g = png.data[i + 1] ?? 0;
    const b = png.data[i + 2] ?? 0;
    if (r < 235 || g < 235 || b < 235) ink++;
    if (r > 160 && g < 90 && b < 80) reddish++;
    colors.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
  }
  return { inkShare: ink / (png.width * png.height), distinctColors: colors.size, reddish };
}

describe('renderReportHtml in headless Chromium', () => {
  it('renders a non-blank phone-width page with the table text, charts, and hostile names as text', async () => {
    // Arrange
    const chromium = findChromium();
    expect(chromium, 'headless Chromium is required: apt-get install -y chromium').not.toBeNull();
    const input = renderInput({
      missing: [{ uscc: '91350100M000100Y43', name: '<script>document.title="pwned"</script>某厂' }],
    });
    const html = renderReportHtml(input);

    // Act
    const page = await renderInChromium(chromium ?? '', html, { width: 390, height: 2000 });

    // Assess
    const png = PNG.sync.read(page.screenshot);
    expect(png.width).toBe(390);
    const stats = pixelStats(png);
    expect(stats.inkShare).toBeGreaterThan(0.05);
    expect(stats.distinctColors).toBeGreaterThan(60);
    expect(stats.reddish).toBeGreaterThan(200);

    expect(page.dom).toContain('规模工业总产值</span><span class="nb">(亿元)');
    expect(page.dom).toContain('<td class="num">50.6</td>');
    expect(page.dom.match(/<svg /g)).toHaveLength(4);
    expect(page.dom).toContain('<title>双牌工业集中区 2017年1–11月 主要经济指标</title>');
    expect(page.dom).toContain('&lt;script&gt;document.title="pwned"&lt;/script&gt;某厂');
    expect(page.dom).not.toContain('<script');
  }, 30_000);
});
