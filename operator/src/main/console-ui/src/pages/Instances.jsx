// Instances: filters (namespace, workflow, phase, label, time, name), newest first, paged by the server's
// continue token; refreshed live when an instance of the page's namespaces changes.
import { useEffect, useState } from 'preact/hooks';
import { get, enc } from '../api.js';
import { useLive } from '../live.js';
import { ago, Phase } from '../format.jsx';

const PHASES = ['', 'Pending', 'Queued', 'Running', 'Paused', 'Succeeded', 'Failed', 'Stopped', 'TimedOut'];
const FILTERS = ['namespace', 'workflow', 'phase', 'label', 'since', 'until', 'text'];

function go(query) {
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v));
  location.hash = '#/instances' + (q.toString() ? '?' + q : '');
}

/** One set of filters (the page is mounted anew when they change, so paging starts again). */
export function Instances({ query }) {
  const filters = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) || '']));
  const [pages, setPages] = useState(['']); // continue tokens of the pages seen, for "previous"
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  const cont = pages[pages.length - 1];
  useLive(() => get('/instances', { ...filters, continue: cont, limit: 50 }).then((p) => { setPage(p); setError(null); }, (e) => setError(e.message)),
    (c) => c.kind === 'instance' && (!filters.namespace || c.namespace === filters.namespace), 500, [cont]);
  // For make bench (ConsolePaintBench): the frame after the first page of rows was rendered.
  const shown = page !== null;
  useEffect(() => { if (shown) requestAnimationFrame(() => performance.mark('baton-instances-painted')); }, [shown]);
  const [draft, setDraft] = useState(filters);
  return (
    <section>
      <h1>Instances</h1>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); go(draft); }}>
        <input name="namespace" placeholder="namespace" value={draft.namespace} onInput={(e) => setDraft({ ...draft, namespace: e.target.value })} />
        <input name="workflow" placeholder="workflow" value={draft.workflow} onInput={(e) => setDraft({ ...draft, workflow: e.target.value })} />
        <select name="phase" value={draft.phase} onChange={(e) => setDraft({ ...draft, phase: e.target.value })}>
          {PHASES.map((p) => <option value={p}>{p || 'any phase'}</option>)}
        </select>
        <input name="label" placeholder="label k=v" value={draft.label} onInput={(e) => setDraft({ ...draft, label: e.target.value })} />
        <input name="since" placeholder="since (2026-12-06T08:00:00Z)" value={draft.since} onInput={(e) => setDraft({ ...draft, since: e.target.value })} />
        <input name="until" placeholder="until" value={draft.until} onInput={(e) => setDraft({ ...draft, until: e.target.value })} />
        <input name="text" placeholder="name contains" value={draft.text} onInput={(e) => setDraft({ ...draft, text: e.target.value })} />
        <button type="submit">Filter</button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {page && (
        <>
          <p class="dim">{page.matched} matching instance{page.matched === 1 ? '' : 's'}</p>
          <table class="list" id="instances">
            <thead><tr><th>Namespace</th><th>Name</th><th>Workflow</th><th>Phase</th><th>Progress</th><th>Started</th><th>Duration</th><th>Initiator</th></tr></thead>
            <tbody>
              {page.items.map((i) => (
                <tr key={i.namespace + '/' + i.name} data-instance={i.name}>
                  <td>{i.namespace}</td>
                  <td><a href={`#/instances/${enc(i.namespace)}/${enc(i.name)}`}>{i.name}</a>{i.suspended && <span class="tag">suspended</span>}</td>
                  <td><a href={`#/workflows/${enc(i.namespace)}/${enc(i.workflow)}`}>{i.workflow}</a></td>
                  <td><Phase phase={i.phase} /></td>
                  <td>{i.progress}</td>
                  <td title={i.startTime}>{ago(i.startTime || i.created)}</td>
                  <td>{i.duration}</td>
                  <td>{i.initiator}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="pager">
            <button disabled={pages.length === 1} onClick={() => setPages(pages.slice(0, -1))}>Previous</button>
            <span>page {pages.length}</span>
            <button disabled={!page.continueToken} onClick={() => setPages([...pages, page.continueToken])} id="next-page">Next</button>
          </div>
        </>
      )}
    </section>
  );
}
