/** One bar: its label and value. */
export interface Bar {
  label: string;
  value: number;
  /** Shown after the value, e.g. "of 12". */
  note?: string;
}

/** Options of a horizontal bar chart drawn on the server. */
export interface BarChartProps {
  /** Read by screen readers, and the chart's <title>. */
  title: string;
  bars: Bar[];
  /** The value of a full bar; default the largest value. */
  max?: number;
  /** Used as a data-chart attribute (tests and styling). */
  name: string;
}

const rowHeight = 26;
const labelWidth = 170;
const width = 520;

/** A horizontal bar chart as inline SVG: labels at the left, values at the bar's end. */
export function BarChart({ title, bars, max, name }: BarChartProps) {
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1);
  const span = width - labelWidth - 70;
  const height = Math.max(bars.length, 1) * rowHeight + 8;
  return (
    <svg class="chart" data-chart={name} role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
      <title>{title}</title>
      {bars.length === 0 && <text x="0" y="18">No data yet</text>}
      {bars.map((bar, i) => {
        const y = i * rowHeight + 4;
        const length = Math.round((bar.value / top) * span);
        const label = bar.label.length > 24 ? `${bar.label.slice(0, 23)}…` : bar.label;
        return (
          <g data-label={bar.label} data-value={String(bar.value)}>
            <text x={labelWidth - 6} y={y + 15} text-anchor="end">{label}</text>
            <rect x={labelWidth} y={y} width={Math.max(length, 1)} height={rowHeight - 8} fill="#0b5cad" rx="2" />
            <text x={labelWidth + length + 6} y={y + 15}>{`${bar.value}${bar.note ? ` ${bar.note}` : ''}`}</text>
          </g>
        );
      })}
    </svg>
  );
}
