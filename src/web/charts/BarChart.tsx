/** One bar: its label, its value and what the value is out of. */
export interface Bar {
  label: string;
  value: number;
  /** The bar's own denominator: a full bar is `of`, and the bar reads "2 of 5, 40 %". */
  of: number;
}

/** Options of a horizontal bar chart drawn on the server. */
export interface BarChartProps {
  /** Read by screen readers, and the chart's <title>. */
  title: string;
  bars: Bar[];
  /** Used as a data-chart attribute (tests and styling). */
  name: string;
  /** Shown instead of the chart when no bar has a denominator: why there is nothing to draw. */
  empty: string;
}

const rowHeight = 26;
const labelWidth = 170;
const width = 520;

/** "2 of 5, 40 %". */
export const ofText = (value: number, of: number) => `${value} of ${of}, ${of > 0 ? Math.round((100 * value) / of) : 0} %`;

/** A horizontal bar chart as inline SVG, each bar scaled to its own denominator; an explanation when there is nothing to draw. */
export function BarChart({ title, bars, name, empty }: BarChartProps) {
  if (bars.every((bar) => bar.of === 0)) return <p class="muted" data-empty={name}>{empty}</p>;
  const span = width - labelWidth - 110;
  const height = bars.length * rowHeight + 8;
  return (
    <svg class="chart" data-chart={name} role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
      <title>{title}</title>
      {bars.map((bar, i) => {
        const y = i * rowHeight + 4;
        const length = bar.of > 0 ? Math.round((bar.value / bar.of) * span) : 0;
        const label = bar.label.length > 24 ? `${bar.label.slice(0, 23)}…` : bar.label;
        return (
          <g data-label={bar.label} data-value={String(bar.value)} data-of={String(bar.of)}>
            <text x={labelWidth - 6} y={y + 15} text-anchor="end">{label}</text>
            <rect x={labelWidth} y={y} width={span} height={rowHeight - 8} fill="#e6eaef" rx="2" />
            <rect x={labelWidth} y={y} width={Math.max(length, 1)} height={rowHeight - 8} fill="#0b5cad" rx="2" />
            <text x={labelWidth + span + 6} y={y + 15}>{ofText(bar.value, bar.of)}</text>
          </g>
        );
      })}
    </svg>
  );
}
