// One workflow: its summary, triggers, and a chart of its runs' durations over time (plain SVG).
import { useEffect, useState } from 'preact/hooks';
import { get, enc } from '../api.js';
import { Phase, show, duration } from '../format.jsx';
import { DurationChart } from '../charts/DurationChart.jsx';

export function WorkflowPage({ namespace, name }) {
  const [w, setW] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => { get(`/workflows/${enc(namespace)}/${enc(name)}`).then(setW, (e) => setError(e.message)); }, [namespace, name]);
  if (error) return <p class="error" role="alert">{error}</p>;
  if (!w) return <p class="loading">Loading…</p>;
  const s = w.workflow;
  return (
    <section>
      <h1>{s.name} <span class="dim">in {s.namespace}</span> {s.suspended && <span class="tag">suspended</span>}</h1>
      {s.description && <p>{s.description}</p>}
      {!s.valid && <p class="error">{s.invalidMessage}</p>}
      <dl class="facts">
        <dt>Revision</dt><dd class="mono">{s.revision}</dd>
        <dt>Next run</dt><dd>{show(s.nextRun) || '—'}</dd>
        <dt>Triggers</dt><dd>{(s.triggers || []).map((t) => <div key={t.name}>{t.name}: next {show(t.nextScheduleTime) || '—'}, last {show(t.lastScheduleTime) || '—'}</div>)}</dd>
      </dl>
      <h2>Run durations</h2>
      <DurationChart runs={w.runs} namespace={namespace} />
      <h2>Last runs</h2>
      <table class="list">
        <thead><tr><th>Name</th><th>Phase</th><th>Started</th><th>Duration</th></tr></thead>
        <tbody>{w.runs.slice(0, 20).map((r) => (
          <tr key={r.name}><td><a href={`#/instances/${enc(namespace)}/${enc(r.name)}`}>{r.name}</a></td><td><Phase phase={r.phase} /></td>
            <td>{r.startTime}</td><td>{duration(r.seconds)}</td></tr>))}</tbody>
      </table>
    </section>
  );
}
