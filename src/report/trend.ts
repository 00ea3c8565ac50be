/**
 * The trend chart: verdict counts per run as stacked bars, inline SVG (no script, no network), oldest run on the left.
 */
import { html, type Html } from './html.ts';
import type { Verdict } from './results-model.ts';

export interface TrendPoint {
  readonly label: string;
  readonly counts: Readonly<Record<Verdict, number>>;
}

const STACK: readonly Verdict[] = ['passed', 'flaky', 'failed', 'skipped'];
const HEIGHT = 120;
const BAR = 18;
const GAP = 8;

export function trendChart(points: readonly TrendPoint[]): Html {
  const max = Math.max(1, ...points.map((p) => STACK.reduce((sum, v) => sum + p.counts[v], 0)));
  const width = points.length * (BAR + GAP) + GAP + 30;
  const bars = points.map((point, i) => {
    const x = 30 + GAP + i * (BAR + GAP);
    let y = HEIGHT;
    const rects = STACK.map((verdict) => {
      const h = (point.counts[verdict] / max) * (HEIGHT - 10);
      y -= h;
      return h > 0
        ? html`<rect class="v-${verdict}" x="${x}" y="${y.toFixed(1)}" width="${BAR}" height="${h.toFixed(1)}"></rect>`
        : null;
    });
    const tip = `${point.label}: ${STACK.map((v) => `${point.counts[v]} ${v}`).join(', ')}`;
    return html`<g><title>${tip}</title>${rects}<text x="${x + BAR / 2}" y="${HEIGHT + 12}" text-anchor="middle">${String(i + 1)}</text></g>`;
  });
  return html`<svg class="trend" role="img" aria-label="verdict counts per run" width="${width}" height="${HEIGHT + 16}" viewBox="0 0 ${width} ${HEIGHT + 16}">
<text x="0" y="10">${String(max)}</text><text x="0" y="${HEIGHT}">0</text>
<line x1="28" y1="${HEIGHT}" x2="${width}" y2="${HEIGHT}" stroke="#999"></line>${bars}</svg>`;
}
