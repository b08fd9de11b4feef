/** One point of a trend. */
export interface TrendPoint {
  /** Shown on the x axis (already formatted, e.g. a date). */
  label: string;
  value: number;
}

/** Options of a line chart drawn on the server. */
export interface LineChartProps {
  title: string;
  points: TrendPoint[];
  /** The y axis' range, e.g. 1 to 5 for well-being. */
  min: number;
  max: number;
  name: string;
}

const width = 520;
const height = 200;
const pad = { left: 32, right: 28, top: 12, bottom: 36 };

/** A line chart as inline SVG, with a dot and a value per point and y gridlines per unit. */
export function LineChart({ title, points, min, max, name }: LineChartProps) {
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const x = (i: number) => pad.left + (points.length <= 1 ? innerW / 2 : (i / (points.length - 1)) * innerW);
  const y = (v: number) => pad.top + innerH - ((v - min) / (max - min || 1)) * innerH;
  const ticks = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const labelEvery = Math.max(1, Math.ceil(points.length / 6));
  return (
    <svg class="chart" data-chart={name} role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
      <title>{title}</title>
      {ticks.map((t) => (
        <g>
          <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} stroke="#d0d7de" />
          <text x={pad.left - 8} y={y(t) + 4} text-anchor="end">{String(t)}</text>
        </g>
      ))}
      {points.length === 0 && <text x={pad.left + 8} y={pad.top + innerH / 2}>No answers yet</text>}
      {points.length > 1 && <polyline fill="none" stroke="#0b5cad" stroke-width="2" points={points.map((p, i) => `${x(i)},${y(p.value)}`).join(' ')} />}
      {points.map((p, i) => (
        <g data-label={p.label} data-value={String(p.value)}>
          <circle cx={x(i)} cy={y(p.value)} r="4" fill={p.value <= 2 ? '#a40e26' : '#0b5cad'} />
          {i % labelEvery === 0 && <text x={x(i)} y={height - 12} text-anchor="middle">{p.label}</text>}
        </g>
      ))}
    </svg>
  );
}
