/** One variant's counts in the flow diagram (delivered and read: program level, of the variant's first message). */
export interface FlowCounts {
  variant: string;
  assigned: number;
  exposed: number;
  delivered?: number;
  read?: number;
  completed: number;
}

const boxWidth = 150;
const boxHeight = 46;
const columnGap = 24;
const rowGap = 34;
type Stage = { key: 'assigned' | 'exposed' | 'delivered' | 'read' | 'completed'; label: string };
const journeyStages: Stage[] = [
  { key: 'assigned', label: 'Assigned' },
  { key: 'exposed', label: 'Exposed' },
  { key: 'completed', label: 'Completed' },
];
/** Program level: exposure is the variant's first message sent, then its statuses. */
const programStages: Stage[] = [
  { key: 'assigned', label: 'Assigned' },
  { key: 'exposed', label: 'First message sent' },
  { key: 'delivered', label: 'Delivered' },
  { key: 'read', label: 'Read' },
  { key: 'completed', label: 'Completed' },
];

/** A CONSORT-style flow as inline SVG: per variant a column of boxes, assigned → exposed (→ delivered → read) → completed, joined by arrows. */
export function ConsortFlow({ flow }: { flow: FlowCounts[] }) {
  const stages = flow.some((column) => column.delivered !== undefined) ? programStages : journeyStages;
  const width = flow.length * (boxWidth + columnGap);
  const height = stages.length * (boxHeight + rowGap) + 20;
  return (
    <svg class="chart" data-chart="consort" role="img" aria-label="Participant flow: assigned, exposed, completed per variant" viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
      <title>Participant flow: assigned → exposed → completed</title>
      <defs>
        <marker id="arrow" markerWidth="8" markerHeight="8" refX="4" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#555" /></marker>
      </defs>
      {flow.map((column, c) => {
        const x = c * (boxWidth + columnGap);
        return (
          <g data-variant={column.variant}>
            <text x={x + boxWidth / 2} y="14" text-anchor="middle" font-weight="bold">{column.variant}</text>
            {stages.map((stage, s) => {
              const y = 20 + s * (boxHeight + rowGap);
              return (
                <g data-stage={stage.key} data-value={String(column[stage.key] ?? 0)}>
                  <rect x={x} y={y} width={boxWidth} height={boxHeight} fill="#eef4fb" stroke="#0b5cad" rx="4" />
                  <text x={x + boxWidth / 2} y={y + 19} text-anchor="middle">{stage.label}</text>
                  <text x={x + boxWidth / 2} y={y + 37} text-anchor="middle" font-weight="bold">{`n = ${column[stage.key] ?? 0}`}</text>
                  {s < stages.length - 1 && <line x1={x + boxWidth / 2} y1={y + boxHeight} x2={x + boxWidth / 2} y2={y + boxHeight + rowGap - 4} stroke="#555" marker-end="url(#arrow)" />}
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
