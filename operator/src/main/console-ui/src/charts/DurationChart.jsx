// Run durations over time: one dot per run (x: start, y: seconds), coloured by phase; plain SVG.
import { enc } from '../api.js';
import { duration } from '../format.jsx';

const W = 720, H = 220, PAD = 40;

export function DurationChart({ runs, namespace }) {
  const points = runs.filter((r) => r.startTime && r.seconds !== null);
  if (points.length === 0) return <p class="dim">No runs with a start time yet.</p>;
  const xs = points.map((r) => Date.parse(r.startTime));
  const x0 = Math.min(...xs), x1 = Math.max(...xs) || x0 + 1;
  const y1 = Math.max(...points.map((r) => r.seconds)) || 1;
  const x = (t) => PAD + ((t - x0) / Math.max(1, x1 - x0)) * (W - 2 * PAD);
  const y = (s) => H - PAD - (s / y1) * (H - 2 * PAD);
  return (
    <svg class="chart" id="duration-chart" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label="run durations">
      <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} class="axis" />
      <line x1={PAD} y1={PAD} x2={PAD} y2={H - PAD} class="axis" />
      <text x={4} y={PAD} class="tick">{duration(y1)}</text>
      <text x={4} y={H - PAD} class="tick">0s</text>
      <text x={PAD} y={H - 12} class="tick">{new Date(x0).toISOString().slice(0, 16)}</text>
      <text x={W - PAD} y={H - 12} class="tick" text-anchor="end">{new Date(x1).toISOString().slice(0, 16)}</text>
      {points.map((r) => (
        <a href={`#/instances/${enc(namespace)}/${enc(r.name)}`} key={r.name}>
          <circle cx={x(Date.parse(r.startTime))} cy={y(r.seconds)} r="4" class={'dot fill-' + r.phase}>
            <title>{r.name}: {duration(r.seconds)} ({r.phase})</title>
          </circle>
        </a>
      ))}
    </svg>
  );
}
