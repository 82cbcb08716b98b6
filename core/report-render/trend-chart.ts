import { escapeHtml } from './html-escape.js';

export interface ChartSeries {
  label: string;
  color: string;
  dashed: boolean;
  /** One value per month, January first; null where there is no report. */
  values: (number | null)[];
}

export interface TrendChartSpec {
  /** Read by screen readers, e.g. "规模工业总产值 月度走势(万元)". */
  description: string;
  unit: string;
  series: ChartSeries[];
  /** A horizontal reference line, e.g. the concentration target. */
  target?: { value: number; label: string; color: string };
}

const WIDTH = 360;
const HEIGHT = 220;
const PLOT = { left: 52, right: 12, top: 30, bottom: 28 };
const MONTHS = 12;

/** A "nice" axis maximum and step (1, 2 or 5 × 10^k) covering `max` in about four steps. */
export function niceScale(max: number): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 0.25 };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((f) => f * magnitude >= rough) ?? 10) * magnitude;
  return { top: Math.ceil(max / step) * step, step };
}

function tickLabel(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0+$/, '');
}

/** Polyline runs of consecutive months with a value; a missing month breaks the line. */
function runs(points: (readonly [number, number] | null)[]): (readonly [number, number])[][] {
  const out: (readonly [number, number])[][] = [];
  let current: (readonly [number, number])[] = [];
  for (const p of points) {
    if (p === null) {
      if (current.length > 0) out.push(current);
      current = [];
    } else current.push(p);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * A self-contained SVG line chart over the twelve months, scaled by its viewBox so it fills the
 * width of a phone or a printed page. Values are presentation numbers (already rounded); no
 * arithmetic here feeds a published figure.
 */
export function trendChartSvg(spec: TrendChartSpec): string {
  const all = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (spec.target) all.push(spec.target.value);
  const { top, step } = niceScale(Math.max(0, ...all));
  const plotW = WIDTH - PLOT.left - PLOT.right;
  const plotH = HEIGHT - PLOT.top - PLOT.bottom;
  const x = (month: number) => PLOT.left + ((month - 0.5) / MONTHS) * plotW;
  const y = (value: number) => PLOT.top + plotH - (value / top) * plotH;
  const parts: string[] = [];

  for (let v = 0; v <= top + step / 2; v += step) {
    const yy = y(v).toFixed(1);
    parts.push(
      `<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${yy}" y2="${yy}" stroke="#e3e6ea"/>`,
      `<text x="${PLOT.left - 6}" y="${yy}" dy="0.35em" text-anchor="end" class="tick">${tickLabel(v)}</text>`,
    );
  }
  for (let m = 1; m <= MONTHS; m++) {
    parts.push(
      `<text x="${x(m).toFixed(1)}" y="${HEIGHT - PLOT.bottom + 16}" text-anchor="middle" class="tick">${m}</text>`,
    );
  }
  parts.push(
    `<text x="${PLOT.left - 6}" y="${PLOT.top - 10}" text-anchor="end" class="tick">${escapeHtml(spec.unit)}</text>`,
    `<text x="${WIDTH - PLOT.right}" y="${HEIGHT - 2}" text-anchor="end" class="tick">月</text>`,
  );

  if (spec.target) {
    const yy = y(spec.target.value).toFixed(1);
    const color = escapeHtml(spec.target.color);
    parts.push(
      `<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${yy}" y2="${yy}" stroke="${color}" stroke-width="1.5" stroke-dasharray="6 4"/>`,
      `<text x="${WIDTH - PLOT.right}" y="${yy}" dy="-4" text-anchor="end" class="tick" fill="${color}">${escapeHtml(spec.target.label)}</text>`,
    );
  }

  let legendX = PLOT.left;
  for (const s of spec.series) {
    const color = escapeHtml(s.color);
    const dash = s.dashed ? ' stroke-dasharray="5 3"' : '';
    parts.push(
      `<line x1="${legendX}" x2="${legendX + 18}" y1="10" y2="10" stroke="${color}" stroke-width="2.5"${dash}/>`,
      `<text x="${legendX + 22}" y="10" dy="0.35em" class="legend">${escapeHtml(s.label)}</text>`,
    );
    legendX += 30 + s.label.length * 12;
    const points = s.values.map((v, i) => (v === null ? null : ([x(i + 1), y(v)] as const)));
    for (const run of runs(points)) {
      const coords = run.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
      parts.push(
        `<polyline points="${coords}" fill="none" stroke="${color}" stroke-width="2.5" stroke-linejoin="round"${dash}/>`,
      );
    }
    s.values.forEach((v, i) => {
      if (v === null) return;
      parts.push(
        `<circle cx="${x(i + 1).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${color}"><title>${escapeHtml(`${s.label} ${i + 1}月 ${tickLabel(v)}${spec.unit}`)}</title></circle>`,
      );
    });
  }

  return `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(spec.description)}">${parts.join('')}</svg>`;
}
