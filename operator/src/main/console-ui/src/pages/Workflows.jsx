// Workflows: namespace, description, revision, triggers and next run, suspended, last runs.
import { useState } from 'preact/hooks';
import { get, enc } from '../api.js';
import { useLive } from '../live.js';
import { ago, Phase, show } from '../format.jsx';

export function Workflows({ query }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const namespace = query.get('namespace') || '';
  useLive(() => get('/workflows', { namespace }).then(setItems, (e) => setError(e.message)),
    (c) => !namespace || c.namespace === namespace, 500, [namespace]);
  if (error) return <p class="error" role="alert">{error}</p>;
  if (!items) return <p class="loading">Loading…</p>;
  return (
    <section>
      <h1>Workflows</h1>
      <table class="list" id="workflows">
        <thead><tr><th>Namespace</th><th>Name</th><th>Description</th><th>Revision</th><th>Triggers</th><th>Next run</th><th>Last runs</th></tr></thead>
        <tbody>
          {items.map((w) => (
            <tr key={w.namespace + '/' + w.name}>
              <td>{w.namespace}</td>
              <td><a href={`#/workflows/${enc(w.namespace)}/${enc(w.name)}`}>{w.name}</a>
                {w.suspended && <span class="tag">suspended</span>}
                {!w.valid && <span class="tag bad" title={w.invalidMessage}>invalid</span>}</td>
              <td>{w.description}</td>
              <td class="mono">{w.revision}</td>
              <td>{(w.triggers || []).map((t) => <div key={t.name}>{t.name} <span class="dim">{t.lastScheduleTime ? 'last ' + ago(t.lastScheduleTime) : ''}</span></div>)}</td>
              <td>{show(w.nextRun)}</td>
              <td>{w.lastRuns.map((r) => <a key={r.name} href={`#/instances/${enc(r.namespace)}/${enc(r.name)}`} title={r.name}><Phase phase={r.phase} /></a>)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length === 0 && <p class="dim">No workflows in the namespaces this console may see.</p>}
    </section>
  );
}
