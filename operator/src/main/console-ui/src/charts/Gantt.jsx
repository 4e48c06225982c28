// The instance's timeline: a row per step, a bar per attempt (or the step's own span for steps without
// attempts), coloured by outcome; plain SVG.
import { duration, seconds } from '../format.jsx';

const ROW = 22, LEFT = 160, W = 900;

export function Gantt({ steps, onSelect }) {
  const spans = [];
  for (const st of steps) {
    const attempts = st.attempts || [];
    if (attempts.length) attempts.forEach((a) => a.startTime && spans.push({ step: st.name, from: a.startTime, to: a.completionTime, cls: a.outcome, label: `attempt ${a.number}` }));
    else if (st.startTime) spans.push({ step: st.name, from: st.startTime, to: st.completionTime, cls: st.phase, label: st.phase });
  }
  if (spans.length === 0) return <p class="dim">Nothing has started yet.</p>;
  const t0 = Math.min(...spans.map((s) => Date.parse(s.from)));
  const t1 = Math.max(...spans.map((s) => (s.to ? Date.parse(s.to) : Date.now())));
  const scale = (W - LEFT - 10) / Math.max(1, t1 - t0);
  const rows = steps.filter((st) => spans.some((s) => s.step === st.name));
  const H = rows.length * ROW + 24;
  return (
    <svg class="gantt" id="gantt" width={W} height={H} viewBox={`0 0 ${W} ${H}`}>
      {rows.map((st, i) => (
        <g key={st.name} transform={`translate(0 ${i * ROW})`} onClick={() => onSelect(st.name)} class="row" data-step={st.name}>
          <text x={4} y={15} class="label">{st.name}</text>
          {spans.filter((s) => s.step === st.name).map((s, j) => {
            const x = LEFT + (Date.parse(s.from) - t0) * scale;
            const w = Math.max(2, ((s.to ? Date.parse(s.to) : Date.now()) - Date.parse(s.from)) * scale);
            return <rect key={j} x={x} y={4} width={w} height={ROW - 8} class={'bar fill-' + s.cls}><title>{`${st.name} ${s.label}: ${duration(seconds(s.from, s.to))}`}</title></rect>;
          })}
        </g>
      ))}
      <text x={LEFT} y={H - 6} class="tick">0s</text>
      <text x={W - 10} y={H - 6} class="tick" text-anchor="end">{duration((t1 - t0) / 1000)}</text>
    </svg>
  );
}
